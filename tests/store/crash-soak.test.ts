/**
 * SIGKILL soak over the multi-row operations: import batches, .qdpx import, merge, auto-code,
 * theme edits and undo/redo. A child process (soak-worker.ts) repeats one operation against a real
 * project and acknowledges each write on stdout after it committed; it is SIGKILLed at a seeded
 * random moment. Then the project must pass integrity_check and foreign_key_check, hold every
 * acknowledged write, and hold no partial result. Same style as crash-safety.test.ts.
 * WEFT_SOAK_TRIALS (per operation, default 3) and WEFT_SOAK_SEED change the run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleProject } from '../../electron/services/sample/build-sample';
import { importProjectAsNewFile, renderProject } from '../../electron/services/exchange/workflows';
import { projectSummary } from '../../electron/services/summary';
import { ProjectSession } from '../../electron/services/project-session';
import { autoCode } from '../../electron/services/analysis/search';
import { mulberry32 } from '../../shared/agreement/distributions';
import { createCodeStep } from '../../electron/services/coding-workspace';
import { REPO, useTempDir } from '../support/temp';
import { buildSoakProject, soakTranscript, SOAK } from './soak-content';

const tempDir = useTempDir();
const TRIALS = Number(process.env.WEFT_SOAK_TRIALS ?? 3);
const SEED = Number(process.env.WEFT_SOAK_SEED ?? 18);
/** The kill comes at a random moment up to this long after the worker is ready (ms). */
const KINDS = { import: 1500, qdpx: 2500, merge: 2000, autocode: 1000, theme: 800, undo: 800 } as const;
type Kind = keyof typeof KINDS;

// The worker is bundled once (two folders below the repository, so it finds migrations/ and
// better-sqlite3 like dist/cli does): a bundle starts in a fraction of tsx's time.
const WORKER = join(REPO, 'node_modules', '.cache', `weft-soak-worker-${process.pid}.mjs`);
let qdpx = '';
let qdpxSummary: ReturnType<typeof projectSummary>;
let autoCodeWhole = 0;

beforeAll(async () => {
  await build({
    entryPoints: [join(REPO, 'tests/store/soak-worker.ts')],
    outfile: WORKER,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['better-sqlite3'],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
  });
  // A REFI-QDA project made here (the sample study, exported), and what a whole import of it holds.
  const dir = tempDir();
  const sample = buildSampleProject(join(dir, 'sample.weft'), 'Ana');
  qdpx = join(REPO, 'node_modules', '.cache', `weft-soak-${process.pid}.qdpx`);
  writeFileSync(qdpx, renderProject(sample.db, 'Weft soak').bytes);
  sample.close();
  const ref = await importProjectAsNewFile(qdpx, 'study.qdpx', join(dir, 'reference.weft'), 'Soak');
  const s = ProjectSession.open(ref.path, 'Soak', { readonly: true });
  qdpxSummary = projectSummary(s.db);
  s.close();
  // how many codings a whole auto-code run makes on the starting project
  buildSoakProject(join(dir, 'autocode.weft'));
  const a = ProjectSession.open(join(dir, 'autocode.weft'), 'Soak');
  autoCodeWhole = autoCode(a, { query: SOAK.autoCodeWord, codeId: createCodeStep(a.db, { name: 'probe' }).id, scope: 'sentence' }).created;
  a.close();
}, 120_000);

afterAll(() => {
  rmSync(WORKER, { force: true });
  if (qdpx) rmSync(qdpx, { force: true });
});

interface Trial {
  kind: Kind;
  dir: string;
  path: string;
  acks: string[][];
  /** The kill came between `begin` and its `ack`. */
  midOperation: boolean;
}

