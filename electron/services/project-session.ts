/** One open project file: its database connection and the coder working in it. */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ProjectInfo } from '../../shared/types/entities.js';
import { createProjectFile, openProjectFile, readMeta, type DB } from '../db/connection.js';
import { withBeforeMigration } from '../db/migrator.js';
import { IdleCheckpointer } from '../db/wal.js';
import type { BackupInfo, BackupReason } from '../../shared/types/backups.js';
import { DomainError } from '../../shared/api/errors.js';
import { ProjectBackups } from './backups/project-backups.js';

export const nowIso = () => new Date().toISOString();
export const newGuid = () => randomUUID();

export interface SessionOptions {
  readonly?: boolean;
  /** Where automatic backups go (Weft's data folder + /backups); none without it. */
  backupsDir?: string;
  /** Minutes between backups while changes are being made. */
  backupIntervalMinutes?: number;
}

export const DEFAULT_BACKUP_INTERVAL_MINUTES = 10;

export class ProjectSession {
  private coderIdCache: number | null = null;
  private readonly checkpointer: IdleCheckpointer;
  private changesSeen = 0;
  /** total_changes() when the last backup of this session finished (-1: none yet). */
  private changesAtBackup = -1;
  private readonly backupIntervalMs: number;
  /** Automatic backups of this project, when the door that opened it keeps them. */
  readonly backups: ProjectBackups | null;

  private constructor(
    readonly db: DB,
    readonly path: string,
    public coderName: string,
    options: SessionOptions = {},
  ) {
    this.checkpointer = new IdleCheckpointer(db);
    this.backups = options.backupsDir && !db.readonly ? ProjectBackups.forProject(options.backupsDir, db, path) : null;
    if (this.backups) this.backups.lastBackupAt = Date.now();
    this.backupIntervalMs = (options.backupIntervalMinutes ?? DEFAULT_BACKUP_INTERVAL_MINUTES) * 60_000;
    this.changesSeen = this.totalChanges();
  }

  static create(path: string, coderName: string, options: SessionOptions = {}): ProjectSession {
    return new ProjectSession(createProjectFile(path), path, coderName, options);
  }

  static open(path: string, coderName: string, options: SessionOptions = {}): ProjectSession {
    const { backupsDir } = options;
    const open = () => openProjectFile(path, options);
    const db = backupsDir
      ? withBeforeMigration((old) => ProjectBackups.forProject(backupsDir, old, path).createSync(old, 'migration'), open)
      : open();
    return new ProjectSession(db, path, coderName, options);
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
      this.backup('periodic').catch((err: unknown) => console.error('Weft: the periodic backup failed:', (err as Error).message));
    }
  }

  /** Backs the project up now. */
  async backup(reason: BackupReason): Promise<BackupInfo> {
    if (!this.backups) throw new DomainError('UNSUPPORTED', 'This project is open read-only; it is not backed up.');
    const info = await this.backups.create(this.db, reason);
    if (this.db.open) this.changesAtBackup = this.totalChanges();
    return info;
  }

  /** A backup before a change that is hard to undo by hand (an import, a merge). */
  async backupBefore(reason: BackupReason): Promise<void> {
    if (this.backups) await this.backup(reason);
  }

  /**
   * The backup made when a project is opened, unless the newest backup is younger than the file's
   * last change (`modifiedAt`, ms): then the project is already backed up as it is.
   */
  async backupAfterOpen(modifiedAt: number): Promise<void> {
    if (!this.backups || this.backups.isCurrent(modifiedAt)) return;
    await this.backup('open');
  }

  info(): ProjectInfo {
    const meta = readMeta(this.db);
    return {
      path: this.path,
      name: meta.name ?? basename(this.path),
      guid: meta.guid ?? '',
      schemaVersion: this.db.pragma('user_version', { simple: true }) as number,
    };
  }

  /** The id of the current coder in this project, created on first use. */
  coderId(): number {
    if (this.coderIdCache !== null) return this.coderIdCache;
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

  /** Closes the project; the WAL is checkpointed and truncated first, so the `.weft` is whole. */
  close() {
    if (!this.db.open) return;
    if (!this.db.readonly) this.checkpointer.flush();
    this.checkpointer.cancel();
    const clean = this.backups !== null && !this.backups.busy && this.totalChanges() === this.changesAtBackup;
    this.db.close();
    if (clean) this.backups?.markClosedClean();
  }
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
