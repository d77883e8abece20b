/**
 * Progress and cancellation of a long exchange operation (.qdpx export or import), checked
 * between documents. A background job passes these; a direct call leaves them out.
 */
import { DomainError } from '../../../shared/api/errors.js';

export interface ProgressOptions {
  /** Called after each document: `done` of `total` documents. */
  onProgress?: (done: number, total: number) => void;
  /** Checked before each document; when it returns true the operation stops and writes nothing. */
  isCancelled?: () => boolean;
}

/** The operation was cancelled through `isCancelled`; nothing was written. */
export class CancelledError extends DomainError {
  constructor(what: string) {
    super('CONFLICT', `${what} was cancelled; nothing was written.`);
    this.name = 'CancelledError';
  }
}

/** Throws CancelledError when the caller asked to stop. */
export function checkCancelled(options: ProgressOptions, what: string) {
  if (options.isCancelled?.()) throw new CancelledError(what);
}
