/** Store slice for the analysis view. */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AnalysisSlice {}

export const createAnalysisSlice: StateCreator<AppState, [], [], AnalysisSlice> = () => ({});
