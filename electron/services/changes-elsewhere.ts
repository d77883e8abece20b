/**
 * Notices changes another door made to the open project: a cheap poll (about once a second) of
 * SQLite's `PRAGMA data_version`, which changes when another connection commits (our own commits
 * do not change it). On a change it clears this door's undo history (see undo.ts) and reports it,
 * so the window can reload what it shows.
 */
import type { ProjectSession } from './project-session.js';
import { historyOf } from './undo.js';

export const CHANGES_POLL_MS = 1000;

export function watchChangesElsewhere(session: ProjectSession, onChange: (undoCleared: boolean) => void, intervalMs = CHANGES_POLL_MS): () => void {
  const read = () => session.db.prepare('PRAGMA data_version').pluck().get() as number;
  let seen = read();
  const timer = setInterval(() => {
    if (!session.db.open || session.db.inTransaction) return;
    let now: number;
    try {
      now = read();
    } catch {
      return; // closing: the next open starts its own watch
    }
    if (now === seen) return;
    seen = now;
    onChange(session.readOnly ? false : historyOf(session.db).noticeChangesElsewhere());
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
