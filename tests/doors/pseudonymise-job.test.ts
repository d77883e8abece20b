/**
 * Issue 16: a pseudonymised copy (and a re-identified one) as a background job, on a real generated
 * project of 200 documents, through the real dispatcher. Progress comes by documents (pushed
 * `job.progress` events with a count that never moves back); `codes.list` answers while the job
 * runs; the finished copy and key equal what the synchronous `pseudonymise.write` gives; cancelled
 * mid-way (while documents are being written), the job leaves no copy, no key and no temporary file,
 * and the project's file is byte for byte as it was. The same for re-identifying.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProjectFile } from '../../electron/db/connection';
import { readKeyFile } from '../../electron/services/pseudonymise/key';
import type { BackgroundJob, PseudonymiseJob, ReidentifyJob } from '../../shared/types/exchange';
import { projectFileHash } from '../fuzz/project';
import { writeLargeProject } from '../support/large-project';
import { useLargeProjectService } from '../support/project-service';

const DOCUMENTS = 200;
const TERMS = [
  { term: 'manager', pseudonym: '[role]' },
  { term: 'family', pseudonym: '[relation]' },
];
const PASS = 'correct horse battery';

const large = useLargeProjectService({
  prefix: 'weft-pseudo-job-',
  home: 'study.weft',
  open: 'copy',
  write: (folder) => {
    const out = join(folder, 'large.weft');
    writeLargeProject(out, { documents: DOCUMENTS, words: 3000, codings: 60 });
    return out;
  },
});

/** A service with a copy of the large project open, the real dispatcher and a job's pushed steps. */
function start() {
  const { dir, home, call, events, app } = large.start();
  const pushed = (id: string) => events.flatMap((e) => (e.type === 'job.progress' && e.payload.job.id === id ? [e.payload.job] : []));
  return { dir, home, call, pushed, app };
}

/** The files in `dir` besides the data folder and the open project's own (WAL, lock). */
const filesIn = (dir: string, open = 'study.weft') => readdirSync(dir).filter((f) => f !== 'data' && !(f.startsWith(open) && /^(|-wal|-shm|\.lock)$/.test(f.slice(open.length))));

const textsOf = (path: string) => {
  const db = openProjectFile(path, { readonly: true });
  try {
    return {
      documents: db.prepare('SELECT name, text FROM documents ORDER BY id').raw().all(),
      codings: db.prepare('SELECT document_id, code_id, start, "end" FROM codings ORDER BY id').raw().all(),
    };
  } finally {
    db.close();
  }
};

