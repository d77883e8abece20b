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
  /**
   * What the figure costs (ms, or bytes for memory and size), when that is not `value` (a rate, a
   * ratio or a count): how it grows from the default to the large run is shown next to the work's growth.
   */
  cost?: number;
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
  // issue 12's targets where it sets one, else issue 7's
  importWordsPerSecond: { op: '>=', limit: 2_000_000, text: '≥ 2M words/s' },
  coldOpenMs: { op: '<', limit: 1000, text: '< 1 s' },
  applyCodingP99Ms: { op: '<', limit: 5, text: 'p99 < 5 ms' },
  /** Issue 12: create + everything the window then waits for. */
  applyAsUiP99Ms: { op: '<', limit: 16, text: 'p99 < 16 ms' },
  retrievalMs: { op: '<', limit: 100, text: '< 100 ms' },
  /** Issue 12: the first screen of extracts (one page of the retrieval panel). */
  firstExtractsMs: { op: '<', limit: 30, text: '< 30 ms' },
  searchP99Ms: { op: '<', limit: 50, text: 'p99 < 50 ms' },
  firstPaintMs: { op: '<', limit: 500, text: '< 500 ms' },
  coldPageLoadMs: { op: '<', limit: 600, text: '< 600 ms' },
  /** On the ratio of the p95 frame to the static page's in the same run. */
  scrollP95Ratio: { op: '<=', limit: 1.3, text: 'p95 ≤ 1.3× static' },
  /** On the ratio to the raw baseline. */
  exchangeRatio: { op: '<=', limit: 2, text: '≤ 2× baseline' },
  /** On the ratio of the peak to the idle backend. */
  backendPeakRatio: { op: '<', limit: 2, text: '< 2× idle' },
  exchangePeakBytes: { op: '<', limit: 400 * 1024 * 1024, text: '< 400 MB' },
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
