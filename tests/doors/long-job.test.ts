/**
 * A long .qdpx job runs off the service's thread: through the real dispatcher, while a large .qdpx
 * is imported as a new project (in a worker thread), `codes.list` on the open project answers
 * before the job ends; cancelling leaves no project file, no temporary file and the open project
 * as it was; a finished job's project equals what the synchronous import gives; the .qdpx export
 * as a job writes the same archive as the synchronous one, and cancelled writes nothing. The
 * preview (a dry run of the whole import) also runs in a worker thread.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackgroundJob, ExchangeJob, ProjectImportJob } from '../../shared/types/exchange';
import { openProjectFile } from '../../electron/db/connection';
import { openQdpx } from '../../electron/refi/qdpx';
import { previewProjectImport } from '../../electron/services/exchange/workflows';
import { projectFileHash } from '../fuzz/project';
import { writeLargeQdpx } from '../support/large-project';
import { useLargeProjectService } from '../support/project-service';

/** A new empty project open in each test (home.weft); the large .qdpx (120 documents) is made once, to import. */
const { large: qdpx, start } = useLargeProjectService({
  prefix: 'weft-long-job-',
  home: 'home.weft',
  open: 'new',
  write: (folder) => {
    const out = join(folder, 'large.qdpx');
    writeLargeQdpx(join(folder, 'source.weft'), out, { documents: 120, words: 3000, codings: 60 });
    return out;
  },
});

/** The files in `dir` other than the data folder and the companions of the project file `open` (WAL, lock). */
const filesIn = (dir: string, open = 'home.weft') =>
  readdirSync(dir).filter((f) => f !== 'data' && f !== open && !(f.startsWith(open) && /^(-wal|-shm|\.lock)$/.test(f.slice(open.length))));

const hashOf = projectFileHash;

/** What two projects hold, ignoring what differs by construction (ids of the project, times of creation). */
function contentOf(path: string) {
  const db = openProjectFile(path, { readonly: true });
  try {
    const q = (sql: string) => db.prepare(sql).raw().all();
    return {
      documents: q('SELECT name, text FROM documents ORDER BY id'),
      codes: q('SELECT name, parent_id FROM codes ORDER BY id'),
      codings: q('SELECT document_id, code_id, start, "end" FROM codings ORDER BY id'),
    };
  } finally {
    db.close();
  }
}

describe('a .qdpx import as a background job', () => {
  it('codes.list answers while the job runs; the finished project equals the synchronous import', async () => {
    const { dir, call, events, app } = start();
    const order: string[] = [];
    const target = join(dir, 'imported.weft');
    const job = await call<ProjectImportJob>('exchange.startProjectImport', { source: qdpx(), target });
    expect(job).toMatchObject({ kind: 'projectImport', state: 'running' });
    const finished = app.importJobs.finished(job.id).then((j) => (order.push('job ended'), j));
    const codes = call<unknown[]>('codes.list', {}).then((c) => (order.push('codes.list answered'), c));
    const [end] = await Promise.all([finished, codes]);
    expect(order).toEqual(['codes.list answered', 'job ended']);
    // progress by documents: each of the 120 read and written in one pass (shown as the writing step: 120 + 120 of 240); the bar never moves back
    expect(end).toMatchObject({ kind: 'projectImport', state: 'done', done: 240, total: 240 });
    const result = (end as ProjectImportJob).result!;
    expect(result.path).toBe(target);
    expect(result.imported.documents).toBe(120);
    // pushed: the steps and the end, as jobs.status answers
    const pushed = events.filter((e) => e.type === 'job.progress' && e.payload.job.id === job.id);
    expect(pushed.length).toBeGreaterThan(10);
    const dones = pushed.map((e) => (e.type === 'job.progress' ? e.payload.job.done : -1));
    expect(dones).toEqual([...dones].sort((x, y) => x - y));
    expect(pushed.at(-1)).toEqual({ type: 'job.progress', payload: { kind: 'projectImport', job: await call<BackgroundJob>('jobs.status', { id: job.id }) } });
    // the same project as the synchronous import (not opened by the job: the open project stays)
    expect(app.current().path).toBe(join(dir, 'home.weft'));
    const direct = join(dir, 'direct.weft');
    await call('exchange.importProjectAsNew', { source: qdpx(), target: direct });
    expect(contentOf(target)).toEqual(contentOf(direct));
    expect(filesIn(dir, 'direct.weft').sort()).toEqual(['home.weft', 'imported.weft']);
  });

  it('cancelled: no project file, no temporary file, the open project unchanged', async () => {
    const { dir, home, call, events, app } = start();
    await call('codes.create', { name: 'Existing code' });
    const before = hashOf(home);
    const target = join(dir, 'cancelled.weft');
    const job = await call<ProjectImportJob>('exchange.startProjectImport', { source: qdpx(), target });
    const codes = await call<{ name: string }[]>('codes.list', {});
    expect(codes.map((c) => c.name)).toEqual(['Existing code']);
    // cancelled while the worker writes the new file (the archive has been read)
    const writing = () => events.some((e) => e.type === 'job.progress' && e.payload.job.id === job.id && /^Writing/.test(e.payload.job.current ?? ''));
    while (!writing()) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 200));
    expect((await call<BackgroundJob>('jobs.status', { id: job.id })).state).toBe('running');
    const cancelled = await call<BackgroundJob>('jobs.cancel', { id: job.id });
    expect(cancelled.id).toBe(job.id);
    const end = await app.importJobs.finished(job.id);
    expect(end.state).toBe('cancelled');
    expect(existsSync(target)).toBe(false);
    expect(filesIn(dir)).toEqual([]);
    expect(hashOf(home)).toBe(before);
    // a finished job stays as it ended
    expect((await call<BackgroundJob>('jobs.cancel', { id: job.id })).state).toBe('cancelled');
  });

  it('refuses an existing target at the start, and a broken archive ends failed with no file', async () => {
    const { dir, home, call, app } = start();
    await expect(call('exchange.startProjectImport', { source: qdpx(), target: home })).rejects.toThrow(/already exists/);
    const broken = join(dir, 'broken.qdpx');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(broken, readFileSync(qdpx()).subarray(0, 5000));
    const job = await call<ExchangeJob>('exchange.startProjectImport', { source: broken, target: join(dir, 'never.weft') });
    const end = await app.importJobs.finished(job.id);
    expect(end.state).toBe('failed');
    expect(end.error?.code).not.toBe('INTERNAL');
    expect(filesIn(dir)).toEqual(['broken.qdpx']);
  });
});

