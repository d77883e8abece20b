import { create } from 'zustand';
import { createNotificationsSlice, type NotificationsSlice } from './notifications';
import { createProjectDataSlice, type ProjectDataSlice } from './project-data';
import { createSessionSlice, type SessionSlice } from './session';

export type AppState = SessionSlice & ProjectDataSlice & NotificationsSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createProjectDataSlice(...a),
  ...createNotificationsSlice(...a),
}));
