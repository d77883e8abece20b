/**
 * Inspecting a project file before Weft uses it — read-only, changing nothing:
 *  (a) it is a regular, non-empty file;
 *  (b) its first 100 bytes are a SQLite header;
 *  (c) opened read-only with `trusted_schema = OFF`, it carries Weft's marker in `project_meta`
 *      and a format (`user_version`) this Weft reads;
 *  (d) its schema is exactly what Weft's migrations produce for that format (schema-identity.ts);
 *  (e) `PRAGMA quick_check` passes.
 * Only then may a caller reopen it read-write (connection.ts). A file refused here is left
 * byte-for-byte as it was, and no `-wal`/`-shm`/`-journal` file is created beside it.
 *
 * Reading without creating anything: a file in rollback-journal mode opened read-only creates
 * nothing. A WAL-mode file (every Weft project) needs a `-shm` beside it to be opened, which
 * SQLite would create; so when no `-wal` exists (nobody has the file open and it was closed
 * cleanly, so the file alone is the whole database) it is read into memory and inspected there.
 * When a `-wal` exists (another Weft has it open) it is opened read-only in place, which may add
 * a `-shm`; that is harmless to the other process and the file itself is not written.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { DomainError } from '../../shared/api/errors.js';
import { hasSqliteMagic } from '../../shared/import/sniff.js';
import { latestSchemaVersion } from './migrator.js';
import { schemaProblems } from './schema-identity.js';

type DB = Database.Database;

export const APP_MARKER = 'weft';
const HEADER_BYTES = 100;
/** Above this size a WAL-mode file is opened read-only in place rather than copied into memory. */
const MAX_IN_MEMORY_BYTES = 512 * 1024 * 1024;

