/** The analysis queries: code × attribute matrix, ranked frequencies, co-occurrence, extracts. */
import { DomainError } from '../../../shared/api/errors.js';
import type {
  AnalysisFilters,
  AnalysisOptions,
  CooccurrenceInstance,
  CooccurrenceResult,
  CooccurrenceUnit,
  CountMode,
  Extract,
  MatrixResult,
  RankingResult,
  RowKind,
} from '../../../shared/analysis/types.js';
import { buildMatrix, cellFacts, matrixColumns, rankMatrix, type RankLevel } from '../../../shared/analysis/matrix.js';
import { leafKeys, treeOrder } from '../../../shared/analysis/rows.js';
import { cooccurrence, pairKey, type Unit } from '../../../shared/analysis/cooccurrence.js';
import { paragraphs } from '../../../shared/domain/text.js';
import type { DB } from '../../db/connection.js';
import * as documentTable from '../../db/tables/documents.js';
import { codingTimes } from '../media.js';
import { getAttribute, listAttributes } from '../cases.js';
import { codePaths } from '../codes.js';
import { keptUntilChange } from '../../db/kept-until-change.js';
import { attributedCodings } from './coding-index.js';
import { attributionsFor, codeNodes, knownValues, loadCodings, matrixRows, type CodingRecord } from './gather.js';

export interface MatrixQuery {
  attributeId: number;
  count?: CountMode;
  rows?: RowKind;
  includeMissing?: boolean;
  filters?: AnalysisFilters;
}

function prepare(db: DB, q: MatrixQuery) {
  const attribute = getAttribute(db, q.attributeId);
  const filters = q.filters ?? {};
  const rowKind = q.rows ?? 'codes';
  const rows = matrixRows(db, rowKind, filters);
  const facts = attributionsFor(db, attribute, loadCodings(db, filters));
  const columns = matrixColumns(attribute, knownValues(db, attribute), q.includeMissing ?? false);
  return { attribute, rowKind, rows, facts, columns, count: q.count ?? 'codings' };
}

/** A query's key for its kept answer: every field that changes the answer, in a fixed order. */
function queryKey(q: MatrixQuery, level?: RankLevel): string {
  return JSON.stringify([q.attributeId, q.count ?? 'codings', q.rows ?? 'codes', q.includeMissing ?? false, q.filters ?? {}, level ?? null]);
}

/**
 * The code × attribute matrix. Counting every coding by row and case value costs in proportion to
 * the project (500,000 codings at the large benchmark size), so each query's answer is kept until
 * the project changes (electron/db/kept-until-change.ts), as the co-occurrence table is: the view
 * asking again, or the ranking of the same query, reads it back.
 */
export function matrixQuery(db: DB, q: MatrixQuery): MatrixResult {
  return keptUntilChange(db, `analysis.matrix:${queryKey(q)}`, () => {
    const p = prepare(db, q);
    return buildMatrix(p.facts, p.rows, p.columns, p.attribute, p.count, p.rowKind);
  });
}

/**
 * The codes a ranking lists when no level is asked for. Category parents whose totals only add up
 * their sub-codes would outrank every topic, so: when no code with sub-codes was applied itself
 * (none is both codable and has codings of its own), the codes that were applied — the leaves —
 * are ranked; otherwise all. Themes: all. (`weft report ranking` and `analysis.ranking`.)
 */
