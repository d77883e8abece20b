/**
 * A full disk: the failed change gets a plain message, every acknowledged change survives, and the
 * project can still be saved elsewhere. Simulated with PRAGMA max_page_count (SQLITE_FULL), and for
 * real on a 2 MB tmpfs when this machine lets the test mount one (root on Linux).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { createDispatcher } from '../../ipc/dispatch';
import { DISK_FULL_MESSAGE } from '../../db/disk-full';
import { AppService } from '../app-service';

const tempDir = useTempDir();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function start(dataDir: string) {
  const app = new AppService({ host: 'cli', dataDir });
  cleanups.push(() => app.shutdown());
  const dispatch = createDispatcher(app.handlers, () => undefined);
  return { app, dispatch };
}

/** Writes memos of `size` characters until the disk is full; returns the bodies acknowledged. */
async function fillUp(dispatch: ReturnType<typeof createDispatcher>, size: number) {
  const acknowledged: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const body = `memo ${i} `.padEnd(size, String.fromCharCode(97 + (i % 26)));
    const r = await dispatch('memos.create', { target: { kind: 'project' }, body });
    if (!r.ok) return { acknowledged, error: r.error };
    acknowledged.push(body);
  }
  throw new Error('the disk never filled up');
}

const memoBodies = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT body FROM memos ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
};

describe('disk full', () => {
  it('SQLITE_FULL: a clear message, nothing acknowledged lost, and a copy can be saved elsewhere', async () => {
    const dir = tempDir();
    const { app, dispatch } = start(join(dir, 'data'));
    const path = join(dir, 'study.weft');
    await dispatch('project.create', { path });
    const db = app.current().db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 40}`);

    const { acknowledged, error } = await fillUp(dispatch, 20_000);
    expect(acknowledged.length).toBeGreaterThan(3);
    expect(error).toEqual({ code: 'DISK_FULL', message: DISK_FULL_MESSAGE });
    // The project still answers, and holds every acknowledged memo.
    const listed = await dispatch('memos.list', {});
    expect(listed.ok && (listed.value as unknown[]).length).toBe(acknowledged.length);

    const copy = join(dir, 'elsewhere', 'study copy.weft');
    mkdirSync(join(dir, 'elsewhere'));
    const saved = await dispatch('project.saveCopyAs', { path: copy });
    expect(saved.ok).toBe(true);
    expect(memoBodies(copy)).toEqual(acknowledged);

    await dispatch('project.close', {});
    expect(memoBodies(path)).toEqual(acknowledged);
  });

  it('a full file system (2 MB tmpfs): the same, for real', async (ctx) => {
    const dir = tempDir();
    const mount = join(dir, 'small-disk');
    mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount], { stdio: 'pipe' });
    } catch (err) {
      console.warn(`skipped: cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]}); the max_page_count test covers SQLITE_FULL`);
      ctx.skip();
      return;
    }
    cleanups.push(() => execFileSync('umount', ['-l', mount]));
    const { dispatch } = start(join(dir, 'data'));
    const path = join(mount, 'study.weft');
    await dispatch('project.create', { path });

    const { acknowledged, error } = await fillUp(dispatch, 50_000);
    expect(acknowledged.length).toBeGreaterThan(3);
    expect(error).toEqual({ code: 'DISK_FULL', message: DISK_FULL_MESSAGE });

    const copy = join(dir, 'study copy.weft');
    const saved = await dispatch('project.saveCopyAs', { path: copy });
    expect(saved.ok).toBe(true);
    expect(memoBodies(copy)).toEqual(acknowledged);

    await dispatch('project.close', {});
    expect(memoBodies(path)).toEqual(acknowledged);
  });
});
