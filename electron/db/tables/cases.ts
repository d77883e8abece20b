/** The `cases` table: participants (and other cases), with `document_cases` linking whole documents to them. */
import type { DB } from '../connection.js';
import { idByGuid as idOfGuid } from './guids.js';
import { insertedId, one, rows } from './prepared.js';

/** A row of `cases`. */
export interface CaseRow {
  id: number;
  guid: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export const byId = (db: DB, id: number): CaseRow | undefined => rows(db, 'SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;

export const idByGuid = (db: DB, guid: string): number | undefined => idOfGuid(db, 'cases', guid);

/** The case of exactly that name (names are unique). */
export const idByName = (db: DB, name: string): number | undefined => one(db, 'SELECT id FROM cases WHERE name = ?').get(name) as number | undefined;

export const nameOf = (db: DB, id: number): string | undefined => one(db, 'SELECT name FROM cases WHERE id = ?').get(id) as string | undefined;

export const list = (db: DB): CaseRow[] => rows(db, 'SELECT * FROM cases ORDER BY id').all() as CaseRow[];

export type NewCase = Omit<CaseRow, 'id'>;

export const insert = (db: DB, c: NewCase): number =>
  insertedId(rows(db, 'INSERT INTO cases (guid, name, description, created_at, updated_at) VALUES (@guid, @name, @description, @created_at, @updated_at)').run(c));

/** Links a whole document to a case (nothing if linked already). */
export const linkDocument = (db: DB, documentId: number, caseId: number): void => {
  rows(db, 'INSERT OR IGNORE INTO document_cases (document_id, case_id) VALUES (?, ?)').run(documentId, caseId);
};

/** Sets a case's description if it has none. */
export const fillDescription = (db: DB, id: number, description: string): void => {
  rows(db, "UPDATE cases SET description = ? WHERE id = ? AND description = ''").run(description, id);
};