export { hasSqliteMagic };

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(HEADER_BYTES);
    return buf.subarray(0, readSync(fd, buf, 0, HEADER_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/** Bytes 18 and 19 of the header are the write/read format versions: 2 means WAL mode. */
const isWalHeader = (header: Buffer) => header[18] === 2 || header[19] === 2;

/**
 * A private in-memory database from a file image. A WAL-mode image is marked as rollback-mode
 * in the copy (an in-memory database cannot use WAL); the file itself is untouched.
 */
export function databaseFromImage(image: Buffer, options: { readonly: boolean }): DB {
  if (image.length >= HEADER_BYTES && isWalHeader(image)) {
    image[18] = 1;
    image[19] = 1;
  }
  return new Database(image, { readonly: options.readonly });
}

export function damagedMessage(label: string, err: unknown): DomainError {
  const msg = (err as Error).message;
  if (/not a database|file is encrypted|malformed|corrupt/i.test(msg)) {
    return new DomainError('VALIDATION', `“${label}” is damaged: SQLite cannot read it (${msg}). The file was not changed.`);
  }
  return new DomainError('VALIDATION', `Cannot read “${label}”: ${msg}. The file was not changed.`);
}

/** What the inspection learnt; `db` is a read-only connection (or in-memory copy) the caller closes. */
export interface InspectedFile {
  db: DB;
  /** The file's project format (`PRAGMA user_version`). */
  version: number;
  /** True when `db` is an in-memory copy of the file rather than a connection to it. */
  inMemory: boolean;
}

/**
 * Steps (a)–(c): refuses anything that is not a Weft project this Weft can read, and returns a
 * read-only connection to it with `trusted_schema = OFF`. Schema identity and integrity are not
 * checked yet: `inspectProjectFile` does that; `weft check` reports them instead of refusing.
 */
/** Steps (a) and (b): a regular, non-empty file with a SQLite header. Returns the header. */
export function checkFileBasics(path: string, label = path): Buffer {
  if (!existsSync(path)) throw new DomainError('NOT_FOUND', `“${label}” does not exist.`);
  const stat = statSync(path);
  if (stat.isDirectory()) throw new DomainError('VALIDATION', `“${label}” is a folder, not a Weft project file.`);
  if (!stat.isFile()) throw new DomainError('VALIDATION', `“${label}” is not a regular file (a device, pipe or socket), so it is not a Weft project file.`);
  if (stat.size === 0) throw new DomainError('VALIDATION', `“${label}” is an empty file (0 bytes), not a Weft project. The file was not changed.`);
  let header: Buffer;
  try {
    header = readHeader(path);
  } catch (err) {
    throw new DomainError('VALIDATION', `Cannot read “${label}”: ${(err as Error).message}`);
  }
  if (!hasSqliteMagic(header)) throw new DomainError('VALIDATION', `“${label}” is not a Weft project file (it is not a SQLite database).`);
  return header;
}

export function openForInspection(path: string, label = path): InspectedFile {
  const header = checkFileBasics(path, label);
  const stat = statSync(path);
  const inMemory = isWalHeader(header) && !existsSync(`${path}-wal`) && stat.size <= MAX_IN_MEMORY_BYTES;
  let db: DB;
  try {
    db = inMemory ? databaseFromImage(readFileSync(path), { readonly: true }) : new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw damagedMessage(label, err);
  }
  try {
    return { db, version: checkWeftFormat(db, label), inMemory };
  } catch (err) {
    db.close();
    throw err instanceof DomainError ? err : damagedMessage(label, err);
  }
}

/** Step (c) on an open connection (set to `trusted_schema = OFF` first): Weft's marker, and a format this Weft reads. Returns the format. */
function checkWeftFormat(db: DB, label: string): number {
  db.pragma('trusted_schema = OFF');
  const version = db.pragma('user_version', { simple: true }) as number;
  checkWeftMarker(db, label);
  if (version > latestSchemaVersion()) {
    throw new DomainError(
      'UNSUPPORTED',
      `“${label}” was saved by a newer version of Weft (project format ${version}; this version reads up to ${latestSchemaVersion()}). Update Weft to open it; the file was not changed.`,
    );
  }
  return version;
}

/** `project_meta` must be a real table (checked in sqlite_master before it is read) holding app = weft. */
function checkWeftMarker(db: DB, label: string) {
  const objects = db.prepare("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view')").all() as { type: string; name: string }[];
  if (objects.length === 0) throw new DomainError('VALIDATION', `“${label}” is an empty SQLite database, not a Weft project. The file was not changed.`);
  const meta = objects.find((o) => o.name.toLowerCase() === 'project_meta');
  if (!meta || meta.type !== 'table') {
    throw new DomainError('VALIDATION', `“${label}” is a SQLite database but not a Weft project. The file was not changed.`);
  }
  const app = db.prepare("SELECT value FROM project_meta WHERE key = 'app'").pluck().get();
  if (app !== APP_MARKER) throw new DomainError('VALIDATION', `“${label}” is a SQLite database but not a Weft project. The file was not changed.`);
}

/** The first few problems as one sentence, for messages. */
export function listProblems(problems: string[], max = 3): string {
  const shown = problems.slice(0, max).join('; ');
  return problems.length > max ? `${shown}; and ${problems.length - max} more` : shown;
}

/**
 * THE entry point for opening a project file: steps (a)–(e). Throws a DomainError naming the
 * file and the problem when Weft must not use it; otherwise returns the read-only inspection
 * connection (the caller closes it, or keeps it for a read-only session).
 */
export function inspectProjectFile(path: string, label = path): InspectedFile {
  const inspected = openForInspection(path, label);
  const { db, version } = inspected;
  try {
    checkSchema(db, version, label);
    const integrity = integrityProblems(db);
    if (integrity.length > 0) throw damagedProject(label, integrity);
    return inspected;
  } catch (err) {
    db.close();
    throw err instanceof DomainError ? err : damagedMessage(label, err);
  }
}

/** Step (d). */
function checkSchema(db: DB, version: number, label: string) {
  const problems = schemaProblems(db, version);
  if (problems.length > 0) {
    throw new DomainError(
      'VALIDATION',
      `“${label}” is not a project file Weft can trust: its structure differs from what Weft writes (${listProblems(problems)}). It was not opened and was not changed. Run “weft check” on it for details.`,
      { problems },
    );
  }
}

/** Step (e): what `PRAGMA quick_check` finds wrong (none: the file is whole). */
export function integrityProblems(db: DB): string[] {
  const rows = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}

/** What Weft says of a file whose integrity check found damage. */
export function damagedProject(label: string, problems: string[], opened = false): DomainError {
  return new DomainError(
    'VALIDATION',
    opened
      ? `“${label}” is damaged (${listProblems(problems)}). Close it and restore a backup (File › Backups), or ask for help; “weft check” lists the damage. Changes made now may be lost.`
      : `“${label}” is damaged (${listProblems(problems)}). It was not opened and was not changed; “weft check” lists the damage. Restore a backup, or ask for help.`,
    { problems },
  );
}

/**
 * Steps (c)–(d) on a read-write connection (the caller checked (a) and (b) before opening it), with
 * (e) left to the caller: for a file whose last
 * close was clean (project-session.ts), where reading it whole before use would cost a second per
 * 100 MB. The connection is `trusted_schema = OFF` before anything of the file is read, and nothing
 * is written before every step passed: a refused file is closed unchanged (SQLite removes the
 * `-wal` and `-shm` its reading made when the connection closes). Returns the format.
 */
export function inspectOpenConnection(db: DB, label: string): number {
  const version = checkWeftFormat(db, label);
  checkSchema(db, version, label);
  return version;
}
