/**
 * Robustness: random bytes and mutated versions of every fixture (and of a generated PDF and Word
 * file) go through parseFile. Each call must resolve to a sound ParsedDocument or reject with an
 * ImportError that is not a wrapped internal error — never anything else, never a hang.
 * Deterministic (seeded PRNG) and bounded: about 1,500 inputs, a few seconds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentProblems } from '../../shared/import/turns.js';
import { ImportError, parseFile } from './parse-file.js';
import { makeDocx, makePdf } from './test-support.js';

/** mulberry32: a small, good-enough seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}

const FIXTURES = new URL('../../tests/fixtures/coaching-study/', import.meta.url);
const readDir = (dir: string) =>
  readdirSync(new URL(dir, FIXTURES)).map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(new URL(`${dir}${f}`, FIXTURES))) }));

const enc = (s: string) => new TextEncoder().encode(s);
const SPICE = ['\r', '\n', '\n\n', '-->', ' --> ', ':', ': ', '<v ', '</v>', '"', '\u0000', '\ufeff', 'WEBVTT\n', '00:00:01.000', '  0:00\n', '**', '&amp;', '&#xD800;', '🙂', 'é'].map(enc);

type Rng = ReturnType<typeof prng>;

function mutate(rng: Rng, src: Uint8Array, other: Uint8Array): Uint8Array {
  const b = Array.from(src);
  const rounds = 1 + rng.int(4);
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(b.length + 1);
    switch (rng.int(7)) {
      case 0: // flip bytes
        for (let k = 0; k < 1 + rng.int(8) && b.length > 0; k++) b[rng.int(b.length)] = rng.int(256);
        break;
      case 1: // truncate
        b.length = at;
        break;
      case 2: // insert random bytes
        b.splice(at, 0, ...Array.from({ length: 1 + rng.int(32) }, () => rng.int(256)));
        break;
      case 3: // delete a slice
        b.splice(at, 1 + rng.int(64));
        break;
      case 4: // duplicate a slice
        b.splice(at, 0, ...b.slice(rng.int(b.length + 1), rng.int(b.length + 1)));
        break;
      case 5: // insert a format-relevant token
        b.splice(at, 0, ...rng.pick(SPICE));
        break;
      case 6: // splice in part of another input
        b.splice(at, rng.int(32), ...other.subarray(rng.int(other.length + 1), rng.int(other.length + 1)));
        break;
    }
  }
  return Uint8Array.from(b);
}

const PREFIXES = ['', 'WEBVTT\n\n', '1\n00:00:00,000 --> 00:00:01,000\n', '%PDF-1.4\n', 'PK\u0003\u0004', '\ufeff', 'Interviewer  0:00\n'].map(enc);

async function check(name: string, bytes: Uint8Array, stats: { ok: number; refused: number }) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), 5000);
  });
  const outcome = await Promise.race([
    parseFile(name, bytes, { pdf: { timeoutMs: 4000 } }).then(
      (doc) => ({ doc }),
      (error: unknown) => ({ error }),
    ),
    hang,
  ]);
  clearTimeout(timer);
  const label = `${name} (${bytes.length} bytes: ${Buffer.from(bytes.subarray(0, 48)).toString('hex')}…)`;
  if (outcome === 'hang') throw new Error(`parseFile did not finish within 5 s for ${label}`);
  if ('doc' in outcome) {
    expect(documentProblems(outcome.doc), label).toEqual([]);
    expect(typeof outcome.doc.detected, label).toBe('string');
    stats.ok++;
  } else {
    const err = outcome.error;
    if (!(err instanceof ImportError)) throw new Error(`${label} threw ${String(err)} instead of an ImportError`);
    // an internal bug would surface as a wrapped error: "could not be read (Cannot read properties…)"
    expect(err.message, label).not.toMatch(/^could not be read \(/);
    expect(err.message.length, label).toBeGreaterThan(10);
    stats.refused++;
  }
}

describe('parseFile robustness (fuzz)', () => {
  it('survives random bytes and mutated fixtures', async () => {
    const rng = prng(0x5eed);
    const seeds = [
      ...readDir('transcripts/'),
      ...readDir('edge-cases/'),
      { name: 'made.pdf', bytes: makePdf([{ lines: ['Interviewer: hi', 'Ana: hello'] }, { lines: ['Interviewer: bye'] }]) },
      { name: 'made.docx', bytes: await makeDocx([{ bold: 'Interviewer:', text: ' hi' }, { table: [['0:01', 'Ana', 'hello']] }]) },
      {
        name: 'notes.vtt',
        bytes: enc('WEBVTT\n\nNOTE x\n\nSTYLE\n::cue{}\n\n1\n00:00.000 --> 00:01.000 align:start\n<v A>one &amp; two</v>\n\n00:01.000 --> 00:02.000\n<v B>three</v>\n'),
      },
    ];
    const stats = { ok: 0, refused: 0 };
    const heavy = (name: string) => /\.(pdf|docx)$/.test(name);
    for (const seed of seeds) {
      const rounds = heavy(seed.name) ? 40 : 80;
      for (let i = 0; i < rounds; i++) {
        const other = rng.pick(seeds).bytes;
        await check(seed.name, mutate(rng, seed.bytes, other), stats);
      }
    }
    for (let i = 0; i < 300; i++) {
      const prefix = rng.pick(PREFIXES);
      const body = Uint8Array.from({ length: rng.int(i % 10 === 0 ? 20000 : 600) }, () =>
        // half the inputs are text-like (printable ASCII and line breaks), half fully random
        i % 2 ? rng.int(256) : rng.pick([10, 13, 32, 58, 45, 62, ...Array.from({ length: 60 }, (_, k) => 48 + k)]),
      );
      const bytes = new Uint8Array(prefix.length + body.length);
      bytes.set(prefix);
      bytes.set(body, prefix.length);
      await check(rng.pick(['random.txt', 'random.vtt', 'random.srt', 'random.docx', 'random.pdf', 'random']), bytes, stats);
    }
    // both outcomes were exercised (about 1,500 inputs; ~2–4 s on two cores)
    expect(stats.ok).toBeGreaterThan(100);
    expect(stats.refused).toBeGreaterThan(100);
  }, 30_000);
});
