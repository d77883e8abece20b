/**
 * Fuzz: transcripts. Mutated seeds (plain text in UTF-8/UTF-16/cp1252, Markdown, VTT, SRT, Otter,
 * Word, PDF) and random bytes behind format prefixes go through parseFile, which must give a sound
 * document or an ImportError that is not a wrapped internal error, and through the import API
 * (parse and store), whose report must give each file a specific outcome, never "unexpected error".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentProblems } from '../../shared/import/turns';
import { ImportError, parseFile } from '../../electron/import/parse-file';
import type { ImportReport } from '../../shared/types/entities';
import { fuzzRuns, fuzzTimeout, inputArb, runFuzz, type FuzzStats, type Seed } from './mutator';
import { base64, callChecked, openFuzzProject, type FuzzProject } from './project';
import { binaryTranscriptSeeds, transcriptFixtures } from './seeds';

const PREFIXES = ['', 'WEBVTT\n\n', '1\n00:00:00,000 --> 00:00:01,000\n', '%PDF-1.4\n', 'PK\u0003\u0004', '\ufeff', 'Interviewer  0:00\n', '**A:** '];

let p: FuzzProject;
let seeds: Seed[];
beforeAll(async () => {
  p = openFuzzProject();
  seeds = [...transcriptFixtures(), ...(await binaryTranscriptSeeds())];
});
afterAll(() => p.close());

/** Parses directly; true when the file gave a document. */
async function checkParse(input: Seed): Promise<boolean> {
  const label = `${input.name} (${input.bytes.length} bytes: ${Buffer.from(input.bytes.subarray(0, 48)).toString('hex')}…)`;
  try {
    const doc = await parseFile(input.name, input.bytes, { pdf: { timeoutMs: 4000 } });
    expect(documentProblems(doc), label).toEqual([]);
    expect(typeof doc.detected, label).toBe('string');
    return true;
  } catch (err) {
    if (!(err instanceof ImportError)) throw new Error(`${label} threw ${String(err)} instead of an ImportError`);
    // an internal bug would surface as a wrapped error: "could not be read (Cannot read properties…)"
    expect(err.message, label).not.toMatch(/^could not be read \(/);
    expect(err.message.length, label).toBeGreaterThan(10);
    return false;
  }
}

async function checkImport(input: Seed, stats: FuzzStats) {
  if (!(await checkParse(input))) {
    // the importer calls the same parseFile: a refused file is refused there with the same reason
    stats.refused++;
    return;
  }
  const r = await callChecked(p, 'documents.importFiles', { files: [{ name: input.name, base64: base64(input.bytes) }] }, stats);
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  const file = (r.value as ImportReport).files[0]!;
  expect(file.reason ?? '', `${input.name}: ${file.reason}`).not.toMatch(/unexpected error|could not be read \(/);
  if (file.outcome !== 'imported') {
    stats.ok--;
    stats.refused++;
  }
}

describe('fuzz: transcripts', () => {
  const runs = fuzzRuns(300);
  it(
    'transcripts: every mutated or random file is imported or refused with a specific reason',
    async () => {
      const stats = await runFuzz('transcripts', inputArb(seeds, PREFIXES), checkImport, runs);
      if (runs >= 200) {
        expect(stats.ok).toBeGreaterThan(runs / 10);
        expect(stats.refused).toBeGreaterThan(runs / 20);
      }
    },
    fuzzTimeout(runs, 200),
  );
});
