-- Issue 8: full-text search over documents, and indexes for the analysis queries.
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.

-- Full-text index over documents.text (an external-content FTS5 table: the text is stored once,
-- in documents). unicode61 with remove_diacritics 2 matches without regard to case or accents.
-- Text in scripts written without spaces (CJK, Thai) is searched as a substring of documents.text
-- instead (see shared/analysis/search.ts); a trigram index was considered for it but would
-- roughly triple the file's text storage for what a scan of interview transcripts does fast.
CREATE VIRTUAL TABLE documents_fts USING fts5(
  text,
  content = 'documents',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Kept in sync with documents by triggers.
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER documents_fts_update AFTER UPDATE OF text ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO documents_fts (rowid, text) VALUES (new.id, new.text);
END;

-- Backfill: index the documents already in the project.
INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');

-- Lookups the analysis queries make.
CREATE INDEX IF NOT EXISTS speakers_case ON speakers(case_id);
CREATE INDEX IF NOT EXISTS document_cases_case ON document_cases(case_id);
CREATE INDEX IF NOT EXISTS turns_speaker ON turns(speaker_id);
CREATE INDEX IF NOT EXISTS set_members_document ON set_members(document_id);
