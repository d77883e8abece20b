/** The `codings` table: a code applied by a coder to `[start, end)` of a document (UTF-16 offsets). */
import type { Coding } from '../../../shared/types/entities.js';
import type { DB } from '../connection.js';
import { idByGuid as idOfGuid } from './guids.js';
import { insertedId, one, rows } from './prepared.js';

/** A row of `codings`. */
export interface CodingRow {
  id: number;
  guid: string;
  document_id: number;
  code_id: number;
  coder_id: number;
  start: number;
  end: number;
  created_at: string;
  updated_at: string;
}

/** A coding row with its coder's name, as `WITH_CODER` reads it. */
export type CodingWithCoderRow = CodingRow & { coder: string };

/** Codings (`k`) joined with their coder (`c`); add WHERE/ORDER BY. */
export const WITH_CODER = `SELECT k.id, k.guid, k.document_id, k.code_id, k.coder_id, c.name AS coder, k.start, k.end, k.created_at, k.updated_at
                  FROM codings k JOIN coders c ON c.id = k.coder_id`;

export const toCoding = (r: CodingWithCoderRow): Coding => ({
  id: r.id,
  guid: r.guid,
  documentId: r.document_id,
  codeId: r.code_id,
  coderId: r.coder_id,
  coder: r.coder,
  start: r.start,
  end: r.end,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A `WITH_CODER` row read in raw mode (`.raw()`): its columns in order. */
export type CodingWithCoderArray = [number, string, number, number, number, string, number, number, string, string];

/**
 * `toCoding` of a raw row: a document's codings are read as arrays, since building each row's
 * object only to build the Coding from it took longer than the query (bench figures 6b, 13).
 */
export const arrayToCoding = (r: CodingWithCoderArray): Coding => ({
  id: r[0],
  guid: r[1],
  documentId: r[2],
  codeId: r[3],
  coderId: r[4],
  coder: r[5],
  start: r[6],
  end: r[7],
  createdAt: r[8],
  updatedAt: r[9],
});

export const byId = (db: DB, id: number): CodingRow | undefined => rows(db, 'SELECT * FROM codings WHERE id = ?').get(id) as CodingRow | undefined;

export const idByGuid = (db: DB, guid: string): number | undefined => idOfGuid(db, 'codings', guid);

/** The coding of that code by that coder on exactly that passage (there is at most one). */
export const idBySpan = (db: DB, documentId: number, codeId: number, coderId: number, start: number, end: number): number | undefined =>
  one(db, 'SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ?').get(documentId, codeId, coderId, start, end) as number | undefined;

export const list = (db: DB): CodingRow[] => rows(db, 'SELECT * FROM codings ORDER BY id').all() as CodingRow[];

export type NewCoding = Omit<CodingRow, 'id'>;

/** Inserts a coding row as given (the range must have been checked against the text). */
export const insert = (db: DB, k: NewCoding): number =>
  insertedId(
    rows(db, 'INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES (@guid, @document_id, @code_id, @coder_id, @start, @end, @created_at, @updated_at)').run(k),
  );
