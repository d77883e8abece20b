/**
 * A project's automatic backups: complete copies made with SQLite's online backup API, kept in
 * Weft's data folder under the project's GUID (`backups/<guid>/<id>.weft` with `<id>.json` beside
 * it), and thinned by the retention policy in shared/backups/retention.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '../../../shared/api/errors.js';
import { backupsToDelete } from '../../../shared/backups/retention.js';
import { BACKUP_REASONS, type BackupCounts, type BackupInfo, type BackupReason } from '../../../shared/types/backups.js';
import type { DB } from '../../db/connection.js';
import { describeWriteError } from '../../db/disk-full.js';

const ID_PATTERN = /^\d{8}T\d{9}Z(-\d+)?-[a-z-]+$/;

/** Counts of what a project holds, to show what a backup would bring back. */
export function countContents(db: DB): BackupCounts {
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const count = (t: string) => (tables.has(t) ? (db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number) : 0);
  return { documents: count('documents'), codes: count('codes'), codings: count('codings'), themes: count('themes') };
}

/** The folder name for a project's backups: its GUID, or (for a file without one) a hash of its path. */
export function backupKey(db: DB, projectPath: string): string {
  let guid: unknown;
  try {
    guid = db.prepare("SELECT value FROM project_meta WHERE key = 'guid'").pluck().get();
  } catch {
    guid = undefined;
  }
  if (typeof guid === 'string' && /^[0-9a-zA-Z-]{8,64}$/.test(guid)) return guid;
  return `path-${createHash('sha256').update(resolve(projectPath)).digest('hex').slice(0, 32)}`;
}

/**
 * Pages copied per step of the online backup at first: 1 MB at 4 KB pages, a few ms of work, so
 * a call waits at most that long behind a step (4 MB steps took 20–40 ms each on a loaded machine;
 * the whole backup takes about as long either way).
 */
const FIRST_STEP_PAGES = 256;

/**
 * The step size for the online backup: small steps keep the app responsive, but a change by
 * another connection (another door on the file) restarts the copy; after each restart the steps
 * grow fourfold, so the backup finishes even while another program keeps writing.
 */
function adaptiveStep() {
  let pages = FIRST_STEP_PAGES;
  let lastRemaining = Infinity;
  return ({ remainingPages }: { totalPages: number; remainingPages: number }) => {
    if (remainingPages > lastRemaining) pages *= 4;
    lastRemaining = remainingPages;
    return pages;
  };
}

