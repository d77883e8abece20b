/** The `merges` table: the history of merges into this project. */
import type { DB } from '../connection.js';
import { insertedId, rows } from './prepared.js';

/** A row of `merges`. `summary`: the merge's MergeSummary as JSON. */
export interface MergeRow {
  id: number;
  source_name: string;
  source_guid: string | null;
  source_format: 'weft' | 'qdpx';
  merged_by: string | null;
  summary: string;
  merged_at: string;
}

export const list = (db: DB): MergeRow[] => rows(db, 'SELECT * FROM merges ORDER BY id').all() as MergeRow[];

export const insert = (db: DB, m: Omit<MergeRow, 'id'>): number =>
  insertedId(
    rows(db, 'INSERT INTO merges (source_name, source_guid, source_format, merged_by, summary, merged_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      m.source_name,
      m.source_guid,
      m.source_format,
      m.merged_by,
      m.summary,
      m.merged_at,
    ),
  );

/**
 * Remembers that `foreignGuid` now means the local thing `localGuid` (merge_aliases): a team merge's
 * match, or a code merged into another (mergeCodes), so what still names the old GUID — a file merged
 * later, a synced coding made offline — lands on the right thing.
 */
export const rememberAlias = (db: DB, kind: string, foreignGuid: string, localGuid: string): void => {
  rows(db, 'INSERT INTO merge_aliases (kind, foreign_guid, local_guid) VALUES (?, ?, ?) ON CONFLICT (kind, foreign_guid) DO UPDATE SET local_guid = excluded.local_guid').run(
    kind,
    foreignGuid,
    localGuid,
  );
};
