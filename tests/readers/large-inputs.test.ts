/**
 * Readers are linear and bounded: inputs that broke them before (found by mutation fuzzing).
 * Real project files, through the real dispatcher; the generous timeouts only catch the old
 * quadratic or crashing behaviour (20k-row codebook: 101 s before; 5 MB one-letter text: a stack
 * overflow), and the codebook test also checks the structure that keeps it linear.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodebookImportOutcome } from '../../shared/types/exchange';
import type { ImportReport } from '../../shared/types/entities';
import { countWords } from '../../shared/domain/text';
import { tokenize } from '../../shared/analysis/search';
import { base64, openFuzzProject, type FuzzProject } from '../fuzz/project';

let p: FuzzProject;
beforeEach(() => {
  p = openFuzzProject();
});
afterEach(() => p.close());

const utf8 = (s: string) => new TextEncoder().encode(s);
async function importText(name: string, text: string): Promise<ImportReport> {
  const r = await p.dispatch('documents.importFiles', { files: [{ name, base64: base64(utf8(text)) }] });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as ImportReport;
}

describe('readers on large and pathological inputs', () => {
  it('imports a 5 MB text of one repeated letter plus an emoji (was "Maximum call stack size exceeded")', async () => {
    const report = await importText('one-letter.txt', `${'a'.repeat(5_000_000)}🙂`);
    expect(report.files[0]).toMatchObject({ outcome: 'imported' });
    const docs = p.service.current().db.prepare('SELECT length(text), word_count FROM documents').raw().all();
    expect(docs).toEqual([[5_000_001, 1]]);
  }, 60_000);

  it('counts words and search tokens of any length exactly', () => {
    const long = 'b'.repeat(300_000);
    expect(countWords(`x ${long}-${long}’s 漢字 🙂 a`)).toBe(5);
    expect(tokenize(`${long}🙂${long} é`).map((t) => [t.start, t.end])).toEqual([
      [0, 300_000],
      [300_002, 600_002],
      [600_003, 600_004],
    ]);
  });

  it('imports a VTT cue line of 250,000 "<v " (was quadratic)', async () => {
    const report = await importText('voices.vtt', `WEBVTT\n\n00:00.000 --> 00:01.000\n${'<v '.repeat(250_000)}🙂\n`);
    expect(['imported', 'failed']).toContain(report.files[0]!.outcome);
    expect(report.files[0]!.reason ?? '').not.toMatch(/unexpected error/);
  }, 60_000);

  it('imports a 20,000-row codebook CSV, each code once, in tree order', async () => {
    const rows = ['category,topic,definition', ...Array.from({ length: 20_000 }, (_, i) => `${i % 2 ? '' : `Group ${i % 40}`},Code ${i},about ${i}`)];
    const r = await p.dispatch('exchange.importCodebook', { source: { name: 'big.csv', base64: base64(utf8(rows.join('\n'))) } });
    if (!r.ok) throw new Error(r.error.message);
    const out = r.value as CodebookImportOutcome;
    expect(out.imported.codes).toBe(20_020);
    const db = p.service.current().db;
    expect(db.prepare('SELECT count(*) FROM codes WHERE parent_id IS NULL').pluck().get()).toBe(10_020);
    expect(db.prepare("SELECT definition FROM codes WHERE name = 'Code 19999'").pluck().get()).toBe('about 19999');
    // positions among siblings are 1…n with no gaps or repeats
    expect(db.prepare('SELECT count(DISTINCT position), min(position), max(position) FROM codes WHERE parent_id IS NULL').raw().get()).toEqual([10_020, 1, 10_020]);
    // the structure that keeps it linear: the next sibling position is one index lookup, not a scan of the siblings
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT ifnull(max(position), 0) + 1 FROM codes WHERE ifnull(parent_id, 0) = ?').all(0) as { detail: string }[];
    expect(plan.map((s) => s.detail).join(' ')).toMatch(/codes_sibling_position/);
  }, 20_000);

  it('refuses a codebook path a million levels deep with a clear message (was unbounded)', async () => {
    const csv = `path\n${'a/'.repeat(1_000_000)}🙂\n`;
    const r = await p.dispatch('exchange.importCodebook', { source: { name: 'deep.csv', base64: base64(utf8(csv)) } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/line 2: the code path has 1000001 levels; a codebook may have at most 50/) });
  }, 20_000);

  it('refuses reliability data with 20,000 different values instead of computing for minutes', async () => {
    const csv = `A,B\n${Array.from({ length: 20_000 }, (_, i) => `n${i},v${i % 7}`).join('\n')}`;
    const r = await p.dispatch('team.reliability', { csv, level: 'nominal' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/20007 different values.*at most 2000/) });
  }, 20_000);
});
