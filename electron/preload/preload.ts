/**
 * The preload bridge: exposes exactly one function per API method plus three file dialogs.
 * No raw ipcRenderer, no Node, nothing else crosses into the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
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
});
