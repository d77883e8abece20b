/**
 * Document sets from the document list: list them, and add documents to one (an existing set, or a
 * new one named in the same step). Sets are what the analysis filters offer as "sets".
 */
import type { DB } from '../db/connection.js';
import * as setTable from '../db/tables/sets.js';
import { DomainError } from '../../shared/api/errors.js';
import type { DocumentSet } from '../../shared/types/entities.js';
import { newGuid } from './project-session.js';

export function listDocumentSets(db: DB): DocumentSet[] {
  const members = db.prepare('SELECT set_id, document_id FROM set_members WHERE document_id IS NOT NULL ORDER BY document_id').all() as { set_id: number; document_id: number }[];
  return setTable.list(db).map((s) => ({ id: s.id, name: s.name, documentIds: members.filter((m) => m.set_id === s.id).map((m) => m.document_id) }));
}

/** Adds documents to a set (`setId`) or to a new one (`newSetName`). Call in a transaction. */
export function addDocumentsToSet(db: DB, input: { documentIds: readonly number[]; setId?: number; newSetName?: string }): DocumentSet {
  for (const id of input.documentIds) {
    if (!db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id)) throw new DomainError('NOT_FOUND', `There is no document with id ${id} in this project.`);
  }
  let setId = input.setId;
  if (setId === undefined) {
    const name = (input.newSetName ?? '').trim();
    if (!name) throw new DomainError('VALIDATION', 'Name the new set.');
    setId = setTable.insert(db, { guid: newGuid(), name, description: '' });
  } else if (!db.prepare('SELECT 1 FROM sets WHERE id = ?').get(setId)) {
    throw new DomainError('NOT_FOUND', `There is no set with id ${setId} in this project.`);
  }
  for (const documentId of input.documentIds) setTable.addMember(db, setId, { documentId });
  return listDocumentSets(db).find((s) => s.id === setId)!;
}
