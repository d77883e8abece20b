/**
 * Where the renderer runs: in Electron (the preload's bridge is present) or in a browser tab
 * (browser mode), and Electron's native file dialogs (null in browser mode). Facts about the
 * page, not API calls: features may read them; the backend is reached only through the store.
 */
export const host: 'electron' | 'browser' = window.weft ? 'electron' : 'browser';
export const nativeDialogs = window.weft?.dialogs ?? null;
