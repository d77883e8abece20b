// The window's entry: a small script (the store and the API client). React and the views (root.tsx,
// most of the code) are asked for first, as the backend sends files at once; then the backend is asked
// for the open project and what the workspace shows first (store/session.ts boot), so the code loads
// and is evaluated while it answers (bench figure 6b). In the other order the files would wait for a
// connection behind the document's text.
import { useAppStore } from './store';

void import('./root');
void useAppStore.getState().boot();
