/**
 * How a backup that also stands for later moments says so in the list of backups: a backup due
 * before an import or a merge is not copied again when nothing changed since the newest backup
 * (electron/services/project-session.ts, backupBefore); that backup notes the moment instead.
 */
import type { BackupInfo, BackupReason } from '../types/backups.js';

const NOUNS: Partial<Record<BackupReason, [string, string]>> = {
  import: ['import', 'imports'],
  merge: ['merge', 'merges'],
};

/** E.g. "also before 2 imports and a merge (nothing had changed since)", or null. */
export function alsoBeforeText(info: Pick<BackupInfo, 'alsoBefore'>): string | null {
  const notes = info.alsoBefore ?? [];
  if (notes.length === 0) return null;
  const counts = new Map<BackupReason, number>();
  for (const n of notes) counts.set(n.reason, (counts.get(n.reason) ?? 0) + 1);
  const parts = [...counts].map(([reason, n]) => {
    const [one, many] = NOUNS[reason] ?? [reason, `${reason} backups`];
    return n === 1 ? `${/^[aeiou]/.test(one) ? 'an' : 'a'} ${one}` : `${n} ${many}`;
  });
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
  return `also before ${list} (nothing had changed since)`;
}
