/** `document_media`: the recording linked to a document (migration 0008; electron/services/media.ts). */
import type { DB } from '../connection.js';
import { rows } from './prepared.js';

/** A row of `document_media`. `path` is relative to the project file's folder, with '/' separators (or absolute). */
export interface DocumentMediaRow {
  document_id: number;
  path: string;
  kind: 'audio' | 'video';
  copied: number;
  size: number;
  mtime_ms: number;
  linked_at: string;
}

export const list = (db: DB): DocumentMediaRow[] => rows(db, 'SELECT * FROM document_media ORDER BY document_id').all() as DocumentMediaRow[];

export const get = (db: DB, documentId: number): DocumentMediaRow | undefined =>
  rows(db, 'SELECT * FROM document_media WHERE document_id = ?').get(documentId) as DocumentMediaRow | undefined;

/** Links (or re-links) a document's recording. */
export const put = (db: DB, r: DocumentMediaRow): void => {
  rows(
    db,
    `INSERT INTO document_media (document_id, path, kind, copied, size, mtime_ms, linked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (document_id) DO UPDATE SET path = excluded.path, kind = excluded.kind, copied = excluded.copied,
       size = excluded.size, mtime_ms = excluded.mtime_ms, linked_at = excluded.linked_at`,
  ).run(r.document_id, r.path, r.kind, r.copied, r.size, r.mtime_ms, r.linked_at);
};

export const remove = (db: DB, documentId: number): number => rows(db, 'DELETE FROM document_media WHERE document_id = ?').run(documentId).changes;
