/**
 * Gathers what the query layer counts: codings with their cases and attribute values, the rows
 * (codes or themes) and filters. The counting itself is pure (shared/analysis).
 *
 * How a coding gets its cases and an attribute value (documented in the README):
 *  1. Its cases are its participants by the one attribution rule (shared/analysis/attribution.ts:
 *     the linked speakers of the non-interviewer turns it overlaps; none for interviewer turns
 *     only; the document's case when the document is linked to exactly one).
 *  2. For a case attribute, the coding carries the value of each of its cases.
 *  3. For a document attribute, the coding carries the value of its document
 *     (document_attribute_values), whichever case it belongs to.
 *  A coding without a case or value carries "no value" for that attribute.
 */
import { DomainError } from '../../../shared/api/errors.js';
import type { AnalysisFilters, AttributeDef, CodingFact, MatrixRowDef, RowKind } from '../../../shared/analysis/types.js';
import { codeRows, descendantsOf, themeRows, type TreeNode } from '../../../shared/analysis/rows.js';
import type { DB } from '../../db/connection.js';
import { getAttribute } from '../cases.js';
import { attributedCodings, type CodingRecord } from './coding-index.js';

export type { CodingRecord } from './coding-index.js';

export function codeNodes(db: DB): TreeNode[] {
  return db.prepare('SELECT id, parent_id AS parentId, name, color, position FROM codes').all() as TreeNode[];
}

export function themeNodes(db: DB): TreeNode[] {
  return db.prepare('SELECT id, parent_id AS parentId, name, color, position FROM themes').all() as TreeNode[];
}

export function themeCodeLinks(db: DB): { themeId: number; codeId: number }[] {
  return db.prepare('SELECT theme_id AS themeId, code_id AS codeId FROM theme_codes').all() as { themeId: number; codeId: number }[];
}

/** The codes a theme covers: its codes, their sub-codes, and those of its sub-themes. */
export function themeCodeIds(db: DB, themeId: number): Set<number> {
  if (!db.prepare('SELECT 1 FROM themes WHERE id = ?').get(themeId)) throw new DomainError('NOT_FOUND', `There is no theme with id ${themeId} in this project.`);
  const row = themeRows(themeNodes(db), themeCodeLinks(db), codeNodes(db)).find((r) => r.id === themeId);
  return new Set(row?.codeIds ?? []);
}

/** Matrix rows (codes or themes), limited to a theme's codes when the filters name one. */
export function matrixRows(db: DB, kind: RowKind, filters: AnalysisFilters = {}): MatrixRowDef[] {
  const codes = codeNodes(db);
  if (kind === 'themes') {
    const rows = themeRows(themeNodes(db), themeCodeLinks(db), codes);
    if (filters.themeId === undefined) return rows;
    const keep = new Set([filters.themeId, ...(descendantsOf(themeNodes(db)).get(filters.themeId) ?? [])]);
    return rows.filter((r) => keep.has(r.id));
  }
  const rows = codeRows(codes);
  if (filters.themeId === undefined) return rows;
  const inTheme = themeCodeIds(db, filters.themeId);
  return rows.filter((r) => inTheme.has(r.id)).map((r) => ({ ...r, codeIds: r.codeIds.filter((c) => inTheme.has(c)) }));
}

/** The documents the filters allow (null = all). */
function allowedDocuments(db: DB, filters: AnalysisFilters): Set<number> | null {
  let allowed: Set<number> | null = null;
  if (filters.setIds && filters.setIds.length > 0) {
    const q = db.prepare(`SELECT DISTINCT document_id FROM set_members WHERE document_id IS NOT NULL AND set_id IN (${filters.setIds.map(() => '?').join(',')})`);
    allowed = new Set(q.pluck().all(...filters.setIds) as number[]);
  }
  if (filters.documentIds && filters.documentIds.length > 0) {
    const ids = new Set(filters.documentIds);
    allowed = allowed ? new Set([...allowed].filter((d) => ids.has(d))) : ids;
  }
  return allowed;
}

/**
 * Every coding (after the document, coder and theme filters) with its cases, in document order.
 * The records are shared with the coding index (./coding-index.ts): read them, never change them.
 */
export function loadCodings(db: DB, filters: AnalysisFilters = {}): readonly CodingRecord[] {
  const docs = allowedDocuments(db, filters);
  const coders = filters.coderIds && filters.coderIds.length > 0 ? new Set(filters.coderIds) : null;
  const codes = filters.themeId !== undefined ? themeCodeIds(db, filters.themeId) : null;
  const all = attributedCodings(db).records;
  const records = docs || coders || codes ? all.filter((k) => (!docs || docs.has(k.documentId)) && (!coders || coders.has(k.coderId)) && (!codes || codes.has(k.codeId))) : all;
  let kept = records;
  for (const f of filters.attributes ?? []) {
    const facts = attributionsFor(db, getAttribute(db, f.attributeId), kept);
    const wanted = new Set(f.values);
    kept = kept.filter((_, i) => facts[i]!.attributions.some((a) => a.value !== null && wanted.has(a.value)));
  }
  return kept;
}

function valuesOf(db: DB, attr: AttributeDef): Map<number, string> {
  const table = attr.scope === 'case' ? 'case_attribute_values' : 'document_attribute_values';
  const col = attr.scope === 'case' ? 'case_id' : 'document_id';
  const rows = db.prepare(`SELECT ${col} AS owner, value FROM ${table} WHERE attribute_id = ?`).all(attr.id) as { owner: number; value: string }[];
  return new Map(rows.map((r) => [r.owner, r.value]));
}

/** Codings as facts carrying their (case, value) pairs for `attr`. */
export function attributionsFor(db: DB, attr: AttributeDef, codings: readonly CodingRecord[]): CodingFact[] {
  const values = valuesOf(db, attr);
  // one attributions list per distinct caseIds array (and document, for a document attribute),
  // shared by the facts that have it: the records intern their caseIds (./coding-index.ts)
  const byCases = new Map<readonly number[], CodingFact['attributions']>();
  const byDocument = new Map<number, Map<readonly number[], CodingFact['attributions']>>();
  const attributionsOf = (k: CodingRecord): CodingFact['attributions'] => {
    let memo = byCases;
    if (attr.scope === 'document') {
      memo = byDocument.get(k.documentId) ?? new Map();
      byDocument.set(k.documentId, memo);
    }
    let attributions = memo.get(k.caseIds);
    if (attributions) return attributions;
    if (attr.scope === 'case') {
      attributions = k.caseIds.length > 0 ? k.caseIds.map((c) => ({ caseId: c, value: values.get(c) ?? null })) : [{ caseId: null, value: null }];
    } else {
      const value = values.get(k.documentId) ?? null;
      attributions = k.caseIds.length > 0 ? k.caseIds.map((c) => ({ caseId: c, value })) : [{ caseId: null, value }];
    }
    memo.set(k.caseIds, attributions);
    return attributions;
  };
  return codings.map((k) => ({ id: k.id, codeId: k.codeId, documentId: k.documentId, coderId: k.coderId, start: k.start, end: k.end, attributions: attributionsOf(k) }));
}

/** Every value the attribute has anywhere in the project (for its columns). */
export function knownValues(db: DB, attr: AttributeDef): string[] {
  const table = attr.scope === 'case' ? 'case_attribute_values' : 'document_attribute_values';
  return db.prepare(`SELECT DISTINCT value FROM ${table} WHERE attribute_id = ?`).pluck().all(attr.id) as string[];
}
