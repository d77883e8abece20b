/**
 * Two doors on one project: real AppService instances (as the app and browser mode run them), the
 * real `weft` binary and other SQLite connections, on one temporary project file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api/events';
import { API_METHODS, contract } from '../../shared/api/contract';
import type { ApiErrorShape } from '../../shared/api/errors';
import type { ImportJob, ProjectInfo } from '../../shared/types/entities';
import { lockPathOf } from '../../electron/db/project-lock';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import { updateCode } from '../../electron/services/codes';
import { createHash } from 'node:crypto';
import type { SyncConflict, SyncStatus } from '../../shared/sync/status';
import { makeTeam, OrderedLog } from '../sync/team';
import { REPO, useTempDir } from '../support/temp';

const tempDir = useTempDir();
let services: AppService[] = [];
afterEach(() => {
  for (const s of services) s.shutdown();
  services = [];
});

/** One door: an AppService and the dispatcher the window talks to. */
function door(host: 'electron' | 'browser' = 'browser') {
  const service = new AppService({ host, dataDir: join(tempDir(), 'data') });
  services.push(service);
  const dispatch = createDispatcher(service.handlers, () => undefined);
  const call = async <T = unknown>(method: string, input: unknown = {}): Promise<T> => {
    const r = await dispatch(method, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { shape: r.error });
    return r.value as T;
  };
  const fails = async (method: string, input: unknown = {}): Promise<ApiErrorShape> => {
    const r = await dispatch(method, input);
    if (r.ok) throw new Error(`${method} succeeded`);
    return r.error;
  };
  return { service, call, fails };
}

