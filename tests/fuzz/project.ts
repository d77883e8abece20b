/**
 * A real AppService on a temporary project, reached through the real dispatcher, and the check
 * every fuzz input goes through: the call ends in time with a result or a typed refusal (a known
 * error code, never INTERNAL), and a refusal leaves every table of the project as it was.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { isErrorCode } from '../../shared/api/errors';
import type { Result } from '../../shared/api/result';
import { createDispatcher, type Dispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import { openProjectFile, type DB } from '../../electron/db/connection';
import type { FuzzStats } from './mutator';

/** How long one input may take (generous: two shared cores, several test files at once). */
export const INPUT_TIME_LIMIT_MS = Number(process.env.WEFT_FUZZ_INPUT_MS) || 15_000;

/** `projectHash` of the project file at `path` (opened read-only). */
export function projectFileHash(path: string): string {
  const db = openProjectFile(path, { readonly: true });
  try {
    return projectHash(db);
  } finally {
    db.close();
  }
}

/** A hash of every row of every table (in rowid order), to prove a refusal changed nothing. */
export function projectHash(db: DB): string {
  const h = createHash('sha256');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  for (const t of tables) {
    h.update(`\u0000table ${t}\u0000`);
    const rows = db.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}"`).raw().all() as unknown[][];
    h.update(JSON.stringify(rows, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? `${v}n` : v)));
  }
  return h.digest('hex');
}

export interface FuzzProject {
  dir: string;
  service: AppService;
  dispatch: Dispatcher;
  /** The project every call should leave open (calls that open another one are followed by reopening it). */
  home: string;
  close(): void;
}

export function openFuzzProject(): FuzzProject {
  const dir = mkdtempSync(join(tmpdir(), 'weft-fuzz-'));
  const service = new AppService({ host: 'cli', dataDir: join(dir, 'data') });
  const home = join(dir, 'home.weft');
  service.createProject(home);
  const internal: unknown[] = [];
  const dispatch = createDispatcher(service.handlers, (_msg, err) => internal.push(err));
  return {
    dir,
    service,
    dispatch,
    home,
    close() {
      service.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const short = (v: unknown) => {
  const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' && x.length > 200 ? `${x.slice(0, 200)}…(${x.length})` : x));
  return s && s.length > 600 ? `${s.slice(0, 600)}…` : s;
};

/**
 * Calls `method` through the dispatcher and checks the outcome; returns the envelope. A refusal
 * must carry a known, non-INTERNAL code and leave the open project's tables unchanged.
 */
export async function callChecked(p: FuzzProject, method: string, payload: unknown, stats: FuzzStats, label = ''): Promise<Result<unknown>> {
  const before = p.service.currentOrNull();
  const hash = before ? projectHash(before.db) : null;
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), INPUT_TIME_LIMIT_MS);
  });
  const outcome = await Promise.race([p.dispatch(method, payload), hang]);
  clearTimeout(timer);
  const what = `${method} ${label} ${short(payload)}`;
  if (outcome === 'hang') throw new Error(`${what} did not end within ${INPUT_TIME_LIMIT_MS} ms`);
  const elapsed = performance.now() - started;
  expect(elapsed, `${what} took ${Math.round(elapsed)} ms`).toBeLessThan(INPUT_TIME_LIMIT_MS);
  if (process.env.WEFT_FUZZ_VERBOSE) console.log(`${outcome.ok ? 'ok ' : `${outcome.error.code} ${outcome.error.message.slice(0, 120)}`} ← ${what.slice(0, 200)}`);
  if (outcome.ok) {
    stats.ok++;
  } else {
    stats.refused++;
    expect(isErrorCode(outcome.error.code), `${what}: unknown error code ${outcome.error.code}`).toBe(true);
    expect(outcome.error.code, `${what} failed with an internal error: ${outcome.error.message}`).not.toBe('INTERNAL');
    expect(outcome.error.message.length, what).toBeGreaterThan(10);
    const after = p.service.currentOrNull();
    if (before && after === before) expect(projectHash(after.db), `${what} was refused but changed the project`).toBe(hash);
  }
  // a call that opened another project (import as new, open, create): go back to the home project
  if (p.service.currentOrNull()?.path !== p.home) p.service.openProject(p.home);
  return outcome;
}

export const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
