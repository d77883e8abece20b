// The window's entry: a small script (the store and the API client). It asks the backend for the open
// project and what the workspace shows first (store/session.ts boot); React and the views (root.tsx,
// most of the code, fetched meanwhile: the page preloads it, see vite.config.ts) are evaluated and
// drawn once the first document has been asked for (`booted`), so they run while the backend answers
// instead of holding that request back (bench figure 6b).
import { useAppStore } from './store';

void useAppStore.getState().boot();

const loadRoot = () => void import('./root');
if (useAppStore.getState().booted) loadRoot();
else {
  const stop = useAppStore.subscribe((s) => {
    if (!s.booted) return;
    stop();
    loadRoot();
  });
}
