/**
 * The application service: one per backend process (Electron main, browser-mode bridge).
 * It owns the settings and the currently open project, and implements every API handler.
 * No transport code lives here; the dispatcher calls these handlers.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { RestoreResult } from '../../shared/types/backups.js';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { listUserFolder, type FolderEntry } from '../fs/user-files.js';
import { API_METHODS, contract, type ApiMethod, type Handlers } from '../../shared/api/contract.js';
import { DomainError } from '../../shared/api/errors.js';
import type { ApiEvent } from '../../shared/api/events.js';
import type { AppInfo, DirectoryListing, ProjectDoor, ProjectInfo, ReadOnlyReason } from '../../shared/types/entities.js';
import { ProjectSession, provisionalPending, type SessionOptions } from './project-session.js';
import { PROVISIONAL_CODER } from '../../shared/domain/provisional-coder.js';
import { newProjectPath } from './new-project-path.js';
import { watchChangesElsewhere } from './changes-elsewhere.js';
import { checkIntegrityLater, type IntegrityCheckLater } from './integrity-later.js';
import { projectLockHolder } from '../db/project-lock.js';
import { describeHolder } from '../../shared/domain/project-lock.js';
import { afterEachCall } from './after-each-call.js';
import { recordUndoSteps } from './undo-steps.js';
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
import { pseudonymiseHandlers } from './handlers/pseudonymise.js';
import { mediaHandlers } from './handlers/media.js';
import { MediaTickets } from './media.js';
import { syncHandlers } from './handlers/sync.js';
import { AppSync } from './sync/app-sync.js';
import { TokenStore } from './sync/tokens.js';

import { APP_VERSION } from './version.js';

export { APP_VERSION };

export interface AppServiceOptions {
  host: AppInfo['host'];
  dataDir: string;
  /** Where automatic backups are kept; `<dataDir>/backups` unless given. */
  backupsDir?: string;
  /** Minutes between backups while changes are being made (default 10). */
  backupIntervalMinutes?: number;
  /** Where team-server sign-ins are kept (default: the user's configuration folder, or WEFT_CONFIG_DIR). */
  configDir?: string;
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

/** Why Weft cancels a running import itself (shown with the import's report). */
export const IMPORT_CANCELLED_BY_CLOSE = 'the project was closed (or another one opened) while it ran';

const DOORS: Record<AppInfo['host'], ProjectDoor> = { electron: 'app', browser: 'browser', cli: 'cli' };

export class AppService {
  readonly settings: SettingsStore;
  /** Background jobs (import batches, .qdpx import/export) push every step to the window as `job.progress` (shared/api/events.ts). */
  readonly importJobs = new ImportJobs((payload) => this.emit({ type: 'job.progress', payload }));
  /** Tickets that let this door's window stream a linked recording (browser mode: GET /media/TICKET). */
  readonly mediaTickets = new MediaTickets();
  private session: ProjectSession | null = null;
  private stopWatching: (() => void) | null = null;
  /** The integrity check that runs in the background after opening (integrity-later.ts). */
  private integrityCheck: IntegrityCheckLater | null = null;
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  /** The team server: sign-ins on this machine, and syncing the open project while it is synced (sync/app-sync.ts). */
  readonly sync: AppSync;

  constructor(private readonly options: AppServiceOptions) {
    this.settings = new SettingsStore(options.dataDir);
    this.sync = new AppSync({
      door: options.host,
      tokens: new TokenStore(options.configDir),
      settings: this.settings,
      current: () => this.current(),
      currentOrNull: () => this.currentOrNull(),
      openProject: (path) => this.openProject(path),
      emit: (event) => this.emit(event),
    });
  }

