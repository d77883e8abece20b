import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { createProjectFile, openProjectFile } from './connection';
import { latestSchemaVersion, loadMigrations } from './migrator';

const tempDir = useTempDir();

describe('project file and migrations', () => {
  it('numbers migrations contiguously from 1', () => {
    const all = loadMigrations();
    expect(all.map((m) => m.version)).toEqual(all.map((_, i) => i + 1));
  });

  it('creates a WAL database with foreign keys on, at the latest schema version', () => {
    const path = join(tempDir(), 'p.weft');
    const db = createProjectFile(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    for (const t of ['documents', 'speakers', 'turns', 'cases', 'attributes', 'codes', 'themes', 'theme_codes', 'codings', 'memos', 'coders', 'sets']) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it('refuses a file saved by a newer Weft and leaves it unchanged', () => {
    const path = join(tempDir(), 'future.weft');
    createProjectFile(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${latestSchemaVersion() + 5}`);
    raw.close();
    expect(() => openProjectFile(path)).toThrow(/newer version of Weft/);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(latestSchemaVersion() + 5);
    check.close();
  });

  it('refuses files that are not Weft projects with a specific message', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.weft'), 'just some text, not a database at all'.repeat(200));
    expect(() => openProjectFile(join(dir, 'notes.weft'))).toThrow(/not a Weft project file \(it is not a SQLite database\)/);
    const other = new Database(join(dir, 'other.weft'));
    other.exec('CREATE TABLE things (x)');
    other.close();
    expect(() => openProjectFile(join(dir, 'other.weft'))).toThrow(/SQLite database but not a Weft project/);
    expect(() => openProjectFile(join(dir, 'missing.weft'))).toThrow(/does not exist/);
  });

  it('refuses to overwrite an existing file when creating', () => {
    const path = join(tempDir(), 'p.weft');
    createProjectFile(path).close();
    expect(() => createProjectFile(path)).toThrow(/already exists/);
  });

  it('applies pending migrations to an older file, each in a transaction', () => {
    const path = join(tempDir(), 'old.weft');
    createProjectFile(path).close();
    // Simulate a file at version 0 with only the first migration's tables missing: a failing
    // migration must roll back completely and leave user_version where it was.
    const raw = new Database(path);
    raw.pragma('user_version = 0');
    raw.close();
    expect(() => openProjectFile(path)).toThrow(); // 0001 cannot re-create existing tables
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });
});
