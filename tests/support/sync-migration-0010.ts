/**
 * The text of migrations/0010_sync_log.sql, as it was written from recorder-sql.ts (the migration
 * file is frozen once landed; recorder-sql.test.ts checks the file still holds these triggers).
 * Run `npx tsx tests/support/sync-migration-0010.ts > migrations/0010_sync_log.sql` only before 0010 lands.
 */
import { recorderTriggers } from './sync-recorder-sql.js';

export const SYNC_TABLES = `-- Issue 17 (team server): the change log of a synced project.
-- sync_link: where the project syncs (one row; no token, that stays on the machine); \`enabled\` = 1
--   while synced; \`actor\`: the GUID of the coder working in this file (who made a change).
-- sync_clock: the hybrid logical clock (wall ms, counter) of this replica.
-- sync_ops: every operation: local ones (origin 'local', recorded by the triggers below, pending until
--   \`pushed\`) and the server's (origin 'remote', with their \`server_seq\`). \`body\` is JSON (shared/sync/ops.ts).
--   p_kind/p_guid/p_field: what a local change touched, for its \`prev\` clock.
-- sync_field_clock: the clock of each field's winning value (field '*': when the thing was made).
-- sync_conflicts: values that lost a last-writer-wins race, for the researcher to review and restore.
-- sync_tombstones: GUIDs of things that are gone (deleted or merged), with when.
-- sync_applying: holds a row only inside the transaction that applies the server's operations, so the
--   triggers do not record those changes again (triggers cannot see TEMP tables).
-- Forward-only: once this file has landed on main, never edit it; add a new migration instead.
CREATE TABLE sync_link (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  server_url  TEXT NOT NULL,
  project_guid TEXT NOT NULL,
  client_id   TEXT NOT NULL,
  last_seq    INTEGER NOT NULL DEFAULT 0,
  enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  actor       TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE sync_clock (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  wall    INTEGER NOT NULL,
  counter INTEGER NOT NULL
) STRICT;
INSERT INTO sync_clock (id, wall, counter) VALUES (1, 0, 0);

CREATE TABLE sync_ops (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT UNIQUE,
  hlc        TEXT,
  origin     TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
  actor      TEXT NOT NULL,
  body       TEXT NOT NULL,
  wall_ms    INTEGER,
  pushed     INTEGER NOT NULL DEFAULT 0 CHECK (pushed IN (0, 1)),
  server_seq INTEGER,
  p_kind     TEXT,
  p_guid     TEXT,
  p_field    TEXT
) STRICT;
CREATE INDEX sync_ops_pending ON sync_ops(origin, pushed, seq);

CREATE TABLE sync_field_clock (
  kind  TEXT NOT NULL,
  guid  TEXT NOT NULL,
  field TEXT NOT NULL,
  hlc   TEXT NOT NULL,
  PRIMARY KEY (kind, guid, field)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_conflicts (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,
  guid       TEXT NOT NULL,
  field      TEXT NOT NULL,
  lost_value TEXT NOT NULL,
  lost_by    TEXT NOT NULL,
  lost_at    TEXT NOT NULL,
  kept_value TEXT NOT NULL,
  kept_by    TEXT NOT NULL,
  kept_at    TEXT NOT NULL,
  restored   INTEGER NOT NULL DEFAULT 0 CHECK (restored IN (0, 1)),
  UNIQUE (kind, guid, field, lost_at)
) STRICT;

CREATE TABLE sync_tombstones (
  kind TEXT NOT NULL,
  guid TEXT NOT NULL,
  hlc  TEXT NOT NULL,
  PRIMARY KEY (kind, guid)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_applying (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  since TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- The recorder (electron/services/sync/recorder-sql.ts).
`;

export const migration0010 = (): string => `${SYNC_TABLES}${recorderTriggers().join('\n\n')}\n`;

if (process.argv[1]?.endsWith('migration-0010.ts')) process.stdout.write(migration0010());
