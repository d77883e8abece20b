/** Codings: a code applied by a coder to `[start, end)` of a document (UTF-16 offsets). */
import type { Coding } from '../../shared/types/entities.js';
import type { DocumentCodings } from '../../shared/types/coding.js';
import { DomainError } from '../../shared/api/errors.js';
import { rangeProblem } from '../../shared/domain/offsets.js';
import type { DB } from '../db/connection.js';
import * as codeTable from '../db/tables/codes.js';
import * as documentTable from '../db/tables/documents.js';
import { arrayToCoding, toCoding, WITH_CODER as SELECT, type CodingWithCoderArray, type CodingWithCoderRow as CodingRow } from '../db/tables/codings.js';
import { newGuid, nowIso } from './project-session.js';
import { contentHash } from './documents.js';


export function listCodingsByDocument(db: DB, documentId: number): Coding[] {
  return (db.prepare(`${SELECT} WHERE k.document_id = ? ORDER BY k.start, k.end DESC, k.id`).raw().all(documentId) as CodingWithCoderArray[]).map(arrayToCoding);
}

/**
 * A document's codings with their hash (`codings.forDocument`): with `knownHash` equal to it (the
 * caller holds these very codings) the reply is `unchanged` without them, so reopening a document
 * does not transfer its codings again.
 */
export function documentCodings(db: DB, documentId: number, knownHash?: string): DocumentCodings {
  const codings = listCodingsByDocument(db, documentId);
  const hash = contentHash(JSON.stringify(codings));
  return knownHash === hash ? { documentId, hash, codings: [], unchanged: true } : { documentId, hash, codings };
}

export function getCoding(db: DB, id: number): Coding {
  const row = db.prepare(`${SELECT} WHERE k.id = ?`).get(id) as CodingRow | undefined;
  if (!row) throw new DomainError('NOT_FOUND', `There is no coding with id ${id} in this project.`);
  return toCoding(row);
}

export function createCoding(
  db: DB,
  input: { documentId: number; codeId: number; start: number; end: number; coderId: number; guid?: string },
): Coding {
  const text = documentTable.textOf(db, input.documentId);
  if (text === undefined) throw new DomainError('NOT_FOUND', `There is no document with id ${input.documentId} in this project.`);
  if (!codeTable.byId(db, input.codeId)) {
    throw new DomainError('NOT_FOUND', `There is no code with id ${input.codeId} in this project.`);
  }
  const problem = rangeProblem(text, input.start, input.end);
  if (problem) throw new DomainError('VALIDATION', `Cannot code that passage: ${problem}.`);
  const existing = db
    .prepare('SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ?')
    .pluck()
    .get(input.documentId, input.codeId, input.coderId, input.start, input.end) as number | undefined;
  if (existing !== undefined) return getCoding(db, existing);
  const now = nowIso();
  const id = Number(
    db
      .prepare(
        'INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(input.guid ?? newGuid(), input.documentId, input.codeId, input.coderId, input.start, input.end, now, now).lastInsertRowid,
  );
  return getCoding(db, id);
}

export function deleteCoding(db: DB, id: number) {
  const r = db.prepare('DELETE FROM codings WHERE id = ?').run(id);
  if (r.changes === 0) throw new DomainError('NOT_FOUND', `There is no coding with id ${id} in this project.`);
}

/** Changes a coding's range (e.g. after dragging its boundaries). Refuses an exact duplicate. */
export function updateCodingRange(db: DB, id: number, start: number, end: number): Coding {
  const current = getCoding(db, id);
  if (current.start === start && current.end === end) return current;
  const text = documentTable.textOf(db, current.documentId)!;
  const problem = rangeProblem(text, start, end);
  if (problem) throw new DomainError('VALIDATION', `Cannot move the coding there: ${problem}.`);
  const clash = db
    .prepare('SELECT 1 FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ? AND id <> ?')
    .get(current.documentId, current.codeId, current.coderId, start, end, id);
  if (clash) throw new DomainError('CONFLICT', 'The same code already covers exactly that passage; remove one of the two codings instead.');
  db.prepare('UPDATE codings SET start = ?, end = ?, updated_at = ? WHERE id = ?').run(start, end, nowIso(), id);
  return getCoding(db, id);
}

/** Codings by id, in the order given (unknown ids are refused). */
export function getCodings(db: DB, ids: number[]): Coding[] {
  return ids.map((id) => getCoding(db, id));
}