describe('the preview of a .qdpx import (a worker thread too)', () => {
  it('answers as the in-process dry run does, and codes.list answers before it', async () => {
    const { call, app } = start();
    const order: string[] = [];
    const preview = call('exchange.previewProject', { source: qdpx() }).then((p) => (order.push('preview'), p));
    await call('codes.list', {}).then(() => order.push('codes.list'));
    expect(await preview).toEqual(await previewProjectImport(qdpx(), 'large.qdpx', app.settings.get().coderName));
    expect(order).toEqual(['codes.list', 'preview']);
  });
});

describe('a .qdpx export as a background job', () => {
  it('writes the same archive as exchange.exportProject; cancelled, it writes nothing', async () => {
    const { dir, call, app } = start();
    await call('exchange.importProjectAsNew', { source: qdpx(), target: join(dir, 'big.weft') });
    const out = join(dir, 'out.qdpx');
    const job = await call<ExchangeJob>('exchange.startProjectExport', { path: out });
    const order: string[] = [];
    const finished = app.importJobs.finished(job.id).then((j) => (order.push('job ended'), j));
    await call('codes.list', {}).then(() => order.push('codes.list answered'));
    const end = await finished;
    expect(order).toEqual(['codes.list answered', 'job ended']);
    expect(end).toMatchObject({ state: 'done', result: { path: out, fileName: 'out.qdpx', format: 'qdpx', items: 120 } });
    const sync = join(dir, 'sync.qdpx');
    await call('exchange.exportProject', { path: sync });
    const entries = (path: string) => [...openQdpx(readFileSync(path)).entryNames].sort();
    expect(entries(out)).toEqual(entries(sync));

    const again = await call<ExchangeJob>('exchange.startProjectExport', { path: join(dir, 'never.qdpx') });
    await call('jobs.cancel', { id: again.id });
    expect((await app.importJobs.finished(again.id)).state).toBe('cancelled');
    expect(filesIn(dir, 'big.weft').sort()).toEqual(['home.weft', 'out.qdpx', 'sync.qdpx']);
  });
});

describe('shutting the service down', () => {
  it('stops a running .qdpx job: no project file, no temporary file', async () => {
    const { dir, call, app, shutDown } = start();
    const target = join(dir, 'at-shutdown.weft');
    const job = await call<ProjectImportJob>('exchange.startProjectImport', { source: qdpx(), target });
    shutDown();
    expect((await app.importJobs.finished(job.id)).state).toBe('cancelled');
    expect(readdirSync(dir).filter((f) => !f.startsWith('home.weft') && f !== 'data')).toEqual([]);
  });
});
