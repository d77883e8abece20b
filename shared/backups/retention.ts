/**
 * Which backups to keep: the newest ones as they are, older ones thinned (one an hour for a day,
 * one a day for a month, none older), and all of them together within a size budget. Pure: the
 * caller lists the backups and deletes what this returns.
 */

export interface RetentionPolicy {
  /** The newest backups kept as they are (before the size budget applies). */
  keepLast: number;
  /** Older backups younger than this keep one per hour. */
  hourlyForMs: number;
  /** Older backups younger than this keep one per day; older ones go. */
  dailyForMs: number;
  /** The budget for all backups of a project, as a multiple of the project's size… */
  sizeFactor: number;
  /** …but never more than this many bytes. */
  maxTotalBytes: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const DEFAULT_RETENTION: RetentionPolicy = {
  keepLast: 20,
  hourlyForMs: DAY,
  dailyForMs: 31 * DAY,
  sizeFactor: 5,
  maxTotalBytes: 2 * 1024 ** 3,
};

export interface RetainedBackup {
  id: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  size: number;
}

export interface RetentionInput {
  now: number;
  /** The project file's size in bytes. */
  projectSize: number;
}

/** The size budget for a project's backups. */
export function backupBudget(projectSize: number, policy: RetentionPolicy = DEFAULT_RETENTION): number {
  return Math.min(policy.maxTotalBytes, Math.max(0, projectSize) * policy.sizeFactor);
}

/**
 * The ids of the backups to delete. The newest backup is always kept, whatever its size: it is the
 * one a researcher most likely needs.
 */
export function backupsToDelete<T extends RetainedBackup>(backups: readonly T[], input: RetentionInput, policy: RetentionPolicy = DEFAULT_RETENTION): string[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  const kept: T[] = [];
  const remove: string[] = [];
  const seenBuckets = new Set<string>();
  newestFirst.forEach((b, index) => {
    if (index < policy.keepLast) {
      kept.push(b);
      return;
    }
    const age = input.now - b.createdAt;
    const bucket = age < policy.hourlyForMs ? `h${Math.floor(b.createdAt / HOUR)}` : age < policy.dailyForMs ? `d${Math.floor(b.createdAt / DAY)}` : null;
    // Newest first, so the first backup seen in a bucket is the newest of that hour or day.
    if (bucket !== null && !seenBuckets.has(bucket)) {
      seenBuckets.add(bucket);
      kept.push(b);
    } else remove.push(b.id);
  });
  const budget = backupBudget(input.projectSize, policy);
  let total = kept.reduce((sum, b) => sum + b.size, 0);
  // Over budget: drop the oldest first, never the newest.
  for (let i = kept.length - 1; i > 0 && total > budget; i--) {
    const b = kept[i]!;
    total -= b.size;
    remove.push(b.id);
  }
  return remove;
}
