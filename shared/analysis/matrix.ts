/**
 * Code × attribute matrix and ranked frequencies, from coding facts. Pure: the service gathers
 * the facts (electron/services/analysis/gather.ts) and this module counts.
 *
 * A cell (row r, column v) counts the distinct units among the codings of r's codes (the code
 * and its sub-codes, or a theme's codes) that carry value v:
 *  - codings: each coding once;
 *  - documents: each document with at least one such coding once;
 *  - cases: each case to which such a coding is attributed, with value v, once.
 * A coding that carries several values (a focus-group document linked to several cases) counts
 * in each of their columns, once per column. Row and column totals are distinct units too, so
 * a unit found in two columns counts once in the row total.
 */
import type { CodingFact, CountMode, MatrixColumn, MatrixResult, MatrixRowDef, AttributeDef, RankedItem, RankingResult, RowKind } from './types.js';
import { displayValue, orderValues } from './values.js';

export const NO_VALUE_LABEL = '(no value)';

const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** The matrix columns: every known value of the attribute in its order, then "(no value)" if asked. */
export function matrixColumns(attribute: AttributeDef, knownValues: Iterable<string>, includeMissing: boolean): MatrixColumn[] {
  const cols: MatrixColumn[] = orderValues(knownValues, attribute.kind, attribute.categories).map((v) => ({
    value: v,
    label: displayValue(v, attribute.kind),
  }));
  if (includeMissing) cols.push({ value: null, label: NO_VALUE_LABEL });
  return cols;
}

/** The unit a fact counts as: one count mode per matrix, so the ids of one kind never mix. */
function unitOf(fact: CodingFact, caseId: number | null, mode: CountMode): number | null {
  if (mode === 'codings') return fact.id;
  if (mode === 'documents') return fact.documentId;
  return caseId;
}

/** Visits every (row index, column index, unit) a set of facts contributes. */
function forEachContribution(
  facts: readonly CodingFact[],
  rows: readonly MatrixRowDef[],
  columns: readonly MatrixColumn[],
  mode: CountMode,
  visit: (row: number, col: number, unit: number, fact: CodingFact) => void,
) {
  const rowsOfCode = rowsByCode(rows);
  const colOf = new Map<string | null, number>(columns.map((c, i) => [c.value, i]));
  for (const fact of facts) {
    const rowIdx = rowsOfCode.get(fact.codeId);
    if (!rowIdx) continue;
    for (const a of fact.attributions) {
      const col = colOf.get(a.value);
      if (col === undefined) continue;
      const unit = unitOf(fact, a.caseId, mode);
      if (unit === null) continue;
      for (const r of rowIdx) visit(r, col, unit, fact);
    }
  }
}

export function buildMatrix(
  facts: readonly CodingFact[],
  rows: readonly MatrixRowDef[],
  columns: readonly MatrixColumn[],
  attribute: AttributeDef,
  mode: CountMode,
  rowKind: RowKind,
): MatrixResult {
  const counts = mode === 'codings' ? countCodings(facts, rows, columns) : countDistinct(facts, rows, columns, mode);
  const columnTotals = counts.columns;
  return {
    attribute,
    count: mode,
    rowKind,
    columns: [...columns],
    rows: rows.map((def, r) => {
      const total = counts.rows[r]!;
      const { codeIds: _codeIds, ...rest } = def;
      void _codeIds;
      return {
        ...rest,
        total,
        cells: counts.cells[r]!.map((n, c) => ({ count: n, rowPct: pct(n, total), colPct: pct(n, columnTotals[c]!) })),
      };
    }),
    columnTotals,
    grandTotal: counts.all,
  };
}

interface Counts {
  cells: number[][];
  rows: number[];
  columns: number[];
  all: number;
}

/** Distinct units per cell, row, column and overall, by sets of unit ids (documents, cases). */
function countDistinct(facts: readonly CodingFact[], rows: readonly MatrixRowDef[], columns: readonly MatrixColumn[], mode: CountMode): Counts {
  const cells = rows.map(() => columns.map(() => new Set<number>()));
  const rowSets = rows.map(() => new Set<number>());
  const colSets = columns.map(() => new Set<number>());
  const all = new Set<number>();
  forEachContribution(facts, rows, columns, mode, (r, c, unit) => {
    cells[r]![c]!.add(unit);
    rowSets[r]!.add(unit);
    colSets[c]!.add(unit);
    all.add(unit);
  });
  return { cells: cells.map((row) => row.map((set) => set.size)), rows: rowSets.map((set) => set.size), columns: colSets.map((set) => set.size), all: all.size };
}

