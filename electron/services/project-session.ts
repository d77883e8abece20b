/**
 * One open project file: its database connection, the coder working in it, and — for a door
 * that may change it — the project lock (electron/db/project-lock.ts). A project another door
 * holds, or a file that cannot be written, is open read-only, with the reason in `readOnly`.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import { describeHolder, inUseBanner, notWritableBanner } from '../../shared/domain/project-lock.js';
import type { ProjectDoor, ProjectInfo, ReadOnlyReason } from '../../shared/types/entities.js';
import { createProjectFile, openProjectFile, readMeta, type DB } from '../db/connection.js';
import { latestSchemaVersion } from '../db/migrator.js';
import { acquireProjectLock, type LockOutcome, type ProjectLock } from '../db/project-lock.js';

export const nowIso = () => new Date().toISOString();
export const newGuid = () => randomUUID();

export class ProjectSession {
  private coderIdCache: number | null = null;

  /** The project lock this session holds (set by withLock). */
  lock: ProjectLock | null = null;

  private constructor(
    readonly db: DB,
    readonly path: string,
    public coderName: string,
    /** Why changes are refused here (null: this session may change the project). */
    readonly readOnly: ReadOnlyReason | null = null,
  ) {}

  /** Creates a project file; with a door, holds its lock from the start. */
  static create(path: string, coderName: string, door?: ProjectDoor): ProjectSession {
    if (!door) return new ProjectSession(createProjectFile(path), path, coderName);
    const access = acquireProjectLock(path, door);
    if (access.kind !== 'acquired') throw refusal(path, access);
    return withLock(access.lock, () => new ProjectSession(createProjectFile(path), path, coderName));
  }

  /** Opens a project file without the lock (reading, tests, files of our own making). */
  static open(path: string, coderName: string, options: { readonly?: boolean } = {}): ProjectSession {
    return new ProjectSession(openProjectFile(path, options), path, coderName);
  }

  /**
   * Opens a project for a door: takes the project lock. When another door holds it, or the file
   * cannot be written, `whenHeld` decides: open it read-only (the app) or refuse with a READ_ONLY
   * error naming the holder (a writing CLI command).
   */
  static openForDoor(path: string, coderName: string, door: ProjectDoor, whenHeld: 'read-only' | 'refuse'): ProjectSession {
    const access = acquireProjectLock(path, door);
    if (access.kind === 'acquired') return withLock(access.lock, () => new ProjectSession(openProjectFile(path), path, coderName));
    const reason = readOnlyReason(access);
    if (whenHeld === 'refuse') throw refusal(path, access);
    const db = openProjectFile(path, { readonly: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < latestSchemaVersion()) {
      db.close();
      throw new DomainError(
        'READ_ONLY',
        `“${path}” was saved by an older version of Weft and must be upgraded before it can be opened, which needs it open for changes here. ${reason.message}`,
        reason,
      );
    }
    return new ProjectSession(db, path, coderName, reason);
  }

  info(): ProjectInfo {
    const meta = readMeta(this.db);
    return {
      path: this.path,
      name: meta.name ?? basename(this.path),
      guid: meta.guid ?? '',
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
      readOnly: this.readOnly,
    };
  }

  /** The id of the current coder in this project, created on first use. */
  coderId(): number {
    if (this.coderIdCache !== null) return this.coderIdCache;
    if (this.readOnly) {
      // Read-only: never add the coder; 0 (no such row) matches nothing of theirs.
      return (this.db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(this.coderName) as number | undefined) ?? 0;
    }
    this.coderIdCache = ensureCoder(this.db, this.coderName);
    return this.coderIdCache;
  }

  setCoder(name: string) {
    this.coderName = name;
    this.coderIdCache = null;
  }

  /** Runs `fn` in one transaction: all of it is written, or none of it. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close() {
    if (this.db.open) this.db.close();
    this.lock?.release();
    this.lock = null;
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
  const existing = db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(name) as number | undefined;
  if (existing !== undefined) return existing;
  return Number(
    db
      .prepare('INSERT INTO coders (guid, name, created_at) VALUES (?, ?, ?)')
      .run(newGuid(), name, nowIso()).lastInsertRowid,
  );
}