export function defaultRankLevel(db: DB, rowKind: RowKind): RankLevel {
  if (rowKind !== 'codes') return 'all';
  const parentApplied = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM codes p WHERE p.is_codable = 1
          AND EXISTS (SELECT 1 FROM codes c WHERE c.parent_id = p.id)
          AND EXISTS (SELECT 1 FROM codings k WHERE k.code_id = p.id))`,
    )
    .pluck()
    .get();
  return parentApplied ? 'all' : 'leaves';
}

/** Codes ranked by frequency per value, from the query's kept matrix: kept until the project changes, as the matrix is. */
export function rankingQuery(db: DB, q: MatrixQuery & { level?: RankLevel }): RankingResult {
  return keptUntilChange(db, `analysis.ranking:${queryKey(q, q.level)}`, () => {
    const matrix = matrixQuery(db, q);
    const level = q.level ?? defaultRankLevel(db, matrix.rowKind);
    return { ...rankMatrix(matrix, level, leafKeys(matrixRows(db, matrix.rowKind, q.filters ?? {}))), level };
  });
}

/** The extracts behind one matrix cell. `value` null is the "(no value)" column. */
export function matrixCellQuery(db: DB, q: MatrixQuery & { rowKey: string; value: string | null }): Extract[] {
  const p = prepare(db, { ...q, includeMissing: true });
  const row = p.rows.find((r) => r.key === q.rowKey);
  if (!row) throw new DomainError('NOT_FOUND', `There is no row “${q.rowKey}” in this matrix.`);
  const column = p.columns.find((c) => c.value === q.value);
  if (!column) throw new DomainError('NOT_FOUND', `“${q.value}” is not a value of “${p.attribute.name}”.`);
  return extracts(db, cellFacts(p.facts, row, column, p.count).map((f) => f.id));
}

/** Codings as extracts (document, code, text, offsets, coder, cases), in document order. */
export function extracts(db: DB, codingIds: readonly number[], timeOf = codingTimes(db)): Extract[] {
  if (codingIds.length === 0) return [];
  const paths = codePaths(db);
  const out: Extract[] = [];
  const byId = new Map<number, Extract>();
  const index = attributedCodings(db);
  const caseNames = new Map(
    (db.prepare('SELECT id, name FROM cases').all() as { id: number; name: string }[]).map((c) => [c.id, c.name]),
  );
  const stmt = db.prepare(
    `SELECT k.id, k.document_id, d.name AS document, k.code_id, c.name AS code, r.name AS coder, k.start, k.end
       FROM codings k JOIN documents d ON d.id = k.document_id JOIN codes c ON c.id = k.code_id JOIN coders r ON r.id = k.coder_id
      WHERE k.id = ?`,
  );
  const texts = new Map<number, string>();
  const documentText = (id: number) => {
    let t = texts.get(id);
    if (t === undefined) texts.set(id, (t = documentTable.textOf(db, id)!));
    return t;
  };
  for (const id of codingIds) {
    if (byId.has(id)) continue;
    const r = stmt.get(id) as
      | { id: number; document_id: number; document: string; code_id: number; code: string; coder: string; start: number; end: number }
      | undefined;
    if (!r) continue;
    const e: Extract = {
      codingId: r.id,
      documentId: r.document_id,
      documentName: r.document,
      codeId: r.code_id,
      code: r.code,
      codePath: paths.get(r.code_id) ?? r.code,
      coder: r.coder,
      start: r.start,
      end: r.end,
      text: documentText(r.document_id).slice(r.start, r.end),
      cases: (index.records[index.indexOf(r.id) ?? -1]?.caseIds ?? []).map((c) => caseNames.get(c) ?? `#${c}`),
    };
    const time = timeOf(r.document_id, r.start, r.end);
    if (time) e.time = time;
    byId.set(id, e);
    out.push(e);
  }
  return out.sort((a, b) => a.documentId - b.documentId || a.start - b.start || a.end - b.end || a.codingId - b.codingId);
}


export interface CooccurrenceQuery {
  unit?: CooccurrenceUnit;
  codeIds?: number[];
  filters?: AnalysisFilters;
}

