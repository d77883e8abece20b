import type { StateCreator } from 'zustand';
import { ApiError, ERROR_TITLES } from '../../shared/api/errors';
import type { AppState } from './index';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  title: string;
  message: string;
  /** How many times this same notice was given (shown as “×3”). */
  count: number;
}

export interface NotificationsSlice {
  /** Newest first. Infos dismiss themselves; errors stay until dismissed. */
  notices: Notice[];
  notify(kind: Notice['kind'], title: string, message: string): void;
  notifyError(err: unknown): void;
  dismiss(id: number): void;
  dismissAll(): void;
}

/** Infos go after this long; errors stay until read. */
export const INFO_NOTICE_MS = 6000;
/** At most this many notices are kept (the oldest go first). */
const MAX_NOTICES = 8;

let nextId = 1;

export const createNotificationsSlice: StateCreator<AppState, [], [], NotificationsSlice> = (set, get) => {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  const expireLater = (id: number) => {
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => get().dismiss(id), INFO_NOTICE_MS),
    );
  };
  return {
    notices: [],
    notify(kind, title, message) {
      // the same notice again moves to the top and counts, instead of stacking a copy
      const same = get().notices.find((n) => n.kind === kind && n.title === title && n.message === message);
      const notice: Notice = same ? { ...same, count: same.count + 1 } : { id: nextId++, kind, title, message, count: 1 };
      set((s) => ({ notices: [notice, ...s.notices.filter((n) => n.id !== notice.id)].slice(0, MAX_NOTICES) }));
      if (kind === 'info') expireLater(notice.id);
    },
    notifyError(err) {
      if (err instanceof ApiError) get().notify('error', ERROR_TITLES[err.code], err.message);
      else get().notify('error', 'Something went wrong', (err as Error)?.message ?? String(err));
    },
    dismiss(id) {
      clearTimeout(timers.get(id));
      timers.delete(id);
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
    dismissAll() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      set({ notices: [] });
    },
  };
};
