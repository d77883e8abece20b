/** Store slice for the themes view. */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ThemesSlice {}

export const createThemesSlice: StateCreator<AppState, [], [], ThemesSlice> = () => ({});
