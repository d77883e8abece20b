/**
 * The preload bridge: exposes exactly one function per API method, three file dialogs and
 * `onEvent` (the service's pushed events; returns the unsubscribe).
 * No raw ipcRenderer, no Node, nothing else crosses into the page. The main process checks the
 * sender of every call and validates every payload (shared/api/contract.ts, shared/api/dialogs.ts).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS } from '../../shared/api/contract.js';
import { dialogChannel } from '../../shared/api/dialogs.js';

const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const method of API_METHODS) {
  api[method] = (input: unknown) => ipcRenderer.invoke(`api:${method}`, input);
}

contextBridge.exposeInMainWorld('weft', {
  host: 'electron',
  api,
  dialogs: {
    openProject: (): Promise<string | null> => ipcRenderer.invoke(dialogChannel('openProject')),
    saveProject: (suggestedName?: string): Promise<string | null> =>
      ipcRenderer.invoke(dialogChannel('saveProject'), suggestedName === undefined ? undefined : { suggestedName }),
    importFiles: (): Promise<string[]> => ipcRenderer.invoke(dialogChannel('importFiles')),
  },
  onEvent: (callback: (event: unknown) => void): (() => void) => {
    const listener = (_e: IpcRendererEvent, event: unknown) => callback(event);
    ipcRenderer.on('weft:event', listener);
    return () => void ipcRenderer.removeListener('weft:event', listener);
  },
});
