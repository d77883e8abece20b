/**
 * One open project file: its database connection, the coder working in it, and — for a door
 * that may change it — the project lock (electron/db/project-lock.ts). A project another door
 * holds, or a file that cannot be written, is open read-only, with the reason in `readOnly`.
 * After each change the WAL is checkpointed once changes pause, so the `.weft` alone is the whole
 * project, and automatic backups are kept (electron/services/backups/).
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import { describeHolder, inUseBanner, notWritableBanner } from '../../shared/domain/project-lock.js';
import type { ProjectDoor, ProjectInfo, ReadOnlyReason } from '../../shared/types/entities.js';
import type { BackupInfo, BackupReason } from '../../shared/types/backups.js';
import { createProjectFile, openProjectFile, readMeta, type DB } from '../db/connection.js';
import type { ProjectUpgrade } from '../db/migrator.js';
import { acquireProjectLock, type LockOutcome, type ProjectLock } from '../db/project-lock.js';
import { IdleCheckpointer } from '../db/wal.js';
import { changeStamp } from '../db/change-stamp.js';
import { newGuid } from '../db/identifiers.js';
import * as coders from '../db/tables/coders.js';
import { rememberAlias } from '../db/tables/merges.js';
import { reassignCodings } from './codes.js';
import { PROVISIONAL_CODER } from '../../shared/domain/provisional-coder.js';
import { ProjectBackups } from './backups/project-backups.js';

export const nowIso = () => new Date().toISOString();
export { newGuid };

export interface SessionOptions {
  readonly?: boolean;
  /** Where automatic backups go (Weft's data folder + /backups); none without it. */
  backupsDir?: string;
  /** Minutes between backups while changes are being made. */
  backupIntervalMinutes?: number;
  /**
   * A door that can tell the window later (the app, browser mode) opens a project whose last close
   * was clean without reading it whole first: the integrity check runs in the background after
   * opening (`integrityPending`), and damage is reported then. After an unclean close (a lock left
   * by a process that is gone, or a WAL not emptied) the check still comes before use.
   */
  integrityInBackground?: boolean;
}

export const DEFAULT_BACKUP_INTERVAL_MINUTES = 10;

export class ProjectSession {
  private coderIdCache: number | null = null;
  private readonly checkpointer: IdleCheckpointer;
  private changesSeen = 0;
  /** total_changes() when the last backup of this session finished (-1: none yet). */
  private changesAtBackup = -1;
  /**
   * The backup known to hold the project exactly as it was at `stamp` (electron/db/change-stamp.ts):
   * the newest one this session made (stamp taken before its copy began, so a change during the
   * copy counts as a change), or the newest one when opening found it current. Null: none known.
   */
  private heldBy: { backupId: string; stamp: string } | null = null;
  private readonly backupIntervalMs: number;
  /** Automatic backups of this project, when the door that opened it keeps them. */
  readonly backups: ProjectBackups | null;

  /** The project lock this session holds (set by withLock). */
  lock: ProjectLock | null = null;

  /** Set when opening upgraded the file to this Weft's format: from which format, and where the copy of it as it was is. */
  upgrade: ProjectUpgrade | null = null;

  /** True when the file was opened without its integrity check, which the opener runs in the background. */
  integrityPending = false;

  private constructor(
    readonly db: DB,
    readonly path: string,
    public coderName: string,
    /** Why changes are refused here (null: this session may change the project). */
    readonly readOnly: ReadOnlyReason | null = null,
    options: SessionOptions = {},
  ) {
    this.checkpointer = new IdleCheckpointer(db);
    this.backups = options.backupsDir && !db.readonly ? ProjectBackups.forProject(options.backupsDir, db, path) : null;
    if (this.backups) this.backups.lastBackupAt = Date.now();
    this.backupIntervalMs = (options.backupIntervalMinutes ?? DEFAULT_BACKUP_INTERVAL_MINUTES) * 60_000;
    this.changesSeen = this.totalChanges();
  }

