/**
 * A whole .weft after each change, and automatic backups, on real project files through the real
 * AppService and dispatcher.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { createDispatcher } from '../../ipc/dispatch';
import { AppService } from '../app-service';
import { ProjectSession } from '../project-session';
import { openReplica } from '../sync/replica';
import { latestSchemaVersion, loadMigrations } from '../../db/migrator';
import type { BackupInfo, BackupList } from '../../../shared/types/backups';

const tempDir = useTempDir();
const services: AppService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.shutdown();
});

const TEXT = 'Interviewer: How was the first week?\nAmira: I felt I knew nothing, and everyone trusted me anyway.\n';

function start(options: { backupIntervalMinutes?: number } = {}) {
  const dir = tempDir();
  const app = new AppService({ host: 'cli', dataDir: join(dir, 'data'), ...options });
  services.push(app);
  const dispatch = createDispatcher(app.handlers, () => undefined);
  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const r = await dispatch(method, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  return { dir, app, call, path: join(dir, 'study.weft') };
}

async function projectWithDocument(call: ReturnType<typeof start>['call'], path: string) {
  await call('project.create', { path });
  await call('documents.importFiles', { files: [{ name: 'amira.txt', base64: Buffer.from(TEXT).toString('base64') }] });
  const [doc] = await call<{ id: number }[]>('documents.list');
  return doc!.id;
}

const count = (file: string, table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (up to 15 s) until a backup made for `reason` in the background is listed: a loaded machine can take longer than a fixed pause. */
async function backupListed(call: <T>(method: string, input?: unknown) => Promise<T>, reason: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if ((await call<BackupList>('backups.list')).backups.some((b) => b.reason === reason)) return;
    await sleep(25);
  }
}

/** Copies the .weft alone (no -wal, no -shm) into a fresh folder. */
function copyAlone(path: string, dir: string): string {
  const target = join(dir, 'copy', 'study.weft');
  mkdirSync(join(dir, 'copy'), { recursive: true });
  copyFileSync(path, target);
  return target;
}

