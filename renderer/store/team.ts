/** Store slice for the team view. */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TeamSlice {}

export const createTeamSlice: StateCreator<AppState, [], [], TeamSlice> = () => ({});
