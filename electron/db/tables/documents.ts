/** The `documents` table: transcripts, their text and where they came from. */
import type { DB } from '../connection.js';
import { idByGuid as idOfGuid } from './guids.js';
import { insertedId, one, rows } from './prepared.js';

/**
 * A row of `documents`. `text` is the last column on purpose (see migrations/0001): read it only
 * when needed; `DocumentMetaRow` is the row without it.
 */
export interface DocumentRow {
  id: number;
  guid: string;
  name: string;
  source_format: string;
  source_name: string | null;
  content_hash: string;
  length: number;
  word_count: number;
  description: string;
  position: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  text: string;
}

export type DocumentMetaRow = Omit<DocumentRow, 'text'>;

const META = 'id, guid, name, source_format, source_name, content_hash, length, word_count, description, position, created_by, created_at, updated_at';

/** The document without its text. */
export const byId = (db: DB, id: number): DocumentMetaRow | undefined => rows(db, `SELECT ${META} FROM documents WHERE id = ?`).get(id) as DocumentMetaRow | undefined;

export const idByGuid = (db: DB, guid: string): number | undefined => idOfGuid(db, 'documents', guid);

export const textOf = (db: DB, id: number): string | undefined => one(db, 'SELECT text FROM documents WHERE id = ?').get(id) as string | undefined;

export const nameTaken = (db: DB, name: string): boolean => one(db, 'SELECT 1 FROM documents WHERE name = ?').get(name) !== undefined;

/** Documents with that text (by its hash), oldest first. */
export const withContentHash = (db: DB, hash: string): Pick<DocumentRow, 'id' | 'guid' | 'name'>[] =>
  rows(db, 'SELECT id, guid, name FROM documents WHERE content_hash = ? ORDER BY id').all(hash) as Pick<DocumentRow, 'id' | 'guid' | 'name'>[];

/** Every document without its text, in order (position, then id). */
export const list = (db: DB): DocumentMetaRow[] => rows(db, `SELECT ${META} FROM documents ORDER BY position, id`).all() as DocumentMetaRow[];

export type NewDocument = Omit<DocumentRow, 'id' | 'position'>;

/** Inserts a document after all the others. */
export const insert = (db: DB, d: NewDocument): number => {
  const position = one(db, 'SELECT ifnull(max(position), 0) + 1 FROM documents').get() as number;
  return insertedId(
    rows(
      db,
      `INSERT INTO documents (guid, name, text, source_format, source_name, content_hash, length, word_count, description,
                              position, created_by, created_at, updated_at)
       VALUES (@guid, @name, @text, @source_format, @source_name, @content_hash, @length, @word_count, @description,
               @position, @created_by, @created_at, @updated_at)`,
    ).run({ ...d, position }),
  );
};

/** Sets a document's description and, where given, when it was created and last changed. */
export const setDescriptionAndTimes = (db: DB, id: number, description: string, createdAt: string | null, updatedAt: string | null): void => {
  rows(db, 'UPDATE documents SET description = ?, created_at = coalesce(?, created_at), updated_at = coalesce(?, updated_at) WHERE id = ?').run(description, createdAt, updatedAt, id);
};