/** Waits until a pushed step of the job says it is writing documents, past its first tenth. */
async function whileWriting(pushed: (id: string) => BackgroundJob[], id: string, what: RegExp) {
  const writing = () => pushed(id).some((j) => what.test(j.current ?? '') && j.done > j.total / 2 + j.total / 20);
  while (!writing()) {
    if (pushed(id).some((j) => j.state !== 'running')) throw new Error('the job ended before it could be cancelled');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('a pseudonymised copy as a background job', () => {
  it('reports progress by documents, lets codes.list answer, and writes what pseudonymise.write writes', async () => {
    const { dir, call, pushed, app } = start();
    const out = join(dir, 'shared.weft');
    const keyPath = join(dir, 'shared.weftkey');
    const job = await call<PseudonymiseJob>('pseudonymise.start', { terms: TERMS, path: out, keyPath, passphrase: PASS });
    expect(job).toMatchObject({ kind: 'pseudonymise', state: 'running' });
    const order: string[] = [];
    const finished = app.importJobs.finished(job.id).then((j) => (order.push('job ended'), j));
    await call('codes.list', {}).then(() => order.push('codes.list answered'));
    const end = (await finished) as PseudonymiseJob;
    expect(order).toEqual(['codes.list answered', 'job ended']);
    expect(end.state).toBe('done');
    // by documents: each of the 200 read, then written; the count never moves back
    expect(end).toMatchObject({ done: 2 * DOCUMENTS, total: 2 * DOCUMENTS });
    const steps = pushed(job.id);
    expect(steps.length).toBeGreaterThan(20);
    expect(steps.some((j) => j.current === 'Reading the texts')).toBe(true);
    expect(steps.some((j) => j.current === 'Writing the pseudonymised copy')).toBe(true);
    const dones = steps.map((j) => j.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(steps.at(-1)).toEqual(await call<BackgroundJob>('jobs.status', { id: job.id }));
    expect(end.result).toMatchObject({ path: out, keyPath, documentsChanged: DOCUMENTS });
    expect(end.result!.replacementsTotal).toBeGreaterThan(DOCUMENTS);
    // the same copy as the synchronous call
    const direct = join(dir, 'direct.weft');
    const sync = await call<{ replacementsTotal: number; codingsMoved: number }>('pseudonymise.write', { terms: TERMS, path: direct, keyPath: join(dir, 'direct.weftkey'), passphrase: PASS });
    expect(end.result).toMatchObject({ replacementsTotal: sync.replacementsTotal, codingsMoved: sync.codingsMoved });
    expect(textsOf(out)).toEqual(textsOf(direct));
    expect(JSON.stringify(textsOf(out).documents)).not.toMatch(/manager|family/i);
    expect(readKeyFile(keyPath, PASS).terms.map((t) => t.term)).toEqual(['manager', 'family']);

    // re-identified as a job from the copy: the original texts and positions, progress by documents
    app.openProject(out);
    const back = join(dir, 'back.weft');
    const rjob = await call<ReidentifyJob>('pseudonymise.startReidentify', { keyPath, passphrase: PASS, path: back });
    const rend = (await app.importJobs.finished(rjob.id)) as ReidentifyJob;
    expect(rend).toMatchObject({ state: 'done', done: DOCUMENTS, total: DOCUMENTS, result: { path: back, documentsRestored: DOCUMENTS } });
    expect(pushed(rjob.id).length).toBeGreaterThan(10);
    expect(textsOf(back)).toEqual(textsOf(join(dir, 'study.weft')));
  }, 120_000);

  it('cancelled while writing documents: no copy, no key, no temporary file, the project unchanged', async () => {
    const { dir, home, call, pushed, app } = start();
    const before = projectFileHash(home);
    const out = join(dir, 'shared.weft');
    const keyPath = join(dir, 'shared.weftkey');
    const job = await call<PseudonymiseJob>('pseudonymise.start', { terms: TERMS, path: out, keyPath, passphrase: PASS });
    await whileWriting(pushed, job.id, /^Writing/);
    const cancelled = await call<BackgroundJob>('jobs.cancel', { id: job.id });
    expect(cancelled.id).toBe(job.id);
    const end = await app.importJobs.finished(job.id);
    expect(end.state).toBe('cancelled');
    expect(end.done).toBeLessThan(end.total);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(keyPath)).toBe(false);
    expect(filesIn(dir)).toEqual([]);
    expect(projectFileHash(home)).toBe(before);
    // the project still answers, and a finished job stays as it ended
    expect((await call<unknown[]>('codes.list', {})).length).toBeGreaterThan(0);
    expect((await call<BackgroundJob>('jobs.cancel', { id: job.id })).state).toBe('cancelled');
  }, 120_000);

  it('refuses at the start what the synchronous call refuses; a re-identification cancelled leaves no file', async () => {
    const { dir, home, call, pushed, app } = start();
    await expect(call('pseudonymise.start', { terms: TERMS, path: home, keyPath: join(dir, 'k.weftkey'), passphrase: PASS })).rejects.toThrow(/the project itself/);
    await expect(call('pseudonymise.start', { terms: TERMS, path: join(dir, 'x.weft'), keyPath: join(dir, 'k.weftkey'), passphrase: 'short' })).rejects.toThrow(/at least 8/);
    expect(filesIn(dir)).toEqual([]);

    const out = join(dir, 'shared.weft');
    const keyPath = join(dir, 'shared.weftkey');
    await call('pseudonymise.write', { terms: TERMS, path: out, keyPath, passphrase: PASS });
    app.openProject(out);
    await expect(call('pseudonymise.startReidentify', { keyPath, passphrase: 'wrong passphrase', path: join(dir, 'never.weft') })).rejects.toThrow(/passphrase/);
    const before = projectFileHash(out);
    const back = join(dir, 'back.weft');
    const job = await call<ReidentifyJob>('pseudonymise.startReidentify', { keyPath, passphrase: PASS, path: back });
    await whileWriting(pushed, job.id, /^Writing/);
    await call('jobs.cancel', { id: job.id });
    expect((await app.importJobs.finished(job.id)).state).toBe('cancelled');
    expect(filesIn(dir, 'shared.weft').sort()).toEqual(['shared.weftkey', 'study.weft']);
    expect(projectFileHash(out)).toBe(before);
  }, 120_000);
});
