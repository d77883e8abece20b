-- Issue 12: search in SQL. Text in scripts written without spaces (Chinese, Japanese, Korean,
-- Thai, Lao, Khmer, Myanmar) is found through a trigram index instead of a scan of every
-- document's text (shared/analysis/search.ts decides which terms use it).
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.

-- The text the trigram index covers: only documents that contain such a script (a term in such
-- a script cannot occur anywhere else, and a trigram index costs about three times the text),
-- followed by two line feeds, so that every occurrence of a one- or two-character term starts a
-- trigram (a term shorter than three characters is looked up by the trigrams it begins).
-- The character class is a superset of NO_SPACE_SCRIPT in shared/analysis/search.ts
-- (tests/migrations/search-index.test.ts checks every code point).
CREATE VIEW documents_trigram_text (id, text) AS
  SELECT id, text || char(10, 10) FROM documents
  WHERE text GLOB '*[' || char(0x0E00) || '-' || char(0x0EFF) || char(0x1000) || '-' || char(0x109F)
    || char(0x1100) || '-' || char(0x11FF) || char(0x1780) || '-' || char(0x17FF)
    || char(0x19E0) || '-' || char(0x19FF) || char(0x2E80) || '-' || char(0x2FDF)
    || char(0x3000) || '-' || char(0x9FFF) || char(0xA960) || '-' || char(0xA97F)
    || char(0xA9E0) || '-' || char(0xA9FF) || char(0xAA60) || '-' || char(0xAA7F)
    || char(0xAC00) || '-' || char(0xD7FF) || char(0xF900) || '-' || char(0xFAFF)
    || char(0xFF00) || '-' || char(0xFFEF) || char(0x116D0) || '-' || char(0x116FF)
    || char(0x16FE0) || '-' || char(0x16FFF) || char(0x1AFF0) || '-' || char(0x1B16F)
    || char(0x1F200) || '-' || char(0x1F2FF) || char(0x20000) || '-' || char(0x3FFFF) || ']*';

-- Case-insensitive, accents kept (a substring is matched as typed, like the scan it replaces).
CREATE VIRTUAL TABLE documents_trigram USING fts5(
  text,
  content = 'documents_trigram_text',
  content_rowid = 'id',
  tokenize = 'trigram case_sensitive 0'
);

-- Every trigram occurrence (term, document, character position): the positions of terms
-- shorter than three characters, which a trigram MATCH cannot find.
CREATE VIRTUAL TABLE documents_trigram_instances USING fts5vocab(documents_trigram, 'instance');

-- Kept in step with documents through the view (the row is read from it before it changes and
-- after), so the view's condition is the only place that decides what is indexed.
CREATE TRIGGER documents_trigram_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_trigram (rowid, text) SELECT id, text FROM documents_trigram_text WHERE id = new.id;
END;

CREATE TRIGGER documents_trigram_delete BEFORE DELETE ON documents BEGIN
  INSERT INTO documents_trigram (documents_trigram, rowid, text) SELECT 'delete', id, text FROM documents_trigram_text WHERE id = old.id;
END;

CREATE TRIGGER documents_trigram_before_update BEFORE UPDATE OF text ON documents BEGIN
  INSERT INTO documents_trigram (documents_trigram, rowid, text) SELECT 'delete', id, text FROM documents_trigram_text WHERE id = old.id;
END;

CREATE TRIGGER documents_trigram_after_update AFTER UPDATE OF text ON documents BEGIN
  INSERT INTO documents_trigram (rowid, text) SELECT id, text FROM documents_trigram_text WHERE id = new.id;
END;

-- Backfill: index the documents already in the project.
INSERT INTO documents_trigram (documents_trigram) VALUES ('rebuild');
