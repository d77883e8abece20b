/** A write that failed because the disk (or the file system's quota) is full, told plainly. */
import { DomainError } from '../../shared/api/errors.js';

export const DISK_FULL_MESSAGE = 'The disk is full: this change was not saved. Free some space or save a copy of the project elsewhere.';

/** SQLite's SQLITE_FULL (also from PRAGMA max_page_count) or the system's ENOSPC/EDQUOT. */
export function isDiskFull(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  if (/^(SQLITE_FULL|ENOSPC|EDQUOT)$/.test(code)) return true;
  return /database or disk is full|no space left on device|ENOSPC/i.test(String((err as Error)?.message ?? ''));
}

/**
 * The DISK_FULL error for a failed write, or null when the failure has another cause. `context`
 * names a write other than a change to the project (a backup, a copy).
 */
export function describeWriteError(err: unknown, context?: string): DomainError | null {
  if (!isDiskFull(err)) return null;
  return new DomainError('DISK_FULL', context ? `${context}: the disk is full. Free some space and try again.` : DISK_FULL_MESSAGE);
}
