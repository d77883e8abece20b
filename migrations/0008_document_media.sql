-- Issue 16: a recording (audio or video) linked to a document, played beside its transcript.
-- The media file stays outside the project (the project never bloats with media): `path` is where
-- it is, relative to the folder of the project file when it can be (so a project moved together
-- with its recordings still finds them), absolute otherwise; always with '/' separators.
-- `copied` = 1 when Weft copied the file into the media folder beside the project.
-- `size` and `mtime_ms` are the file's as it was linked: a different size or time on disk shows
-- the link as "changed" (the recording was replaced); a missing file shows "missing".
-- At most one recording per document.
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.
CREATE TABLE document_media (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  path        TEXT NOT NULL CHECK (length(path) > 0),
  kind        TEXT NOT NULL CHECK (kind IN ('audio', 'video')),
  copied      INTEGER NOT NULL DEFAULT 0 CHECK (copied IN (0, 1)),
  size        INTEGER NOT NULL CHECK (size >= 0),
  mtime_ms    INTEGER NOT NULL,
  linked_at   TEXT NOT NULL
) STRICT;
