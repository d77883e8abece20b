/**
 * The backend the interactive measurements talk to: the real AppService behind the real
 * dispatcher and loopback HTTP bridge with its event stream (as electron/bridge/main.ts starts it),
 * serving the benchmark's own renderer build. Prints one JSON line {url, port, token, origin}.
 *
 *   node --import tsx bench/backend.ts DATA_DIR STATIC_DIR
 */
import { AppService } from '../electron/services/app-service.js';
import { createDispatcher } from '../electron/ipc/dispatch.js';
import { startBridge } from '../electron/bridge/server.js';

const [dataDir, staticDir] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: bench/backend.ts DATA_DIR [STATIC_DIR]\n');
  process.exit(2);
}

const service = new AppService({ host: 'browser', dataDir });
const bridge = await startBridge({ dispatcher: createDispatcher(service.handlers), staticDir: staticDir || undefined, events: (listener) => service.onEvent(listener) });
process.stdout.write(`${JSON.stringify({ url: bridge.url, port: bridge.port, token: bridge.token, origin: bridge.origin })}\n`);

const stop = async () => {
  service.shutdown();
  await bridge.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