function unitsFor(db: DB, unit: CooccurrenceUnit, documentIds: Set<number>): Unit[] {
  if (unit === 'overlap') return [];
  const out: Unit[] = [];
  const turnStmt = db.prepare('SELECT start, end FROM turns WHERE document_id = ? ORDER BY seq');
  for (const documentId of documentIds) {
    const turns = unit === 'turn' ? (turnStmt.all(documentId) as { start: number; end: number }[]) : [];
    if (turns.length > 0) {
      for (const t of turns) out.push({ documentId, start: t.start, end: t.end });
      continue;
    }
    const text = documentTable.textOf(db, documentId)!;
    for (const p of paragraphs(text)) out.push({ documentId, ...p });
  }
  return out;
}

function cooccurrenceData(db: DB, q: CooccurrenceQuery, keepInstances: boolean) {
  const unit = q.unit ?? 'overlap';
  const codings: readonly CodingRecord[] = loadCodings(db, q.filters ?? {});
  const order = treeOrder(codeNodes(db));
  const used = new Set(codings.map((k) => k.codeId));
  const wanted = q.codeIds && q.codeIds.length > 0 ? new Set(q.codeIds) : null;
  const codes = order.filter((o) => (wanted ? wanted.has(o.node.id) : used.has(o.node.id)));
  const units = unitsFor(db, unit, new Set(codings.map((k) => k.documentId)));
  const result = cooccurrence(
    codings,
    codes.map((c) => c.node.id),
    unit,
    units,
    { keepInstances },
  );
  return { unit, codes, result };
}

/**
 * The co-occurrence table of a query. Comparing every overlapping pair of codings costs in
 * proportion to the project (500,000 codings at the large benchmark size), so each query's answer is
 * kept until the project changes (electron/db/kept-until-change.ts, as the table of attributed
 * codings it is counted from): the view asking again, or the CLI on an unchanged project, reads it back.
 */
export function cooccurrenceQuery(db: DB, q: CooccurrenceQuery): CooccurrenceResult {
  const key = JSON.stringify([q.unit ?? 'overlap', q.codeIds ?? [], q.filters ?? {}]);
  return keptUntilChange(db, `analysis.cooccurrence:${key}`, () => {
    const { unit, codes, result } = cooccurrenceData(db, q, false);
    return {
      unit,
      codes: codes.map((c) => ({ id: c.node.id, name: c.node.name, path: c.path, color: c.node.color })),
      counts: result.counts,
    };
  });
}

/** Where codes A and B co-occur (A = B: where A occurs), with the passage and the codings. */
export function cooccurrenceCellQuery(db: DB, q: CooccurrenceQuery & { codeA: number; codeB: number }): CooccurrenceInstance[] {
  const { result } = cooccurrenceData(db, { ...q, codeIds: [...new Set([q.codeA, q.codeB])] }, true);
  const refs = result.instances.get(pairKey(q.codeA, q.codeB)) ?? [];
  const names = new Map((db.prepare('SELECT id, name FROM documents').all() as { id: number; name: string }[]).map((d) => [d.id, d.name]));
  const texts = new Map<number, string>();
  const timeOf = codingTimes(db);
  return refs.map((r) => {
    let text = texts.get(r.documentId);
    if (text === undefined) texts.set(r.documentId, (text = documentTable.textOf(db, r.documentId)!));
    return {
      documentId: r.documentId,
      documentName: names.get(r.documentId) ?? '',
      start: r.start,
      end: r.end,
      text: text.slice(r.start, r.end),
      codings: extracts(db, r.codingIds, timeOf),
    };
  });
}

export function analysisOptions(db: DB): AnalysisOptions {
  return {
    attributes: listAttributes(db),
    sets: db
      .prepare('SELECT s.id, s.name, (SELECT count(*) FROM set_members m WHERE m.set_id = s.id AND m.document_id IS NOT NULL) AS documents FROM sets s ORDER BY s.name')
      .all() as AnalysisOptions['sets'],
    coders: db.prepare('SELECT id, name FROM coders ORDER BY name').all() as AnalysisOptions['coders'],
    themes: db.prepare('SELECT id, name, parent_id AS parentId FROM themes ORDER BY position, id').all() as AnalysisOptions['themes'],
  };
}
