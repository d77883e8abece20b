/**
 * How Weft describes who holds a project (pure; the lock file itself lives in
 * electron/db/project-lock.ts). Used for the read-only banner, refusals and the CLI's one line.
 */
import type { LockHolder, ProjectDoor } from '../types/entities.js';

const DOOR_NAMES: Record<ProjectDoor, string> = {
  app: 'Weft',
  browser: 'Weft (browser mode)',
  cli: 'the weft command line',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** “14:05 on 2026-12-04” in this computer's local time; the ISO text when it is not a date. */
export function formatLockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getHours())}:${pad(d.getMinutes())} on ${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** “Open in Weft on lab-pc (process 4121) since 14:05 on 2026-12-04” (plus “by ana” when the user is known). */
export function describeHolder(holder: LockHolder): string {
  const door = DOOR_NAMES[holder.door] ?? 'Weft';
  const who = holder.user ? ` by ${holder.user}` : '';
  return `Open in ${door} on ${holder.hostname} (process ${holder.pid})${who} since ${formatLockTime(holder.startedAt)}`;
}

/** The read-only banner for a project another door holds. */
export const inUseBanner = (holder: LockHolder) => `${describeHolder(holder)} — read-only here.`;

/** The read-only banner for a project file (or folder) that cannot be written. */
export const notWritableBanner = (detail: string) =>
  `This project file cannot be changed (${detail}) — read-only here. To work on it, save a copy somewhere you can write (for example with a file manager) and open the copy.`;
