/**
 * A write that failed because the disk (or the file system's quota) is full, told plainly. The
 * rule that recognises it is the one in shared/api/system-errors.ts.
 */
import { DomainError } from '../../shared/api/errors.js';
import { DISK_FULL_MESSAGE, explainSystemError } from '../../shared/api/system-errors.js';

export { DISK_FULL_MESSAGE };

/** SQLite's SQLITE_FULL (also from PRAGMA max_page_count) or the system's ENOSPC/EDQUOT. */
export function isDiskFull(err: unknown): boolean {
  if (err instanceof DomainError) return err.code === 'DISK_FULL';
  return explainSystemError(err)?.code === 'DISK_FULL' || /no space left on device|ENOSPC/i.test(String((err as Error)?.message ?? ''));
}

/**
 * The DISK_FULL error for a failed write, or null when the failure has another cause. `context`
 * names a write other than a change to the project (a backup, a copy).
 */
export function describeWriteError(err: unknown, context?: string): DomainError | null {
  if (!isDiskFull(err)) return null;
  return new DomainError('DISK_FULL', context ? `${context}: the disk is full. Free some space and try again.` : DISK_FULL_MESSAGE);
}