  /** Creates a project file; with a door, holds its lock from the start. */
  static create(path: string, coderName: string, doorOrOptions?: ProjectDoor | SessionOptions, options: SessionOptions = {}): ProjectSession {
    const door = typeof doorOrOptions === 'string' ? doorOrOptions : undefined;
    const opts = typeof doorOrOptions === 'object' ? doorOrOptions : options;
    const make = () => new ProjectSession(createProjectFile(path), path, coderName, null, opts);
    if (!door) return make();
    const access = acquireProjectLock(path, door);
    if (access.kind !== 'acquired') throw refusal(path, access);
    return withLock(access.lock, make);
  }

  /**
   * Opens the file and makes the session. A file that needs upgrading is copied first: an
   * automatic backup when backups are kept, otherwise a copy beside it (connection.ts); the
   * session's `upgrade` says where.
   */
  private static openSession(path: string, coderName: string, options: SessionOptions, integrityLater = false): ProjectSession {
    if (options.readonly) return new ProjectSession(openProjectFile(path, { readonly: true }), path, coderName, null, options);
    const { backupsDir } = options;
    let upgrade: ProjectUpgrade | null = null;
    const db = openProjectFile(path, {
      keepCopy: backupsDir ? (old) => ProjectBackups.forProject(backupsDir, old, path).createSync(old, 'migration').file : undefined,
      onUpgrade: (u) => (upgrade = u),
      integrityLater,
    });
    const session = new ProjectSession(db, path, coderName, null, options);
    session.upgrade = upgrade;
    session.integrityPending = integrityLater;
    return session;
  }

  /** Opens a project file without the lock (reading, tests, files of our own making). */
  static open(path: string, coderName: string, options: SessionOptions = {}): ProjectSession {
    return ProjectSession.openSession(path, coderName, options);
  }

  /**
   * Opens a project for a door: takes the project lock. When another door holds it, or the file
   * cannot be written, `whenHeld` decides: open it read-only (the app) or refuse with a READ_ONLY
   * error naming the holder (a writing CLI command).
   */
  static openForDoor(path: string, coderName: string, door: ProjectDoor, whenHeld: 'read-only' | 'refuse', options: SessionOptions = {}): ProjectSession {
    const access = acquireProjectLock(path, door);
    if (access.kind === 'acquired') {
      const later = options.integrityInBackground === true && !access.tookOverStale && walIsEmpty(path);
      return withLock(access.lock, () => ProjectSession.openSession(path, coderName, options, later));
    }
    const reason = readOnlyReason(access);
    if (whenHeld === 'refuse') throw refusal(path, access);
    // An older file is read from a copy upgraded in memory (connection.ts), as `weft` reading commands read it.
    const db = openProjectFile(path, { readonly: true });
    return new ProjectSession(db, path, coderName, reason, options);
  }

  private totalChangesQuery: { get(): unknown } | null = null;

  private totalChanges(): number {
    if (!this.db.open) return 0;
    this.totalChangesQuery ??= this.db.prepare('SELECT total_changes()').pluck();
    return this.totalChangesQuery.get() as number;
  }

  /**
   * Called when a request has finished (the one hook, from AppService). If it changed the project,
   * a checkpoint follows once changes pause, so the `.weft` alone is the whole project; and while
   * changes go on, a backup every few minutes.
   */
  settled() {
    if (!this.db.open || this.db.readonly) return;
    const changes = this.totalChanges();
    if (changes === this.changesSeen) return;
    this.changesSeen = changes;
    this.checkpointer.schedule();
    const b = this.backups;
    if (b && !b.busy && Date.now() - b.lastBackupAt >= this.backupIntervalMs) {
      this.backup('periodic').catch((err: unknown) => {
        if (this.db.open) console.error('Weft: the periodic backup failed:', (err as Error).message);
      });
    }
  }

  /** Backs the project up now. */
  async backup(reason: BackupReason): Promise<BackupInfo> {
    if (!this.backups) throw new DomainError('UNSUPPORTED', 'This project is open read-only; it is not backed up.');
    const stamp = this.db.inTransaction ? null : changeStamp(this.db);
    const info = await this.backups.create(this.db, reason);
    if (this.db.open) this.changesAtBackup = this.totalChanges();
    this.heldBy = stamp === null ? null : { backupId: info.id, stamp };
    return info;
  }

