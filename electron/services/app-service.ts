/**
 * The application service: one per backend process (Electron main, browser-mode bridge).
 * It owns the settings and the currently open project, and implements every API handler.
 * No transport code lives here; the dispatcher calls these handlers.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import type { RestoreResult } from '../../shared/types/backups.js';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Handlers } from '../../shared/api/contract.js';
import { DomainError } from '../../shared/api/errors.js';
import type { AppInfo, DirectoryListing, ProjectInfo } from '../../shared/types/entities.js';
import { ProjectSession, type SessionOptions } from './project-session.js';
import { afterEachCall } from './after-each-call.js';
import { backupHandlers } from './handlers/backups.js';
import { makeLocalCopy, writeOrigin } from './backups/local-copy.js';
import { restoreFromBackup } from './backups/restore.js';
import { SettingsStore } from './settings.js';
import { ImportJobs } from './import-jobs.js';
import { buildSampleProject } from './sample/build-sample.js';
import { projectHandlers } from './handlers/project.js';
import { documentHandlers } from './handlers/documents.js';
import { codingHandlers } from './handlers/coding.js';
import { caseHandlers } from './handlers/cases.js';
import { themeHandlers } from './handlers/themes.js';
import { teamHandlers } from './handlers/team.js';
import { exchangeHandlers } from './handlers/exchange.js';

import { APP_VERSION } from './version.js';

export { APP_VERSION };

export interface AppServiceOptions {
  host: AppInfo['host'];
  dataDir: string;
  /** Where automatic backups are kept; `<dataDir>/backups` unless given. */
  backupsDir?: string;
  /** Minutes between backups while changes are being made (default 10). */
  backupIntervalMinutes?: number;
}

/** The latest modification time (ms) of a project file and its WAL; 0 when it does not exist. */
function lastModified(path: string): number {
  let latest = 0;
  for (const f of [path, `${path}-wal`]) {
    try {
      latest = Math.max(latest, statSync(f).mtimeMs);
    } catch {
      // absent
    }
  }
  return latest;
}

export class AppService {
  readonly settings: SettingsStore;
  readonly importJobs = new ImportJobs();
  private session: ProjectSession | null = null;

  constructor(private readonly options: AppServiceOptions) {
    this.settings = new SettingsStore(options.dataDir);
  }

  get sampleProjectPath() {
    return join(this.options.dataDir, 'Sample study.weft');
  }

  currentOrNull(): ProjectSession | null {
    return this.session;
  }

  /** The open project, or a NO_PROJECT error the UI can show. */
  current(): ProjectSession {
    if (!this.session) throw new DomainError('NO_PROJECT', 'Open or create a project first.');
    return this.session;
  }

  get backupsDir(): string {
    return this.options.backupsDir ?? join(this.options.dataDir, 'backups');
  }

  private sessionOptions(): SessionOptions {
    return {
      backupsDir: this.backupsDir,
      ...(this.options.backupIntervalMinutes === undefined ? {} : { backupIntervalMinutes: this.options.backupIntervalMinutes }),
    };
  }

  private adopt(session: ProjectSession): ProjectInfo {
    this.session?.close();
    this.session = session;
    const info = session.info();
    this.settings.rememberProject(info.path, info.name);
    return info;
  }

  openProject(path: string): ProjectInfo {
    const abs = resolve(path);
    if (this.session?.path === abs) return this.session.info();
    return this.openSession(abs, true);
  }

  /** Opens `abs` as the current project; with `backup`, backs it up unless it is backed up as it is. */
  private openSession(abs: string, backup: boolean): ProjectInfo {
    const modifiedAt = lastModified(abs);
    const session = ProjectSession.open(abs, this.settings.get().coderName, this.sessionOptions());
    const info = this.adopt(session);
    if (backup) session.backupAfterOpen(modifiedAt).catch((err: unknown) => console.error('Weft: the backup on opening failed:', (err as Error).message));
    return info;
  }

  /** Replaces the open project with one of its backups and reopens it. */
  async restoreBackup(id: string): Promise<RestoreResult & { project: ProjectInfo }> {
    const session = this.current();
    // INTEGRATE: refuse while a background import job writes to this project (import-jobs).
    try {
      const result = await restoreFromBackup(session, id);
      return { ...result, project: this.reopen(session) };
    } catch (err) {
      if (!session.db.open) this.reopen(session);
      throw err;
    }
  }

  private reopen(closed: ProjectSession): ProjectInfo {
    if (this.session === closed) this.session = null;
    return this.openSession(closed.path, false);
  }

  /** Copies the open project (in a synced or network folder) to the data folder and opens the copy. */
  async workLocally(): Promise<ProjectInfo & { localCopyOf: string }> {
    const session = this.current();
    const local = await makeLocalCopy(session.db, session.path, this.options.dataDir);
    this.closeProject();
    writeOrigin(local, session.path);
    return { ...this.openProject(local), localCopyOf: session.path };
  }

  createProject(path: string): ProjectInfo {
    let abs = resolve(path);
    if (!/\.weft$/i.test(abs)) abs += '.weft';
    if (!existsSync(dirname(abs))) throw new DomainError('NOT_FOUND', `The folder “${dirname(abs)}” does not exist.`);
    return this.adopt(ProjectSession.create(abs, this.settings.get().coderName, this.sessionOptions()));
  }

  openSample(reset = false): ProjectInfo {
    const path = this.sampleProjectPath;
    if (reset || !existsSync(path)) {
      if (this.session?.path === path) {
        this.session.close();
        this.session = null;
      }
      // Build beside the target and rename, so a failure never leaves a half-written sample.
      const tmp = `${path}.building`;
      for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
      buildSampleProject(tmp, this.settings.get().coderName).close();
      for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
      renameSync(tmp, path);
    }
    return this.openProject(path);
  }

  closeProject() {
    this.session?.close();
    this.session = null;
  }

  listDirectory(path?: string): DirectoryListing {
    const dir = resolve(path ?? homedir());
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) throw new Error('not a folder');
      names = readdirSync(dir);
    } catch (err) {
      throw new DomainError('NOT_FOUND', `Cannot list “${dir}”: ${(err as Error).message}`);
    }
    const entries = names
      .filter((n) => !n.startsWith('.'))
      .flatMap((name) => {
        const full = join(dir, name);
        try {
          return [{ name, path: full, kind: statSync(full).isDirectory() ? ('directory' as const) : ('file' as const) }];
        } catch {
          return [];
        }
      })
      .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'directory' ? -1 : 1));
    const parent = dirname(dir);
    return { path: dir, parent: parent === dir ? null : parent, entries };
  }

  info(): AppInfo {
    return {
      version: APP_VERSION,
      host: this.options.host,
      dataDir: this.options.dataDir,
      coderName: this.settings.get().coderName,
      sampleProjectPath: this.sampleProjectPath,
    };
  }

  shutdown() {
    this.closeProject();
  }

  /** Every handler; after each call the open project settles (checkpoint, periodic backup). */
  readonly handlers: Handlers = afterEachCall({
    ...projectHandlers(this),
    ...documentHandlers(this),
    ...codingHandlers(this),
    ...caseHandlers(this),
    ...themeHandlers(this),
    ...teamHandlers(this),
    ...exchangeHandlers(this),
    ...backupHandlers(this),
  }, () => this.session?.settled());
}
