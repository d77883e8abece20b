/** The `attributes` table (typed attributes of cases or documents) and their values. */
import type { AttributeKind, AttributeScope } from '../../../shared/analysis/types.js';
import type { DB } from '../connection.js';
import { idByGuid as idOfGuid } from './guids.js';
import { insertedId, one, rows } from './prepared.js';

/** A row of `attributes`. `categories`: the ordered values of a category attribute, a JSON array. */
export interface AttributeRow {
  id: number;
  guid: string;
  name: string;
  scope: AttributeScope;
  kind: AttributeKind;
  categories: string | null;
  position: number;
}

/** The values of a category attribute (`categories`, a JSON array); [] when absent or unreadable. */
export function parseCategories(json: string | null): string[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export const byId = (db: DB, id: number): AttributeRow | undefined => rows(db, 'SELECT * FROM attributes WHERE id = ?').get(id) as AttributeRow | undefined;

export const idByGuid = (db: DB, guid: string): number | undefined => idOfGuid(db, 'attributes', guid);

/** The attribute of that scope and name (unique together). */
export const idByName = (db: DB, scope: AttributeScope, name: string): number | undefined =>
  one(db, 'SELECT id FROM attributes WHERE scope = ? AND name = ?').get(scope, name) as number | undefined;

export const list = (db: DB): AttributeRow[] => rows(db, 'SELECT * FROM attributes ORDER BY position, id').all() as AttributeRow[];

export type NewAttribute = Omit<AttributeRow, 'id' | 'position'>;

/** Inserts an attribute after all the others. */
export const insert = (db: DB, a: NewAttribute): number => {
  const position = (one(db, 'SELECT count(*) FROM attributes').get() as number) + 1;
  return insertedId(
    rows(db, 'INSERT INTO attributes (guid, name, scope, kind, categories, position) VALUES (?, ?, ?, ?, ?, ?)').run(a.guid, a.name, a.scope, a.kind, a.categories, position),
  );
};

const VALUES = { case: ['case_attribute_values', 'case_id'], document: ['document_attribute_values', 'document_id'] } as const;

/** The value of an attribute on a case or document. */
export const valueOf = (db: DB, scope: AttributeScope, ownerId: number, attributeId: number): string | undefined => {
  const [table, column] = VALUES[scope];
  return one(db, `SELECT value FROM ${table} WHERE ${column} = ? AND attribute_id = ?`).get(ownerId, attributeId) as string | undefined;
};

/** Sets the value of an attribute on a case or document, replacing the one there. */
export const putValue = (db: DB, scope: AttributeScope, ownerId: number, attributeId: number, value: string): void => {
  const [table, column] = VALUES[scope];
  rows(db, `INSERT INTO ${table} (${column}, attribute_id, value) VALUES (?, ?, ?) ON CONFLICT (${column}, attribute_id) DO UPDATE SET value = excluded.value`).run(ownerId, attributeId, value);
};

/** Replaces the values of a category attribute. */
export const setCategories = (db: DB, id: number, categories: readonly string[]): void => {
  rows(db, 'UPDATE attributes SET categories = ? WHERE id = ?').run(JSON.stringify(categories), id);
};
