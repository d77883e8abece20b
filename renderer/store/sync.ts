/** The team server (issue 17): the status line, signing in, publishing, joining, the conflict list. */
import type { StateCreator } from 'zustand';
import type { ApiEvents } from '../../shared/api/events';
import { NOT_SYNCED, type ServerProject, type SyncConflict, type SyncStatus } from '../../shared/sync/status';
import { api } from '../api/client';
import { busyFlag } from './busy';
import type { AppState } from './index';
import { flightKey, once } from './once';

export interface SyncSlice {
  syncStatus: SyncStatus;
  teamServerOpen: boolean;
  conflictsOpen: boolean;
  /** The conflict list while its dialog is open (null: loading). */
  syncConflicts: SyncConflict[] | null;
  /** Projects on the server the user may join (null: not asked yet). */
  serverProjects: ServerProject[] | null;
  syncBusy: boolean;
  loadSyncStatus(): Promise<void>;
  openTeamServer(): void;
  closeTeamServer(): void;
  /** Signs in (the token is kept by the backend, on this machine). False when refused. */
  syncSignIn(serverUrl: string, user: string, password: string): Promise<boolean>;
  syncSignOut(serverUrl: string): Promise<void>;
  loadServerProjects(serverUrl: string): Promise<boolean>;
  publishProject(serverUrl: string): Promise<boolean>;
  /** Downloads a project into a new file at `path` and opens it. */
  joinProject(serverUrl: string, projectGuid: string, path: string): Promise<boolean>;
  syncNow(): Promise<void>;
  /** Owner only: adds (or changes, or removes with null) a member of the synced project. */
  setSyncMember(user: string, role: 'owner' | 'coder' | 'viewer' | null): Promise<boolean>;
  setSyncAuto(auto: boolean): Promise<void>;
  openConflicts(): Promise<void>;
  closeConflicts(): void;
  restoreConflict(id: number): Promise<void>;
  /** The backend's `sync.status` event for the open project. */
  syncStatusChanged(payload: ApiEvents['sync.status']): void;
}

export const TEAM_CHANGES_UNDO_MESSAGE = 'Undo history cleared: your team’s changes came in from the team server.';

export const createSyncSlice: StateCreator<AppState, [], [], SyncSlice> = (set, get) => {
  const busy = busyFlag(set, get, 'syncBusy');
  const refreshConflicts = async () => {
    if (get().conflictsOpen) set({ syncConflicts: await api.call('sync.conflicts', {}) });
  };
  return {
    syncStatus: NOT_SYNCED,
    teamServerOpen: false,
    conflictsOpen: false,
    syncConflicts: null,
    serverProjects: null,
    syncBusy: false,
    async loadSyncStatus() {
      try {
        set({ syncStatus: get().project ? await api.call('sync.status', {}) : NOT_SYNCED });
      } catch (err) {
        get().notifyError(err);
      }
    },
    openTeamServer() {
      set({ teamServerOpen: true, serverProjects: null });
    },
    closeTeamServer() {
      set({ teamServerOpen: false, serverProjects: null });
    },
    syncSignIn(serverUrl, user, password) {
      return busy(async () => {
        const r = await api.call('sync.signIn', { serverUrl, user, password });
        get().notify('info', 'Signed in', `Signed in to ${r.serverUrl} as ${r.user}.`);
        await get().loadSyncStatus();
      });
    },
    async syncSignOut(serverUrl) {
      await busy(async () => {
        const r = await api.call('sync.signOut', { serverUrl });
        get().notify('info', 'Signed out', r.revoked ? `Signed out of ${r.serverUrl}.` : `Signed out of ${r.serverUrl} on this computer (the server could not be told; its owner can revoke the sign-in there).`);
        await get().loadSyncStatus();
      });
    },
    loadServerProjects(serverUrl) {
      return busy(async () => {
        set({ serverProjects: await api.call('sync.projects', { serverUrl }) });
      });
    },
    publishProject: (serverUrl) =>
      once(flightKey('sync.publish', serverUrl), () =>
        busy(async () => {
          const status = await api.call('sync.publish', { serverUrl });
          set({ syncStatus: status, teamServerOpen: false });
          void get().refreshUndo();
          get().notify('info', 'Published', `The project is on ${serverUrl}; add your team there, then they can join it.`);
        }),
      ),
    joinProject: (serverUrl, projectGuid, path) =>
      once(flightKey('sync.join', serverUrl, projectGuid, path), async () => {
        let ok = false;
        const done = await busy(async () => {
          const joined = await api.call('sync.join', { serverUrl, projectGuid, path });
          const { sync, ...project } = joined;
          get().resetProjectData();
          set({ project, syncStatus: sync, teamServerOpen: false, serverProjects: null });
          await get().loadProjectData();
          await get().loadStorage();
          void get().refreshRecent();
          ok = true;
        });
        return done && ok;
      }),
    syncNow: () =>
      once(flightKey('sync.now'), async () => {
        await busy(async () => {
          const r = await api.call('sync.now', {});
          set({ syncStatus: r.status });
        });
      }),
    setSyncMember(user, role) {
      return busy(async () => {
        const r = await api.call('sync.setMember', { user, role });
        const now = r.members.find((m) => m.user === user);
        get().notify('info', 'Members', now ? `${now.user} is now ${now.role === 'owner' ? 'an owner' : `a ${now.role}`} of this project on the team server.` : `${user} is no longer a member of this project.`);
      });
    },
    async setSyncAuto(auto) {
      await busy(async () => {
        set({ syncStatus: await api.call('sync.setAuto', { auto }) });
      });
    },
    async openConflicts() {
      set({ conflictsOpen: true, syncConflicts: null });
      await busy(refreshConflicts);
    },
    closeConflicts() {
      set({ conflictsOpen: false, syncConflicts: null });
    },
    async restoreConflict(id) {
      await busy(async () => {
        const r = await api.call('sync.restoreConflict', { id });
        set({ syncStatus: r.status, ...(get().conflictsOpen ? { syncConflicts: r.conflicts } : {}) });
        await get().reloadAfterChangeElsewhere(false);
      });
    },
    syncStatusChanged({ path, status, received }) {
      if (path !== get().project?.path) return;
      set({ syncStatus: status });
      if (received && received.applied > 0) {
        if (received.undoCleared) get().notify('info', 'Changes from your team', TEAM_CHANGES_UNDO_MESSAGE);
        void get().reloadAfterChangeElsewhere(false);
        void get().refreshUndo();
        void get().loadTeam(); // a new coder of the team (whose codings the document can show)
      }
      for (const notice of received?.notices ?? []) get().notify('info', 'From your team', notice);
      if (received && (received.applied > 0 || received.conflicts > 0)) void refreshConflicts().catch((err: unknown) => get().notifyError(err));
    },
  };
};
