import type { StateCreator } from 'zustand';
import { ApiError, ERROR_TITLES } from '../../shared/api/errors';
import type { AppState } from './index';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  title: string;
  message: string;
}

export interface NotificationsSlice {
  notices: Notice[];
  notify(kind: Notice['kind'], title: string, message: string): void;
  notifyError(err: unknown): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const createNotificationsSlice: StateCreator<AppState, [], [], NotificationsSlice> = (set, get) => ({
  notices: [],
  notify(kind, title, message) {
    const id = nextId++;
    set((s) => ({ notices: [...s.notices.slice(-4), { id, kind, title, message }] }));
    if (kind === 'info') setTimeout(() => get().dismiss(id), 6000);
  },
  notifyError(err) {
    if (err instanceof ApiError) get().notify('error', ERROR_TITLES[err.code], err.message);
    else get().notify('error', 'Something went wrong', (err as Error)?.message ?? String(err));
  },
  dismiss(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
});
