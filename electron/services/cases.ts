/** Cases (participants) and their attribute values. */
import type { AttributeKind } from '../../shared/analysis/types.js';
import type { Case } from '../../shared/types/entities.js';
import type { DB } from '../db/connection.js';
import { parseCategories, type AttributeRow } from '../db/tables/attributes.js';
import * as caseTable from '../db/tables/cases.js';
import { newGuid, nowIso } from './project-session.js';
import { DomainError } from '../../shared/api/errors.js';
import type {
  AttributeDef,
  AttributeScope,
  CaseRecord,
  CasesTable,
  DocumentRecord,
} from '../../shared/analysis/types.js';
import { naturalCompare, normalizeValue, orderValues, KIND_LABELS } from '../../shared/analysis/values.js';
import { toCsv, type CsvWriteOptions } from '../../shared/csv/writer.js';

export function listCases(db: DB): Case[] {
  const cases = db.prepare('SELECT id, guid, name, description FROM cases ORDER BY name').all() as Omit<Case, 'attributes'>[];
  const values = db
    .prepare(
      `SELECT v.case_id, a.name, v.value FROM case_attribute_values v JOIN attributes a ON a.id = v.attribute_id
        ORDER BY a.position, a.id`,
    )
    .all() as { case_id: number; name: string; value: string }[];
  const byCase = new Map<number, Record<string, string>>();
  for (const v of values) {
    const rec = byCase.get(v.case_id) ?? {};
    rec[v.name] = v.value;
    byCase.set(v.case_id, rec);
  }
  return cases.map((c) => ({ ...c, attributes: byCase.get(c.id) ?? {} }));
}

export type { AttributeKind };

export function ensureAttribute(db: DB, name: string, scope: 'case' | 'document', kind: AttributeKind, categories?: string[]): number {
  const existing = db.prepare('SELECT id FROM attributes WHERE scope = ? AND name = ?').pluck().get(scope, name) as number | undefined;
  if (existing !== undefined) return existing;
  const position = db.prepare('SELECT count(*) FROM attributes').pluck().get() as number;
  return Number(
    db
      .prepare('INSERT INTO attributes (guid, name, scope, kind, categories, position) VALUES (?, ?, ?, ?, ?, ?)')
      .run(newGuid(), name, scope, kind, categories ? JSON.stringify(categories) : null, position + 1).lastInsertRowid,
  );
}

