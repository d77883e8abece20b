/** Store slice for the exchange view. */
import type { StateCreator } from 'zustand';
import type { AppState } from './index';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ExchangeSlice {}

export const createExchangeSlice: StateCreator<AppState, [], [], ExchangeSlice> = () => ({});