describe('the .weft alone is the whole project', () => {
  it('a second after a coding, a copy of the .weft alone holds the coding', async () => {
    const { dir, call, path } = start();
    const documentId = await projectWithDocument(call, path);
    const code = await call<{ id: number }>('codes.create', { name: 'Trust' });
    await call('codings.create', { documentId, codeId: code.id, start: 13, end: 35 });
    // The project is still open; its WAL is beside it.
    expect(existsSync(`${path}-wal`)).toBe(true);
    await sleep(1000);
    const copy = copyAlone(path, dir);
    expect(count(copy, 'codings')).toBe(1);
    expect(count(copy, 'documents')).toBe(1);
    // And the copy opens as a Weft project.
    const s = ProjectSession.open(copy, 'Ana');
    expect(s.db.prepare('SELECT name FROM codes').pluck().all()).toEqual(['Trust']);
    s.close();
    expect(statSync(`${path}-wal`).size).toBe(0);
  });

  it('after closing, the .weft alone holds everything', async () => {
    const { dir, call, path } = start();
    const documentId = await projectWithDocument(call, path);
    const code = await call<{ id: number }>('codes.create', { name: 'Trust' });
    await call('codings.create', { documentId, codeId: code.id, start: 13, end: 35 });
    await call('project.close');
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
    expect(count(copyAlone(path, dir), 'codings')).toBe(1);
  });

  it('a reader in another connection does not stall the checkpoint, and the copy is whole once it lets go', async () => {
    const { dir, call, path } = start();
    const documentId = await projectWithDocument(call, path);
    const reader = new Database(path, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM codes').pluck().get();
    const code = await call<{ id: number }>('codes.create', { name: 'Trust' });
    await call('codings.create', { documentId, codeId: code.id, start: 13, end: 35 });
    const t0 = Date.now();
    await sleep(800);
    // The event loop was not blocked by a 5-second busy wait.
    expect(Date.now() - t0).toBeLessThan(3000);
    reader.exec('COMMIT');
    reader.close();
    await sleep(2500);
    expect(count(copyAlone(path, dir), 'codings')).toBe(1);
  });
});

describe('automatic backups', () => {
  it('backs the project up on open, before an import and before a codebook import, and lists them', async () => {
    const { call, path } = start();
    await projectWithDocument(call, path);
    await call('project.close');
    await call('project.open', { path });
    await backupListed(call, 'open'); // the open backup runs in the background
    const csv = Buffer.from('code\nTrust\nFear\n').toString('base64');
    await call('exchange.importCodebook', { source: { name: 'codebook.csv', base64: csv } });
    const list = await call<BackupList>('backups.list');
    const reasons = list.backups.map((b) => b.reason);
    expect(reasons).toContain('open');
    expect(reasons).toContain('import');
    const open = list.backups.find((b) => b.reason === 'open')!;
    expect(open.counts).toEqual({ documents: 1, codes: 0, codings: 0, themes: 0 });
    expect(list.current.codes).toBe(2);
    // The first import (into the new project) was backed up before it; the codebook import came
    // when nothing had changed since the open backup, which stands for it (and says so).
    expect(list.backups.filter((b) => b.reason === 'import').length).toBe(1);
    expect(open.alsoBefore?.map((a) => a.reason)).toEqual(['import']);
    // Each backup is a whole, self-contained project file.
    for (const b of list.backups) {
      expect(existsSync(`${b.file}-wal`)).toBe(false);
      expect(count(b.file, 'documents')).toBe(b.counts.documents);
    }
  });

  it('does not back up again on open when nothing changed since the last backup', async () => {
    const { call, path } = start();
    await projectWithDocument(call, path);
    await call('backups.create');
    await call('project.close');
    await sleep(50);
    await call('project.open', { path });
    await sleep(300);
    const list = await call<BackupList>('backups.list');
    expect(list.backups.map((b) => b.reason)).not.toContain('open');
  });

  it('backs up before an import only when something changed since the newest backup, and the list says which backup stands for it', async () => {
    const { call, path } = start();
    await projectWithDocument(call, path);
    const file = (name: string, text: string) => ({ name, base64: Buffer.from(text).toString('base64') });
    // (the retention policy may thin older backups of a tiny project: follow the newest one)
    const newest = async () => (await call<BackupList>('backups.list')).backups[0]!;
    const importFile = (name: string, text: string) => call('documents.importFiles', { files: [file(name, text)] });
    const first = await newest();
    expect(first.reason).toBe('import');

    // The same file again: a duplicate, skipped. The project changed since the first import's
    // backup (the document came in), so this import is backed up…
    await importFile('amira.txt', TEXT);
    const second = await newest();
    expect(second.id).not.toBe(first.id);
    expect(second.reason).toBe('import');
    // …and once more, with nothing changed since that backup: no second copy of the same state.
    await importFile('amira.txt', TEXT);
    expect((await newest()).id).toBe(second.id);
    expect((await newest()).alsoBefore?.map((a) => a.reason)).toEqual(['import']);

    // A new file, still nothing changed since: the newest backup stands for it; restoring it undoes the import.
    await importFile('bo.txt', 'Interviewer: And you?\nBo: Fine.\n');
    expect((await newest()).id).toBe(second.id);
    expect((await newest()).alsoBefore?.map((a) => a.reason)).toEqual(['import', 'import']);
    expect(await call<unknown[]>('documents.list')).toHaveLength(2);
    await call('backups.restore', { id: second.id });
    expect(await call<unknown[]>('documents.list')).toHaveLength(1);

    // A change (here a code), then an import: a new backup, holding the code.
    await call('codes.create', { name: 'Trust' });
    const beforeImport = await newest();
    await importFile('cy.txt', 'Interviewer: Hi\nCy: Hello.\n');
    const third = await newest();
    expect(third.id).not.toBe(beforeImport.id);
    expect(third.reason).toBe('import');
    expect(third.counts).toMatchObject({ documents: 1, codes: 1 });
    expect(third.alsoBefore).toBeUndefined();

    // A change by another connection (the CLI, while the window is open) counts too.
    await importFile('cy.txt', 'Interviewer: Hi\nCy: Hello.\n'); // after the import: a new backup
    const fourth = await newest();
    expect(fourth.id).not.toBe(third.id);
    await importFile('cy.txt', 'Interviewer: Hi\nCy: Hello.\n'); // a duplicate, nothing changed: covered
    expect((await newest()).id).toBe(fourth.id);
    const other = new Database(path);
    other.prepare("UPDATE codes SET color = '#123456'").run();
    other.close();
    await importFile('cy.txt', 'Interviewer: Hi\nCy: Hello.\n');
    expect((await newest()).id).not.toBe(fourth.id);
  });

  it('a backup of a project of several MB lets other calls run between its steps, and holds what they wrote', async () => {
    const { app, call, path } = start();
    await call('project.create', { path });
    const long = `Interviewer: Tell me.\nAmira: ${'We trusted each other from the first week on. '.repeat(120_000)}\n`;
    await call('documents.importFiles', { files: [{ name: 'long.txt', base64: Buffer.from(long).toString('base64') }] });
    expect(statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0)).toBeGreaterThan(4 * 1024 * 1024);
    const order: string[] = [];
    const backup = app.current().backup('manual').then((info) => (order.push('backup'), info));
    await call('codes.create', { name: 'Written during the backup' });
    order.push('call');
    const info = await backup;
    expect(order).toEqual(['call', 'backup']);
    // a write by the same connection during the copy is carried into it (SQLite's online backup)
    expect(count(info.file, 'documents')).toBe(1);
    expect(count(info.file, 'codes')).toBe(1);
  });

  it('backs up while changes are being made, once the interval has passed', async () => {
    const { call, path } = start({ backupIntervalMinutes: 0 });
    const documentId = await projectWithDocument(call, path);
    const code = await call<{ id: number }>('codes.create', { name: 'Trust' });
    await call('codings.create', { documentId, codeId: code.id, start: 13, end: 35 });
    await backupListed(call, 'periodic');
    const list = await call<BackupList>('backups.list');
    expect(list.backups.some((b) => b.reason === 'periodic')).toBe(true);
  });

  it('restores a backup: the deleted coding is back, and the restore can itself be undone', async () => {
    const { call, path } = start();
    const documentId = await projectWithDocument(call, path);
    const code = await call<{ id: number }>('codes.create', { name: 'Trust' });
    const coding = await call<{ id: number }>('codings.create', { documentId, codeId: code.id, start: 13, end: 35 });
    const backup = await call<BackupInfo>('backups.create');
    expect(backup.counts.codings).toBe(1);
    await call('codings.delete', { id: coding.id });
    expect((await call<BackupList>('backups.list')).current.codings).toBe(0);

    const result = await call<{ safetyBackup: BackupInfo; project: { path: string } }>('backups.restore', { id: backup.id });
    expect(result.project.path).toBe(path);
    expect(await call<unknown[]>('codings.listByDocument', { documentId })).toHaveLength(1);
    expect(result.safetyBackup.reason).toBe('before-restore');
    expect(result.safetyBackup.counts.codings).toBe(0);

    await call('backups.restore', { id: result.safetyBackup.id });
    expect(await call<unknown[]>('codings.listByDocument', { documentId })).toHaveLength(0);
  });

  it('a restored backup of a synced project goes on syncing as a new copy (a new client id)', async () => {
    const { app, call, path } = start();
    await projectWithDocument(call, path);
    openReplica(app.current().db).enable({ serverUrl: 'http://127.0.0.1:9', projectGuid: 'team-project', clientId: 'beforerestore' });
    const backup = await call<BackupInfo>('backups.create');
    await call('backups.restore', { id: backup.id });
    const link = openReplica(app.current().db).link();
    expect(link).toMatchObject({ serverUrl: 'http://127.0.0.1:9', projectGuid: 'team-project' });
    expect(link!.clientId).not.toBe('beforerestore');
  });

  it('refuses an unknown backup id and leaves the project as it was', async () => {
    const { call, path } = start();
    await projectWithDocument(call, path);
    await expect(call('backups.restore', { id: '20200101T000000000Z-open' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call('backups.restore', { id: '../../etc/passwd' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await call<unknown[]>('documents.list')).toHaveLength(1);
  });

  it('refuses a damaged backup and changes nothing', async () => {
    const { call, path } = start();
    await projectWithDocument(call, path);
    const backup = await call<BackupInfo>('backups.create');
    writeFileSync(backup.file, 'not a database at all');
    await expect(call('backups.restore', { id: backup.id })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(await call<unknown[]>('documents.list')).toHaveLength(1);
  });

  it('backs up before applying a migration, with the project as it was', async () => {
    const { dir, app, path } = start();
    // A project saved by a Weft that knew only the first four migrations.
    const old4 = new Database(path);
    old4.pragma('journal_mode = WAL');
    for (const m of loadMigrations().slice(0, 4)) {
      old4.exec(m.sql);
      old4.pragma(`user_version = ${m.version}`);
    }
    old4.prepare("INSERT INTO project_meta (key, value) VALUES ('app', 'weft'), ('guid', '5b0c7a52-6f0e-4a39-9d55-1f7c2a9e0b11')").run();
    old4.close();
    app.openProject(path);
    expect(app.current().info().schemaVersion).toBe(latestSchemaVersion());
    const folder = readdirSync(join(dir, 'data', 'backups'));
    expect(folder).toHaveLength(1);
    const files = readdirSync(join(dir, 'data', 'backups', folder[0]!)).filter((f) => f.endsWith('-migration.weft'));
    expect(files).toHaveLength(1);
    const old = new Database(join(dir, 'data', 'backups', folder[0]!, files[0]!), { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(4);
    old.close();
  });

  it('saves a complete copy elsewhere, and refuses the open project itself', async () => {
    const { dir, call, path } = start();
    await projectWithDocument(call, path);
    const target = join(dir, 'elsewhere.weft');
    const saved = await call<{ path: string }>('project.saveCopyAs', { path: target });
    expect(saved.path).toBe(target);
    expect(count(target, 'documents')).toBe(1);
    expect(existsSync(`${target}-wal`)).toBe(false);
    await expect(call('project.saveCopyAs', { path })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(call('project.saveCopyAs', { path: `${path}-wal` })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(call('project.saveCopyAs', { path: target })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('a project in a synced folder', () => {
  it('warns, works on a local copy, saves it back, and refuses to overwrite an original changed meanwhile', async () => {
    const { dir, call } = start();
    mkdirSync(join(dir, 'Dropbox'));
    const original = join(dir, 'Dropbox', 'study.weft');
    await projectWithDocument(call, original);
    const storage = await call<{ warning: { kind: string; service: string } | null }>('project.storage');
    expect(storage.warning).toMatchObject({ kind: 'cloud', service: 'Dropbox' });

    const local = await call<{ path: string; localCopyOf: string }>('project.workLocally');
    expect(local.localCopyOf).toBe(original);
    expect(local.path.startsWith(join(dir, 'data', 'local-copies'))).toBe(true);
    expect(await call('project.storage')).toMatchObject({ warning: null, localCopyOf: original });
    await call('codes.create', { name: 'Made locally' });
    await call('project.saveCopyBack');
    expect(count(original, 'codes')).toBe(1);

    // Another computer changes the original: saving back now would lose that change.
    await sleep(20);
    const other = new Database(original);
    other.prepare("INSERT INTO project_meta (key, value) VALUES ('synced', 'elsewhere')").run();
    other.close();
    await call('codes.create', { name: 'Second' });
    await expect(call('project.saveCopyBack')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(count(original, 'codes')).toBe(1);
  });
});
