/**
 * Files the user chooses, on real files in a temporary folder: exports never replace a project
 * (the open one through the real dispatcher, another .weft, a -wal, a database under another name),
 * an existing file is replaced only when asked, atomically; reads take ordinary files only, so a
 * FIFO or /dev/zero is refused at once instead of blocking, and a folder import skips a FIFO.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import type { Result } from '../../shared/api/result';
import { createDispatcher } from '../ipc/dispatch';
import { AppService } from '../services/app-service';
import { createCode, listCodes } from '../services/codes';
import { ProjectSession } from '../services/project-session';
import { readUserFile, USER_FILE_KINDS, writeUserFile } from './user-files';

const tempDir = useTempDir();
const SQLITE = 'SQLite format 3\u0000';
const canFifo = process.platform !== 'win32';

/** A service with a project `study.weft` (one code) open in `dir`, and its dispatcher. */
function openStudy(dir = tempDir()) {
  const app = new AppService({ host: 'cli', dataDir: join(dir, 'data') });
  const path = join(dir, 'study.weft');
  app.createProject(path);
  createCode(app.current().db, { name: 'Belonging' });
  const call = createDispatcher(app.handlers, () => {});
  return { app, dir, path, call };
}

function failure(r: Result<unknown>) {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

function mkfifo(path: string) {
  execFileSync('mkfifo', [path]);
  return path;
}

describe('writing where the user chose', () => {
  it('refuses to export over the open project; the project still opens with its data', async () => {
    const { app, dir, path, call } = openStudy();
    for (const overwrite of [false, true]) {
      const e = failure(await call('exchange.exportCodebook', { format: 'csv', path, overwrite }));
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(/study\.weft.*Weft never writes an export over a project/);
      expect(e.details).toEqual({ project: path });
    }
    // its companions, and the open project whatever its name
    expect(failure(await call('exchange.exportProject', { path: `${path}-wal`, overwrite: true })).code).toBe('CONFLICT');
    expect(failure(await call('exchange.exportExtracts', { format: 'csv', path: `${path}-shm`, overwrite: true })).code).toBe('CONFLICT');
    expect(failure(await call('reports.export', { format: 'md', path, overwrite: true })).code).toBe('CONFLICT');
    app.shutdown();

    expect(readFileSync(path).subarray(0, 16).toString('latin1')).toBe(SQLITE);
    const again = ProjectSession.open(path, 'Ana');
    expect(listCodes(again.db).map((c) => c.name)).toEqual(['Belonging']);
    again.close();
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses another .weft, a -wal file and a database under another name, even with overwrite', async () => {
    const { app, dir, call } = openStudy();
    const other = join(dir, 'other.weft');
    ProjectSession.create(other, 'Ana').close();
    const otherBytes = readFileSync(other);
    const renamed = join(dir, 'looks like a table.csv');
    writeFileSync(renamed, otherBytes); // a project someone renamed
    writeFileSync(join(dir, 'x.weft-wal'), 'wal bytes');
    for (const target of [other, join(dir, 'x.weft-wal'), join(dir, 'new.weft'), join(dir, 'NEW.WEFT-journal'), renamed]) {
      const e = failure(await call('exchange.exportCodebook', { format: 'csv', path: target, overwrite: true }));
      expect(e.code, target).toBe('CONFLICT');
      expect(e.details, target).toMatchObject({ project: target });
    }
    // a link to a project is a project; a link to nothing is refused, not followed
    if (process.platform !== 'win32') {
      symlinkSync(other, join(dir, 'link.csv'));
      expect(failure(await call('exchange.exportCodebook', { format: 'csv', path: join(dir, 'link.csv'), overwrite: true })).details).toEqual({ project: join(dir, 'link.csv') });
      symlinkSync(join(dir, 'gone.csv'), join(dir, 'dangling.csv'));
      expect(failure(await call('exchange.exportCodebook', { format: 'csv', path: join(dir, 'dangling.csv') })).message).toMatch(/is a link to a file or folder that does not exist/);
      expect(existsSync(join(dir, 'gone.csv'))).toBe(false);
    }
    expect(readFileSync(other).equals(otherBytes)).toBe(true);
    expect(readFileSync(renamed).equals(otherBytes)).toBe(true);
    expect(readFileSync(join(dir, 'x.weft-wal'), 'utf8')).toBe('wal bytes');
    expect(existsSync(join(dir, 'new.weft'))).toBe(false);
    app.shutdown();
  });

  it('an existing file: CONFLICT with details.exists, unchanged; with overwrite it is replaced, with no temporary file left', async () => {
    const { app, dir, call } = openStudy();
    const target = join(dir, 'codebook.csv');
    writeFileSync(target, 'my own notes');
    const e = failure(await call('exchange.exportCodebook', { format: 'csv', path: target }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe(`“codebook.csv” already exists in “${dir}”.`);
    expect(e.details).toEqual({ exists: target });
    expect(readFileSync(target, 'utf8')).toBe('my own notes');

    const r = await call('exchange.exportCodebook', { format: 'csv', path: target, overwrite: true });
    expect(r.ok).toBe(true);
    expect(readFileSync(target, 'utf8')).toContain('Belonging');
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]); // no temporary file left

    // reports too
    const report = join(dir, 'report.md');
    writeFileSync(report, 'draft');
    expect(failure(await call('reports.export', { format: 'md', path: report })).details).toEqual({ exists: report });
    expect((await call('reports.export', { format: 'md', path: report, overwrite: true })).ok).toBe(true);
    expect(readFileSync(report, 'utf8')).not.toBe('draft');
    app.shutdown();
  });

  it('refuses a folder and a missing folder with clear messages', async () => {
    const { app, dir, call } = openStudy();
    mkdirSync(join(dir, 'out'));
    const folder = failure(await call('exchange.exportCodebook', { format: 'csv', path: join(dir, 'out'), overwrite: true }));
    expect(folder).toMatchObject({ code: 'VALIDATION', message: `Cannot write “${join(dir, 'out')}”: it is a folder.` });
    const missing = failure(await call('reports.export', { format: 'md', path: join(dir, 'nope', 'r.md') }));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: `Cannot write “${join(dir, 'nope', 'r.md')}”: the folder “${join(dir, 'nope')}” does not exist.` });
    app.shutdown();
  });

  it('writes a new file whole, and strings as UTF-8', () => {
    const dir = tempDir();
    const p = writeUserFile(join(dir, 'a.md'), 'Zoë 🌉');
    expect(readFileSync(p, 'utf8')).toBe('Zoë 🌉');
    expect(readdirSync(dir)).toEqual(['a.md']);
  });
});

