/**
 * Every file Weft reads or writes at a path the user chose (exports, reports, imports, CLI -o)
 * goes through this module, so the guarantees hold in one place:
 *
 * Writing (`writeUserFile`):
 * - never over a project: the open project, any `*.weft` file or its `-wal`/`-shm`/`-journal`
 *   companion, and any existing SQLite database or WAL file (whatever its name) are refused;
 * - never silently over another file: an existing file is replaced only with `overwrite: true`,
 *   otherwise a CONFLICT error with `details: { exists: path }` lets the UI ask first;
 * - atomically: the bytes go to a temporary file beside the target, are flushed, then renamed
 *   over it, so a failure leaves the old file (or nothing) — never half a file.
 *
 * Reading (`readUserFile`, `openUserFile`, `checkUserFile`): regular files only (a FIFO, a device
 * or a socket is refused before it is opened, and opening is non-blocking, so nothing can hang),
 * with a size cap per kind of file (`USER_FILE_KINDS`).
 */
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  chmodSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import { hasSqliteMagic } from '../../shared/import/sniff.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export interface ReadLimit {
  /** Largest size accepted, in bytes. */
  maxBytes: number;
  /** What the file is, for messages: “… is too large for a transcript”. */
  what: string;
}

/** The size caps, per kind of file a researcher hands to Weft (documented in README). */
export const USER_FILE_KINDS = {
  /** A transcript or document to import (.txt, .docx, .pdf, .vtt, .srt, .md). */
  transcript: { maxBytes: 200 * MiB, what: 'transcript' },
  /** A CSV table: participants, themes, reliability data. */
  table: { maxBytes: 100 * MiB, what: 'CSV file' },
  /** A codebook: REFI-QDA XML (.qdc) or CSV. */
  codebook: { maxBytes: 256 * MiB, what: 'codebook' },
  /** A bare REFI-QDA project XML (.qde). */
  projectXml: { maxBytes: 256 * MiB, what: 'REFI-QDA project file' },
  /** A REFI-QDA archive (.qdpx): read piece by piece, so it may be large (other tools put media in it). */
  archive: { maxBytes: 8 * GiB, what: 'REFI-QDA project (.qdpx)' },
  /** The encrypted key of a pseudonymised copy (.weftkey). */
  pseudonymKey: { maxBytes: 512 * MiB, what: 'pseudonymisation key' },
  /** A recording linked to a document (only its first bytes are read; the player streams it). */
  media: { maxBytes: 64 * GiB, what: 'recording' },
  /** Another Weft project to merge (only checked here; it is opened by the database layer). */
  project: { maxBytes: 16 * GiB, what: 'Weft project' },
} as const satisfies Record<string, ReadLimit>;

/** A SQLite write-ahead log starts with 0x377f0682 or 0x377f0683. */
const isWalHeader = (b: Uint8Array) => b[0] === 0x37 && b[1] === 0x7f && b[2] === 0x06 && (b[3] === 0x82 || b[3] === 0x83);
const PROJECT_NAME = /\.weft(-wal|-shm|-journal)?$/i;
const COMPANIONS = ['', '-wal', '-shm', '-journal'];

const mb = (n: number) => (n >= GiB ? `${(n / GiB).toFixed(n % GiB ? 1 : 0)} GB` : `${Math.max(1, Math.round(n / MiB))} MB`);

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not an ordinary file';
}

/** True for the file types Weft reads: ordinary files. */
export const isRegularFile = (st: Stats) => st.isFile();

function realOrResolved(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

// ------------------------------------------------------------------------------------------------
// Reading

function statFollowing(path: string, label: string): Stats {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (err) {
    throw readError(err, label);
  }
  if (!link.isSymbolicLink()) return link;
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('NOT_FOUND', `Cannot read “${label}”: it is a link to a file that does not exist.`);
    throw readError(err, label);
  }
}

function readError(err: unknown, label: string): DomainError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new DomainError('NOT_FOUND', `“${label}” does not exist.`);
  if (code === 'EACCES' || code === 'EPERM') return new DomainError('VALIDATION', `Cannot read “${label}”: permission denied.`);
  return new DomainError('VALIDATION', `Cannot read “${label}”: ${(err as Error).message}`);
}

function checkStats(st: Stats, label: string, limit: ReadLimit) {
  if (st.isDirectory()) throw new DomainError('VALIDATION', `“${label}” is a folder, not a file.`);
  if (!isRegularFile(st)) throw new DomainError('VALIDATION', `“${label}” is ${kindOf(st)}, not an ordinary file; Weft reads only ordinary files.`);
  if (st.size > limit.maxBytes) {
    throw new DomainError('VALIDATION', `“${label}” is too large for a ${limit.what} (${mb(st.size)}; the limit is ${mb(limit.maxBytes)}).`);
  }
}

/**
 * Checks that `path` is an ordinary file within the limit, without opening it (a FIFO is never
 * opened). Returns the absolute path and the size. For files another layer opens (a .weft).
 */
