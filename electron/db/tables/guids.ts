/** Looking rows up by GUID, in every table that has one. */
import type { DB } from '../connection.js';
import { one } from './prepared.js';

/** The tables whose rows carry a GUID (the `guid` column, unique). */
export type GuidTable = 'coders' | 'codes' | 'cases' | 'attributes' | 'themes' | 'sets' | 'codings' | 'memos' | 'documents' | 'speakers';

/** The id of the row of `table` with that GUID. */
export const idByGuid = (db: DB, table: GuidTable, guid: string): number | undefined => one(db, `SELECT id FROM ${table} WHERE guid = ?`).get(guid) as number | undefined;

/** The GUID of the row of `table` with that id. */
export const guidOf = (db: DB, table: GuidTable, id: number): string | undefined => one(db, `SELECT guid FROM ${table} WHERE id = ?`).get(id) as string | undefined;

/** True when a row of `table` has that GUID. */
export const guidTaken = (db: DB, table: GuidTable, guid: string): boolean => idByGuid(db, table, guid) !== undefined;
