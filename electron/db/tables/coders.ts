/** The `coders` table: who coded (a consensus coder holds agreed codings). */
import type { Coder } from '../../../shared/types/entities.js';
import type { DB } from '../connection.js';
import { idByGuid as idOfGuid } from './guids.js';
import { insertedId, one, rows } from './prepared.js';

/** A row of `coders`. */
export interface CoderRow {
  id: number;
  guid: string;
  name: string;
  initials: string | null;
  is_consensus: number;
  created_at: string;
}

export const toCoder = (r: Pick<CoderRow, 'id' | 'guid' | 'name' | 'is_consensus'>): Coder => ({ id: r.id, guid: r.guid, name: r.name, isConsensus: r.is_consensus === 1 });

export const byId = (db: DB, id: number): CoderRow | undefined => rows(db, 'SELECT * FROM coders WHERE id = ?').get(id) as CoderRow | undefined;

export const idByGuid = (db: DB, guid: string): number | undefined => idOfGuid(db, 'coders', guid);

/** The coder of exactly that name (names are unique). */
export const idByName = (db: DB, name: string): number | undefined => one(db, 'SELECT id FROM coders WHERE name = ?').get(name) as number | undefined;

export const nameOf = (db: DB, id: number): string | undefined => one(db, 'SELECT name FROM coders WHERE id = ?').get(id) as string | undefined;

export const list = (db: DB): CoderRow[] => rows(db, 'SELECT * FROM coders ORDER BY id').all() as CoderRow[];

export type NewCoder = Pick<CoderRow, 'guid' | 'name' | 'created_at'> & Partial<Pick<CoderRow, 'initials' | 'is_consensus'>>;

export const insert = (db: DB, c: NewCoder): number =>
  insertedId(
    rows(db, 'INSERT INTO coders (guid, name, initials, is_consensus, created_at) VALUES (?, ?, ?, ?, ?)').run(c.guid, c.name, c.initials ?? null, c.is_consensus ?? 0, c.created_at),
  );
