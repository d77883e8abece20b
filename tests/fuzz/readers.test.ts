/**
 * Fuzz: every reader of a file a researcher brings in, through the real dispatcher on a real
 * project — participants CSV, codebook CSV, themes CSV, REFI-QDA codebooks (.qdc) and projects
 * (.qdpx), merges of another .weft and reliability CSV. Each mutated or random input must end in
 * time with a result or a typed refusal (never INTERNAL), and a refusal changes no table.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { fuzzRuns, fuzzTimeout, inputArb, runFuzz, type FuzzStats, type Seed } from './mutator';
import { base64, callChecked, openFuzzProject, type FuzzProject } from './project';
import { buildSmallProject, exchangeSeeds, fixtureSeeds } from './seeds';

let p: FuzzProject;
let exchange: Awaited<ReturnType<typeof exchangeSeeds>>;
beforeAll(async () => {
  p = openFuzzProject();
  exchange = await exchangeSeeds(p.dir);
  // the home project has content of its own, so merges and codebook imports meet existing codes
  buildSmallProject(join(p.dir, 'home-content.weft')).close();
  await p.dispatch('team.merge', { path: join(p.dir, 'home-content.weft') });
});
afterAll(() => p.close());

const text = (b: Uint8Array) => new TextDecoder().decode(b);
let fileNo = 0;
/** Writes the input into the project's temporary folder and returns its path. */
const onDisk = (input: Seed) => {
  const path = join(p.dir, `in-${++fileNo}-${input.name}`);
  writeFileSync(path, input.bytes);
  return path;
};

interface Reader {
  name: string;
  seeds: () => Seed[];
  prefixes?: string[];
  runs: number;
  call: (input: Seed, stats: FuzzStats) => Promise<unknown>;
}

const CSV_PREFIXES = ['', '\ufeff', 'name,', 'name;parent\n', 'path\t', '"', 'unit,', 'theme,explanation\n'];

const READERS: Reader[] = [
  {
    name: 'participants-csv',
    seeds: () => fixtureSeeds(/^participants/),
    prefixes: CSV_PREFIXES,
    runs: 300,
    call: async (input, stats) => {
      const file = { name: input.name, base64: base64(input.bytes) };
      await callChecked(p, 'participants.previewCsv', file, stats);
      await callChecked(p, 'participants.importCsv', file, stats);
    },
  },
  {
    name: 'codebook-csv',
    seeds: () => fixtureSeeds(/^codebook/),
    prefixes: CSV_PREFIXES,
    runs: 300,
    call: async (input, stats) => {
      const source = { name: input.name, base64: base64(input.bytes) };
      await callChecked(p, 'exchange.previewCodebook', { source }, stats);
      await callChecked(p, 'exchange.importCodebook', { source }, stats);
    },
  },
  {
    name: 'themes-csv',
    seeds: () => fixtureSeeds(/^themes/),
    prefixes: CSV_PREFIXES,
    runs: 200,
    call: (input, stats) => callChecked(p, 'themes.importCsv', { name: input.name, base64: base64(input.bytes) }, stats),
  },
  {
    name: 'qdc',
    seeds: () => [exchange.qdc],
    prefixes: ['<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">', ''],
    runs: 300,
    call: async (input, stats) => {
      const source = { name: input.name, base64: base64(input.bytes) };
      await callChecked(p, 'exchange.previewCodebook', { source }, stats);
      await callChecked(p, 'exchange.importCodebook', { source }, stats);
    },
  },
  {
    name: 'qdpx',
    seeds: () => [exchange.qdpx],
    prefixes: ['PK\u0003\u0004', '<?xml version="1.0"?><Project>'],
    runs: 200,
    call: async (input, stats) => {
      const source = { name: input.name, base64: base64(input.bytes) };
      const preview = await callChecked(p, 'exchange.previewProject', { source }, stats);
      // the import reads with the same parser: worth the (slower) project creation only when the preview read it
      if (preview.ok) await callChecked(p, 'exchange.importProjectAsNew', { source, target: join(p.dir, `new-${++fileNo}.weft`) }, stats);
      await callChecked(p, 'team.mergePreview', { path: onDisk(input) }, stats);
    },
  },
  {
    name: 'weft-merge',
    seeds: () => [exchange.weft],
    prefixes: ['SQLite format 3\u0000'],
    runs: 200,
    call: async (input, stats) => {
      const path = onDisk(input);
      await callChecked(p, 'team.mergePreview', { path }, stats);
      await callChecked(p, 'team.merge', { path }, stats);
    },
  },
  {
    name: 'reliability-csv',
    seeds: () => fixtureSeeds(/^reliability/),
    prefixes: CSV_PREFIXES,
    runs: 400,
    call: async (input, stats) => {
      for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) await callChecked(p, 'team.reliability', { csv: text(input.bytes), level }, stats);
    },
  },
];

describe('fuzz: readers through the dispatcher', () => {
  for (const reader of READERS) {
    const runs = fuzzRuns(reader.runs);
    it(
      `${reader.name}: every input ends with a result or a typed refusal that changes nothing`,
      async () => {
        await runFuzz(reader.name, inputArb(reader.seeds(), reader.prefixes), reader.call, runs);
      },
      fuzzTimeout(runs, 300),
    );
  }
});
