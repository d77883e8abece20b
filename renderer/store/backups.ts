/** Backups, where the project is stored (synced-folder warning), and copies of the project. */
import type { StateCreator } from 'zustand';
import type { BackupList, ProjectStorage } from '../../shared/types/backups';
import type { ProjectInfo } from '../../shared/types/entities';
import { api } from '../api/client';
import { busyFlag } from './busy';
import type { AppState } from './index';

export interface BackupsSlice {
  storage: ProjectStorage | null;
  backupsOpen: boolean;
  backupList: BackupList | null;
  backupBusy: boolean;
  loadStorage(): Promise<void>;
  openBackups(): Promise<void>;
  closeBackups(): void;
  backUpNow(): Promise<void>;
  restoreBackup(id: string): Promise<boolean>;
  workLocally(): Promise<void>;
  saveCopyBack(): Promise<void>;
  saveCopyAs(path: string): Promise<boolean>;
}

export const createBackupsSlice: StateCreator<AppState, [], [], BackupsSlice> = (set, get) => {
  /** Shows another state of the open project (after a restore, or a switch to the local copy). */
  const reenter = async (project: ProjectInfo) => {
    get().resetProjectData();
    set({ project });
    await get().loadProjectData();
    await get().loadStorage();
  };
  const refreshList = async () => set({ backupList: await api.call('backups.list', {}) });
  const busy = busyFlag(set, get, 'backupBusy');
  return {
    storage: null,
    backupsOpen: false,
    backupList: null,
    backupBusy: false,
    async loadStorage() {
      try {
        set({ storage: get().project ? await api.call('project.storage', {}) : null });
      } catch (err) {
        set({ storage: null });
        get().notifyError(err);
      }
    },
    async openBackups() {
      set({ backupsOpen: true, backupList: null });
      await busy(refreshList);
    },
    closeBackups() {
      set({ backupsOpen: false, backupList: null });
    },
    async backUpNow() {
      await busy(async () => {
        const b = await api.call('backups.create', {});
        await refreshList();
        get().notify('info', 'Backed up', `The project was backed up (${b.id}).`);
      });
    },
    restoreBackup(id) {
      return busy(async () => {
        const r = await api.call('backups.restore', { id });
        set({ backupsOpen: false, backupList: null });
        await reenter(r.project);
        get().notify('info', 'Backup restored', `The project is as it was at ${new Date(r.restored.createdAt).toLocaleString()}. To undo, restore the backup “before restore” from ${new Date(r.safetyBackup.createdAt).toLocaleString()}.`);
      });
    },
    async workLocally() {
      await busy(async () => {
        const r = await api.call('project.workLocally', {});
        await reenter(r);
        get().notify('info', 'Working on a local copy', `Weft opened a copy at ${r.path}. When you are done, use “Save a copy back…” to write it over ${r.localCopyOf}.`);
      });
    },
    async saveCopyBack() {
      await busy(async () => {
        const r = await api.call('project.saveCopyBack', {});
        get().notify('info', 'Saved back', `The project was saved to ${r.path}.`);
      });
    },
    saveCopyAs(path) {
      return busy(async () => {
        const r = await api.call('project.saveCopyAs', { path });
        get().notify('info', 'Copy saved', `A complete copy of the project was saved to ${r.path}.`);
      });
    },
  };
};
