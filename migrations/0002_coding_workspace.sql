-- Coding workspace (issue 4): indexes for retrieval by coder and memos by case.
-- Undo/redo needs no schema: it is kept per connection by TEMP triggers (electron/services/undo.ts).
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.
CREATE INDEX IF NOT EXISTS codings_coder ON codings(coder_id);
CREATE INDEX IF NOT EXISTS memos_case ON memos(case_id);
