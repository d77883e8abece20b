/**
 * A worker thread standing in for Electron's utility process in tests/relay/relay.test.ts: it runs
 * the real service host (electron/service-host/host.ts) — the real AppService and dispatcher, on a
 * real project file — and takes the windows' ports from its parent, as the utility process does.
 * A message from the parent is `{ message, ports }` (the ports transferred with it).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { fromEventTargetPort, type EventTargetPort } from '../../electron/relay/ports';
import { createBackend } from '../../electron/services/backend';
import { runServiceHost } from '../../electron/service-host/host';

const parent = parentPort!;
const { dataDir } = workerData as { dataDir: string };

runServiceHost(
  {
    onMessage: (listener) =>
      parent.on('message', (data: { message: unknown; ports?: MessagePort[] }) =>
        listener(data.message, (data.ports ?? []).map((port) => fromEventTargetPort(port as unknown as EventTargetPort))),
      ),
    post: (message) => parent.postMessage(message),
  },
  createBackend({ host: 'electron', dataDir }, () => undefined),
  (code) => process.exit(code),
);
