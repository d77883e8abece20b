/** The `memos` table: a note on one thing (a document, code, theme, coding or case) or on the project. */
import type { MemoTargetKind } from '../../../shared/types/coding.js';
import type { DB } from '../connection.js';
import { idByGuid as idOfGuid } from './guids.js';
import { insertedId, one, rows } from './prepared.js';

/** A row of `memos`. At most one of the target columns is set; none: a memo on the project (the journal). */
export interface MemoRow {
  id: number;
  guid: string;
  title: string;
  body: string;
  document_id: number | null;
  code_id: number | null;
  theme_id: number | null;
  coding_id: number | null;
  case_id: number | null;
  coder_id: number | null;
  created_at: string;
  updated_at: string;
}

export type MemoTargetColumn = 'document_id' | 'code_id' | 'theme_id' | 'coding_id' | 'case_id';

/** The column that holds a memo's target of each kind. */
export const TARGET_COLUMN: Record<Exclude<MemoTargetKind, 'project'>, MemoTargetColumn> = {
  document: 'document_id',
  code: 'code_id',
  theme: 'theme_id',
  coding: 'coding_id',
  case: 'case_id',
};

/** What a memo is on: the project, or a kind of thing and its id. */
export type MemoTargetRef = { kind: 'project' } | { kind: Exclude<MemoTargetKind, 'project'>; id: number };

/** The target columns of a memo on `target`: the one for its kind set, the others null. */
export function targetColumns(target: MemoTargetRef): Record<MemoTargetColumn, number | null> {
  const cols: Record<MemoTargetColumn, number | null> = { document_id: null, code_id: null, theme_id: null, coding_id: null, case_id: null };
  if (target.kind !== 'project') cols[TARGET_COLUMN[target.kind]] = target.id;
  return cols;
}

/** What the memo row is on (its first target column set; none: the project). */
export function targetOf(m: Pick<MemoRow, MemoTargetColumn>): { kind: MemoTargetKind; id: number | null } {
  for (const [kind, column] of Object.entries(TARGET_COLUMN) as [Exclude<MemoTargetKind, 'project'>, MemoTargetColumn][]) {
    const id = m[column];
    if (id !== null) return { kind, id };
  }
  return { kind: 'project', id: null };
}

export const byId = (db: DB, id: number): MemoRow | undefined => rows(db, 'SELECT * FROM memos WHERE id = ?').get(id) as MemoRow | undefined;

export const idByGuid = (db: DB, guid: string): number | undefined => idOfGuid(db, 'memos', guid);

export const list = (db: DB): MemoRow[] => rows(db, 'SELECT * FROM memos ORDER BY id').all() as MemoRow[];

/** A memo with that title and text on that target. */
export const idBySameContent = (db: DB, title: string, body: string, target: MemoTargetRef): number | undefined => {
  const c = targetColumns(target);
  return one(db, 'SELECT id FROM memos WHERE title = ? AND body = ? AND document_id IS ? AND code_id IS ? AND theme_id IS ? AND coding_id IS ? AND case_id IS ?').get(
    title,
    body,
    c.document_id,
    c.code_id,
    c.theme_id,
    c.coding_id,
    c.case_id,
  ) as number | undefined;
};

export type NewMemo = Pick<MemoRow, 'guid' | 'title' | 'body' | 'coder_id' | 'created_at' | 'updated_at'> & { target: MemoTargetRef };

export const insert = (db: DB, m: NewMemo): number =>
  insertedId(
    rows(
      db,
      `INSERT INTO memos (guid, title, body, document_id, code_id, theme_id, coding_id, case_id, coder_id, created_at, updated_at)
       VALUES (@guid, @title, @body, @document_id, @code_id, @theme_id, @coding_id, @case_id, @coder_id, @created_at, @updated_at)`,
    ).run({ guid: m.guid, title: m.title, body: m.body, ...targetColumns(m.target), coder_id: m.coder_id, created_at: m.created_at, updated_at: m.updated_at }),
  );