/**
 * The same counts when the unit is the coding itself: each fact is its own unit, so a distinct
 * count is a plain count of the facts that reach a cell, row or column (each once, however many of
 * its attributions carry that column's value) — no set of 100,000 ids per cell.
 */
function countCodings(facts: readonly CodingFact[], rows: readonly MatrixRowDef[], columns: readonly MatrixColumn[]): Counts {
  const rowsOfCode = rowsByCode(rows);
  const colOf = new Map<string | null, number>(columns.map((c, i) => [c.value, i]));
  const cells = rows.map(() => columns.map(() => 0));
  const rowTotals = rows.map(() => 0);
  const colTotals = columns.map(() => 0);
  let all = 0;
  const cols: number[] = [];
  for (const fact of facts) {
    const rowIdx = rowsOfCode.get(fact.codeId);
    if (!rowIdx) continue;
    cols.length = 0;
    for (const a of fact.attributions) {
      const col = colOf.get(a.value);
      if (col !== undefined && !cols.includes(col)) cols.push(col);
    }
    if (cols.length === 0) continue;
    all++;
    for (const c of cols) colTotals[c]!++;
    for (const r of rowIdx) {
      rowTotals[r]!++;
      for (const c of cols) cells[r]![c]!++;
    }
  }
  return { cells, rows: rowTotals, columns: colTotals, all };
}

/** Row indexes of each code (each row once per code). */
function rowsByCode(rows: readonly MatrixRowDef[]): Map<number, number[]> {
  const rowsOfCode = new Map<number, number[]>();
  rows.forEach((r, i) => {
    for (const c of new Set(r.codeIds)) {
      const list = rowsOfCode.get(c) ?? [];
      list.push(i);
      rowsOfCode.set(c, list);
    }
  });
  return rowsOfCode;
}

/** The facts behind one cell (for the drill-down), each coding once, in document order. */
export function cellFacts(
  facts: readonly CodingFact[],
  row: MatrixRowDef,
  column: MatrixColumn,
  mode: CountMode,
): CodingFact[] {
  const out = new Map<number, CodingFact>();
  forEachContribution(facts, [row], [column], mode, (_r, _c, _unit, fact) => out.set(fact.id, fact));
  return [...out.values()].sort((a, b) => a.documentId - b.documentId || a.start - b.start || a.end - b.end || a.id - b.id);
}

/**
 * Competition ranking ("1224"): equal scores share a rank, and the next rank is 1 + the number
 * of items ranked above. `items` must already be sorted best first.
 */
export function competitionRanks(scores: readonly number[]): number[] {
  const ranks: number[] = [];
  scores.forEach((s, i) => {
    ranks.push(i > 0 && s === scores[i - 1] ? ranks[i - 1]! : i + 1);
  });
  return ranks;
}

export type RankLevel = 'all' | 'leaves' | 'top';

/**
 * Per column, the rows with a count above zero ranked by count (highest first); ties share a
 * rank and are listed by name. `level` keeps all rows, only leaf rows (no sub-codes/sub-themes)
 * or only top-level rows.
 */
export function rankMatrix(matrix: MatrixResult, level: RankLevel = 'all', leafKeys?: ReadonlySet<string>): RankingResult {
  const keep = matrix.rows.filter((r) =>
    level === 'all' ? true : level === 'top' ? r.depth === 0 : leafKeys ? leafKeys.has(r.key) : true,
  );
  return {
    attribute: matrix.attribute,
    count: matrix.count,
    rowKind: matrix.rowKind,
    columns: matrix.columns.map((col) => {
      const c = matrix.columns.indexOf(col);
      const entries = keep
        .map((r) => ({ row: r, count: r.cells[c]!.count }))
        .filter((e) => e.count > 0)
        .sort((a, b) => b.count - a.count || a.row.name.localeCompare(b.row.name) || a.row.path.localeCompare(b.row.path));
      const ranks = competitionRanks(entries.map((e) => e.count));
      const items: RankedItem[] = entries.map((e, i) => ({
        rank: ranks[i]!,
        key: e.row.key,
        code: e.row.name,
        path: e.row.path,
        color: e.row.color,
        count: e.count,
      }));
      return { ...col, items };
    }),
  };
}