export function checkUserFile(path: string, limit: ReadLimit): { path: string; size: number } {
  const abs = resolve(path);
  const st = statFollowing(abs, path);
  checkStats(st, path, limit);
  return { path: abs, size: st.size };
}

/**
 * Opens an ordinary file for reading (checked before opening, and again on the open descriptor,
 * so a file swapped for a FIFO in between is still refused). The caller closes `fd`.
 */
export function openUserFile(path: string, limit: ReadLimit): { fd: number; size: number; path: string } {
  const { path: abs } = checkUserFile(path, limit);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO (swapped in after the check) returns at once instead of waiting.
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw readError(err, path);
  }
  try {
    const st = fstatSync(fd);
    checkStats(st, path, limit);
    return { fd, size: st.size, path: abs };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Reads a whole ordinary file of at most `limit.maxBytes` (see USER_FILE_KINDS). */
export function readUserFile(path: string, limit: ReadLimit): Buffer {
  const { fd, size } = openUserFile(path, limit);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // Read until the end, whatever the size said: the file may change while it is read.
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(size - total, 64 * 1024), 16 * MiB));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit.maxBytes) throw new DomainError('VALIDATION', `“${path}” is too large for a ${limit.what} (the limit is ${mb(limit.maxBytes)}).`);
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw readError(err, path);
  } finally {
    closeSync(fd);
  }
}

/** The first `length` bytes of an ordinary file (fewer when it is shorter). */
export function readUserFileHead(path: string, length: number, limit: ReadLimit): Uint8Array {
  const { fd } = openUserFile(path, limit);
  try {
    const buf = Buffer.alloc(length);
    return buf.subarray(0, readSync(fd, buf, 0, length, 0));
  } catch (err) {
    throw readError(err, path);
  } finally {
    closeSync(fd);
  }
}

/** True when `path` is a folder (or a link to one). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export interface FolderEntry {
  path: string;
  kind: 'file' | 'directory';
}

/**
 * A folder's entries (hidden ones left out, sorted by name), following links. Anything that is
 * neither an ordinary file nor a folder (a FIFO, a device, a socket, a broken link) is listed in
 * `skipped` with the reason, and never opened.
 */
export function listUserFolder(dir: string): { entries: FolderEntry[]; skipped: { path: string; reason: string }[] } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw readError(err, dir);
  }
  const entries: FolderEntry[] = [];
  const skipped: { path: string; reason: string }[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    let st: Stats;
    try {
      st = statSync(path);
    } catch {
      skipped.push({ path, reason: 'it cannot be read (a broken link, or no permission)' });
      continue;
    }
    if (st.isDirectory()) entries.push({ path, kind: 'directory' });
    else if (isRegularFile(st)) entries.push({ path, kind: 'file' });
    else skipped.push({ path, reason: `it is ${kindOf(st)}, not an ordinary file` });
  }
  return { entries, skipped };
}

// ------------------------------------------------------------------------------------------------
// Writing

export interface WriteOptions {
  /** Replace an existing ordinary file (the user confirmed, or named it on the command line). */
  overwrite?: boolean;
  /** The open project, refused with its companions whatever its name. */
  openProjectPath?: string | null;
}

