/** The `sets` table (named groups of documents and codes) and `set_members`. */
import type { DB } from '../connection.js';
import { idByGuid as idOfGuid } from './guids.js';
import { insertedId, one, rows } from './prepared.js';

/** A row of `sets`. */
export interface SetRow {
  id: number;
  guid: string;
  name: string;
  description: string;
}

export const idByGuid = (db: DB, guid: string): number | undefined => idOfGuid(db, 'sets', guid);

/** The first set of that name (set names need not be unique). */
export const idByName = (db: DB, name: string): number | undefined => one(db, 'SELECT id FROM sets WHERE name = ? ORDER BY id').get(name) as number | undefined;

export const list = (db: DB): SetRow[] => rows(db, 'SELECT * FROM sets ORDER BY id').all() as SetRow[];

export const insert = (db: DB, s: Omit<SetRow, 'id'>): number =>
  insertedId(rows(db, 'INSERT INTO sets (guid, name, description) VALUES (?, ?, ?)').run(s.guid, s.name, s.description));

/** Adds a document or a code to a set (nothing if it is there already). */
export const addMember = (db: DB, setId: number, member: { documentId: number } | { codeId: number }): void => {
  rows(db, 'INSERT OR IGNORE INTO set_members (set_id, document_id, code_id) VALUES (?, ?, ?)').run(
    setId,
    'documentId' in member ? member.documentId : null,
    'codeId' in member ? member.codeId : null,
  );
};
