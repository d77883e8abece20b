/**
 * The backend the interactive measurements talk to: the real AppService behind the real
 * dispatcher and loopback HTTP bridge with its event stream (as electron/bridge/main.ts starts it),
 * serving the benchmark's own renderer build. Prints one JSON line {url, port, token, origin}.
 *
 *   node --import tsx bench/backend.ts DATA_DIR STATIC_DIR
 */
import { createBackend } from '../electron/services/backend.js';
import { bridgeAnnouncement, startBridge, stopOnSignals } from '../electron/bridge/server.js';

const [dataDir, staticDir] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: bench/backend.ts DATA_DIR [STATIC_DIR]\n');
  process.exit(2);
}

const { service, dispatch } = createBackend({ host: 'browser', dataDir }, undefined, { encodedAnswers: true });
const bridge = await startBridge({ dispatcher: dispatch, staticDir: staticDir || undefined, events: (listener) => service.onEvent(listener) });
process.stdout.write(bridgeAnnouncement(bridge));

stopOnSignals(service, bridge);