function weft(args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'cli-data') },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const transcript = (i: number) => `Interviewer: Question ${i}?\nParticipant ${i}: ${'An answer that goes on for a while. '.repeat(150)}`;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('two doors on one project', () => {
  it('the second door opens read-only naming the holder and refuses every change; the lock goes on close', async () => {
    const path = join(tempDir(), 'study.weft');
    const a = door('electron');
    const info = await a.call<ProjectInfo>('project.create', { path });
    expect(info.readOnly).toBeNull();
    const lock = JSON.parse(readFileSync(lockPathOf(path), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, hostname: hostname(), door: 'app' });
    expect(typeof lock.user).toBe('string');
    expect(Number.isNaN(Date.parse(lock.startedAt))).toBe(false);
    await a.call('codes.create', { name: 'Trust' });

    const b = door('browser');
    const second = await b.call<ProjectInfo>('project.open', { path });
    expect(second.readOnly).toMatchObject({ reason: 'in-use', holder: { pid: process.pid, hostname: hostname(), door: 'app' } });
    expect(second.readOnly!.message).toMatch(new RegExp(`^Open in Weft on ${hostname()} \\(process ${process.pid}\\).* since \\d\\d:\\d\\d on \\d{4}-\\d\\d-\\d\\d — read-only here\\.$`));
    // Reading works; changing is refused, clearly, and changes nothing.
    expect((await b.call<{ name: string }[]>('codes.list')).map((c) => c.name)).toEqual(['Trust']);
    for (const [method, input] of [
      ['codes.create', { name: 'Doubt' }],
      ['memos.create', { target: { kind: 'project' }, body: 'note' }],
      ['themes.create', { name: 'Belonging' }],
      ['undo.undo', {}],
    ] as const) {
      const error = await b.fails(method, input);
      expect(error.code).toBe('READ_ONLY');
      expect(error.message).toMatch(/Open in Weft on .* — read-only here\. Nothing was changed\./);
    }
    expect((await a.call<{ name: string }[]>('codes.list')).map((c) => c.name)).toEqual(['Trust']);

    // The holder closes: its lock goes, and the second door can now open the project for changes.
    await a.call('project.close');
    expect(existsSync(lockPathOf(path))).toBe(false);
    const again = await b.call<ProjectInfo>('project.open', { path });
    expect(again.readOnly).toBeNull();
    await b.call('codes.create', { name: 'Doubt' });
    b.service.shutdown();
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('every method the contract does not declare as a change works in a read-only session', async () => {
    const path = join(tempDir(), 'study.weft');
    const a = door('electron');
    await a.call('project.create', { path });
    await a.call('documents.importFiles', { files: [{ name: 'interview.txt', base64: b64(transcript(1)) }] });
    await a.call('codes.create', { name: 'Trust' });
    const b = door('browser');
    expect((await b.call<ProjectInfo>('project.open', { path })).readOnly).not.toBeNull();
    const reads = API_METHODS.filter((m) => !contract[m].mutates && !m.startsWith('project.') && contract[m].input.safeParse({}).success);
    expect(reads.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const method of reads) {
      const r = await createDispatcher(b.service.handlers, () => undefined)(method, {});
      if (!r.ok && (r.error.code === 'READ_ONLY' || r.error.code === 'INTERNAL')) problems.push(`${method}: ${r.error.message}`);
    }
    expect(problems).toEqual([]);
  });

  it('a read-only door of a synced project reads its sync status, conflict list and server link, writing nothing', async () => {
    // a synced file with a change waiting and a conflict (Ben overwrote Ana's definition unseen)
    const server = new OrderedLog();
    const [ana, ben] = makeTeam(tempDir(), 2, server);
    const url = 'http://127.0.0.1:9';
    ana!.replica.enable({ ...ana!.replica.link()!, serverUrl: url });
    const care = (db: Database.Database) => db.prepare("SELECT id FROM codes WHERE name = 'Care'").pluck().get() as number;
    updateCode(ana!.db, care(ana!.db), { definition: 'Ana’s' });
    server.push(ana!.replica.pending());
    ana!.replica.markPushed(ana!.replica.pending().map((o) => o.id));
    updateCode(ben!.db, care(ben!.db), { definition: 'Ben’s' });
    server.push(ben!.replica.pending());
    ana!.replica.applyRemote(server.after(ana!.replica.link()!.lastSeq));
    updateCode(ana!.db, care(ana!.db), { color: '#123456' }); // waiting
    const path = ana!.db.name;
    ana!.db.close();
    ben!.db.close();

    const a = door('electron');
    await a.call('project.open', { path });
    const b = door('browser');
    expect((await b.call<ProjectInfo>('project.open', { path })).readOnly).not.toBeNull();
    const held = await a.call<SyncStatus>('sync.status');
    const files = () => [path, `${path}-wal`].map((f) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : null));
    const before = files();

    const status = await b.call<SyncStatus>('sync.status');
    expect(status).toMatchObject({ linked: true, serverUrl: url, pending: held.pending, conflicts: 1 });
    expect(status.pending).toBeGreaterThan(0);
    const conflicts = await b.call<SyncConflict[]>('sync.conflicts', { includeRestored: true });
    expect(conflicts).toMatchObject([{ field: 'definition', lostValue: 'Ana’s', keptValue: 'Ben’s', restored: false }]);
    // the server's member list is not the file: asked of the server the link names (not there: unreachable, not refused as read-only)
    expect((await b.fails('sync.setMember', { user: 'carl', role: 'viewer' })).code).not.toBe('READ_ONLY');
    expect((await b.fails('sync.restoreConflict', { id: conflicts[0]!.id })).code).toBe('READ_ONLY');
    expect(files()).toEqual(before);
  });

  it('a CLI write while the app holds the project is refused with one line and exit status 75; reading works', async () => {
    const dir = tempDir();
    const path = join(dir, 'study.weft');
    const a = door('electron');
    await a.call('project.create', { path });
    const file = join(dir, 'interview.txt');
    writeFileSync(file, transcript(1));

    const refused = weft(['import', path, file]);
    expect(refused.code).toBe(75);
    const lines = refused.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^weft import: “study\\.weft” is in use: Open in Weft on ${hostname()} \\(process ${process.pid}\\).*Nothing was changed`));
    expect(refused.err).not.toMatch(/\n\s+at /);
    expect(await a.call<unknown[]>('documents.list')).toEqual([]);

    const summary = weft(['summary', path, '--json']);
    expect(summary.code).toBe(0);
    expect(JSON.parse(summary.out)).toMatchObject({ documents: 0 });

    await a.call('project.close');
    const ok = weft(['import', path, file]);
    expect(ok.code).toBe(0);
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('takes over a stale lock (same machine, process gone) and respects a lock from another machine', async () => {
    const dir = tempDir();
    const path = join(dir, 'study.weft');
    const a = door();
    await a.call('project.create', { path });
    await a.call('project.close');

    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(lockPathOf(path), JSON.stringify({ pid: gone, hostname: hostname(), door: 'app', user: 'ana', startedAt: '2026-01-05T09:00:00Z', token: 't' }));
    const taken = await a.call<ProjectInfo>('project.open', { path });
    expect(taken.readOnly).toBeNull();
    expect(JSON.parse(readFileSync(lockPathOf(path), 'utf8'))).toMatchObject({ pid: process.pid });
    await a.call('project.close');

    writeFileSync(lockPathOf(path), JSON.stringify({ pid: process.pid, hostname: 'lab-pc-elsewhere', door: 'cli', user: 'ben', startedAt: '2026-01-05T09:00:00Z', token: 't' }));
    const respected = await a.call<ProjectInfo>('project.open', { path });
    expect(respected.readOnly).toMatchObject({ reason: 'in-use', holder: { hostname: 'lab-pc-elsewhere', door: 'cli', user: 'ben' } });
    expect(respected.readOnly!.message).toMatch(/^Open in the weft command line on lab-pc-elsewhere \(process \d+\) by ben since /);
    await a.call('project.close');
    expect(JSON.parse(readFileSync(lockPathOf(path), 'utf8'))).toMatchObject({ hostname: 'lab-pc-elsewhere' }); // not ours to remove
  });

  it('a project file that cannot be written opens read-only with its own banner', async () => {
    const dir = tempDir();
    const path = join(dir, 'study.weft');
    const a = door();
    await a.call('project.create', { path });
    await a.call('codes.create', { name: 'Trust' });
    await a.call('project.close');
    // Root ignores file modes; the immutable attribute stops even root from writing.
    const immutable = spawnSync('chattr', ['+i', path]);
    if (immutable.status !== 0) {
      console.warn(`skipped: cannot make the file immutable here (${immutable.stderr?.toString().trim() || 'no chattr'})`);
      return;
    }
    try {
      const info = await a.call<ProjectInfo>('project.open', { path });
      expect(info.readOnly).toMatchObject({ reason: 'not-writable' });
      expect(info.readOnly!.message).toMatch(/^This project file cannot be changed \(.+\) — read-only here\./);
      expect((await a.call<{ name: string }[]>('codes.list')).map((c) => c.name)).toEqual(['Trust']);
      expect((await a.fails('codes.create', { name: 'Doubt' })).code).toBe('READ_ONLY');
      await a.call('project.close');
    } finally {
      spawnSync('chattr', ['-i', path]);
    }
  });

  it('undo never reverts another process’s writes, and the window is told the project changed elsewhere', async () => {
    const path = join(tempDir(), 'study.weft');
    const a = door('electron');
    await a.call('project.create', { path });
    await a.call('documents.importFiles', { files: [{ name: 'interview.txt', base64: b64(transcript(1)) }] });
    const code = await a.call<{ id: number }>('codes.create', { name: 'Trust' });
    const events: ApiEvent[] = [];
    a.service.onEvent((e) => events.push(e));

    // Process B (not a Weft door: a plain SQLite writer) renames the code and codes with it.
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      const doc = db.prepare('SELECT id FROM documents').pluck().get();
      db.prepare("UPDATE codes SET name = 'Trust in mentors' WHERE id = ?").run(Number(process.argv[2]));
      const coder = db.prepare("INSERT INTO coders (guid, name, created_at) VALUES ('g-b', 'Ben', 'x')").run().lastInsertRowid;
      db.prepare("INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES ('k-b', ?, ?, ?, 0, 11, 'x', 'x')").run(doc, Number(process.argv[2]), coder);
      db.close();`;
    const b = spawnSync(process.execPath, ['-e', script, path, String(code.id)], { cwd: REPO, encoding: 'utf8' });
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);

    const event = await until(() => events.find((e) => e.type === 'project.changedElsewhere'), 'the changedElsewhere event');
    expect(event.payload).toEqual({ path, undoCleared: true });
    const undo = await a.fails('undo.undo');
    expect(undo.message).toMatch(/nothing to undo|Undo history cleared/i);
    const codes = await a.call<{ id: number; name: string; codings: number }[]>('codes.list');
    expect(codes).toMatchObject([{ id: code.id, name: 'Trust in mentors', codings: 1 }]);
    expect(await a.call('undo.state')).toMatchObject({ canUndo: false });
  });

  it('the read-only door sees changes the holder makes', async () => {
    const path = join(tempDir(), 'study.weft');
    const a = door('electron');
    await a.call('project.create', { path });
    const b = door('browser');
    await b.call('project.open', { path });
    const events: ApiEvent[] = [];
    b.service.onEvent((e) => events.push(e));
    await a.call('codes.create', { name: 'Trust' });
    await until(() => events.find((e) => e.type === 'project.changedElsewhere'), 'the changedElsewhere event');
    expect((await b.call<{ name: string }[]>('codes.list')).map((c) => c.name)).toEqual(['Trust']);
  });
});

