/**
 * Errors that cross the API boundary. Services throw DomainError; the dispatcher turns every
 * failure into an ApiErrorShape so the renderer and the CLI can show a specific message.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'CONSTRAINT',
  'NO_PROJECT',
  'UNSUPPORTED',
  'INTERNAL',
  'UNAVAILABLE',
  /** The project is open read-only here (another door holds it, or the file cannot be written). */
  'READ_ONLY',
  /** The disk refused: full, read-only, permission denied, input/output error. */
  'IO',
  /** Another program (a second Weft window, a weft command) holds the project. */
  'IN_USE',
  'DISK_FULL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

/**
 * The one base class for "the user's input cannot be used": a file that cannot be read, a table
 * without the needed column, a value that is not a number… Parsers in shared/ throw a subclass
 * (ImportError, CsvSyntaxError, CodebookCsvError, ThemeCsvError) with the problem as `message`
 * and the file it concerns as `file`; nobody catches it to translate it. The two doors map it
 * once: shared/api/system-errors.ts (explainSystemError, used by the dispatcher and by the CLI's
 * failure path) turns it into DomainError(code, userMessage), so the envelope is
 * `{ ok: false, error: { code: 'VALIDATION', message: 'Cannot import “f.csv”: line 3: …' } }`
 * and `weft` exits with status 4 (invalid input).
 */
export class UserInputError extends Error {
  readonly code: ErrorCode = 'VALIDATION';
  /** The file the problem is in (its name as the user knows it), when there is one. */
  readonly file: string | undefined;
  constructor(file: string | undefined, reason: string) {
    super(reason);
    this.name = 'UserInputError';
    this.file = file;
  }
  /** The message a user is shown: the file, then the problem. */
  get userMessage(): string {
    if (!this.file) return this.message;
    return `Cannot import “${this.file}”: ${this.message}`;
  }
}

/** Thrown by the typed client when a call fails. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.details = shape.details;
  }
}

/** A short heading per error code, shown above the specific message. */
export const ERROR_TITLES: Record<ErrorCode, string> = {
  VALIDATION: 'That request was not valid',
  NOT_FOUND: 'Not found',
  CONFLICT: 'That conflicts with something that exists',
  CONSTRAINT: 'That would break the project’s rules',
  NO_PROJECT: 'No project is open',
  UNSUPPORTED: 'Not supported',
  INTERNAL: 'Something went wrong inside Weft',
  UNAVAILABLE: 'Weft’s backend is not reachable',
  READ_ONLY: 'This project is open read-only here',
  IO: 'The disk refused',
  IN_USE: 'The project is in use elsewhere',
  DISK_FULL: 'The disk is full',
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
