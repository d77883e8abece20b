-- Weft project schema, version 1.
-- Text positions (codings.start/end, turns.start/end) are UTF-16 code unit offsets into
-- documents.text, end-exclusive: [start, end). See shared/domain/offsets.ts.
-- Timestamps are ISO-8601 UTC strings. Every entity that REFI-QDA exchange needs has a GUID.

CREATE TABLE project_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE coders (
  id           INTEGER PRIMARY KEY,
  guid         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL UNIQUE,
  initials     TEXT,
  is_consensus INTEGER NOT NULL DEFAULT 0 CHECK (is_consensus IN (0, 1)),
  created_at   TEXT NOT NULL
) STRICT;

-- text is the last column on purpose: a long transcript spills into overflow pages, and columns
-- stored after it would be read through them; listing documents must not read their texts.
CREATE TABLE documents (
  id             INTEGER PRIMARY KEY,
  guid           TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  source_format  TEXT NOT NULL,
  source_name    TEXT,
  content_hash   TEXT NOT NULL,
  length         INTEGER NOT NULL,
  word_count     INTEGER NOT NULL,
  description    TEXT NOT NULL DEFAULT '',
  position       INTEGER NOT NULL DEFAULT 0,
  created_by     INTEGER REFERENCES coders(id) ON DELETE SET NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  text           TEXT NOT NULL
) STRICT;
CREATE INDEX documents_hash ON documents(content_hash);
CREATE INDEX documents_position ON documents(position);
CREATE INDEX documents_name ON documents(name);

CREATE TABLE cases (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

-- Typed attributes (REFI-QDA "variables"). scope says whether values sit on cases or documents.
-- kind 'category' keeps its ordered values in categories (a JSON array), e.g. ["T1","T2","T3"].
CREATE TABLE attributes (
  id         INTEGER PRIMARY KEY,
  guid       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  scope      TEXT NOT NULL CHECK (scope IN ('case', 'document')),
  kind       TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'boolean', 'category')),
  categories TEXT,
  position   INTEGER NOT NULL DEFAULT 0,
  UNIQUE (scope, name)
) STRICT;

CREATE TABLE case_attribute_values (
  case_id      INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
  value        TEXT NOT NULL,
  PRIMARY KEY (case_id, attribute_id)
) STRICT;

CREATE TABLE document_attribute_values (
  document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
  value        TEXT NOT NULL,
  PRIMARY KEY (document_id, attribute_id)
) STRICT;

-- A whole document can belong to cases (e.g. a one-to-one interview).
CREATE TABLE document_cases (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  case_id     INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  PRIMARY KEY (document_id, case_id)
) STRICT;

-- Speakers are per document; a speaker may be linked to a case (participant).
CREATE TABLE speakers (
  id             INTEGER PRIMARY KEY,
  guid           TEXT NOT NULL UNIQUE,
  document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  label          TEXT NOT NULL,
  case_id        INTEGER REFERENCES cases(id) ON DELETE SET NULL,
  is_interviewer INTEGER NOT NULL DEFAULT 0 CHECK (is_interviewer IN (0, 1)),
  UNIQUE (document_id, label)
) STRICT;

CREATE TABLE turns (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  speaker_id  INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
  seq         INTEGER NOT NULL,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  begin_ms    INTEGER,
  end_ms      INTEGER,
  CHECK (start >= 0 AND end >= start)
) STRICT;
CREATE INDEX turns_document ON turns(document_id, start);
CREATE INDEX turns_speaker ON turns(speaker_id);
CREATE INDEX speakers_case ON speakers(case_id);

CREATE TABLE codes (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  parent_id   INTEGER REFERENCES codes(id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  color       TEXT NOT NULL DEFAULT '#f2c94c',
  definition  TEXT NOT NULL DEFAULT '',
  inclusion   TEXT NOT NULL DEFAULT '',
  exclusion   TEXT NOT NULL DEFAULT '',
  example     TEXT NOT NULL DEFAULT '',
  is_codable  INTEGER NOT NULL DEFAULT 1 CHECK (is_codable IN (0, 1)),
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
-- Sibling names are unique (NULL parent = top level).
CREATE UNIQUE INDEX codes_sibling_name ON codes(ifnull(parent_id, 0), name);

CREATE TABLE themes (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  parent_id   INTEGER REFERENCES themes(id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  definition  TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'candidate'
              CHECK (status IN ('candidate', 'reviewed', 'final', 'discarded')),
  color       TEXT NOT NULL DEFAULT '#9b8fd6',
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX themes_sibling_name ON themes(ifnull(parent_id, 0), name);

CREATE TABLE theme_codes (
  theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
  code_id  INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (theme_id, code_id)
) STRICT;
CREATE INDEX theme_codes_code ON theme_codes(code_id);

CREATE TABLE codings (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  code_id     INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
  coder_id    INTEGER NOT NULL REFERENCES coders(id),
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK (start >= 0 AND end > start)
) STRICT;
CREATE INDEX codings_document ON codings(document_id, start);
CREATE INDEX codings_code ON codings(code_id, document_id);
CREATE UNIQUE INDEX codings_unique_span ON codings(document_id, code_id, coder_id, start, end);

-- Memos attach to exactly one thing: nothing (project journal), a document, code, theme, coding or case.
CREATE TABLE memos (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  title       TEXT NOT NULL DEFAULT '',
  body        TEXT NOT NULL DEFAULT '',
  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  code_id     INTEGER REFERENCES codes(id) ON DELETE CASCADE,
  theme_id    INTEGER REFERENCES themes(id) ON DELETE CASCADE,
  coding_id   INTEGER REFERENCES codings(id) ON DELETE CASCADE,
  case_id     INTEGER REFERENCES cases(id) ON DELETE CASCADE,
  coder_id    INTEGER REFERENCES coders(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  CHECK ((document_id IS NOT NULL) + (code_id IS NOT NULL) + (theme_id IS NOT NULL)
         + (coding_id IS NOT NULL) + (case_id IS NOT NULL) <= 1)
) STRICT;
CREATE INDEX memos_document ON memos(document_id);
CREATE INDEX memos_code ON memos(code_id);
CREATE INDEX memos_theme ON memos(theme_id);
CREATE INDEX memos_coding ON memos(coding_id);

-- Sets group documents or codes (REFI-QDA Sets, MAXQDA document sets, ATLAS.ti groups).
CREATE TABLE sets (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE set_members (
  set_id      INTEGER NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  code_id     INTEGER REFERENCES codes(id) ON DELETE CASCADE,
  CHECK ((document_id IS NOT NULL) + (code_id IS NOT NULL) = 1)
) STRICT;
CREATE UNIQUE INDEX set_members_unique ON set_members(set_id, ifnull(document_id, 0), ifnull(code_id, 0));