  /**
   * True when the newest backup holds the project as it is now: nothing was written, through this
   * connection or another, since it was made (or since opening found it current), and it is still
   * there.
   */
  newestBackupIsCurrent(): boolean {
    if (!this.backups || !this.heldBy || !this.db.open || this.db.inTransaction) return false;
    if (changeStamp(this.db) !== this.heldBy.stamp) return false;
    return this.backups.list()[0]?.id === this.heldBy.backupId;
  }

  /**
   * A backup before a change that is hard to undo by hand (an import, a merge): restoring it undoes
   * the change. When the newest backup already holds the project as it is, a second copy would be
   * the same bytes: that backup stands for this one too, and its description says so (`alsoBefore`).
   * Returns the backup that holds the state before the change (null: this session keeps none).
   */
  async backupBefore(reason: BackupReason): Promise<BackupInfo | null> {
    if (!this.backups) return null;
    if (this.newestBackupIsCurrent()) return this.backups.noteAlsoBefore(this.heldBy!.backupId, reason);
    return this.backup(reason);
  }

  /**
   * The backup made when a project is opened, unless the newest backup is younger than the file's
   * last change (`modifiedAt`, ms): then the project is already backed up as it is.
   */
  async backupAfterOpen(modifiedAt: number): Promise<void> {
    if (!this.backups) return;
    if (this.backups.isCurrent(modifiedAt)) {
      const newest = this.backups.list()[0];
      if (newest && !this.db.inTransaction) this.heldBy = { backupId: newest.id, stamp: changeStamp(this.db) };
      return;
    }
    await this.backup('open');
  }


  info(): ProjectInfo {
    const meta = readMeta(this.db);
    return {
      path: this.path,
      name: meta.name ?? basename(this.path),
      guid: meta.guid ?? '',
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      readOnly: this.readOnly,
      ...(this.upgrade ? { upgraded: this.upgrade } : {}),
    };
  }

  /** The id of the current coder in this project, created on first use. */
  coderId(): number {
    // Undo may have taken the coder back (the step that made it, or the answer that renamed “me”)
    if (this.coderIdCache !== null && coders.nameOf(this.db, this.coderIdCache) === this.coderName) return this.coderIdCache;
    // Read-only: never add the coder
    if (this.readOnly) return this.knownCoderId();
    this.coderIdCache = this.transaction(() => currentCoderId(this.db, this.coderName));
    return this.coderIdCache;
  }

  /**
   * For calls that only read: the current coder's id if the project has them already, else 0 (no
   * such row: matches nothing of theirs). Never writes, so opening a project and looking at it
   * leaves the file as it was; the coder is added by their first change (`coderId`).
   */
  knownCoderId(): number {
    return (this.db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(this.coderName) as number | undefined) ?? 0;
  }

  setCoder(name: string) {
    this.coderName = name;
    this.coderIdCache = null;
  }

  /** Runs `fn` in one transaction: all of it is written, or none of it. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Closes the project (the WAL checkpointed and truncated first, so the `.weft` is whole) and gives back its lock. */
  close() {
    if (this.db.open) {
      if (!this.db.readonly) this.checkpointer.flush();
      this.checkpointer.cancel();
      const clean = this.backups !== null && !this.backups.busy && this.totalChanges() === this.changesAtBackup;
      this.db.close();
      if (clean) this.backups?.markClosedClean();
    }
    this.lock?.release();
    this.lock = null;
  }
}

/** No `-wal` beside the file, or an empty one: Weft's last connection to it checkpointed everything and closed. */
function walIsEmpty(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size === 0;
  } catch {
    return true;
  }
}

/** Runs `open` holding `lock`; the session keeps it, and a failure to open gives it back. */
function withLock(lock: ProjectLock, open: () => ProjectSession): ProjectSession {
  try {
    const session = open();
    session.lock = lock;
    return session;
  } catch (err) {
    lock.release();
    throw err;
  }
}

function readOnlyReason(access: Exclude<LockOutcome, { kind: 'acquired' }>): ReadOnlyReason {
  return access.kind === 'held'
    ? { reason: 'in-use', message: inUseBanner(access.holder), holder: access.holder }
    : { reason: 'not-writable', message: notWritableBanner(access.detail) };
}