const stamp = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export class ProjectBackups {
  private running: Promise<BackupInfo> | null = null;
  /** When the last backup of this session finished (ms), or 0. */
  lastBackupAt = 0;

  constructor(
    readonly root: string,
    readonly key: string,
    readonly projectPath: string,
  ) {}

  static forProject(root: string, db: DB, projectPath: string): ProjectBackups {
    return new ProjectBackups(root, backupKey(db, projectPath), projectPath);
  }

  get folder(): string {
    return join(this.root, this.key);
  }

  /** Every backup of this project, newest first. */
  list(): BackupInfo[] {
    if (!existsSync(this.folder)) return [];
    const out: BackupInfo[] = [];
    for (const name of readdirSync(this.folder)) {
      if (!name.endsWith('.json')) continue;
      try {
        const info = JSON.parse(readFileSync(join(this.folder, name), 'utf8')) as BackupInfo;
        const file = join(this.folder, `${info.id}.weft`);
        if (ID_PATTERN.test(info.id) && existsSync(file)) out.push({ ...info, file, size: fileSize(file) });
      } catch {
        // A damaged description is skipped; the backup file itself stays for a person to find.
      }
    }
    return out.sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  find(id: string): BackupInfo {
    const hit = ID_PATTERN.test(id) ? this.list().find((b) => b.id === id) : undefined;
    if (!hit) throw new DomainError('NOT_FOUND', `There is no backup “${id.slice(0, 80)}” of this project (see the list of backups).`);
    return hit;
  }

  /** True while a backup is being written. */
  get busy(): boolean {
    return this.running !== null;
  }

  /**
   * Backs the project up with the online backup API. It copies in steps between other work, so
   * coding goes on meanwhile; changes made by this connection during the copy are carried into it.
   * One backup at a time: a request while one runs waits for it and then makes its own.
   */
  async create(db: DB, reason: BackupReason): Promise<BackupInfo> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.write(reason, (partial) => db.backup(partial, { progress: adaptiveStep() }).then(() => undefined));
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = null;
    }
  }

  /** A backup made at once (before a migration, which cannot wait): VACUUM INTO writes a consistent copy. */
  createSync(db: DB, reason: BackupReason): BackupInfo {
    const { id, partial } = this.prepare(reason);
    try {
      db.prepare('VACUUM INTO ?').run(partial);
      return this.finish(id, reason, partial);
    } catch (err) {
      rmSync(partial, { force: true });
      throw this.failure(err);
    }
  }

  private prepare(reason: BackupReason) {
    if (!BACKUP_REASONS.includes(reason)) throw new Error(`Unknown backup reason ${reason}`);
    try {
      mkdirSync(this.folder, { recursive: true });
    } catch (err) {
      throw this.failure(err);
    }
    let id = `${stamp(new Date())}-${reason}`;
    for (let n = 2; existsSync(join(this.folder, `${id}.weft`)) || existsSync(join(this.folder, `${id}.weft.partial`)); n++) {
      id = `${stamp(new Date())}-${n}-${reason}`;
    }
    return { id, partial: join(this.folder, `${id}.weft.partial`) };
  }

  private async write(reason: BackupReason, copy: (partial: string) => Promise<void>): Promise<BackupInfo> {
    const { id, partial } = this.prepare(reason);
    try {
      await copy(partial);
      return this.finish(id, reason, partial);
    } catch (err) {
      rmSync(partial, { force: true });
      throw this.failure(err);
    }
  }

  /** Makes the copy a single self-contained file, describes it, and applies the retention policy. */
  private finish(id: string, reason: BackupReason, partial: string): BackupInfo {
    const copy = new Database(partial);
    let counts: BackupCounts;
    try {
      copy.pragma('journal_mode = DELETE');
      counts = countContents(copy);
    } finally {
      copy.close();
    }
    const file = join(this.folder, `${id}.weft`);
    renameSync(partial, file);
    const info: BackupInfo = { id, createdAt: new Date().toISOString(), reason, size: fileSize(file), counts, projectPath: this.projectPath, file };
    writeFileSync(join(this.folder, `${id}.json`), JSON.stringify(info, null, 2));
    this.lastBackupAt = Date.now();
    this.prune();
    return info;
  }

  /**
   * Notes on a backup that it also stands for the state before `reason` (the caller found nothing
   * changed since it was made), so the list of backups says so. Keeps the newest 50 notes.
   */
  noteAlsoBefore(id: string, reason: BackupReason): BackupInfo {
    const info = this.find(id);
    const alsoBefore = [...(info.alsoBefore ?? []), { reason, at: new Date().toISOString() }].slice(-50);
    const description = join(this.folder, `${id}.json`);
    try {
      const stored = JSON.parse(readFileSync(description, 'utf8')) as BackupInfo;
      writeFileSync(description, JSON.stringify({ ...stored, alsoBefore }, null, 2));
    } catch (err) {
      throw this.failure(err);
    }
    return { ...info, alsoBefore };
  }

  private get cleanFile() {
    return join(this.folder, 'closed-clean.json');
  }

  /** Notes that the project was closed unchanged since its newest backup (so opening it again needs none). */
  markClosedClean() {
    const newest = this.list()[0];
    if (newest) writeFileSync(this.cleanFile, JSON.stringify({ backupId: newest.id, closedAt: Date.now() }));
  }

  /** True when the newest backup holds the project as it is: taken after its last change, or closed unchanged since. */
  isCurrent(modifiedAt: number): boolean {
    const newest = this.list()[0];
    if (!newest) return false;
    if (Date.parse(newest.createdAt) >= modifiedAt) return true;
    try {
      const clean = JSON.parse(readFileSync(this.cleanFile, 'utf8')) as { backupId: string; closedAt: number };
      return clean.backupId === newest.id && modifiedAt <= clean.closedAt;
    } catch {
      return false;
    }
  }

  /** Deletes the backups the retention policy no longer keeps. */
  prune(now = Date.now()) {
    const list = this.list().map((b) => ({ ...b, createdAt: Date.parse(b.createdAt) }));
    for (const id of backupsToDelete(list, { now, projectSize: fileSize(this.projectPath) })) {
      rmSync(join(this.folder, `${id}.weft`), { force: true });
      rmSync(join(this.folder, `${id}.json`), { force: true });
    }
  }

  private failure(err: unknown): DomainError {
    if (err instanceof DomainError) return err;
    return describeWriteError(err, `Weft could not back up the project to “${this.folder}”`) ?? new DomainError('INTERNAL', `Weft could not back up the project to “${this.folder}”: ${(err as Error).message}`);
  }
}
