/** App-level state: who we are, which project is open, recent projects. */
import { ApiError } from '../../shared/api/errors';
import type { StateCreator } from 'zustand';
import type { AppInfo, DirectoryListing, ProjectInfo, RecentProject } from '../../shared/types/entities';
import type { Result } from '../../shared/api/result';
import { api, subscribeEvents } from '../api/client';
import { UNDO_CLEARED_MESSAGE, type ApiEvent } from '../../shared/api/events';
import type { AppState } from './index';
import { flightKey, once } from './once';
import { NOT_SYNCED } from '../../shared/sync/status';

export interface SessionSlice {
  appInfo: AppInfo | null;
  project: ProjectInfo | null;
  recent: RecentProject[];
  booted: boolean;
  boot(): Promise<void>;
  /** `showError`: where a problem with the path itself (a folder, a missing folder) is shown instead of a notice — the dialog. */
  createProject(path: string, showError?: (message: string) => void): Promise<boolean>;
  openProject(path: string): Promise<boolean>;
  openSample(): Promise<boolean>;
  closeProject(): Promise<void>;
  refreshRecent(): Promise<void>;
  /** One folder of the backend's file system for the in-app file dialog (its home folder when `path` is absent). */
  listFolder(path?: string): Promise<Result<DirectoryListing>>;
  /** Reloads what the window shows after another door changed the open project. */
  reloadAfterChangeElsewhere(undoCleared: boolean): Promise<void>;
}

let unsubscribeEvents: (() => void) | null = null;

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => {
  const enter = async (open: () => Promise<ProjectInfo>, showError?: (message: string) => void) => {
    try {
      const project = await open();
      get().resetProjectData();
      const viewAtOpen = get().view;
      set({ project });
      await get().loadProjectData();
      // a project without documents starts in Coding, where it offers to import (not in the last view
      // used) — unless the researcher already chose a view while its data loaded
      if (get().documents.length === 0 && get().view === viewAtOpen) get().setView('coding');
      await get().loadStorage();
      await get().loadSyncStatus();
      return true;
    } catch (err) {
      if (showError && err instanceof ApiError && (err.code === 'VALIDATION' || err.code === 'NOT_FOUND')) showError(err.message);
      else get().notifyError(err);
      return false;
    }
  };
  /** Which project is open, the app's facts, and the open project's data (boot). */
  const start = async () => {
    try {
      const current = api.call('project.current', {});
      // what the workspace shows first is asked for with the question of which project is open, so the
      // transcript waits for one round trip less (dropped when no project is open)
      const early = get().prefetchProjectData();
      const facts = Promise.all([api.call('app.info', {}), api.call('project.recent', {})]);
      const project = await current;
      set({ project });
      // the project's data is asked for before the workspace renders, so the backend works meanwhile (rendering it
      // first would hold the first document's requests back until it is drawn)
      const loading = project ? get().loadProjectData(early) : null;
      const [appInfo, recent] = await facts;
      if (loading) await get().whenDocumentAsked();
      set({ appInfo, recent, booted: true });
      unsubscribeEvents ??= subscribeEvents((event: ApiEvent) => {
        if (event.type === 'project.changedElsewhere' && event.payload.path === get().project?.path) {
          void get().reloadAfterChangeElsewhere(event.payload.undoCleared);
        } else if (event.type === 'project.damaged' && event.payload.path === get().project?.path) {
          // the integrity check after opening (in the background) found damage
          get().notify('error', 'This project file is damaged', event.payload.message);
        } else if (event.type === 'sync.status') {
          get().syncStatusChanged(event.payload);
        } else if (event.type === 'job.progress') {
          if (event.payload.kind === 'import') get().importJobProgressed(event.payload.job);
          else get().exchangeJobProgressed(event.payload.job);
        }
      });
      if (loading) {
        await loading;
        await get().loadStorage();
        await get().loadSyncStatus();
      }
    } catch (err) {
      set({ booted: true });
      get().notifyError(err);
    }
  };
  let booting: Promise<void> | null = null;
  return {
    appInfo: null,
    project: null,
    recent: [],
    booted: false,
    boot() {
      // once per window: main.tsx starts it before React's first render, App asks again when it mounts
      return (booting ??= start());
    },
    createProject: (path, showError) => once(flightKey('project.create', path), () => enter(() => api.call('project.create', { path }), showError)),
    openProject: (path) => once(flightKey('project.open', path), () => enter(() => api.call('project.open', { path }))),
    openSample: () => once(flightKey('project.openSample'), () => enter(() => api.call('project.openSample', {}))),
    async closeProject() {
      once.forgetFinished();
      try {
        await api.call('project.close', {});
      } catch (err) {
        get().notifyError(err);
      }
      get().resetProjectData();
      set({ project: null, storage: null, syncStatus: NOT_SYNCED, conflictsOpen: false, syncConflicts: null });
      await get().refreshRecent();
    },
    listFolder(path) {
      return api.callSafe('files.list', path ? { path } : {});
    },
    async reloadAfterChangeElsewhere(undoCleared) {
      once.forgetFinished();
      if (undoCleared) get().notify('info', 'Changed elsewhere', UNDO_CLEARED_MESSAGE);
      try {
        const documents = await api.call('documents.list', {});
        const active = get().activeDocument;
        if (active && !documents.some((d) => d.id === active.id)) set({ activeDocument: null, codings: [], selection: null });
        set({ documents });
        await get().syncAfterChange();
        if (get().themeTree) await get().loadThemes();
      } catch (err) {
        get().notifyError(err);
      }
    },
    async refreshRecent() {
      try {
        set({ recent: await api.call('project.recent', {}) });
      } catch (err) {
        get().notifyError(err);
      }
    },
  };
};
