/**
 * BENCHMARKS.md's generator: a run of one size replaces its own section and keeps the other's
 * (kept as JSON in the file), the growth table flags a figure whose cost grows faster than its
 * work, and every missed target is listed with its explanation (or as not explained).
 */
import { describe, expect, it } from 'vitest';
import { embedRun, explainMisses, readRuns, renderReport, withFigures, withRun, type RunRecord } from '../../bench/benchmarks-file';
import { growthRows } from '../../bench/growth';
import { GROWTH_EXPLAINED, MISSES } from '../../bench/misses';
import { budgets, type Figure } from '../../bench/report';

const scale = (k: number) => ({ transcripts: 500 * k, words: 5_000_000 * k, codings: 100_000 * k, hotCodings: 10_000 * k, codes: 80 * k, participants: 60 * k, renderWords: 100_000 * k, renderCodings: 5000 * k });

function run(size: 'default' | 'large', figures: Figure[]): RunRecord {
  return { size, date: '2026-12-06T00:00:00Z', git: 'abc1234', machineLine: 'test machine', sizeLine: `size ${size}`, runMs: 1000, genMs: 10, queries: 20, scale: scale(size === 'large' ? 5 : 1), figures, notes: [], diagnostics: [`diagnostic of the ${size} run`] };
}

const extracts = (ms: number): Figure => ({ id: '4', label: 'Retrieve extracts', status: 'measured', value: ms, result: `${ms} ms`, budget: budgets.retrievalMs });
const apply = (ms: number): Figure => ({ id: '3a', label: 'Apply one coding', status: 'measured', value: ms, result: `p99 ${ms} ms`, budget: budgets.applyCodingP99Ms });
const importRate = (rate: number, ms: number): Figure => ({ id: '1a', label: 'Import', status: 'measured', value: rate, cost: ms, result: `${rate} words/s`, budget: budgets.importWordsPerSecond });

describe('the runs kept in BENCHMARKS.md', () => {
  it('read back as written, even when a figure’s text holds "-->"', () => {
    const r = run('default', [{ ...apply(3), note: 'a --> b -- c' }]);
    const back = readRuns(`# title\n\n${embedRun(r)}\n`);
    expect(back).toEqual([r]);
  });

  it('a run replaces the one of its size and keeps the other size’s', () => {
    const old = run('default', [apply(9)]);
    const large = run('large', [apply(4)]);
    const fresh = run('default', [apply(3)]);
    const runs = withRun(withRun([old], large), fresh);
    expect(runs.map((r) => [r.size, r.figures[0]!.value])).toEqual([
      ['default', 3],
      ['large', 4],
    ]);
    const { markdown } = renderReport(runs);
    expect(markdown.indexOf('## Default run')).toBeLessThan(markdown.indexOf('## Large run'));
    expect(readRuns(markdown)).toEqual(runs);
    expect(markdown).toContain('diagnostic of the large run');
  });
});

describe('the growth from the default to the large run', () => {
  it('flags a figure whose cost grows faster than its work, and not one that grows with it', () => {
    const rows = growthRows(run('default', [extracts(50), apply(2), importRate(2_000_000, 2500)]), run('large', [extracts(900), apply(2.2), importRate(2_000_000, 12_500)]));
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    // 50 → 900 ms for 5× the extracts: 3.6× per unit of work
    expect(byId['4']!.workGrowth).toBe(5);
    expect(byId['4']!.perWork).toBeCloseTo(3.6);
    expect(byId['4']!.flagged).toBe(true);
    // one coding is the same work on any project: 1.1× is within the tolerance
    expect(byId['3a']!.workGrowth).toBe(1);
    expect(byId['3a']!.flagged).toBe(false);
    // the import's cost is its time (not its rate): 5× the time for 5× the words
    expect(byId['1a']!.costGrowth).toBe(5);
    expect(byId['1a']!.flagged).toBe(false);
  });

  it('appears in the report with the flagged figures named', () => {
    const { markdown } = renderReport([run('default', [extracts(50)]), run('large', [extracts(900)])]);
    expect(markdown).toContain('## Growth from the default to the large run');
    expect(markdown).toMatch(/\| 4 \| Retrieve extracts \| 50\.0 ms \| 900 ms \| 18\.0× \| 5\.00× \(the code's extracts\) \| 3\.60× \| \*\*FASTER THAN THE WORK\*\* \|/);
    expect(markdown).toContain('**Grew faster than the work**');
  });

  it('gives each figure that grew faster than its work its cause and next step, and names the ones not explained', () => {
    // a figure with work of its own and no entry in GROWTH_EXPLAINED
    const id = ['10', '1b', '5', '6a', '7a'].find((k) => !(k in GROWTH_EXPLAINED))!;
    const zz = (ms: number): Figure => ({ id, label: 'Unexplained growth', status: 'measured', value: ms, result: `${ms} ms`, budget: budgets.applyCodingP99Ms });
    const explained = Object.keys(GROWTH_EXPLAINED)[0]!;
    const grows = (ms: number): Figure => ({ ...extracts(ms), id: explained, label: 'Explained growth' });
    const { markdown, unexplained } = renderReport([run('default', [zz(10), grows(50)]), run('large', [zz(10_000), grows(5000)])]);
    expect(unexplained).toContain(`${id} (growth)`);
    expect(markdown).toMatch(new RegExp(`- \\*\\*${id}\\*\\* \\([\\d.]+× for [\\d.]+× the work: [^)]+\\)\\. \\*\\*Not explained yet\\.\\*\\*`));
    expect(markdown).toContain(`*Cause:* ${GROWTH_EXPLAINED[explained]!.cause} *Next step:* ${GROWTH_EXPLAINED[explained]!.next}`);
  });
});

describe('misses explained', () => {
  it('lists every figure missed in any run with its cause and next step, and names the ones not explained', () => {
    const explained = Object.keys(MISSES)[0];
    const figures: Figure[] = [apply(20), { id: 'zz', label: 'An unexplained miss', status: 'measured', value: 20, result: '20 ms', budget: budgets.applyCodingP99Ms }];
    if (explained) figures.push({ ...apply(20), id: explained });
    const { text, unexplained } = explainMisses([run('default', figures)]);
    expect(unexplained).toContain('zz');
    expect(text).toContain('**zz An unexplained miss** (target p99 < 5 ms; default: 20 ms). **Not explained yet.**');
    if (explained) expect(text).toContain(`*Cause:* ${MISSES[explained]!.cause}`);
  });
});

describe('a run of some figures (--only)', () => {
  it('replaces those figures in the run of its size, keeps the others and says when they were measured', () => {
    const whole = run('default', [apply(3), extracts(50)]);
    const partial = { ...run('default', [extracts(40)]), date: '2026-12-06T01:00:00Z', machineLine: 'test machine; load average 3.0 at the start, 2.0 at the end' };
    const merged = withFigures(whole, partial);
    expect(merged.figures.map((f) => [f.id, f.value])).toEqual([
      ['3a', 3],
      ['4', 40],
    ]);
    expect(merged.date).toBe(whole.date);
    expect(merged.notes.at(-1)).toContain('Figure 4 was measured again on 2026-12-06T01:00:00Z');
    expect(merged.notes.at(-1)).toContain('load average 3.0 at the start, 2.0 at the end');
  });
});
