-- Issue 5: themes, illustrative quotes, the thematic map's layout and familiarisation progress.
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.

-- An illustrative quote is a coding chosen to illustrate a theme, in the order the report shows it.
CREATE TABLE theme_quotes (
  theme_id  INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
  coding_id INTEGER NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (theme_id, coding_id)
) STRICT;
CREATE INDEX theme_quotes_coding ON theme_quotes(coding_id);

-- Where the researcher placed a node on the thematic map (one row per theme or code node).
CREATE TABLE theme_map_layout (
  id       INTEGER PRIMARY KEY,
  theme_id INTEGER UNIQUE REFERENCES themes(id) ON DELETE CASCADE,
  code_id  INTEGER UNIQUE REFERENCES codes(id) ON DELETE CASCADE,
  x        REAL NOT NULL,
  y        REAL NOT NULL,
  CHECK ((theme_id IS NOT NULL) + (code_id IS NOT NULL) = 1)
) STRICT;

-- Phase 1 (familiarisation): documents the researcher has marked as read, and when.
CREATE TABLE document_reading (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  read_at     TEXT NOT NULL
) STRICT;
