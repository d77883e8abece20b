import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { TEXT, healthyProject, hostileProject, newerFormatProject, otherAppDatabase, sha256, sidecars, tamper } from '../../tests/support/project-files';
import { openProjectFile } from './connection';
import { inspectProjectFile } from './inspect';
import { latestSchemaVersion, loadMigrations } from './migrator';

const tempDir = useTempDir();

/** Expects opening `path` (read-write and read-only) to fail with `message`, leaving it byte for byte as it was. */
function expectRefusedUnchanged(path: string, message: RegExp) {
  const before = sha256(path);
  expect(() => openProjectFile(path)).toThrow(message);
  expect(() => openProjectFile(path, { readonly: true })).toThrow(message);
  expect(sha256(path)).toBe(before);
  expect(sidecars(path)).toEqual([]);
}

describe('opening a project file inspects it first and changes nothing it refuses', () => {
  it('refuses a 0-byte file and leaves it 0 bytes', () => {
    const path = join(tempDir(), 'empty.weft');
    writeFileSync(path, '');
    expectRefusedUnchanged(path, /empty file \(0 bytes\)/);
  });

  it('refuses a text file, a folder and a FIFO without reading past the header', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.weft'), 'not a database '.repeat(100));
    expectRefusedUnchanged(join(dir, 'notes.weft'), /not a Weft project file \(it is not a SQLite database\)/);
    mkdirSync(join(dir, 'folder.weft'));
    expect(() => openProjectFile(join(dir, 'folder.weft'))).toThrow(/is a folder/);
    execFileSync('mkfifo', [join(dir, 'pipe.weft')]);
    expect(() => openProjectFile(join(dir, 'pipe.weft'))).toThrow(/not a regular file/);
  });

  it('refuses another program’s SQLite database in rollback mode without creating a journal or changing its header', () => {
    const path = join(tempDir(), 'contacts.db');
    otherAppDatabase(path);
    expectRefusedUnchanged(path, /SQLite database but not a Weft project/);
  });

  it('refuses an empty SQLite database', () => {
    const path = join(tempDir(), 'blank.weft');
    const db = new Database(path);
    db.pragma('user_version = 1');
    db.close();
    expectRefusedUnchanged(path, /empty SQLite database/);
  });

  it('refuses a project from a newer Weft and leaves it byte for byte as it was', () => {
    const path = join(tempDir(), 'future.weft');
    newerFormatProject(path);
    expectRefusedUnchanged(path, /newer version of Weft .*the file was not changed/);
  });

  it('refuses a hostile project whose table is a view with an endless query, before running it', () => {
    const path = join(tempDir(), 'hostile.weft');
    hostileProject(path);
    expectRefusedUnchanged(path, /not a project file Weft can trust: .*“speakers” should be a table but is a view/);
  });

  it('refuses added triggers, views and changed definitions', () => {
    const dir = tempDir();
    const trigger = join(dir, 'trigger.weft');
    healthyProject(trigger);
    tamper(trigger, 'CREATE TRIGGER spy AFTER INSERT ON codings BEGIN DELETE FROM codes; END;');
    expectRefusedUnchanged(trigger, /a trigger “spy” that Weft did not create/);
    const view = join(dir, 'view.weft');
    healthyProject(view);
    tamper(view, 'CREATE VIEW extra AS SELECT 1;');
    expectRefusedUnchanged(view, /a view “extra” that Weft did not create/);
    const column = join(dir, 'column.weft');
    healthyProject(column);
    tamper(column, 'ALTER TABLE codes ADD COLUMN secret TEXT;');
    expectRefusedUnchanged(column, /the table “codes” has columns \(.*secret\)/);
    const index = join(dir, 'index.weft');
    healthyProject(index);
    tamper(index, 'DROP INDEX codings_code;');
    expectRefusedUnchanged(index, /the index “codings_code” is missing/);
  });

  it('refuses a file whose pages are damaged, unchanged', () => {
    const path = join(tempDir(), 'damaged.weft');
    healthyProject(path);
    const raw = new Database(path, { readonly: true });
    const root = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'codes'").pluck().get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (root - 1) * pageSize + 8);
    closeSync(fd);
    const before = sha256(path);
    expect(() => openProjectFile(path)).toThrow(/damaged/);
    expect(sha256(path)).toBe(before);
  });

  it('opens a healthy project read-only without writing a byte or leaving files beside it', () => {
    const path = join(tempDir(), 'study.weft');
    healthyProject(path);
    const before = sha256(path);
    const db = openProjectFile(path, { readonly: true });
    expect(db.prepare('SELECT text FROM documents').pluck().get()).toBe(TEXT);
    expect(() => db.prepare("INSERT INTO coders (guid, name, created_at) VALUES ('x', 'x', 'x')").run()).toThrow(/readonly/);
    db.close();
    expect(sha256(path)).toBe(before);
    expect(sidecars(path)).toEqual([]);
    const rw = openProjectFile(path);
    expect(rw.pragma('trusted_schema', { simple: true })).toBe(0);
    expect(rw.pragma('journal_mode', { simple: true })).toBe('wal');
    rw.close();
  });

  it('reads an older project read-only from a migrated copy in memory, and migrates the file only when opened for writing', () => {
    const path = join(tempDir(), 'old.weft');
    const raw = new Database(path);
    for (const m of loadMigrations().filter((x) => x.version <= 3)) raw.exec(m.sql);
    raw.pragma('user_version = 3');
    raw.exec("INSERT INTO project_meta (key, value) VALUES ('app', 'weft'), ('name', 'Old')");
    raw.close();
    const before = sha256(path);
    const ro = openProjectFile(path, { readonly: true });
    expect(ro.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(ro.prepare('SELECT count(*) FROM merges').pluck().get()).toBe(0);
    ro.close();
    expect(sha256(path)).toBe(before);
    expect(sidecars(path)).toEqual([]);
    const rw = openProjectFile(path);
    expect(rw.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    rw.close();
  });

  it('inspects a project another connection holds open (WAL with its -wal) in place, without writing it', () => {
    const path = join(tempDir(), 'busy.weft');
    healthyProject(path);
    const holder = openProjectFile(path);
    holder.prepare("INSERT INTO coders (guid, name, created_at) VALUES ('c2', 'Ben', 'now')").run();
    const inspected = inspectProjectFile(path);
    expect(inspected.inMemory).toBe(false);
    expect(inspected.db.prepare('SELECT count(*) FROM coders').pluck().get()).toBe(2);
    inspected.db.close();
    holder.close();
  });
});
