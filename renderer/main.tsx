// The window's entry. First the backend is asked for the open project and what the workspace shows
// first (start.ts: the store and the API client, a small script); React and the views (root.tsx, most
// of the code) are loaded and evaluated while it answers (bench figure 6b).
import './start';

void import('./root');
