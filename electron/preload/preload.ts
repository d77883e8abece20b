/**
 * The preload bridge: exposes exactly one function per API method, three file dialogs and
 * `onEvent` (the service's pushed events; returns the unsubscribe).
 * No raw ipcRenderer, no port, no Node, nothing else crosses into the page.
 *
 * API calls go over a MessagePort straight to the service host (electron/relay/): the preload
 * asks main for it once (main gives one only to Weft's own top-level page) and keeps it here, in
 * the isolated world — a port cannot cross contextBridge, and the page never sees it. The service
 * validates every payload (shared/api/contract.ts); main validates the dialogs' (shared/api/dialogs.ts).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS } from '../../shared/api/contract.js';
import { dialogChannel } from '../../shared/api/dialogs.js';
import { RelayClient } from '../relay/client.js';
import { fromEventTargetPort, type EventTargetPort } from '../relay/ports.js';
import { RELAY_CHANNELS } from '../relay/protocol.js';

const relay = new RelayClient();
// Only main sends on these channels: a new port (first, or after the service restarted), or word that the service stopped.
ipcRenderer.on(RELAY_CHANNELS.port, (event: IpcRendererEvent) => {
  const port = event.ports[0];
  if (port) relay.attach(fromEventTargetPort(port as unknown as EventTargetPort));
});
ipcRenderer.on(RELAY_CHANNELS.serviceDown, (_event: IpcRendererEvent, info: unknown) => {
  const message = (info as { message?: unknown } | null)?.message;
  relay.disconnect(typeof message === 'string' ? message : undefined);
});
ipcRenderer.invoke(RELAY_CHANNELS.connect).catch((err: unknown) => relay.disconnect(`Weft’s background service cannot be reached: ${(err as Error)?.message ?? String(err)}`));

const api: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const method of API_METHODS) {
  api[method] = (input: unknown) => relay.call(method, input);
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
  onEvent: (callback: (event: unknown) => void): (() => void) => relay.onEvent(callback),
});
