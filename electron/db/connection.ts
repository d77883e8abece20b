/** Opens a project file with Weft's pragmas, checks it is a Weft project and migrates it. */
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { DomainError } from '../../shared/api/errors.js';
import { migrate } from './migrator.js';

export type DB = Database.Database;

const APP_MARKER = 'weft';

function applyPragmas(db: DB) {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // FULL: a committed change survives a power cut, not only a crash of Weft.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
}

function isWeftOrEmpty(db: DB): boolean {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (tables.length === 0) return true;
  if (!tables.includes('project_meta')) return false;
  const app = db.prepare("SELECT value FROM project_meta WHERE key = 'app'").pluck().get();
  return app === APP_MARKER;
}

/** Creates a new project file. Refuses to overwrite an existing file. */
export function createProjectFile(path: string, name = basename(path).replace(/\.weft$/i, '')): DB {
  if (existsSync(path)) {
    throw new DomainError('CONFLICT', `“${path}” already exists. Choose another name, or open it instead.`);
  }
  let db: DB;
  try {
    db = new Database(path);
  } catch (err) {
    throw new DomainError('VALIDATION', `Cannot create “${path}”: ${(err as Error).message}`);
  }
  try {
    applyPragmas(db);
    migrate(db, path);
    const now = new Date().toISOString();
    const put = db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?)');
    db.transaction(() => {
      put.run('app', APP_MARKER);
      put.run('guid', randomUUID());
      put.run('name', name);
      put.run('created_at', now);
    })();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Opens an existing project file, migrating it to the current schema. */
export function openProjectFile(path: string, options: { readonly?: boolean } = {}): DB {
  if (!existsSync(path)) throw new DomainError('NOT_FOUND', `“${path}” does not exist.`);
  if (statSync(path).isDirectory()) throw new DomainError('VALIDATION', `“${path}” is a folder, not a Weft project file.`);
  let db: DB;
  try {
    db = new Database(path, { fileMustExist: true, readonly: options.readonly ?? false });
  } catch (err) {
    throw new DomainError('VALIDATION', `Cannot open “${path}”: ${(err as Error).message}`);
  }
  try {
    try {
      if (!options.readonly) applyPragmas(db);
      else db.pragma('foreign_keys = ON');
      if (!isWeftOrEmpty(db)) {
        throw new DomainError('VALIDATION', `“${path}” is a SQLite database but not a Weft project.`);
      }
    } catch (err) {
      if (err instanceof DomainError) throw err;
      const msg = (err as Error).message;
      if (/not a database|file is encrypted/i.test(msg)) {
        throw new DomainError('VALIDATION', `“${path}” is not a Weft project file (it is not a SQLite database).`);
      }
      throw new DomainError('VALIDATION', `Cannot open “${path}”: ${msg}`);
    }
    const empty = (db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number) === 0;
    if (empty) throw new DomainError('VALIDATION', `“${path}” is an empty file, not a Weft project.`);
    if (!options.readonly) migrate(db, path);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function readMeta(db: DB): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM project_meta').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}
