/**
 * Opening a project whose last close was clean does not read the whole file first: the integrity
 * check runs in the background after opening, and damage is still reported — pushed to the window
 * as `project.damaged`. After an unclean close (a lock left behind by a process that is gone) the
 * check comes before use, and a damaged file is refused as before. Real project files, damaged on
 * disk by the test.
 */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import type { ApiEvent } from '../../shared/api/events';
import { lockPathOf } from '../db/project-lock';
import { AppService } from './app-service';
import { createDispatcher } from '../ipc/dispatch';

const tempDir = useTempDir();
let apps: AppService[] = [];
afterEach(() => {
  for (const a of apps) a.shutdown();
  apps = [];
});

const service = (host: 'browser' | 'cli' = 'browser') => {
  const app = new AppService({ host, dataDir: tempDir() });
  apps.push(app);
  return app;
};

/** A project with enough text to fill many pages, closed cleanly; returns its path and a page of its documents' rows. */
async function cleanProject(): Promise<{ path: string; page: number; pageSize: number }> {
  const app = service();
  const path = join(tempDir(), 'study.weft');
  app.createProject(path);
  const files = Array.from({ length: 40 }, (_, i) => ({
    name: `interview-${i}.txt`,
    base64: Buffer.from(Array.from({ length: 200 }, (_, j) => `P${i}: line ${j} of a long answer about workload and support.`).join('\n')).toString('base64'),
  }));
  const imported = await createDispatcher(app.handlers, () => {})('documents.importFiles', { files });
  expect(imported.ok).toBe(true);
  app.closeProject();
  const db = new Database(path, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  // a leaf page of the turns table, far from the schema and project_meta
  const page = db.prepare("SELECT max(pageno) FROM dbstat WHERE name = 'turns' AND pagetype = 'leaf'").pluck().get() as number;
  db.close();
  return { path, page, pageSize };
}

function damage(path: string, page: number, pageSize: number) {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

describe('the integrity check after a clean close', () => {
  it('opens a damaged file at once and reports the damage through the pushed events', async () => {
    const { path, page, pageSize } = await cleanProject();
    damage(path, page, pageSize);
    const app = service();
    const damaged = new Promise<Extract<ApiEvent, { type: 'project.damaged' }>['payload']>((resolve) =>
      app.onEvent((e) => e.type === 'project.damaged' && resolve(e.payload)),
    );
    const info = app.openProject(path);
    expect(info.path).toBe(path);
    expect(app.current().integrityPending).toBe(true);
    const reported = await damaged;
    expect(reported.path).toBe(path);
    expect(reported.message).toMatch(/is damaged .*restore a backup/i);
    expect(reported.problems.length).toBeGreaterThan(0);
  });

  it('after an unclean close (a lock left by a process that is gone) checks before use and refuses a damaged file', async () => {
    const { path, page, pageSize } = await cleanProject();
    damage(path, page, pageSize);
    const before = readFileSync(path);
    // what a Weft that crashed leaves behind: its lock, naming a process that no longer runs
    writeFileSync(lockPathOf(path), JSON.stringify({ pid: 2 ** 22 + 12345, hostname: hostname(), door: 'app', user: 'x', startedAt: new Date().toISOString(), token: 't' }));
    const app = service();
    expect(() => app.openProject(path)).toThrow(/is damaged.*(was not opened|was not changed)/i);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('the command line checks before use', async () => {
    const { path, page, pageSize } = await cleanProject();
    damage(path, page, pageSize);
    expect(() => service('cli').openProject(path)).toThrow(/is damaged.*(was not opened|was not changed)/i);
  });

  it('a whole file opens with its check pending and reports nothing; the file that is not a project is still refused unchanged', async () => {
    const { path } = await cleanProject();
    const app = service();
    const events: ApiEvent[] = [];
    app.onEvent((e) => void events.push(e));
    app.openProject(path);
    expect(app.current().integrityPending).toBe(true);
    // the documents are there (what the window asks first)
    expect((app.handlers['documents.list']({}) as unknown[]).length).toBe(40);
    app.closeProject();
    expect(events.filter((e) => e.type === 'project.damaged')).toEqual([]);

    const other = join(tempDir(), 'other.weft');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (body TEXT); PRAGMA journal_mode = WAL;');
    db.close();
    const bytes = readFileSync(other);
    expect(() => service().openProject(other)).toThrow(/not a Weft project/);
    expect(readFileSync(other).equals(bytes)).toBe(true);
  });
});