describe('reading what the user chose', () => {
  it.skipIf(!canFifo)('a FIFO and /dev/zero are refused at once, naming the file', () => {
    const dir = tempDir();
    const fifo = mkfifo(join(dir, 'b.txt'));
    expect(() => readUserFile(fifo, USER_FILE_KINDS.transcript)).toThrow(`“${fifo}” is a named pipe (FIFO), not an ordinary file; Weft reads only ordinary files.`);
    expect(() => readUserFile('/dev/zero', USER_FILE_KINDS.table)).toThrow('“/dev/zero” is a device, not an ordinary file');
    expect(() => readUserFile(dir, USER_FILE_KINDS.table)).toThrow(`“${dir}” is a folder, not a file.`);
    expect(() => readUserFile(join(dir, 'none.csv'), USER_FILE_KINDS.table)).toThrow(`“${join(dir, 'none.csv')}” does not exist.`);
  });

  it('a file over the cap is refused with its size and the limit', () => {
    const dir = tempDir();
    const big = join(dir, 'big.csv');
    writeFileSync(big, Buffer.alloc(3 * 1024 * 1024, 0x61));
    expect(() => readUserFile(big, { maxBytes: 1024 * 1024, what: 'CSV file' })).toThrow(`“${big}” is too large for a CSV file (3 MB; the limit is 1 MB).`);
    expect(readUserFile(big, USER_FILE_KINDS.table).length).toBe(3 * 1024 * 1024);
  });

  it.skipIf(!canFifo)('imports: a FIFO named or in a folder, /dev/zero and FIFO sources are refused, and the rest imported', async () => {
    const { app, dir, call } = openStudy();
    const folder = join(dir, 'interviews');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'Amira: I felt at home.');
    const fifo = mkfifo(join(folder, 'b.txt'));

    const r = await call('documents.importPaths', { paths: [folder] });
    expect(r.ok).toBe(true);
    const report = (r as { value: { imported: number; files: { file: string; outcome: string; reason?: string }[] } }).value;
    expect(report.imported).toBe(1);
    expect(report.files).toContainEqual({ file: fifo, outcome: 'skipped', reason: 'not imported: it is a named pipe (FIFO), not an ordinary file' });

    const named = await call('documents.importPaths', { paths: [fifo, '/dev/zero'] });
    const files = (named as { value: { files: { file: string; outcome: string; reason?: string }[] } }).value.files;
    expect(files.map((f) => [f.file, f.outcome])).toEqual([
      [fifo, 'failed'],
      ['/dev/zero', 'failed'],
    ]);
    expect(files[0]!.reason).toMatch(/named pipe \(FIFO\)/);

    for (const [method, input] of [
      ['exchange.importCodebook', { source: fifo }],
      ['exchange.previewCodebook', { source: '/dev/zero' }],
      ['exchange.previewProject', { source: fifo }],
      ['exchange.importProjectAsNew', { source: '/dev/zero', target: join(dir, 'new.weft') }],
      ['team.mergePreview', { path: fifo }],
    ] as const) {
      const e = failure(await call(method, input));
      expect(e.message, method).toMatch(/is a (named pipe \(FIFO\)|device), not an ordinary file/);
    }
    expect(existsSync(join(dir, 'new.weft'))).toBe(false);
    // the in-app file dialog never offers the FIFO
    const listing = await call('files.list', { path: folder });
    expect((listing as { value: { entries: { name: string }[] } }).value.entries.map((e) => e.name)).toEqual(['a.txt']);
    app.shutdown();
  });
});
