/**
 * The application service: one per backend process (Electron main, browser-mode bridge).
 * It owns the settings and the currently open project, and implements every API handler.
 * No transport code lives here; the dispatcher calls these handlers.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { listUserFolder, type FolderEntry } from '../fs/user-files.js';
import type { Handlers } from '../../shared/api/contract.js';
import { DomainError } from '../../shared/api/errors.js';
import type { AppInfo, DirectoryListing, ProjectInfo } from '../../shared/types/entities.js';
import { ProjectSession } from './project-session.js';
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
    return this.adopt(ProjectSession.open(abs, this.settings.get().coderName));
  }

  createProject(path: string): ProjectInfo {
    let abs = resolve(path);
    if (!/\.weft$/i.test(abs)) abs += '.weft';
    if (!existsSync(dirname(abs))) throw new DomainError('NOT_FOUND', `The folder “${dirname(abs)}” does not exist.`);
    return this.adopt(ProjectSession.create(abs, this.settings.get().coderName));
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
  }

  readonly handlers: Handlers = {
    ...projectHandlers(this),
    ...documentHandlers(this),
    ...codingHandlers(this),
    ...caseHandlers(this),
    ...themeHandlers(this),
    ...teamHandlers(this),
    ...exchangeHandlers(this),
  };
}