/** The first bytes of an existing file, or null (missing, unreadable, or not an ordinary file). */
function headOf(path: string, st: Stats): Uint8Array | null {
  if (!isRegularFile(st)) return null;
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const buf = Buffer.alloc(16);
    return buf.subarray(0, readSync(fd, buf, 0, 16, 0));
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function refuseProject(path: string, why: string): never {
  throw new DomainError('CONFLICT', `Cannot write “${path}”: ${why}. Weft never writes an export over a project; choose another file name.`, {
    project: path,
  });
}

/**
 * Resolves and checks a target for writing; returns the absolute path to write and whether it
 * exists. Throws DomainError for every refusal (see the module comment).
 */
export function checkWriteTarget(path: string, options: WriteOptions = {}): { path: string; exists: boolean } {
  let abs = resolve(path);
  const folder = dirname(abs);
  let dirStat: Stats;
  try {
    dirStat = statSync(folder);
  } catch {
    throw new DomainError('NOT_FOUND', `Cannot write “${path}”: the folder “${folder}” does not exist.`);
  }
  if (!dirStat.isDirectory()) throw new DomainError('NOT_FOUND', `Cannot write “${path}”: “${folder}” is not a folder.`);
  let st: Stats | null = null;
  try {
    st = statSync(abs);
    abs = realpathSync.native(abs); // a link: write where it points, keep the link
  } catch {
    st = null;
    if (isLink(abs)) throw new DomainError('VALIDATION', `Cannot write “${path}”: it is a link to a file or folder that does not exist.`);
  }
  if (PROJECT_NAME.test(abs) || PROJECT_NAME.test(resolve(path))) refuseProject(path, 'it is a Weft project file (or part of one)');
  if (options.openProjectPath) {
    const open = realOrResolved(options.openProjectPath);
    const target = realOrResolved(abs);
    if (COMPANIONS.some((c) => target === `${open}${c}`)) refuseProject(path, 'it is the open project (or part of it)');
  }
  if (!st) return { path: abs, exists: false };
  if (st.isDirectory()) throw new DomainError('VALIDATION', `Cannot write “${path}”: it is a folder.`);
  if (!isRegularFile(st)) throw new DomainError('VALIDATION', `Cannot write “${path}”: it is ${kindOf(st)}, not an ordinary file.`);
  const head = headOf(abs, st);
  if (head && (hasSqliteMagic(head) || isWalHeader(head))) {
    refuseProject(path, 'it is a database (perhaps a Weft project under another name)');
  }
  if (!options.overwrite) throw new DomainError('CONFLICT', `“${basename(abs)}” already exists in “${dirname(abs)}”.`, { exists: abs });
  return { path: abs, exists: true };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Writes every byte to a new file `tmp` (never an existing one) and flushes it to the disk. */
export function writeNewFile(tmp: string, bytes: Uint8Array | string, mode?: number) {
  writeNewFileWith(tmp, bytesWriter(bytes), mode);
}

/** Creates the new file `tmp` (never an existing one), lets `write` fill it through its descriptor, and flushes it to the disk. */
function writeNewFileWith(tmp: string, write: (fd: number) => void, mode?: number) {
  const fd = openSync(tmp, 'wx', mode ?? 0o666);
  try {
    write(fd);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const bytesWriter = (bytes: Uint8Array | string) => (fd: number) => {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
};

/** A temporary name beside `path` (same folder, so the rename is atomic). */
export const temporaryBeside = (path: string, tag = 'tmp') => join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.${tag}`);

/**
 * Moves the finished temporary file `tmp` to `path`, which must not exist: a hard link cannot
 * replace a file, so a file created meanwhile is never overwritten (a rename is the fallback on
 * file systems without hard links). `tmp` is left for the caller to remove.
 */
export function publishNewFile(tmp: string, path: string, exists: (path: string) => DomainError) {
  try {
    linkSync(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw exists(path);
    let there = true;
    try {
      lstatSync(path);
    } catch {
      there = false;
    }
    if (there) throw exists(path);
    renameSync(tmp, path);
  }
}

/**
 * Writes bytes to `path` atomically (temporary file, flush, rename) with no checks: for files
 * Weft owns (settings). Files the user chose go through `writeUserFile`.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array | string, mode?: number) {
  const tmp = temporaryBeside(path);
  try {
    writeNewFile(tmp, bytes, mode);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes an export, report or table to a path the user chose (see the module comment for the
 * guarantees). Returns the absolute path written.
 */
export function writeUserFile(path: string, bytes: Uint8Array | string, options: WriteOptions = {}): string {
  return writeUserFileWith(path, bytesWriter(bytes), options);
}

/**
 * `writeUserFile` for content produced while it is written (a streamed export): `write` fills the
 * temporary file through its descriptor; the target appears (or is replaced) only when `write`
 * returned, and any error leaves the target as it was and no temporary file behind. Errors that
 * are DomainErrors (e.g. a cancelled export) pass through unchanged.
 */
export function writeUserFileWith(path: string, write: (fd: number) => void, options: WriteOptions = {}): string {
  const target = checkWriteTarget(path, options);
  const tmp = temporaryBeside(target.path);
  try {
    writeNewFileWith(tmp, write);
    publishUserFile(tmp, target, path);
  } catch (err) {
    throw writeError(err, path);
  } finally {
    rmSync(tmp, { force: true });
  }
  return target.path;
}

/**
 * The end of `writeUserFile`, for a file written in two steps (a background export writes `tmp`,
 * checked with `checkWriteTarget` before): moves the finished `tmp` to `target` — over the old file
 * (keeping its permissions) when it existed, never over one created meanwhile. `tmp` is left for
 * the caller to remove; `label` is the path as the user gave it.
 */
export function publishUserFile(tmp: string, target: { path: string; exists: boolean }, label: string) {
  try {
    if (target.exists) {
      try {
        chmodSync(tmp, statSync(target.path).mode & 0o777);
      } catch {
        // the old file went away meanwhile: the new one keeps the default permissions
      }
      renameSync(tmp, target.path);
    } else publishNewFile(tmp, target.path, (p) => new DomainError('CONFLICT', `“${basename(p)}” was created by something else while Weft was writing it; it was left as it is.`, { exists: p }));
  } catch (err) {
    throw writeError(err, label);
  }
}

/** A failed write as the user reads it (a DomainError passes as it is). */
export function writeError(err: unknown, path: string): DomainError {
  if (err instanceof DomainError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : code === 'EROFS' ? 'the disk is read-only' : (err as Error).message;
  return new DomainError('VALIDATION', `Cannot write “${path}”: ${why}.`);
}
