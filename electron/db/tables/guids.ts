/** Looking rows up by GUID, in every table that has one. */
import type { DB } from '../connection.js';
import { one, rows } from './prepared.js';

/** The tables whose rows carry a GUID (the `guid` column, unique). */
export type GuidTable = 'coders' | 'codes' | 'cases' | 'attributes' | 'themes' | 'sets' | 'codings' | 'memos' | 'documents' | 'speakers';

/** The id of the row of `table` with that GUID. */
export const idByGuid = (db: DB, table: GuidTable, guid: string): number | undefined => one(db, `SELECT id FROM ${table} WHERE guid = ?`).get(guid) as number | undefined;

/** The GUID of the row of `table` with that id. */
export const guidOf = (db: DB, table: GuidTable, id: number): string | undefined => one(db, `SELECT guid FROM ${table} WHERE id = ?`).get(id) as string | undefined;

/** True when a row of `table` has that GUID. */
export const guidTaken = (db: DB, table: GuidTable, guid: string): boolean => idByGuid(db, table, guid) !== undefined;

// The spelling a foreign file gave a GUID (`guid_spellings`) ----------------------------------------
// GUID columns hold lower case, so matching is case-insensitive by construction; an export writes
// a foreign GUID as its source spelled it (upper case from MAXQDA, ATLAS.ti…).

/** Remembers that the source spelled `guid` (lower case) as `spelling`; nothing when they are the same. */
export function rememberSpelling(db: DB, guid: string, spelling: string): void {
  if (spelling === guid || spelling.toLowerCase() !== guid) return;
  rows(db, 'INSERT INTO guid_spellings (guid, spelling) VALUES (?, ?) ON CONFLICT (guid) DO UPDATE SET spelling = excluded.spelling').run(guid, spelling);
}

/** Every remembered spelling: lower-case GUID → the source's spelling. */
export const spellings = (db: DB): Record<string, string> =>
  Object.fromEntries((rows(db, 'SELECT guid, spelling FROM guid_spellings').all() as { guid: string; spelling: string }[]).map((r) => [r.guid, r.spelling]));
