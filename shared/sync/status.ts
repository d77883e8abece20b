/**
 * What the window's status line (and `weft sync`) says about a synced project (issue 17): one
 * status object, pushed as the event `sync.status`, and the one rule that words it.
 */
import { countOf } from '../domain/plural.js';

export interface SyncStatus {
  /** Whether the open project syncs with a team server (false: none of the rest applies). */
  linked: boolean;
  serverUrl: string | null;
  projectGuid: string | null;
  /** Who this machine is signed in as on that server; null: not signed in (sign in to sync). */
  user: string | null;
  /** Whether the last contact with the server worked; null before the first. */
  online: boolean | null;
  /** Local changes the server has not accepted yet. */
  pending: number;
  /** Overwritten values in the conflict list, not yet restored or dismissed. */
  conflicts: number;
  /** Syncs by itself while online (on by default). */
  auto: boolean;
  /** A push or pull is running now. */
  syncing: boolean;
  lastSyncAt: string | null;
  /** Why the last sync failed, in plain words (unreachable, signed out, no access…); null when it worked. */
  problem: string | null;
}

export const NOT_SYNCED: SyncStatus = {
  linked: false,
  serverUrl: null,
  projectGuid: null,
  user: null,
  online: null,
  pending: 0,
  conflicts: 0,
  auto: false,
  syncing: false,
  lastSyncAt: null,
  problem: null,
};

/** The status line's words: “Synced”, “3 changes waiting”, “Offline — 3 changes waiting”, “2 conflicts to review”. */
export function syncStatusLabel(s: SyncStatus): string {
  if (!s.linked) return 'Not synced';
  const waiting = s.pending > 0 ? countOf(s.pending, 'change') + ' waiting' : null;
  const conflicts = s.conflicts > 0 ? countOf(s.conflicts, 'conflict') + ' to review' : null;
  let head: string;
  if (!s.user) head = 'Signed out';
  else if (s.online === false) head = 'Offline';
  else if (s.syncing) head = 'Syncing…';
  else if (s.problem) head = 'Not synced';
  else head = waiting ? '' : 'Synced';
  return [head, waiting, conflicts].filter((p) => p).join(' — ');
}

/** One overwritten value the researcher can review and restore (last-writer-wins per field). */
export interface SyncConflict {
  id: number;
  /** 'code' | 'theme' | 'memo' | … and the entity's GUID and current name, for the list. */
  kind: string;
  guid: string;
  entityName: string;
  field: string;
  /** The value that lost, and who wrote it when. */
  lostValue: unknown;
  lostBy: string;
  lostAt: string;
  /** The value that won (now in the project), and who wrote it when. */
  keptValue: unknown;
  keptBy: string;
  keptAt: string;
  restored: boolean;
}

/** What a sync brought in, for the window to reload (and say when its undo history was cleared). */
export interface SyncReceived {
  applied: number;
  conflicts: number;
  /** Things to tell the researcher, in plain words (from the merge rules). */
  notices: string[];
  undoCleared: boolean;
}

export interface SyncResult {
  pushed: number;
  received: SyncReceived;
  status: SyncStatus;
}

/** A project on a team server the signed-in user is a member of. */
export interface ServerProject {
  guid: string;
  name: string;
  role: 'owner' | 'coder' | 'viewer';
  latestSeq: number;
}

/** A value of the conflict list as text (a name or a definition as written; anything else as JSON). */
export function conflictValueText(value: unknown): string {
  if (value === null || value === undefined) return '(empty)';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  return JSON.stringify(value);
}
