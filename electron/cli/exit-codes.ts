/**
 * The `weft` exit statuses: the one table (README "Command line" shows it; a test keeps the two
 * in step). Scripts depend on these numbers: add new ones, never renumber. 64–78 follow BSD
 * sysexits where one fits.
 */
import type { ErrorCode } from '../../shared/api/errors.js';

export const EXIT = {
  ok: 0,
  /** A failure with no more specific status (e.g. `weft import` when some files failed). */
  failed: 1,
  usage: 2,
  notFound: 3,
  invalid: 4,
  conflict: 5,
  unsupported: 6,
  internal: 70,
  io: 74,
  /** Reserved for the project lock: another program holds the project. */
  inUse: 75,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Each status with what it means, in the order README lists them. */
export const EXIT_MEANINGS: readonly [ExitCode, string][] = [
  [EXIT.ok, 'success'],
  [EXIT.failed, 'failure (e.g. `weft import`: some files failed, the others were imported)'],
  [EXIT.usage, 'usage error: unknown command or option, missing argument'],
  [EXIT.notFound, 'not found: a file, code, coder, document… that does not exist'],
  [EXIT.invalid, 'invalid input: a file Weft cannot read (wrong format, malformed, damaged), or a value it refuses'],
  [EXIT.conflict, 'conflict: the target exists already, or the change would break the project’s rules'],
  [EXIT.unsupported, 'unsupported: e.g. a project saved by a newer version of Weft'],
  [EXIT.internal, 'internal error (a bug in Weft): run again with `--debug` and report the trace'],
  [EXIT.io, 'the disk refused: full, read-only, permission denied, input/output error'],
  [EXIT.inUse, 'the project is in use by another program (another Weft window or `weft` command)'],
];

const BY_ERROR_CODE: Record<ErrorCode, ExitCode> = {
  VALIDATION: EXIT.invalid,
  NOT_FOUND: EXIT.notFound,
  CONFLICT: EXIT.conflict,
  CONSTRAINT: EXIT.conflict,
  NO_PROJECT: EXIT.failed,
  UNSUPPORTED: EXIT.unsupported,
  INTERNAL: EXIT.internal,
  UNAVAILABLE: EXIT.failed,
  IO: EXIT.io,
  IN_USE: EXIT.inUse,
  READ_ONLY: EXIT.inUse,
  DISK_FULL: EXIT.io,
};

export function exitCodeFor(code: ErrorCode): ExitCode {
  return BY_ERROR_CODE[code];
}
