/**
 * How each figure's cost grew from the default run to the large run (five times the project),
 * next to how much its work grew. A figure whose cost grows faster than its work is a bug to
 * flag: Weft must stay as fast per unit of work on a bigger project.
 */
import { GROWTH_EXPLAINED } from './misses.js';
import { fmtBytes, fmtInt, fmtMs, type Figure } from './report.js';

/** The size of a run's project, as recorded with its figures. */
export interface Scale {
  transcripts: number;
  words: number;
  codings: number;
  hotCodings: number;
  codes: number;
  participants: number;
  renderWords: number;
  renderCodings: number;
}

export interface Work {
  /** What the work is, e.g. "words imported". */
  what: string;
  of: (s: Scale) => number;
}

const ONE = (what: string): Work => ({ what, of: () => 1 });

/**
 * The work behind each figure, by id (a number alone covers its lettered figures). Work that does
 * not depend on the project's size (one coding, one page, one frame, memory that must stay flat)
 * is 1: its cost should not grow at all.
 */
export const WORK: Record<string, Work> = {
  '1a': { what: 'words imported', of: (s) => s.words },
  '1b': { what: 'words stored', of: (s) => s.words },
  '2': { what: 'documents listed', of: (s) => s.transcripts },
  '3': ONE('one coding'),
  '4': { what: "the code's extracts", of: (s) => s.hotCodings },
  '4b': ONE('one page of extracts'),
  '5': { what: 'words indexed', of: (s) => s.words },
  '6a': { what: "the transcript's words", of: (s) => s.renderWords },
  '6b': { what: "the transcript's words", of: (s) => s.renderWords },
  '6c': ONE('one frame'),
  '7': { what: 'words exchanged', of: (s) => s.words },
  '8a': ONE('flat (one backend)'),
  '8b': ONE('flat (one file at a time)'),
  '8c': ONE('flat (streamed)'),
  '9': ONE('one small file'),
  '10': { what: 'codes listed', of: (s) => s.codes },
  '11': { what: 'codings', of: (s) => s.codings },
  '12': ONE('the same 200k-word project'),
  '13': { what: "the transcript's words", of: (s) => s.renderWords },
};

export function workOf(id: string): Work | undefined {
  return WORK[id] ?? WORK[String(parseInt(id, 10))];
}

/** A figure's cost (ms, or bytes for memory and size): `cost`, else `value` when that is a cost. */
export function costOf(f: Figure): number | undefined {
  if (f.status !== 'measured') return undefined;
  const c = f.cost ?? (f.budget && f.budget.op === '>=' ? undefined : f.value);
  return c !== undefined && Number.isFinite(c) && c > 0 ? c : undefined;
}

/** Cost growth may exceed the work's by this much before it is flagged (the machine is shared and noisy). */
export const GROWTH_TOLERANCE = 1.3;

export interface GrowthRow {
  id: string;
  label: string;
  defaultCost?: number;
  largeCost?: number;
  costGrowth?: number;
  work?: Work;
  workGrowth?: number;
  /** Cost growth ÷ work growth. */
  perWork?: number;
  flagged: boolean;
}

export function growthRows(def: { figures: Figure[]; scale: Scale }, large: { figures: Figure[]; scale: Scale }): GrowthRow[] {
  return def.figures.map((d) => {
    const l = large.figures.find((f) => f.id === d.id);
    const work = workOf(d.id);
    const dc = costOf(d);
    const lc = l ? costOf(l) : undefined;
    const row: GrowthRow = { id: d.id, label: d.label, defaultCost: dc, largeCost: lc, work, flagged: false };
    if (dc === undefined || lc === undefined || !work) return row;
    row.costGrowth = lc / dc;
    row.workGrowth = work.of(large.scale) / work.of(def.scale);
    row.perWork = row.costGrowth / row.workGrowth;
    row.flagged = row.perWork > GROWTH_TOLERANCE;
    return row;
  });
}

const isBytes = (f: Figure) => /memory|size|VmHWM/i.test(f.label) || /^(1b|8|12)/.test(f.id);

export function formatCost(f: Figure, cost: number | undefined): string {
  if (cost === undefined) return '';
  return isBytes(f) ? fmtBytes(cost) : fmtMs(cost);
}

const times = (x: number) => (x >= 10 ? `${x.toFixed(1)}×` : `${x.toFixed(2)}×`);

/** Figures that grew faster than their work and have no entry in GROWTH_EXPLAINED. */
export function unexplainedGrowth(def: { figures: Figure[]; scale: Scale }, large: { figures: Figure[]; scale: Scale }): string[] {
  return growthRows(def, large)
    .filter((r) => r.flagged && !GROWTH_EXPLAINED[r.id])
    .map((r) => r.id);
}

/** The growth table in Markdown, and a list of the figures that grew faster than their work, each explained. */
export function formatGrowth(def: { figures: Figure[]; scale: Scale }, large: { figures: Figure[]; scale: Scale }): string {
  const rows = growthRows(def, large);
  const fig = (id: string) => def.figures.find((f) => f.id === id)!;
  const lines = [
    '| # | Measure | Default | Large | Cost grew | Work grew | Per unit of work | |',
    '|---|---|---|---|---|---|---|:---:|',
    ...rows.map((r) => {
      const f = fig(r.id);
      const work = r.work ? `${times(r.workGrowth ?? r.work.of(large.scale) / r.work.of(def.scale))} (${r.work.what})` : '';
      return `| ${r.id} | ${f.label.replace(/\|/g, '\\|')} | ${formatCost(f, r.defaultCost)} | ${formatCost(f, r.largeCost)} | ${r.costGrowth ? times(r.costGrowth) : ''} | ${work} | ${r.perWork ? times(r.perWork) : ''} | ${r.flagged ? '**FASTER THAN THE WORK**' : r.perWork ? 'ok' : ''} |`;
    }),
  ];
  const flagged = rows.filter((r) => r.flagged);
  const paragraph = flagged.length
    ? `**Grew faster than the work** (cost growth more than ${GROWTH_TOLERANCE}× the work's), each with its cause and the next step (bench/misses.ts \`GROWTH_EXPLAINED\`):\n\n${flagged
        .map((r) => {
          const why = GROWTH_EXPLAINED[r.id];
          const head = `- **${r.id}** (${times(r.costGrowth!)} for ${times(r.workGrowth!)} the work: ${r.work!.what}).`;
          return why ? `${head} *Cause:* ${why.cause} *Next step:* ${why.next}` : `${head} **Not explained yet.**`;
        })
        .join('\n')}`
    : `**No figure grew faster than its work** (within ${GROWTH_TOLERANCE}×).`;
  return `${lines.join('\n')}\n\n${paragraph}\n\nThe project grew from ${fmtInt(def.scale.words)} to ${fmtInt(large.scale.words)} words and from ${fmtInt(def.scale.codings)} to ${fmtInt(large.scale.codings)} codings. Cost is the figure's time (its p99 where the figure is a percentile, the import's time for the throughput) or bytes; "per unit of work" is the cost's growth divided by the work's, so 1× means the cost grew exactly as the work did and a flat figure (work 1×) should stay near 1×. The two runs may be from different commits and moments of machine load (see their headers).`;
}
