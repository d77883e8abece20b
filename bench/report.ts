/**
 * Figures, budgets and the table the benchmark prints and writes to BENCHMARKS.md.
 * A figure that cannot be measured (its feature has not landed, or the step failed) says so in
 * its Result column and gets no verdict; a figure with a budget gets "ok" or "MISSED".
 */

export interface Budget {
  op: '<' | '<=' | '>=';
  limit: number;
  /** As printed, e.g. "< 10 ms". */
  text: string;
}

export type Verdict = 'ok' | 'MISSED' | '';

export interface Figure {
  /** Measurement number from the issue (1–8) plus a letter for sub-figures. */
  id: string;
  label: string;
  /** 'measured' with a value; 'unavailable' when the feature is not there yet; 'failed' when the step crashed. */
  status: 'measured' | 'unavailable' | 'failed';
  /** The number the budget is checked against (in the budget's unit). */
  value?: number;
  /** The formatted result. */
  result: string;
  baseline?: string;
  /** Weft's cost divided by the baseline's cost (so 1.0× = as fast as the raw baseline). */
  ratio?: number;
  budget?: Budget;
  /** Why it is not measured, or a remark. */
  note?: string;
}

export function verdictOf(f: Figure): Verdict {
  if (f.status !== 'measured' || f.value === undefined || !f.budget || !Number.isFinite(f.value)) return '';
  const { op, limit } = f.budget;
  const ok = op === '<' ? f.value < limit : op === '<=' ? f.value <= limit : f.value >= limit;
  return ok ? 'ok' : 'MISSED';
}

export const budgets = {
  importWordsPerSecond: { op: '>=', limit: 1_000_000, text: '≥ 1M words/s' },
  coldOpenMs: { op: '<', limit: 1000, text: '< 1 s' },
  applyCodingP99Ms: { op: '<', limit: 10, text: 'p99 < 10 ms' },
  retrievalMs: { op: '<', limit: 100, text: '< 100 ms' },
  /** Issue 12: the first screen of extracts (one page of the retrieval panel). */
  firstExtractsMs: { op: '<', limit: 30, text: '< 30 ms' },
  searchP99Ms: { op: '<', limit: 50, text: 'p99 < 50 ms' },
  firstPaintMs: { op: '<', limit: 500, text: '< 500 ms' },
  scrollP95Ms: { op: '<=', limit: 16, text: 'p95 ≤ 16 ms' },
  uiImportMs: { op: '<', limit: 30, text: '< 30 ms' },
  callDuringJobP99Ms: { op: '<', limit: 50, text: 'p99 < 50 ms' },
} as const satisfies Record<string, Budget>;

// ---------------------------------------------------------------------------------------------
// Formatting

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // nearest-rank: the smallest value with at least p% of the values at or below it
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function fmtBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

export function fmtRate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond)) return 'n/a';
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M ${unit}/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)}k ${unit}/s`;
  return `${perSecond.toFixed(0)} ${unit}/s`;
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-GB');

export function fmtRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '';
  return r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`;
}

export const TABLE_HEAD = ['#', 'Measure', 'Result', 'Baseline (same run)', 'Ratio', 'Budget', 'Verdict'];

export function tableRows(figures: readonly Figure[]): string[][] {
  return figures.map((f) => [
    f.id,
    f.label,
    f.status === 'measured' ? f.result : f.note ?? f.result,
    f.baseline ?? '',
    f.status === 'measured' ? fmtRatio(f.ratio) : '',
    f.budget?.text ?? '',
    verdictOf(f),
  ]);
}

/** A plain-text table for the terminal. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = [TABLE_HEAD, ...tableRows(figures)];
  const widths = TABLE_HEAD.map((_, c) => Math.max(...rows.map((r) => [...r[c]!].length)));
  const line = (r: string[]) => r.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The same table in Markdown. */
export function formatMarkdownTable(figures: readonly Figure[]): string {
  const rows = tableRows(figures);
  return [
    `| ${TABLE_HEAD.join(' | ')} |`,
    `|${TABLE_HEAD.map((h) => (h === '#' ? '---' : h === 'Verdict' ? ':---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ].join('\n');
}

export function missed(figures: readonly Figure[]): Figure[] {
  return figures.filter((f) => verdictOf(f) === 'MISSED');
}
