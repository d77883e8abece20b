/**
 * Restoring a backup, and saving copies of a project elsewhere (Save a copy as…, a local working
 * copy of a project in a synced folder, Save a copy back…). Every copy is made with SQLite's online
 * backup API into a temporary file beside the target and renamed over it, so a target is never
 * half-written; a copy is one self-contained file (rollback journal, no `-wal`).
 */
import { randomUUID } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '../../../shared/api/errors.js';
import type { BackupList, RestoreResult, SavedCopy } from '../../../shared/types/backups.js';
import type { DB } from '../../db/connection.js';
import { describeWriteError } from '../../db/disk-full.js';
import { latestSchemaVersion } from '../../db/migrator.js';
import type { ProjectSession } from '../project-session.js';
import { ProjectBackups, countContents } from './project-backups.js';
import { rebaseMediaPaths } from '../media.js';
import { renewReplicaId } from '../sync/replica.js';

/** The project's backups next to what it holds now. */
export function listBackups(db: DB, projectPath: string, backupsDir: string): BackupList {
  const backups = ProjectBackups.forProject(backupsDir, db, projectPath);
  return { folder: backups.folder, current: countContents(db), backups: backups.list() };
}

function fsyncFile(path: string) {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A backup must be a Weft project this version can open before it replaces anything. */
function checkRestorable(file: string) {
  let db: DB | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const app = db.prepare("SELECT value FROM project_meta WHERE key = 'app'").pluck().get();
    const version = db.pragma('user_version', { simple: true }) as number;
    if (app !== 'weft' || version > latestSchemaVersion()) throw new Error('not a Weft project this version can open');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`damaged (${String(check)})`);
  } catch (err) {
    throw new DomainError('VALIDATION', `The backup “${file}” cannot be restored: ${(err as Error).message}. The project was not changed.`);
  } finally {
    db?.close();
  }
}

/** Refuses when another program still has the project open (its `-wal` holds changes). */
function assertNotInUse(path: string) {
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new DomainError('CONFLICT', `Another program has “${path}” open (its recent changes are in “${wal}”). Close it there first; nothing was changed.`);
  }
}

/** Puts `temp` in place of the project file at `path` (closed). */
function replaceProjectFile(temp: string, path: string) {
  assertNotInUse(path);
  fsyncFile(temp);
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  renameSync(temp, path);
  // The file's time is the time it became this project (the copy's time would predate it).
  const now = new Date();
  utimesSync(path, now, now);
}

/**
 * Replaces the open project with one of its backups: first backs up the project as it is now (so
 * the restore can be undone by restoring that backup), then closes it and puts a copy of the
 * backup in its place. The caller reopens the project.
 */
export async function restoreFromBackup(session: ProjectSession, id: string): Promise<RestoreResult> {
  const backups = session.backups;
  if (!backups) throw new DomainError('UNSUPPORTED', 'This project is open read-only, so it cannot be restored from a backup.');
  const restored = backups.find(id);
  checkRestorable(restored.file);
  const temp = `${session.path}.restoring-${randomUUID().slice(0, 8)}`;
  try {
    try {
      copyFileSync(restored.file, temp);
    } catch (err) {
      throw describeWriteError(err, `Weft could not restore the backup beside “${session.path}”`) ?? err;
    }
    const copy = new Database(temp);
    try {
      renewReplicaId(copy); // a synced project goes on as a new replica (sync/replica.ts)
    } finally {
      copy.close();
    }
    const safetyBackup = await backups.create(session.db, 'before-restore');
    session.close();
    replaceProjectFile(temp, session.path);
    return { restored, safetyBackup };
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Writes a complete copy of the open project to `target` (online backup API; coding may go on).
 * Refuses the project's own file and its `-wal`/`-shm`. Linked recordings stay where they are: the
 * copy's links are rewritten to name the same files from the copy's folder (`rebaseMediaPaths`).
 */
export async function saveProjectCopy(db: DB, projectPath: string, target: string, options: { overwrite?: boolean } = {}): Promise<SavedCopy> {
  const abs = resolve(target);
  // INTEGRATE: writeUserFile guard
  const own = resolve(projectPath);
  if ([own, `${own}-wal`, `${own}-shm`].includes(abs)) {
    throw new DomainError('CONFLICT', `“${abs}” is the open project itself; choose another name or folder for the copy.`);
  }
  if (!existsSync(dirname(abs))) throw new DomainError('NOT_FOUND', `The folder “${dirname(abs)}” does not exist.`);
  if (existsSync(abs) && !options.overwrite) throw new DomainError('CONFLICT', `“${abs}” already exists; choose another name (nothing was written).`);
  const temp = `${abs}.saving-${randomUUID().slice(0, 8)}`;
  try {
    await db.backup(temp);
    const copy = new Database(temp);
    try {
      // recordings are linked relative to the project's folder: the copy's links name the same files from its own
      rebaseMediaPaths(copy, projectPath, abs);
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    if (existsSync(abs)) assertNotInUse(abs);
    replaceProjectFile(temp, abs);
    return { path: abs, size: statSync(abs).size };
  } catch (err) {
    throw describeWriteError(err, `Weft could not save a copy to “${abs}”`) ?? err;
  } finally {
    rmSync(temp, { force: true });
  }
}
