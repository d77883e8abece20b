/**
 * The preload bridge: exposes exactly one function per API method, three file dialogs and
 * `onEvent` (the service's pushed events; returns the unsubscribe).
 * No raw ipcRenderer, no Node, nothing else crosses into the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS } from '../../shared/api/contract.js';

const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const method of API_METHODS) {
  api[method] = (input: unknown) => ipcRenderer.invoke(`api:${method}`, input);
}

contextBridge.exposeInMainWorld('weft', {
  host: 'electron',
  api,
  dialogs: {
    openProject: (): Promise<string | null> => ipcRenderer.invoke('dialog:openProject'),
    saveProject: (): Promise<string | null> => ipcRenderer.invoke('dialog:saveProject'),
    importFiles: (): Promise<string[]> => ipcRenderer.invoke('dialog:importFiles'),
  },
  onEvent: (callback: (event: unknown) => void): (() => void) => {
    const listener = (_e: IpcRendererEvent, event: unknown) => callback(event);
    ipcRenderer.on('weft:event', listener);
    return () => void ipcRenderer.removeListener('weft:event', listener);
  },
});
