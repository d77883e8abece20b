/** Creates and opens project files: inspected first (inspect.ts), then Weft's pragmas and migrations. */
import { reuseStatements } from './statement-cache.js';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { DomainError } from '../../shared/api/errors.js';
import { APP_MARKER, checkFileBasics, damagedMessage, databaseFromImage, inspectOpenConnection, inspectProjectFile, type InspectedFile } from './inspect.js';
import { copyPathBeside } from './copy-beside.js';
import { latestSchemaVersion, migrate, type BeforeMigration, type ProjectUpgrade } from './migrator.js';

export type DB = Database.Database;

function applyPragmas(db: DB) {
  reuseStatements(db);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // FULL: a committed change survives a power cut, not only a crash of Weft.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // Views and triggers in the file may not call functions with side effects (see inspect.ts).
  db.pragma('trusted_schema = OFF');
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
    migrate(db, path, null);
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

/**
 * Opens an existing project file. It is inspected first, read-only (inspect.ts: a Weft project
 * of a format this Weft reads, with exactly Weft's schema, passing a quick integrity check);
 * a file refused there is left unchanged. Only then is it reopened read-write, switched to WAL
 * and migrated.
 *
 * `readonly`: the file is never written. The connection is the inspection's own (a read-only
 * connection, or an in-memory copy when nobody else has the file open); an older project is
 * brought up to date in a private in-memory copy, so it can be read without being changed.
 */
export interface OpenOptions {
  readonly?: boolean;
  /**
   * Keeps a copy of an older file before it is migrated, and returns where: an automatic backup
   * (project-session.ts). Without one the copy is written beside the file (`keepCopyBeside`).
   */
  keepCopy?: BeforeMigration;
  /** Told when the file was upgraded: from which format, and where the copy of it as it was is. */
  onUpgrade?: (upgrade: ProjectUpgrade) => void;
  /**
   * The integrity check (inspect.ts step (e)) is left to the caller, who runs it in the background:
   * only for a file whose last close was clean (project-session.ts). Steps (a)–(d) still come first.
   */
  integrityLater?: boolean;
}

/** The copy of a file before its upgrade when no backups are kept: `<name>.before-upgrade-<timestamp>.weft` beside it. */
export function keepCopyBeside(path: string): BeforeMigration {
  return (db) => {
    const copy = copyPathBeside(path, 'before-upgrade');
    db.prepare('VACUUM INTO ?').run(copy);
    return copy;
  };
}

export function openProjectFile(path: string, options: OpenOptions = {}): DB {
  const later = options.integrityLater === true && !options.readonly;
  if (later) checkFileBasics(path);
  else {
    const inspected = inspectProjectFile(path);
    if (options.readonly) return readOnlyConnection(inspected, path);
    inspected.db.close();
  }
  let db: DB;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (err) {
    throw new DomainError('VALIDATION', `Cannot open “${path}”: ${(err as Error).message}`);
  }
  try {
    // nothing is written before the file passed: a refused one is closed as it was
    if (later) inspectOpenConnection(db, path);
    applyPragmas(db);
    const upgrade = migrate(db, path, options.keepCopy ?? keepCopyBeside(path));
    if (upgrade) options.onUpgrade?.(upgrade);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof DomainError) throw err;
    if ((err as { code?: string }).code?.startsWith('SQLITE_READONLY')) {
      throw new DomainError('UNSUPPORTED', `Cannot write to “${path}”: the file or its folder is read-only. Open it read-only, or copy it to a folder you can write to.`);
    }
    throw damagedMessage(path, err);
  }
}

function readOnlyConnection({ db, version }: InspectedFile, label: string): DB {
  if (version >= latestSchemaVersion()) {
    db.pragma('foreign_keys = ON');
    return db;
  }
  let migrated: DB;
  try {
    migrated = databaseFromImage(db.serialize(), { readonly: false });
  } finally {
    db.close();
  }
  try {
    migrated.pragma('trusted_schema = OFF');
    migrate(migrated, label, null);
    // Read-only like the file: a write must fail loudly, not vanish with the in-memory copy.
    const copy = databaseFromImage(migrated.serialize(), { readonly: true });
    copy.pragma('trusted_schema = OFF');
    copy.pragma('foreign_keys = ON');
    return copy;
  } finally {
    migrated.close();
  }
}

export function readMeta(db: DB): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM project_meta').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}