  /** Subscribes to the events pushed to the window (shared/api/events.ts); returns the unsubscribe. */
  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ApiEvent) {
    for (const listener of [...this.listeners]) listener(event);
  }

  private get door(): ProjectDoor {
    return DOORS[this.options.host];
  }

  /**
   * Cancels running imports (each keeps the files it finished, whole) and waits until they have
   * stopped. The API calls this before closing or switching the project.
   */
  async stopImports(): Promise<void> {
    await this.importJobs.cancelAll(IMPORT_CANCELLED_BY_CLOSE);
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
      // a window can be told of damage later; a `weft` command checks before it reads or writes
      integrityInBackground: this.options.host !== 'cli',
      ...(this.options.backupIntervalMinutes === undefined ? {} : { backupIntervalMinutes: this.options.backupIntervalMinutes }),
    };
  }

  /** Opens a session, then closes the previous one (a failure to open leaves it open). */
  private adopt(open: () => ProjectSession): ProjectInfo {
    const session = open();
    this.closeProject();
    this.session = session;
    // “me” worked here before the researcher said who is coding (elsewhere): their work from the start
    if (!session.readOnly && session.coderName !== PROVISIONAL_CODER && provisionalPending(session.db)) session.coderId();
    this.stopWatching = watchChangesElsewhere(session, (undoCleared) => {
      this.emit({ type: 'project.changedElsewhere', payload: { path: session.path, undoCleared } });
      this.sync.changed(); // changed by another door (weft, another window): sent to the team server too
    });
    // opened without its integrity check (its last close was clean): the check runs now, off this thread
    if (session.integrityPending) {
      this.integrityCheck = checkIntegrityLater(session.path, (message, problems) =>
        this.emit({ type: 'project.damaged', payload: { path: session.path, message, problems } }),
      );
    }
    const info = session.info();
    this.settings.rememberProject(info.path, info.name);
    this.sync.opened(session);
    return info;
  }

  /**
   * Opens a project for this door, holding its lock; when another door holds it (or the file
   * cannot be written) it opens read-only, saying why. Opening the project that is open read-only
   * again tries to take the lock again.
   */
  openProject(path: string): ProjectInfo {
    const abs = resolve(path);
    if (this.session?.path === abs && !this.session.readOnly) return this.session.info();
    return this.openSession(abs, true);
  }

  /** Opens `abs` as the current project; with `backup`, backs it up unless it is backed up as it is. */
  private openSession(abs: string, backup: boolean): ProjectInfo {
    const modifiedAt = lastModified(abs);
    const info = this.adopt(() => ProjectSession.openForDoor(abs, this.settings.get().coderName, this.door, 'read-only', this.sessionOptions()));
    const session = this.current();
    if (backup && !session.readOnly) {
      session.backupAfterOpen(modifiedAt).catch((err: unknown) => {
        // a project closed while its backup ran abandons the backup (its partial file is removed)
        if (session.db.open) console.error('Weft: the backup on opening failed:', (err as Error).message);
      });
    }
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
    const abs = newProjectPath(path);
    return this.adopt(() => ProjectSession.create(abs, this.settings.get().coderName, this.door, this.sessionOptions()));
  }

  openSample(reset = false): ProjectInfo {
    const path = this.sampleProjectPath;
    if (reset || !existsSync(path)) {
      if (this.session?.path === path) this.closeProject();
      // Never rebuild the sample under another window that has it open.
      const holder = projectLockHolder(path);
      if (holder) throw new DomainError('READ_ONLY', `The sample project cannot be reset: ${describeHolder(holder)}. Close it there first.`);
      // Build beside the target and rename, so a failure never leaves a half-written sample.
      const tmp = `${path}.building`;
      for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
      buildSampleProject(tmp, this.settings.get().coderName, { recordingFor: path }).close();
      for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
      renameSync(tmp, path);
    }
    return this.openProject(path);
  }

  closeProject() {
    // Imports still running are cancelled first; they write nothing more (see importer.ts).
    void this.importJobs.cancelAll(IMPORT_CANCELLED_BY_CLOSE);
    this.sync.closed();
    this.stopWatching?.();
    this.stopWatching = null;
    this.integrityCheck?.stop();
    this.integrityCheck = null;
    this.session?.close();
    this.session = null;
    this.mediaTickets.clear();
  }

  listDirectory(path?: string): DirectoryListing {
    const dir = resolve(path ?? homedir());
    let found: FolderEntry[];
    try {
      if (!statSync(dir).isDirectory()) throw new Error('not a folder');
      // Ordinary files and folders only: a FIFO or a device is never offered (it cannot be read or written).
      found = listUserFolder(dir).entries;
    } catch (err) {
      throw new DomainError('NOT_FOUND', `Cannot list “${dir}”: ${(err as Error).message}`);
    }
    const entries = found
      .map((e) => ({ name: basename(e.path), path: e.path, kind: e.kind }))
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
    // a .qdpx job in a worker thread stops too (it leaves no file; its temporary file is removed once the worker has stopped)
    void this.importJobs.stopAll(IMPORT_CANCELLED_BY_CLOSE);
  }

  /**
   * Every handler: changes refused in a read-only session; every method declared `{ undo }` one
   * undo step (undo-steps.ts); after each call the project settles (checkpoint, periodic backup).
   */
  readonly handlers: Handlers = refuseChangesWhenReadOnly(
    afterEachCall(
      recordUndoSteps(
        {
          ...projectHandlers(this),
          ...documentHandlers(this),
          ...codingHandlers(this),
          ...caseHandlers(this),
          ...themeHandlers(this),
          ...teamHandlers(this),
          ...exchangeHandlers(this),
          ...backupHandlers(this),
          ...pseudonymiseHandlers(this),
          ...mediaHandlers(this),
          ...syncHandlers(this),
        },
        () => this.current().db,
      ),
      () => {
        this.session?.settled();
        this.integrityCheck?.nudge();
        this.sync.changed();
      },
    ),
    () => this.session?.readOnly ?? null,
  );
}

/**
 * The one place read-only sessions are enforced: every method the contract declares as changing
 * the project (`change<…>()` in shared/api/methods) is refused with a READ_ONLY error naming why.
 */
function refuseChangesWhenReadOnly(handlers: Handlers, readOnly: () => ReadOnlyReason | null): Handlers {
  const guarded: Record<string, (input: never) => unknown> = { ...handlers };
  for (const method of API_METHODS.filter((m: ApiMethod) => contract[m].mutates)) {
    const handler = handlers[method] as (input: unknown) => unknown;
    guarded[method] = (input: unknown) => {
      const reason = readOnly();
      if (reason) throw new DomainError('READ_ONLY', `${reason.message} Nothing was changed.`, reason);
      return handler(input);
    };
  }
  return guarded as Handlers;
}