describe('switching project while an import runs', () => {
  it('cancels the import first, keeping whole files, and the job says why', async () => {
    const dir = tempDir();
    const a = door();
    const first = join(dir, 'first.weft');
    const second = join(dir, 'second.weft');
    await a.call('project.create', { path: second });
    await a.call('project.create', { path: first });
    // enough files (several batches) that the import still runs when the project is switched
    const paths = Array.from({ length: 400 }, (_, i) => {
      const p = join(dir, `t${String(i).padStart(3, '0')}.txt`);
      writeFileSync(p, transcript(i));
      return p;
    });
    const job = await a.call<ImportJob>('imports.start', { paths });
    await until(async () => ((await a.call<ImportJob>('imports.status', { id: job.id })).done >= 2 ? true : undefined), 'two files imported');

    const opened = await a.call<ProjectInfo>('project.open', { path: second });
    expect(opened.path).toBe(second);
    const end = await a.call<ImportJob>('imports.status', { id: job.id });
    expect(end.state).toBe('cancelled');
    expect(end.cancelledBecause).toMatch(/the project was closed/);
    expect(end.report.failed).toBe(0);
    expect(end.report.files.filter((f) => /not open/.test(f.reason ?? ''))).toEqual([]);
    expect(end.report.imported).toBeGreaterThanOrEqual(2);
    expect(end.report.imported).toBeLessThan(400);
    expect(await a.call<unknown[]>('documents.list')).toEqual([]); // nothing went into the new project

    const db = new Database(first, { readonly: true });
    const docs = db.prepare('SELECT name, text FROM documents').all() as { name: string; text: string }[];
    db.close();
    expect(docs).toHaveLength(end.report.imported);
    for (const d of docs) expect(d.text).toBe(transcript(Number(d.name.slice(1))));
  });

  it('a project closed without waiting (directly on the service) still gets no write from the import', async () => {
    const dir = tempDir();
    const a = door();
    const first = join(dir, 'first.weft');
    await a.call('project.create', { path: first });
    // enough files (several batches) that the import still runs when the project is closed
    const paths = Array.from({ length: 400 }, (_, i) => {
      const p = join(dir, `t${String(i).padStart(3, '0')}.txt`);
      writeFileSync(p, transcript(i));
      return p;
    });
    const job = await a.call<ImportJob>('imports.start', { paths });
    await until(async () => ((await a.call<ImportJob>('imports.status', { id: job.id })).done >= 1 ? true : undefined), 'one file imported');
    a.service.closeProject();
    const end = await a.service.importJobs.wait(job.id);
    expect(end.state).toBe('cancelled');
    expect(end.report.failed).toBe(0);
    const db = new Database(first, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(end.report.imported);
    db.close();
  });
});
