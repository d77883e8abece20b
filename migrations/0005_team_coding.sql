-- Team coding (issue 9): merge history, remembered merge matches, consensus decisions.
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.

-- One row per merge of another project file into this one (newest last).
CREATE TABLE merges (
  id            INTEGER PRIMARY KEY,
  source_name   TEXT NOT NULL,
  source_guid   TEXT,
  source_format TEXT NOT NULL CHECK (source_format IN ('weft', 'qdpx')),
  merged_by     TEXT,
  summary       TEXT NOT NULL,
  merged_at     TEXT NOT NULL
) STRICT;

-- When a merge maps something from another file onto something here that has a different GUID
-- (a code matched by its name path or by the reviewer's decision, a coding whose GUID was taken),
-- the other file's GUID is remembered, so merging the same file again finds the same match
-- without asking again and adds nothing twice.
CREATE TABLE merge_aliases (
  kind         TEXT NOT NULL CHECK (kind IN ('coder', 'code', 'case', 'attribute', 'theme', 'set', 'coding', 'memo', 'document', 'speaker')),
  foreign_guid TEXT NOT NULL,
  local_guid   TEXT NOT NULL,
  PRIMARY KEY (kind, foreign_guid)
) STRICT;

-- Consensus between two coders: one decision per disagreement, so the walk can resume and a
-- decision can be changed. item_key identifies the disagreement by the codings in it.
CREATE TABLE consensus_decisions (
  id           INTEGER PRIMARY KEY,
  consensus_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
  coder_a_id   INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
  coder_b_id   INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
  document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  item_key     TEXT NOT NULL,
  decision     TEXT NOT NULL CHECK (decision IN ('a', 'b', 'both', 'neither')),
  decided_at   TEXT NOT NULL,
  UNIQUE (consensus_id, coder_a_id, coder_b_id, item_key)
) STRICT;

-- The consensus codings a decision created (removed again when the decision changes).
CREATE TABLE consensus_decision_codings (
  decision_id INTEGER NOT NULL REFERENCES consensus_decisions(id) ON DELETE CASCADE,
  coding_id   INTEGER NOT NULL REFERENCES codings(id) ON DELETE CASCADE,
  PRIMARY KEY (decision_id, coding_id)
) STRICT;
CREATE INDEX consensus_decision_codings_coding ON consensus_decision_codings(coding_id);
