/** Which workspace view is showing. */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

export type ViewId = 'coding' | 'themes' | 'analysis' | 'team' | 'exchange';

export interface ViewSlice {
  view: ViewId;
  setView(view: ViewId): void;
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  view: 'coding',
  setView(view) {
    set({ view });
  },
});