/** Creates a case (or returns the existing one of that name) with attribute values. Call in a transaction. */
export function upsertCase(db: DB, name: string, attributes: Record<string, { value: string; kind: AttributeKind }> = {}): number {
  let id = db.prepare('SELECT id FROM cases WHERE name = ?').pluck().get(name) as number | undefined;
  if (id === undefined) {
    const now = nowIso();
    id = Number(db.prepare('INSERT INTO cases (guid, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(newGuid(), name, now, now).lastInsertRowid);
  }
  const put = db.prepare(
    'INSERT INTO case_attribute_values (case_id, attribute_id, value) VALUES (?, ?, ?) ON CONFLICT (case_id, attribute_id) DO UPDATE SET value = excluded.value',
  );
  for (const [attr, { value, kind }] of Object.entries(attributes)) {
    put.run(id, ensureAttribute(db, attr, 'case', kind), value);
  }
  return id;
}

/** Links every speaker whose label equals a case name (case-insensitively) to that case. */
export function linkSpeakersToCases(db: DB, documentId?: number): number {
  return db
    .prepare(
      `UPDATE speakers SET case_id = (SELECT c.id FROM cases c WHERE lower(c.name) = lower(speakers.label))
        WHERE case_id IS NULL ${documentId === undefined ? '' : 'AND document_id = ?'}
          AND EXISTS (SELECT 1 FROM cases c WHERE lower(c.name) = lower(speakers.label))`,
    )
    .run(...(documentId === undefined ? [] : [documentId])).changes;
}

// ---------------------------------------------------------------------------------------------
// Cases, typed attributes and their values on cases and documents (issue 8).

const toAttribute = (r: AttributeRow): AttributeDef => ({
  id: r.id,
  guid: r.guid,
  name: r.name,
  scope: r.scope,
  kind: r.kind,
  categories: r.kind === 'category' ? parseCategories(r.categories) : [],
  position: r.position,
});

export function listAttributes(db: DB): AttributeDef[] {
  return (db.prepare('SELECT * FROM attributes ORDER BY position, id').all() as AttributeRow[]).map(toAttribute);
}

export function getAttribute(db: DB, id: number): AttributeDef {
  const row = db.prepare('SELECT * FROM attributes WHERE id = ?').get(id) as AttributeRow | undefined;
  if (!row) throw new DomainError('NOT_FOUND', `There is no attribute with id ${id} in this project.`);
  return toAttribute(row);
}

/** Finds an attribute by name (case-insensitively); `scope` settles a name used on both. */
export function findAttributeByName(db: DB, name: string, scope?: AttributeScope): AttributeDef {
  const all = listAttributes(db).filter((a) => (scope ? a.scope === scope : true));
  let found = all.filter((a) => a.name === name);
  if (found.length === 0) found = all.filter((a) => a.name.toLocaleLowerCase() === name.trim().toLocaleLowerCase());
  if (found.length === 0) {
    const names = listAttributes(db).map((a) => `${a.name} (${a.scope})`);
    throw new DomainError(
      'NOT_FOUND',
      `There is no attribute called “${name}”${scope ? ` on ${scope}s` : ''}. ${names.length ? `The attributes are: ${names.join(', ')}.` : 'The project has no attributes yet.'}`,
    );
  }
  if (found.length > 1) {
    throw new DomainError('VALIDATION', `“${name}” is both a case attribute and a document attribute; say which (scope case or document).`);
  }
  return found[0]!;
}

function cleanCategories(categories: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of categories.map((x) => x.trim())) {
    if (!c) throw new DomainError('VALIDATION', 'A category cannot be empty.');
    if (out.some((o) => o.toLocaleLowerCase() === c.toLocaleLowerCase())) {
      throw new DomainError('VALIDATION', `The category “${c}” is listed twice.`);
    }
    out.push(c);
  }
  return out;
}

function storedValues(db: DB, attr: AttributeDef): { owner: number; value: string }[] {
  const table = attr.scope === 'case' ? 'case_attribute_values' : 'document_attribute_values';
  const col = attr.scope === 'case' ? 'case_id' : 'document_id';
  return db.prepare(`SELECT ${col} AS owner, value FROM ${table} WHERE attribute_id = ?`).all(attr.id) as { owner: number; value: string }[];
}

export function createAttribute(
  db: DB,
  input: { name: string; scope: AttributeScope; kind: AttributeKind; categories?: string[] },
): AttributeDef {
  const name = input.name.trim();
  const clash = db.prepare('SELECT 1 FROM attributes WHERE scope = ? AND lower(name) = lower(?)').get(input.scope, name);
  if (clash) throw new DomainError('CONFLICT', `There is already a ${input.scope} attribute called “${name}”.`);
  const categories = input.kind === 'category' ? cleanCategories(input.categories ?? []) : [];
  const position = db.prepare('SELECT ifnull(max(position), 0) + 1 FROM attributes').pluck().get() as number;
  const id = Number(
    db
      .prepare('INSERT INTO attributes (guid, name, scope, kind, categories, position) VALUES (?, ?, ?, ?, ?, ?)')
      .run(newGuid(), name, input.scope, input.kind, input.kind === 'category' ? JSON.stringify(categories) : null, position).lastInsertRowid,
  );
  return getAttribute(db, id);
}

/**
 * Renames an attribute, changes its kind (every stored value must fit the new kind; a new
 * category attribute takes its categories from the values in use), reorders or edits its
 * categories (a category still in use cannot be removed), or moves it. Call in a transaction.
 */
export function updateAttribute(
  db: DB,
  id: number,
  patch: { name?: string; kind?: AttributeKind; categories?: string[]; position?: number },
): AttributeDef {
  const current = getAttribute(db, id);
  const name = patch.name?.trim() ?? current.name;
  if (name !== current.name) {
    const clash = db.prepare('SELECT 1 FROM attributes WHERE scope = ? AND lower(name) = lower(?) AND id <> ?').get(current.scope, name, id);
    if (clash) throw new DomainError('CONFLICT', `There is already a ${current.scope} attribute called “${name}”.`);
  }
  const kind = patch.kind ?? current.kind;
  const values = storedValues(db, current);
  let categories = current.categories;
  if (kind === 'category') {
    if (patch.categories) categories = cleanCategories(patch.categories);
    else if (current.kind !== 'category') categories = orderValues(values.map((v) => v.value), 'text');
    const missing = [...new Set(values.map((v) => v.value))].filter((v) => !categories.includes(v));
    if (missing.length > 0) {
      throw new DomainError(
        'CONSTRAINT',
        `“${current.name}” has values that are not among the categories: ${missing.join(', ')}. Keep those categories, or change the values first.`,
      );
    }
  } else {
    categories = [];
  }
  const rewrites: { owner: number; value: string }[] = [];
  if (kind !== current.kind && kind !== 'category') {
    const bad: string[] = [];
    for (const v of values) {
      const r = normalizeValue(v.value, kind);
      if (r.ok) rewrites.push({ owner: v.owner, value: r.value });
      else bad.push(v.value);
    }
    if (bad.length > 0) {
      throw new DomainError(
        'CONSTRAINT',
        `Cannot make “${current.name}” a ${KIND_LABELS[kind]} attribute: ${bad.length} value${bad.length === 1 ? '' : 's'} would not fit (${[...new Set(bad)].slice(0, 5).join(', ')}).`,
      );
    }
  }
  db.prepare('UPDATE attributes SET name = ?, kind = ?, categories = ?, position = ? WHERE id = ?').run(
    name,
    kind,
    kind === 'category' ? JSON.stringify(categories) : null,
    patch.position ?? current.position,
    id,
  );
  if (rewrites.length > 0) {
    const table = current.scope === 'case' ? 'case_attribute_values' : 'document_attribute_values';
    const col = current.scope === 'case' ? 'case_id' : 'document_id';
    const put = db.prepare(`UPDATE ${table} SET value = ? WHERE ${col} = ? AND attribute_id = ?`);
    for (const r of rewrites) put.run(r.value, r.owner, id);
  }
  return getAttribute(db, id);
}

export function deleteAttribute(db: DB, id: number) {
  const r = db.prepare('DELETE FROM attributes WHERE id = ?').run(id);
  if (r.changes === 0) throw new DomainError('NOT_FOUND', `There is no attribute with id ${id} in this project.`);
}

function caseExists(db: DB, id: number) {
  if (!db.prepare('SELECT 1 FROM cases WHERE id = ?').get(id)) throw new DomainError('NOT_FOUND', `There is no case with id ${id} in this project.`);
}

function documentName(db: DB, id: number): string {
  const name = db.prepare('SELECT name FROM documents WHERE id = ?').pluck().get(id) as string | undefined;
  if (name === undefined) throw new DomainError('NOT_FOUND', `There is no document with id ${id} in this project.`);
  return name;
}

export function createCase(db: DB, input: { name: string; description?: string }): CaseRecord {
  const name = input.name.trim();
  if (db.prepare('SELECT 1 FROM cases WHERE lower(name) = lower(?)').get(name)) {
    throw new DomainError('CONFLICT', `There is already a case called “${name}”.`);
  }
  const now = nowIso();
  const id = Number(
    db
      .prepare('INSERT INTO cases (guid, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(newGuid(), name, input.description ?? '', now, now).lastInsertRowid,
  );
  linkSpeakersToCases(db);
  return getCaseRecord(db, id);
}

export function updateCase(db: DB, id: number, patch: { name?: string; description?: string }): CaseRecord {
  caseExists(db, id);
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (db.prepare('SELECT 1 FROM cases WHERE lower(name) = lower(?) AND id <> ?').get(name, id)) {
      throw new DomainError('CONFLICT', `There is already a case called “${name}”.`);
    }
    db.prepare('UPDATE cases SET name = ?, updated_at = ? WHERE id = ?').run(name, nowIso(), id);
  }
  if (patch.description !== undefined) db.prepare('UPDATE cases SET description = ?, updated_at = ? WHERE id = ?').run(patch.description, nowIso(), id);
  return getCaseRecord(db, id);
}

export function deleteCase(db: DB, id: number) {
  const r = db.prepare('DELETE FROM cases WHERE id = ?').run(id);
  if (r.changes === 0) throw new DomainError('NOT_FOUND', `There is no case with id ${id} in this project.`);
}

/** Sets (or with an empty value, clears) an attribute value on a case or a document. */
export function setAttributeValue(db: DB, scope: AttributeScope, ownerId: number, attributeId: number, raw: string | null): string | null {
  const attr = getAttribute(db, attributeId);
  if (attr.scope !== scope) {
    throw new DomainError('VALIDATION', `“${attr.name}” is a ${attr.scope} attribute; it cannot be set on a ${scope}.`);
  }
  if (scope === 'case') caseExists(db, ownerId);
  else documentName(db, ownerId);
  const table = scope === 'case' ? 'case_attribute_values' : 'document_attribute_values';
  const col = scope === 'case' ? 'case_id' : 'document_id';
  if (raw === null || raw.trim() === '') {
    db.prepare(`DELETE FROM ${table} WHERE ${col} = ? AND attribute_id = ?`).run(ownerId, attributeId);
    return null;
  }
  const r = normalizeValue(raw, attr.kind, attr.categories);
  if (!r.ok) throw new DomainError('VALIDATION', `Cannot set “${attr.name}”: ${r.message}.`);
  db.prepare(
    `INSERT INTO ${table} (${col}, attribute_id, value) VALUES (?, ?, ?) ON CONFLICT (${col}, attribute_id) DO UPDATE SET value = excluded.value`,
  ).run(ownerId, attributeId, r.value);
  if (scope === 'case') db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?').run(nowIso(), ownerId);
  return r.value;
}

export function linkDocumentToCase(db: DB, caseId: number, documentId: number, linked: boolean) {
  caseExists(db, caseId);
  documentName(db, documentId);
  if (linked) db.prepare('INSERT OR IGNORE INTO document_cases (document_id, case_id) VALUES (?, ?)').run(documentId, caseId);
  else db.prepare('DELETE FROM document_cases WHERE document_id = ? AND case_id = ?').run(documentId, caseId);
}

/** Links a speaker to a case (or unlinks it with null) and marks it as interviewer or not. */
/** What the Participants dialog does to several speakers at once (`speakers.bulk`). */
export type SpeakersBulkAction = 'linkByName' | 'createParticipants' | 'interviewer' | 'unlink';

/**
 * One action on several speakers, in one step: link each to the participant of its name (the
 * rule of linkSpeakersToCases: names compared ignoring case; a speaker with no such participant,
 * or already linked, is left), create a participant for each unlinked one (named after it; an
 * existing one of that name is used), mark them as the interviewer, or unlink them. Returns how
 * many speakers changed. Call in a transaction.
 */
export function bulkUpdateSpeakers(db: DB, speakerIds: readonly number[], action: SpeakersBulkAction): number {
  const rows = speakerIds.map((id) => {
    const r = db.prepare('SELECT id, label, case_id, is_interviewer FROM speakers WHERE id = ?').get(id) as
      | { id: number; label: string; case_id: number | null; is_interviewer: number }
      | undefined;
    if (!r) throw new DomainError('NOT_FOUND', `There is no speaker with id ${id} in this project.`);
    return r;
  });
  let changed = 0;
  for (const r of rows) {
    if (action === 'linkByName') {
      if (r.case_id !== null || r.is_interviewer) continue;
      const caseId = db.prepare('SELECT id FROM cases WHERE lower(name) = lower(?) ORDER BY id').pluck().get(r.label.trim()) as number | undefined;
      if (caseId === undefined) continue;
      linkSpeaker(db, r.id, caseId);
    } else if (action === 'createParticipants') {
      if (r.case_id !== null || r.is_interviewer) continue;
      const name = r.label.trim();
      const now = nowIso();
      const caseId =
        (db.prepare('SELECT id FROM cases WHERE lower(name) = lower(?) ORDER BY id').pluck().get(name) as number | undefined) ??
        caseTable.insert(db, { guid: newGuid(), name, description: '', created_at: now, updated_at: now });
      linkSpeaker(db, r.id, caseId);
    } else if (action === 'interviewer') {
      if (r.is_interviewer && r.case_id === null) continue;
      linkSpeaker(db, r.id, null, true);
    } else {
      if (r.case_id === null && !r.is_interviewer) continue;
      linkSpeaker(db, r.id, null, false);
    }
    changed++;
  }
  return changed;
}

export function linkSpeaker(db: DB, speakerId: number, caseId: number | null | undefined, isInterviewer?: boolean) {
  if (!db.prepare('SELECT 1 FROM speakers WHERE id = ?').get(speakerId)) {
    throw new DomainError('NOT_FOUND', `There is no speaker with id ${speakerId} in this project.`);
  }
  if (caseId !== undefined) {
    if (caseId !== null) caseExists(db, caseId);
    db.prepare('UPDATE speakers SET case_id = ? WHERE id = ?').run(caseId, speakerId);
  }
  if (isInterviewer !== undefined) db.prepare('UPDATE speakers SET is_interviewer = ? WHERE id = ?').run(isInterviewer ? 1 : 0, speakerId);
}

function valuesByOwner(db: DB, table: 'case_attribute_values' | 'document_attribute_values', col: 'case_id' | 'document_id') {
  const map = new Map<number, Record<number, string>>();
  for (const r of db.prepare(`SELECT ${col} AS owner, attribute_id, value FROM ${table}`).all() as { owner: number; attribute_id: number; value: string }[]) {
    const rec = map.get(r.owner) ?? {};
    rec[r.attribute_id] = r.value;
    map.set(r.owner, rec);
  }
  return map;
}

function documentCaseLinks(db: DB) {
  return db.prepare('SELECT document_id, case_id FROM document_cases ORDER BY document_id, case_id').all() as { document_id: number; case_id: number }[];
}

function getCaseRecord(db: DB, id: number): CaseRecord {
  const found = casesTable(db).cases.find((c) => c.id === id);
  if (!found) throw new DomainError('NOT_FOUND', `There is no case with id ${id} in this project.`);
  return found;
}

export function casesTable(db: DB): CasesTable {
  const caseValues = valuesByOwner(db, 'case_attribute_values', 'case_id');
  const docValues = valuesByOwner(db, 'document_attribute_values', 'document_id');
  const links = documentCaseLinks(db);
  const cases = (db.prepare('SELECT id, guid, name, description FROM cases').all() as Omit<CaseRecord, 'values' | 'documentIds'>[])
    .sort((a, b) => naturalCompare(a.name, b.name))
    .map((c) => ({ ...c, values: caseValues.get(c.id) ?? {}, documentIds: links.filter((l) => l.case_id === c.id).map((l) => l.document_id) }));
  const speakers = db
    .prepare(
      `SELECT s.id, s.document_id, s.label, s.case_id, s.is_interviewer, (SELECT count(*) FROM turns t WHERE t.speaker_id = s.id) AS turns
         FROM speakers s ORDER BY s.document_id, s.id`,
    )
    .all() as { id: number; document_id: number; label: string; case_id: number | null; is_interviewer: number; turns: number }[];
  const documents: DocumentRecord[] = (db.prepare('SELECT id, name FROM documents ORDER BY position, id').all() as { id: number; name: string }[]).map((d) => ({
    id: d.id,
    name: d.name,
    values: docValues.get(d.id) ?? {},
    caseIds: links.filter((l) => l.document_id === d.id).map((l) => l.case_id),
    speakers: speakers
      .filter((s) => s.document_id === d.id)
      .map((s) => ({ id: s.id, label: s.label, caseId: s.case_id, isInterviewer: s.is_interviewer === 1, turns: s.turns })),
  }));
  return { attributes: listAttributes(db), cases, documents };
}

/** The case attributes as CSV (with a BOM, formulas protected unless turned off): a "name" column, then one column per case attribute. */
export function exportCasesCsv(db: DB, options: CsvWriteOptions = {}): string {
  const { attributes, cases } = casesTable(db);
  const caseAttrs = attributes.filter((a) => a.scope === 'case');
  const rows: string[][] = [['name', ...caseAttrs.map((a) => a.name)]];
  for (const c of cases) rows.push([c.name, ...caseAttrs.map((a) => c.values[a.id] ?? '')]);
  return toCsv(rows, options);
}
