/**
 * What a synced project file offers the sync client (issue 17): the seam between the local change
 * log and merge rules (built on `shared/sync/`) and the code that talks to a team server. Types only;
 * `replica.ts` implements it on a project's SQLite connection.
 */
import type { OpEnvelope, SequencedOp } from '../../../shared/sync/protocol.js';

/** Where a synced project syncs to, kept in the project file (never the token: that stays on the machine). */
export interface SyncLink {
  serverUrl: string;
  /** The project's GUID on the server (the project's own GUID when it was published from this file). */
  projectGuid: string;
  /** This replica's id: new for every file that joins or publishes (a copied file must re-join). */
  clientId: string;
  /** The last server sequence number applied here. */
  lastSeq: number;
}

/** One overwritten value the researcher can review and restore: declared in shared/sync/status.ts (the API returns it). */
export type { SyncConflict } from '../../../shared/sync/status.js';
import type { SyncConflict } from '../../../shared/sync/status.js';

export interface ApplyReport {
  /** Operations applied (changed the project) and ignored (already seen, or lost to a newer write). */
  applied: number;
  ignored: number;
  /** New entries in the conflict list. */
  conflicts: number;
  /** Things a researcher should be told, in plain words ("An adjustment by Ana to a coding Ben removed was dropped"). */
  notices: string[];
  /** Whether the project was rebuilt from the whole log (false: only the new operations were applied). */
  rebuilt: boolean;
}

export interface Replica {
  /** null when the project is not synced. */
  link(): SyncLink | null;
  /** Start recording changes as operations (publish or join); every later change by any door is recorded. */
  enable(link: Omit<SyncLink, 'lastSeq'>): void;
  /** Stop syncing (operations kept; a new `enable` starts a new client id). */
  disable(): void;
  /** Local operations not yet accepted by the server, oldest first. */
  pending(limit?: number): OpEnvelope[];
  pendingCount(): number;
  /** The server accepted these: they are no longer pending. */
  markPushed(ids: readonly string[]): void;
  /** Apply the server's operations (in its sequence order) in one transaction; `lastSeq` moves to the last one. */
  applyRemote(ops: readonly SequencedOp[]): ApplyReport;
  /** The whole project as operations (what `publish` uploads first). */
  snapshot(): OpEnvelope[];
  conflicts(opts?: { includeRestored?: boolean }): SyncConflict[];
  /**
   * Why this file must not send its changes, or null: it is an older copy of a synced file (restored
   * from a backup, or copied) — operations it sent came back from the server without being in it,
   * so it could send different changes under the ids it used before.
   */
  diverged(): string | null;
  /** How many conflicts wait for review (not restored). */
  conflictCount(): number;
  /**
   * Changes whenever what the sync status counts (changes waiting, conflicts) may have changed: any
   * write to the file on this connection (a change recorded, an apply, a push marked, a restore)
   * or by another (another door). Cheap: the status is recomputed only when it changed.
   */
  changeMark(): string;
  /** Put the lost value back: a new local operation (so it syncs to everyone), the entry marked restored. */
  restore(conflictId: number): void;
}
