/**
 * The service host: the process (Electron's utility process; a worker thread in the tests) that
 * owns the AppService, the dispatcher and SQLite, so no window's thread ever runs a call. No
 * Electron import: the parent's channel and the windows' ports come in through small interfaces.
 *
 * Main ⇄ host, over the parent port (`ToHost` / `FromHost`):
 *  - `connect` (with one port): a window's end of the relay (electron/relay/); `reconnected` after
 *    a restart, when the window is told to reload what it shows;
 *  - `reopen`: after a restart, open the project that was open when the host stopped;
 *  - `closeProject`: the last window closed (macOS keeps Weft running): release the project;
 *  - `shutdown`: close the project (its lock, its WAL) and exit;
 *  - `resolveMedia`: the window's player asks main for `weft-media://recording/<ticket>`; the host
 *    answers `media` with the file that ticket stands for (null: unknown or expired) — main then
 *    streams it by the rule the bridge uses too (electron/fs/media-response.ts);
 *  - the host says `ready`, and `project` each time the open project changes (so main can reopen it).
 */
import { isAbsolute } from 'node:path';
import type { ApiEvent } from '../../shared/api/events.js';
import type { Result } from '../../shared/api/result.js';
import type { Backend } from '../services/backend.js';
import type { RelayPort } from '../relay/protocol.js';
import { RelayServer } from '../relay/server.js';

export type ToHost =
  | { type: 'connect'; reconnected: boolean }
  | { type: 'reopen'; path: string }
  | { type: 'closeProject' }
  | { type: 'shutdown' }
  | { type: 'resolveMedia'; id: number; ticket: string };
export type FromHost =
  | { type: 'ready' }
  | { type: 'project'; path: string | null }
  | { type: 'reopenFailed'; path: string; message: string }
  | { type: 'media'; id: number; file: { path: string; mime: string } | null };

export interface HostParent {
  onMessage(listener: (message: unknown, ports: RelayPort[]) => void): void;
  post(message: FromHost): void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isFromHost(v: unknown): v is FromHost {
  if (!isObject(v)) return false;
  if (v.type === 'ready') return true;
  if (v.type === 'project') return v.path === null || typeof v.path === 'string';
  if (v.type === 'media') {
    const f = v.file;
    return Number.isSafeInteger(v.id) && (f === null || (isObject(f) && typeof f.path === 'string' && isAbsolute(f.path) && typeof f.mime === 'string'));
  }
  return v.type === 'reopenFailed' && typeof v.path === 'string' && typeof v.message === 'string';
}

function toHost(v: unknown): ToHost | null {
  if (!isObject(v)) return null;
  if (v.type === 'connect') return { type: 'connect', reconnected: v.reconnected === true };
  if (v.type === 'reopen' && typeof v.path === 'string' && isAbsolute(v.path)) return { type: 'reopen', path: v.path };
  if (v.type === 'closeProject') return { type: 'closeProject' };
  if (v.type === 'shutdown') return { type: 'shutdown' };
  if (v.type === 'resolveMedia' && Number.isSafeInteger(v.id) && typeof v.ticket === 'string') return { type: 'resolveMedia', id: v.id as number, ticket: v.ticket };
  return null;
}

/** The host's command line: `--data-dir=PATH` (required), `--backups-dir=PATH` (optional). */
export function hostOptionsFromArgs(argv: readonly string[]): { dataDir: string; backupsDir?: string } {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const dataDir = value('data-dir');
  if (!dataDir) throw new Error('The Weft service host needs --data-dir=PATH.');
  const backupsDir = value('backups-dir');
  return backupsDir ? { dataDir, backupsDir } : { dataDir };
}

/** Serves `backend` to the windows main connects, until main says `shutdown` (then `exit(0)`). */
export function runServiceHost(parent: HostParent, backend: Backend, exit: (code: number) => void): RelayServer {
  const { service } = backend;
  let reported: string | null = null;
  const reportProject = () => {
    const path = service.currentOrNull()?.path ?? null;
    if (path === reported) return;
    reported = path;
    parent.post({ type: 'project', path });
  };
  const server = new RelayServer(async (method, input): Promise<Result<unknown>> => {
    try {
      return await backend.dispatch(method, input);
    } finally {
      reportProject();
    }
  });
  service.onEvent((event) => server.broadcast(event));

  // Windows are served only once a reopen has finished, so their first call finds the project open.
  let reopening: Promise<void> = Promise.resolve();
  parent.onMessage((raw, ports) => {
    const message = toHost(raw);
    if (!message) return;
    if (message.type === 'connect') {
      void reopening.then(() => {
        const path = service.currentOrNull()?.path;
        // After a restart the window reloads what it shows: a change may have been saved as the host stopped.
        const greeting: ApiEvent | undefined = message.reconnected && path ? { type: 'project.changedElsewhere', payload: { path, undoCleared: false } } : undefined;
        for (const port of ports) server.connect(port, greeting);
      });
    } else if (message.type === 'reopen') {
      reopening = backend.dispatch('project.open', { path: message.path }).then((result) => {
        if (!result.ok) parent.post({ type: 'reopenFailed', path: message.path, message: result.error.message });
        reportProject();
      });
    } else if (message.type === 'resolveMedia') {
      parent.post({ type: 'media', id: message.id, file: service.mediaTickets.resolve(message.ticket) });
    } else if (message.type === 'closeProject') {
      void backend.dispatch('project.close', {}).then(reportProject);
    } else {
      server.close();
      service.shutdown();
      exit(0);
    }
  });
  parent.post({ type: 'ready' });
  return server;
}

/** Main restarts a host that stopped, unless it stopped this many times within `RESTART_WINDOW_MS`. */
export const RESTART_LIMIT = 3;
export const RESTART_WINDOW_MS = 60_000;

/** Whether to restart after the stops at `stops` (ms timestamps, the latest last); keeps only the recent ones. */
export function mayRestart(stops: number[], now: number): boolean {
  while (stops.length && now - stops[0]! > RESTART_WINDOW_MS) stops.shift();
  return stops.length < RESTART_LIMIT;
}
