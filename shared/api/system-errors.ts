/**
 * The one place that turns errors from the operating system and SQLite (disk full, permission
 * denied, read-only disk, "database is locked", a damaged file…) into a DomainError with a message
 * a researcher can act on. Used by the dispatcher (window and browser mode), the CLI and the
 * importer, so all three doors say the same thing. Pure: it only reads the error's `code`,
 * `path` and `message`.
 */
import { DomainError, UserInputError, type ErrorCode } from './errors.js';

interface SystemErrorLike {
  code?: unknown;
  path?: unknown;
  message?: unknown;
}

interface Explanation {
  code: ErrorCode;
  /** The message, given the file it concerns ("" when unknown). */
  say: (where: string) => string;
}

const inUse: Explanation = {
  code: 'IN_USE',
  say: (where) =>
    `The project${where} is in use by another program (another Weft window or a weft command is writing to it), so nothing was changed. Close it there, or wait for it to finish, and try again.`,
};
/** What a researcher is told when a change to the open project hits a full disk. */
export const DISK_FULL_MESSAGE = 'The disk is full: this change was not saved. Free some space or save a copy of the project elsewhere.';
const diskFull: Explanation = {
  code: 'DISK_FULL',
  say: (where) =>
    where ? `The disk is full: nothing was written${where}. Free some space (or save to another disk) and try again; the work already saved is kept.` : DISK_FULL_MESSAGE,
};
const readOnly: Explanation = {
  code: 'IO',
  say: (where) => `Weft may not write${where}: the file or its folder is read-only or belongs to someone else. Nothing was changed. Save a copy somewhere you may write to.`,
};
const ioError: Explanation = {
  code: 'IO',
  say: (where) => `The disk reported an input/output error${where}. Nothing was changed; check the disk (or the network folder) and try again.`,
};
const damaged: Explanation = {
  code: 'VALIDATION',
  say: (where) => `The project file${where} is damaged (SQLite reports it as malformed). Nothing was changed; restore a backup or run “weft check”.`,
};

/** SQLite result codes (better-sqlite3 puts the extended name, e.g. SQLITE_IOERR_WRITE, in `code`). */
function sqliteExplanation(code: string): Explanation | null {
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return inUse;
  if (code === 'SQLITE_FULL') return diskFull;
  if (/^SQLITE_(READONLY|PERM|AUTH)/.test(code)) return readOnly;
  if (/^SQLITE_(IOERR|CANTOPEN)/.test(code)) return ioError;
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) return damaged;
  return null;
}

/** Node's errno names for file operations. */
const ERRNO: Record<string, Explanation> = {
  ENOSPC: diskFull,
  EDQUOT: diskFull,
  EACCES: readOnly,
  EPERM: readOnly,
  EROFS: readOnly,
  EIO: ioError,
  EBUSY: { code: 'IN_USE', say: (where) => `The file${where} is in use by another program. Close it there and try again.` },
  ENOENT: { code: 'NOT_FOUND', say: (where) => `The file or folder${where} does not exist.` },
  ENOTDIR: { code: 'NOT_FOUND', say: (where) => `The path${where} does not exist (a part of it is a file, not a folder).` },
  EISDIR: { code: 'VALIDATION', say: (where) => `The path${where} is a folder, not a file.` },
  EMFILE: { code: 'IO', say: () => 'Too many files are open at once. Close some programs and try again.' },
};

/**
 * A DomainError for a user-input error (UserInputError: the file and the problem, code VALIDATION),
 * a known system or SQLite failure, or null when `err` is not one (a bug, which
 * the caller reports as an internal error). `file` names the file concerned when the error itself
 * does not (SQLite errors never do). SQLITE_CONSTRAINT becomes CONSTRAINT. The original error is
 * kept as `cause` (shown by `weft --debug`).
 */
export function explainSystemError(err: unknown, file?: string): DomainError | null {
  if (err instanceof DomainError) return err;
  if (err instanceof UserInputError) return withCause(new DomainError(err.code, err.userMessage), err);
  if (typeof err !== 'object' || err === null) return null;
  const e = err as SystemErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const path = typeof e.path === 'string' ? e.path : file;
  const where = path ? ` (“${path}”)` : '';
  let found: Explanation | null = null;
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return withCause(new DomainError('CONSTRAINT', `The project refused that change: ${message}`), err);
  }
  if (code.startsWith('SQLITE_')) found = sqliteExplanation(code);
  else if (code in ERRNO) found = ERRNO[code]!;
  else if (/database is locked|database table is locked/i.test(message)) found = inUse;
  else if (/database or disk is full/i.test(message)) found = diskFull;
  else if (/attempt to write a readonly database/i.test(message)) found = readOnly;
  if (!found) return null;
  return withCause(new DomainError(found.code, found.say(where)), err);
}

function withCause(domain: DomainError, cause: unknown): DomainError {
  Object.defineProperty(domain, 'cause', { value: cause, enumerable: false, configurable: true });
  return domain;
}
