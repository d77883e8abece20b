/**
 * Starts the window: asks the backend which project is open, and for what the workspace shows
 * first, as soon as the store exists. main.tsx imports this module first, so the requests go out
 * before React and the views are evaluated and rendered (bench figure 6b).
 */
import { useAppStore } from './store';

void useAppStore.getState().boot();
