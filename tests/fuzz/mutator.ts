/**
 * The one seeded mutator of the fuzz suite, and the settings every fuzz test shares.
 *
 * A mutation is a list of edits (flip bytes, truncate, insert random bytes, delete or duplicate a
 * slice, insert a format token, splice in part of another seed). Edits are fast-check values, so
 * fast-check draws them from its seed, replays a failure from the seed it prints, and shrinks a
 * failing input to a small list of edits.
 *
 * Runs: `WEFT_FUZZ_RUNS` (default: small, for `npm test`), seed: `WEFT_FUZZ_SEED` (default: a
 * fixed seed per test, so `npm test` is deterministic). `npm run fuzz` sets both (see README).
 */
import fc from 'fast-check';

const enc = (s: string) => new TextEncoder().encode(s);

/** Tokens that matter to one of the formats: line ends, cue arrows, quotes, delimiters, XML, BOMs… */
export const TOKENS: readonly Uint8Array[] = [
  '\r', '\n', '\r\n', '\n\n', '-->', ' --> ', ':', ': ', '<v ', '</v>', '"', '""', ',', ';', '\t', '/', '\u0000', '\ufeff',
  'WEBVTT\n', '00:00:01.000', '00:00:01,000', '  0:00\n', '**', '&amp;', '&#xD800;', '&#0;', '<![CDATA[', ']]>', '<!--',
  '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>', '&a;', '</', '/>', ' guid="', '#ff0000', '=1+2', '🙂', 'é', '\u0301',
  '\u202e', 'PK\u0003\u0004', '%PDF-1.4\n', 'NaN', '-1', '1e309', '9007199254740993',
].map(enc);

export type Edit =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; from: number; length: number }
  | { kind: 'token'; at: number; token: number }
  | { kind: 'splice'; at: number; from: number; length: number };

/** A position as a fraction of the input (so one edit list applies to inputs of any length). */
const where = fc.double({ min: 0, max: 1, noNaN: true });

export const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: where, value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: where }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: where, bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: where, length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: where, from: where, length: fc.integer({ min: 1, max: 256 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('token' as const), at: where, token: fc.nat({ max: TOKENS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('splice' as const), at: where, from: where, length: fc.integer({ min: 1, max: 128 }) }) },
);

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Applies edits to `src` (never modified); `other` is a second seed to splice from. */
export function mutate(src: Uint8Array, edits: readonly Edit[], other: Uint8Array = src): Uint8Array {
  let b = src;
  for (const e of edits) {
    const at = Math.floor(e.at * b.length);
    const cut = (i: number, n: number, ...middle: Uint8Array[]) => concat(b.subarray(0, i), ...middle, b.subarray(Math.min(b.length, i + n)));
    switch (e.kind) {
      case 'flip':
        if (b.length > 0) {
          b = Uint8Array.from(b);
          b[Math.min(at, b.length - 1)] = e.value;
        }
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'insert':
        b = cut(at, 0, e.bytes);
        break;
      case 'delete':
        b = cut(at, e.length);
        break;
      case 'duplicate': {
        const from = Math.floor(e.from * b.length);
        b = cut(at, 0, b.slice(from, from + e.length));
        break;
      }
      case 'token':
        b = cut(at, 0, TOKENS[e.token]!);
        break;
      case 'splice': {
        const from = Math.floor(e.from * other.length);
        b = cut(at, 0, other.slice(from, from + e.length));
        break;
      }
    }
  }
  return b === src ? Uint8Array.from(src) : b;
}

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

/**
 * Inputs for a reader: mutated seeds (most), random bytes behind a format prefix, and plain random
 * bytes. Each value says which seed it came from, so a failure names the format.
 */
export function inputArb(seeds: readonly Seed[], prefixes: readonly string[] = ['']): fc.Arbitrary<Seed> {
  const pick = fc.nat({ max: seeds.length - 1 });
  const mutated = fc
    .tuple(pick, pick, fc.array(editArb, { minLength: 1, maxLength: 6 }))
    .map(([i, j, edits]) => ({ name: seeds[i]!.name, bytes: mutate(seeds[i]!.bytes, edits, seeds[j]!.bytes) }));
  const textLike = fc.uint8Array({ maxLength: 600 }).map((b) => b.map((x) => [10, 13, 32, 34, 44, 58, 59, 45, 62][x % 9] ?? x % 95 + 32));
  const prefixed = fc
    .tuple(pick, fc.constantFrom(...prefixes), fc.oneof(fc.uint8Array({ maxLength: 600 }), textLike))
    .map(([i, prefix, body]) => ({ name: seeds[i]!.name, bytes: concat(enc(prefix), body) }));
  return fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: prefixed }, { weight: 1, arbitrary: fc.constantFrom(...seeds) });
}

/** Number of inputs per reader: WEFT_FUZZ_RUNS, or `fallback` (small, for npm test). */
export function fuzzRuns(fallback: number): number {
  const n = Number(process.env.WEFT_FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The seed of a fuzz test: WEFT_FUZZ_SEED, or a fixed seed derived from the test's name. */
export function fuzzSeed(name: string): number {
  const s = Number(process.env.WEFT_FUZZ_SEED);
  if (Number.isInteger(s)) return s | 0;
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h | 0;
}

/** A vitest timeout that grows with the number of runs (generous: a hang, not speed, fails it). */
export const fuzzTimeout = (runs: number, msPerRun: number) => Math.max(60_000, runs * msPerRun);

export interface FuzzStats {
  inputs: number;
  /** Calls that gave a result, and calls refused with a typed error (an input may make several calls). */
  ok: number;
  refused: number;
}

export const newStats = (): FuzzStats => ({ inputs: 0, ok: 0, refused: 0 });

/**
 * Runs a fuzz property with the shared settings and prints its counts, e.g.
 * "fuzz codebook-csv: 400 inputs, 0 failures, seed 1234 (calls: 310 refused, 90 succeeded)", so CI logs show them.
 */
export async function runFuzz<T>(
  name: string,
  arb: fc.Arbitrary<T>,
  check: (input: T, stats: FuzzStats) => Promise<unknown>,
  runs: number,
  options: { quiet?: boolean } = {},
): Promise<FuzzStats> {
  const seed = fuzzSeed(name);
  const stats = newStats();
  let failures = 0;
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (input) => {
        stats.inputs++;
        try {
          await check(input, stats);
        } catch (err) {
          failures++;
          throw err;
        }
      }),
      { numRuns: runs, seed, endOnFailure: runs > 1000 },
    );
  } finally {
    if (failures || !options.quiet)
      console.log(
      `fuzz ${name}: ${stats.inputs} inputs, ${failures} failures, seed ${seed} (calls: ${stats.refused} refused, ${stats.ok} succeeded)` +
        (failures ? ` — replay: WEFT_FUZZ_SEED=${seed} WEFT_FUZZ_RUNS=${runs} npx vitest run tests/fuzz -t '${name}'` : ''),
    );
  }
  return stats;
}