/** The one-line refusal for a door that must not open the project read-only. */
function refusal(path: string, access: Exclude<LockOutcome, { kind: 'acquired' }>): DomainError {
  const name = `“${basename(path)}”`;
  const message =
    access.kind === 'held'
      ? `${name} is in use: ${describeHolder(access.holder)}. Nothing was changed; try again when it is closed there.`
      : `${name} cannot be changed: ${access.detail}. Nothing was changed.`;
  return new DomainError('READ_ONLY', message, readOnlyReason(access));
}
export function ensureCoder(db: DB, name: string): number {
  return coders.idByName(db, name) ?? coders.insert(db, { guid: newGuid(), name, created_at: nowIso() });
}

/** project_meta key: the GUID of the “me” coder this project gave work to before anyone said who was coding. */
const PROVISIONAL_CODER_KEY = 'provisional_coder';

/** Whether this project holds work of the provisional “me” that nobody has taken over yet. */
export function provisionalPending(db: DB): boolean {
  return db.prepare('SELECT 1 FROM project_meta WHERE key = ?').pluck().get(PROVISIONAL_CODER_KEY) !== undefined;
}

/**
 * The id of the coder working now (created on first use). Before the researcher has said who is
 * coding, that is the provisional “me”, marked as such in the project; the first session with a
 * real name takes over the marked coder's work: it renames “me” to that name when no coder has it
 * yet, and otherwise moves “me”'s codings, memos and documents to the coder of that name
 * (identical codings collapse into theirs: `reassignCodings`) and removes “me” — so no second coder
 * appears. Call inside a transaction; the answer to “Who is coding?” runs it as one undo step
 * (`team.takeOverProvisional`), whose undo brings “me” and its codings back.
 */
export function currentCoderId(db: DB, name: string): number {
  const marked = db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(PROVISIONAL_CODER_KEY) as string | undefined;
  if (name === PROVISIONAL_CODER) {
    const existing = coders.idByName(db, name);
    if (existing !== undefined) return existing;
    const guid = newGuid();
    const id = coders.insert(db, { guid, name, created_at: nowIso() });
    db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(PROVISIONAL_CODER_KEY, guid);
    return id;
  }
  if (marked !== undefined) {
    db.prepare('DELETE FROM project_meta WHERE key = ?').run(PROVISIONAL_CODER_KEY);
    const provisional = coders.idByGuid(db, marked);
    if (provisional !== undefined) {
      const taken = coders.idByName(db, name);
      if (taken === undefined) {
        db.prepare('UPDATE coders SET name = ? WHERE id = ?').run(name, provisional);
        return provisional;
      }
      if (taken !== provisional) {
        mergeCoderInto(db, provisional, marked, taken);
        return taken;
      }
    }
  }
  return ensureCoder(db, name);
}

/** Moves everything coder `fromId` did to coder `toId` and removes `fromId` (its GUID remembered as theirs). */
function mergeCoderInto(db: DB, fromId: number, fromGuid: string, toId: number) {
  const codingIds = db.prepare('SELECT id FROM codings WHERE coder_id = ? ORDER BY id').pluck().all(fromId) as number[];
  reassignCodings(db, codingIds, toId, 'coder_id');
  db.prepare('UPDATE memos SET coder_id = ? WHERE coder_id = ?').run(toId, fromId);
  db.prepare('UPDATE documents SET created_by = ? WHERE created_by = ?').run(toId, fromId);
  db.prepare('UPDATE OR IGNORE consensus_decisions SET coder_a_id = ? WHERE coder_a_id = ?').run(toId, fromId);
  db.prepare('UPDATE OR IGNORE consensus_decisions SET coder_b_id = ? WHERE coder_b_id = ?').run(toId, fromId);
  // what still names “me” (a copy merged later, an operation synced from elsewhere) lands on them
  rememberAlias(db, 'coder', fromGuid, coders.byId(db, toId)!.guid);
  db.prepare('DELETE FROM coders WHERE id = ?').run(fromId);
}
