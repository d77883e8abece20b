import { create } from 'zustand';
import { createNotificationsSlice, type NotificationsSlice } from './notifications';
import { createProjectDataSlice, type ProjectDataSlice } from './project-data';
import { createSessionSlice, type SessionSlice } from './session';
import { createThemesSlice, type ThemesSlice } from './themes';
import { createAnalysisSlice, type AnalysisSlice } from './analysis';
import { createTeamSlice, type TeamSlice } from './team';
import { createExchangeSlice, type ExchangeSlice } from './exchange';
import { createViewSlice, type ViewSlice } from './view';
import { createImportsSlice, type ImportsSlice } from './imports';
import { createBackupsSlice, type BackupsSlice } from './backups';
import { createPseudonymiseSlice, type PseudonymiseSlice } from './pseudonymise';
import { createMediaSlice, type MediaSlice } from './media';
import { createSyncSlice, type SyncSlice } from './sync';

export type AppState = SessionSlice &
  ProjectDataSlice &
  NotificationsSlice &
  ViewSlice &
  ImportsSlice &
  ThemesSlice &
  AnalysisSlice &
  TeamSlice &
  ExchangeSlice &
  BackupsSlice &
  PseudonymiseSlice &
  MediaSlice &
  SyncSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createProjectDataSlice(...a),
  ...createNotificationsSlice(...a),
  ...createViewSlice(...a),
  ...createImportsSlice(...a),
  ...createThemesSlice(...a),
  ...createAnalysisSlice(...a),
  ...createTeamSlice(...a),
  ...createExchangeSlice(...a),
  ...createBackupsSlice(...a),
  ...createPseudonymiseSlice(...a),
  ...createMediaSlice(...a),
  ...createSyncSlice(...a),
}));
