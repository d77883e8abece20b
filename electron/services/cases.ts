/** Cases (participants) and their attribute values. */
import type { Case } from '../../shared/types/entities.js';
import type { DB } from '../db/connection.js';
import { newGuid, nowIso } from './project-session.js';

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

export type AttributeKind = 'text' | 'number' | 'date' | 'boolean' | 'category';

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
