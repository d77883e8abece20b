/**
 * The benchmark's own parts, without timing anything: the generator is deterministic and makes
 * text the real importer reads back exactly, its codings are valid, and the table marks missed
 * budgets plainly.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fileBytes, generateCorpus, makeParticipants, type Corpus } from '../../bench/corpus';
import { Rng } from '../../bench/prng';
import { SIZES } from '../../bench/sizes';
import { budgets, formatMarkdownTable, formatTable, percentile, verdictOf, type Figure } from '../../bench/report';
import { parseTextDocument } from '../../shared/import/index';
import { rangeProblem } from '../../shared/domain/offsets';
import { REPO } from '../support/temp';

const tiny = (seed = 'smoke') => generateCorpus(SIZES.tiny, seed);

describe('the synthetic project', () => {
  it('is the same for the same seed, text and codings alike', () => {
    const a = tiny();
    const b = tiny();
    expect(b.docs.map((d) => d.text)).toEqual(a.docs.map((d) => d.text));
    expect(b.renderDoc.text).toBe(a.renderDoc.text);
    expect(b.codings).toEqual(a.codings);
    expect(b.renderCodings).toEqual(a.renderCodings);
    expect(b.applyCodings).toEqual(a.applyCodings);
    expect(b.participants).toEqual(a.participants);
    expect(b.codes).toEqual(a.codes);
  });

  it('differs for another seed', () => {
    const a = tiny('one');
    const b = tiny('two');
    expect(b.docs[0]!.text).not.toBe(a.docs[0]!.text);
    expect(b.codings).not.toEqual(a.codings);
  });

  it('has the requested shape: transcripts, participants, an 80-code tree, coders, a hot code', () => {
    const c = tiny();
    const size = SIZES.tiny;
    expect(c.docs).toHaveLength(size.transcripts);
    expect(c.participants).toHaveLength(size.participants);
    expect(c.codes).toHaveLength(80);
    expect(c.codes.filter((k) => k.parent === null).length).toBeGreaterThan(1);
    expect(c.codes.filter((k) => k.parent !== null).length).toBeGreaterThan(40);
    expect(new Set(c.codings.map((k) => k.coder))).toEqual(new Set([0, 1, 2]));
    expect(c.codings).toHaveLength(size.codings);
    expect(c.codings.filter((k) => k.code === c.hotCode)).toHaveLength(size.hotCodings);
    expect(c.codes.some((k) => k.parent === c.hotCode)).toBe(false);
    for (const d of c.docs) expect(d.words).toBeGreaterThan(size.wordsPerTranscript * 0.8);
  });

  it('names some participants with accents and in CJK script', () => {
    const names = makeParticipants(new Rng('names'), 60).map((p) => p.name);
    expect(new Set(names).size).toBe(60);
    expect(names.some((n) => /[\u4e00-\u9fff\uac00-\ud7af]/.test(n))).toBe(true);
    expect(names.some((n) => /[À-ž]/.test(n))).toBe(true);
  });

  it('writes transcripts the real importer reads back exactly, with Interviewer and participant turns', () => {
    const c = tiny();
    for (const d of [...c.docs, c.renderDoc]) {
      const parsed = parseTextDocument(d.fileName, fileBytes(d));
      expect(parsed.text).toBe(d.text);
      const speakers = new Set(parsed.turns.map((t) => t.speaker));
      expect(speakers).toEqual(new Set(['Interviewer', c.participants[d.participant]!.name]));
      expect(parsed.turns.length).toBeGreaterThan(5);
    }
    // some files are written as Windows files (BOM + CRLF), normalised back by the import
    const windows = c.docs.find((d) => d.windows)!;
    expect(windows).toBeDefined();
    expect(fileBytes(windows).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('puts non-ASCII text (accents, emoji, CJK) in the long transcript', () => {
    const text = generateCorpus(SIZES.small, 'smoke').renderDoc.text;
    expect(text).toMatch(/[éïôç]/);
    expect(text).toMatch(/\p{Extended_Pictographic}/u);
    expect(text).toMatch(/[\u4e00-\u9fff\uac00-\ud7af]/);
  });

  it('makes codings that are valid ranges, unique per coder and code, often overlapping', () => {
    const c: Corpus = tiny();
    const keys = new Set<string>();
    for (const k of c.codings) {
      const text = c.docs[k.doc]!.text;
      expect(rangeProblem(text, k.start, k.end)).toBeNull();
      keys.add(`${k.doc}:${k.code}:${k.coder}:${k.start}:${k.end}`);
    }
    expect(keys.size).toBe(c.codings.length);
    const spans = new Set(c.codings.map((k) => `${k.doc}:${k.start}:${k.end}`));
    expect(spans.size).toBeLessThan(c.codings.length);
    for (const k of c.renderCodings) expect(rangeProblem(c.renderDoc.text, k.start, k.end)).toBeNull();
    for (const k of c.applyCodings) expect(rangeProblem(c.docs[k.doc]!.text, k.start, k.end)).toBeNull();
  });
});

describe('the table', () => {
  const figures: Figure[] = [
    { id: '3a', label: 'Apply one coding', status: 'measured', value: 14.2, result: 'p99 14.2 ms', baseline: 'raw INSERT: p99 3 ms', ratio: 4.7, budget: budgets.applyCodingP99Ms },
    { id: '2', label: 'Cold open', status: 'measured', value: 180, result: '180 ms', budget: budgets.coldOpenMs },
    { id: '1a', label: 'Import', status: 'measured', value: 2_500_000, result: '2.5M words/s', budget: budgets.importWordsPerSecond },
    { id: '1b', label: 'Import (slow)', status: 'measured', value: 400_000, result: '400k words/s', budget: budgets.importWordsPerSecond },
    { id: '6c', label: 'Scroll', status: 'measured', value: 1.3, result: 'p95 16 ms', budget: budgets.scrollP95Ratio },
    { id: '4', label: 'Retrieve extracts', status: 'unavailable', result: '', note: 'not measurable yet (issue 4)', budget: budgets.retrievalMs },
  ];

  it('says MISSED for a missed budget and ok for a met one, and nothing for an unmeasured figure', () => {
    expect(figures.map(verdictOf)).toEqual(['MISSED', 'ok', 'ok', 'MISSED', 'ok', '']);
  });

  it('prints the verdicts, the budgets and the reason a figure is not measured', () => {
    const lines = formatTable(figures).split('\n');
    expect(lines[0]).toMatch(/Measure.*Result.*Baseline.*Ratio.*Budget.*Verdict/);
    const row = (id: string) => lines.find((l) => l.startsWith(`${id} `))!;
    expect(row('3a')).toMatch(/p99 < 5 ms\s+MISSED$/);
    expect(row('3a')).toContain('4.70×');
    expect(row('2')).toMatch(/< 1 s\s+ok$/);
    expect(row('1b')).toMatch(/MISSED$/);
    expect(row('4')).toContain('not measurable yet (issue 4)');
    expect(row('4')).not.toMatch(/ok$|MISSED$/);
    const md = formatMarkdownTable(figures);
    expect(md.split('\n')).toHaveLength(figures.length + 2);
    expect(md).toContain('| p99 < 5 ms | MISSED |');
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([5], 99)).toBe(5);
  });
});

describe('npm run bench', () => {
  it('refuses an unknown size with a usage message and exit status 2', () => {
    const r = spawnSync(process.execPath, ['scripts/bench.mjs', '--size', 'huge'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown size “huge”');
    expect(r.stderr).toContain('--size small|default|large');
  });
});