async function runTrial(kind: Kind, seed: number): Promise<Trial> {
  const dir = tempDir();
  const path = join(dir, 'soak.weft');
  buildSoakProject(path);
  const child = spawn(process.execPath, [WORKER, kind, path, dir, qdpx], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WEFT_DATA_DIR: join(dir, 'data') } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const lines: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  for await (const line of createInterface({ input: child.stdout! })) {
    lines.push(line);
    if (line === 'ready') timer = setTimeout(() => child.kill('SIGKILL'), Math.floor(mulberry32(seed)() * KINDS[kind]));
  }
  clearTimeout(timer);
  const signal = await exited;
  expect(signal, `the ${kind} worker ended by itself: ${stderr}`).toBe('SIGKILL');
  const acks = lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' ').slice(2));
  return { kind, dir, path, acks, midOperation: lines[lines.length - 1]!.startsWith('begin ') };
}

function checkFile(path: string): Database.Database {
  const db = new Database(path, { readonly: true });
  expect(db.pragma('integrity_check', { simple: true }), path).toBe('ok');
  expect(db.pragma('foreign_key_check'), path).toEqual([]);
  return db;
}

const count = (db: Database.Database, sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;
const acked = (t: Trial, i: number, what?: string) => t.acks.some(([n, w]) => Number(n) === i && (what === undefined || w === what));
const iterations = (t: Trial) => Math.max(-1, ...t.acks.map(([n]) => Number(n))) + 2; // the last acked one, and the one in flight

/** Every acknowledged write is there, and each operation is wholly there or wholly absent. */
const VERIFY: Record<Kind, (t: Trial, db: Database.Database) => void> = {
  import(t, db) {
    const turns = db.prepare('SELECT count(*) FROM turns WHERE document_id = ?').pluck();
    const docs = db.prepare("SELECT id, name, text FROM documents WHERE name LIKE 'b%'").all() as { id: number; name: string; text: string }[];
    const whole = turns.get(db.prepare("SELECT id FROM documents WHERE name = 'base'").pluck().get()) as number;
    for (const d of docs) {
      // a document is whole: all its text and all its turns (files commit one at a time, in order)
      expect(d.text.replace(/\r\n/g, '\n').trim(), d.name).toBe(soakTranscript(d.name).trim());
      expect(turns.get(d.id), d.name).toBe(whole);
    }
    const names = new Set(docs.map((d) => d.name));
    for (const [, file] of t.acks) expect(names.has(file!.replace(/\.txt$/, '')), `acknowledged ${file}`).toBe(true);
    for (let i = 0; i < iterations(t); i++) {
      const present = [...Array(SOAK.batchFiles).keys()].map((j) => names.has(`b${i}-${j}`));
      expect(present.join(), `batch ${i} is a prefix of its files`).toBe([...present].sort().reverse().join());
    }
  },
  qdpx(t) {
    for (const [, file] of t.acks) expect(existsSync(join(t.dir, file!)), `acknowledged ${file}`).toBe(true);
    for (const f of readdirSync(t.dir).filter((n) => /^imported-\d+\.weft$/.test(n))) {
      const db = checkFile(join(t.dir, f));
      db.close();
      const s = ProjectSession.open(join(t.dir, f), 'Soak', { readonly: true });
      expect(projectSummary(s.db), `${f} is a whole import`).toEqual(qdpxSummary);
      s.close();
    }
  },
  merge(t, db) {
    for (let i = 0; i < iterations(t); i++) {
      const docs = count(db, 'SELECT count(*) FROM documents WHERE name LIKE ?', `m${i}-%`);
      const codings = count(db, 'SELECT count(*) FROM codings c JOIN documents d ON d.id = c.document_id WHERE d.name LIKE ?', `m${i}-%`);
      const merges = count(db, 'SELECT count(*) FROM merges WHERE source_name = ?', `copy-${i}.weft`);
      const whole = [SOAK.mergeDocuments, SOAK.mergeDocuments * SOAK.mergeCodingsPerDocument, 1];
      expect([docs, codings, merges], `merge ${i}`).toEqual(docs === 0 && !acked(t, i) ? [0, 0, 0] : whole);
    }
  },
  autocode(t, db) {
    for (let i = 0; i < iterations(t); i++) {
      const codings = count(db, 'SELECT count(*) FROM codings c JOIN codes k ON k.id = c.code_id WHERE k.name = ?', `auto-${i}`);
      expect(codings, `auto-code ${i} is all or nothing`).toBe(acked(t, i) || codings > 0 ? autoCodeWhole : 0);
    }
    for (const [, created] of t.acks) expect(Number(created)).toBe(autoCodeWhole);
    expect(autoCodeWhole).toBeGreaterThan(1);
  },
  theme(t, db) {
    const theme = db.prepare('SELECT id, definition FROM themes WHERE name = ?');
    const codes = db.prepare('SELECT count(*) FROM theme_codes WHERE theme_id = ?').pluck();
    for (let i = 0; i < iterations(t); i++) {
      const a = theme.get(`A${i}`) as { id: number; definition: string } | undefined;
      const b = theme.get(`B${i}`) as { id: number } | undefined;
      if (acked(t, i, 'create-a')) expect(a, `A${i}`).toBeDefined();
      if (!a) {
        expect(b, `B${i} without A${i}`).toBeUndefined();
        continue;
      }
      const aCodes = codes.get(a.id) as number;
      if (b) expect([aCodes, codes.get(b.id)], `A${i}, B${i} before their merge`).toEqual([2, 1]);
      else expect(aCodes, `A${i}: created whole, or merged whole`).toBe(acked(t, i, 'create-b') || aCodes === 3 ? 3 : 2);
      if (acked(t, i, 'merge')) expect(b, `B${i} merged`).toBeUndefined();
      if (acked(t, i, 'update')) expect(a.definition).toBe(`definition ${i}`);
    }
  },
  undo(t, db) {
    for (let i = 0; i < iterations(t); i++) {
      const code = count(db, 'SELECT count(*) FROM codes WHERE name = ?', `U${i}`);
      const codings = count(db, 'SELECT count(*) FROM codings c JOIN codes k ON k.id = c.code_id WHERE k.name = ?', `U${i}`);
      expect([code, codings], `step ${i} done or undone whole`).toEqual(code ? [1, SOAK.undoCodings] : [0, 0]);
      if (acked(t, i, 'redo')) expect(code, `step ${i} redone`).toBe(1);
    }
  },
};

describe('SIGKILL soak', () => {
  it(`import batches, .qdpx import, merge, auto-code, theme edits, undo/redo: ${TRIALS} trials each`, async () => {
    const kinds = Object.keys(KINDS) as Kind[];
    const jobs = kinds.flatMap((kind, k) => Array.from({ length: TRIALS }, (_, n) => ({ kind, seed: SEED * 1000 + k * 100 + n })));
    const trials: Trial[] = [];
    // two at a time: the machine has two cores
    for (let i = 0; i < jobs.length; i += 2) trials.push(...(await Promise.all(jobs.slice(i, i + 2).map((j) => runTrial(j.kind, j.seed)))));
    let acks = 0;
    for (const t of trials) {
      const db = checkFile(t.path);
      VERIFY[t.kind](t, db);
      db.close();
      acks += t.acks.length;
    }
    const litter = trials.filter((t) => t.kind === 'qdpx').reduce((n, t) => n + readdirSync(t.dir).filter((f) => f.includes('.importing-')).length, 0);
    const line = kinds.map((k) => {
      const of = trials.filter((t) => t.kind === k);
      return `${k} ${of.length} (${of.filter((t) => t.midOperation).length} mid-operation, ${of.reduce((n, t) => n + t.acks.length, 0)} acks)`;
    });
    console.log(`SIGKILL soak (seed ${SEED}): ${trials.length} trials — ${line.join(', ')}; ${acks} acknowledged writes all present, no partial result; ${litter} temporary import files left by killed .qdpx imports`);
    expect(acks).toBeGreaterThan(0);
  }, 240_000);
});
