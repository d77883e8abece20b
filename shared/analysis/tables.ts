/** Query results as plain tables (header + rows) for CSV and XLSX export and the CLI. */
import type { CooccurrenceResult, ExportTable, Extract, MatrixResult, RankingResult, SearchResult } from './types.js';

export type PercentMode = 'none' | 'row' | 'column';

/** The matrix: one row per code/theme (its full path), one column per value, then Total. */
export function matrixTable(m: MatrixResult, percent: PercentMode = 'none'): ExportTable {
  const suffix = percent === 'row' ? ' (row %)' : percent === 'column' ? ' (column %)' : '';
  const header = [m.rowKind === 'themes' ? 'Theme' : 'Code', ...m.columns.map((c) => `${c.label}${suffix}`), 'Total'];
  const rows = m.rows.map((r) => [
    r.path,
    ...r.cells.map((c) => (percent === 'row' ? c.rowPct : percent === 'column' ? c.colPct : c.count)),
    r.total,
  ]);
  rows.push(['Total', ...m.columnTotals, m.grandTotal]);
  return { name: `${m.attribute.name} by ${m.rowKind === 'themes' ? 'theme' : 'code'} (${m.count})`, header, rows };
}

/** The ranking, long form: value, rank, code, path, count. */
export function rankingTable(r: RankingResult): ExportTable {
  const rows: (string | number)[][] = [];
  for (const col of r.columns) for (const it of col.items) rows.push([col.label, it.rank, it.code, it.path, it.count]);
  return { name: `Ranking by ${r.attribute.name} (${r.count})`, header: [r.attribute.name, 'Rank', r.rowKind === 'themes' ? 'Theme' : 'Code', 'Path', 'Count'], rows };
}

/** The ranking side by side: one "rank, code, count" block per value, as papers print it. */
export function rankingWideTable(r: RankingResult): ExportTable {
  const depth = Math.max(0, ...r.columns.map((c) => c.items.length));
  const header = r.columns.flatMap((c) => [`${c.label} rank`, `${c.label} ${r.rowKind === 'themes' ? 'theme' : 'code'}`, `${c.label} count`]);
  const rows: (string | number | null)[][] = [];
  for (let i = 0; i < depth; i++) {
    rows.push(r.columns.flatMap((c) => {
      const it = c.items[i];
      return it ? [it.rank, it.code, it.count] : [null, null, null];
    }));
  }
  return { name: `Top codes by ${r.attribute.name}`, header, rows };
}

export function cooccurrenceTable(c: CooccurrenceResult): ExportTable {
  return {
    name: `Co-occurrence (${c.unit})`,
    header: ['Code', ...c.codes.map((x) => x.path)],
    rows: c.codes.map((x, i) => [x.path, ...c.counts[i]!]),
  };
}

export function extractsTable(list: readonly Extract[], name = 'Extracts'): ExportTable {
  return {
    name,
    header: ['Document', 'Code', 'Cases', 'Coder', 'Start', 'End', 'Text'],
    rows: list.map((e) => [e.documentName, e.codePath, e.cases.join('; '), e.coder, e.start, e.end, e.text]),
  };
}

export function searchTable(s: SearchResult): ExportTable {
  return {
    name: `Search ${s.query}`,
    header: ['Document', 'Speaker', 'Start', 'End', 'Match', 'Context'],
    rows: s.hits.map((h) => [h.documentName, h.speaker, h.start, h.end, h.match, `${h.before}${h.match}${h.after}`]),
  };
}

/** Header + rows as one array (for toCsv). */
export const tableRows = (t: ExportTable) => [t.header, ...t.rows];
