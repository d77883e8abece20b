/**
 * Browser mode entry point: starts the service behind the loopback HTTP bridge and prints the
 * URL. `--json` prints one JSON line {url, port, token, origin} (used by the e2e fixture).
 */
import { fileURLToPath } from 'node:url';
import { createBackend } from '../services/backend.js';
import { defaultDataDir } from '../services/settings.js';
import { bridgeAnnouncement, startBridge, stopOnSignals } from './server.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const portArg = args.find((a) => a.startsWith('--port='));
const staticDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

const { service, dispatch } = createBackend({ host: 'browser', dataDir: defaultDataDir() }, undefined, { encodedAnswers: true });
const bridge = await startBridge({
  dispatcher: dispatch,
  events: (listener) => service.onEvent(listener),
  media: (ticket) => service.mediaTickets.resolve(ticket),
  staticDir,
  port: portArg ? Number(portArg.slice('--port='.length)) : 0,
});

if (json) {
  process.stdout.write(bridgeAnnouncement(bridge));
} else {
  process.stdout.write(
    `\nWeft is running in browser mode.\n  Open this address in your browser:  ${bridge.url}\n` +
      `  It listens on 127.0.0.1 only, and the address carries this launch's access token.\n  Data folder: ${service.info().dataDir}\n  Press Ctrl+C to stop.\n\n`,
  );
}

stopOnSignals(service, bridge);
