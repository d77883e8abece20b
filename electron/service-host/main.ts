/**
 * Electron's service host: the entry main starts with `utilityProcess.fork` (electron/main/
 * service-host.ts). It builds the service as browser mode does (services/backend.ts) and serves it
 * to the windows over the ports main hands it (host.ts). This process alone loads SQLite.
 */
import { join } from 'node:path';
import { fromEmitterPort } from '../relay/ports.js';
import { createBackend } from '../services/backend.js';
import { defaultDataDir } from '../services/settings.js';
import { hostOptionsFromArgs, runServiceHost } from './host.js';

const parentPort = process.parentPort;
if (!parentPort) throw new Error('The Weft service host runs only as Electron’s utility process.');

const { dataDir, backupsDir } = hostOptionsFromArgs(process.argv);
// Backups live where the `weft` CLI finds them (weft backups list), whichever door made them.
const backend = createBackend({ host: 'electron', dataDir, backupsDir: backupsDir ?? join(defaultDataDir(), 'backups') });

runServiceHost(
  {
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data, event.ports.map((port) => fromEmitterPort(port)))),
    post: (message) => parentPort.postMessage(message),
  },
  backend,
  (code) => process.exit(code),
);
