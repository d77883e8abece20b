/**
 * Main's side of the service host (electron/service-host/): starts it as a utility process, hands
 * each of Weft's windows a MessageChannelMain whose other end goes to the host — so API calls and
 * pushed events travel window ⇄ service without this thread — and restarts the host when it stops,
 * reopening the project it had open. Windows then get a new port; the calls they were waiting on
 * are answered UNAVAILABLE (electron/relay/client.ts), never left hanging.
 */
import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { RELAY_CHANNELS, SERVICE_DOWN } from '../relay/protocol.js';
import { isFromHost, mayRestart, type ToHost } from '../service-host/host.js';
import { isOwnTopFrame } from './url-policy.js';

const GAVE_UP =
  'Weft’s background service stopped several times in a row and was not restarted. Close Weft and start it again; every change that was confirmed is saved.';
const STOP_TIMEOUT_MS = 5_000;
/** How long main waits for the host to say which file a media ticket stands for (then: refused). */
const MEDIA_TIMEOUT_MS = 5_000;

type MediaFile = { path: string; mime: string } | null;

export class ServiceHost {
  private child: UtilityProcess | null = null;
  private project: string | null = null;
  private readonly stops: number[] = [];
  private readonly windows = new Set<WebContents>();
  private stopping: Promise<void> | null = null;
  private mediaAsked = 0;
  private readonly mediaWaiting = new Map<number, (file: MediaFile) => void>();

  constructor(
    private readonly modulePath: string,
    private readonly args: string[],
  ) {}

  start(): void {
    this.fork(null);
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Gives `contents` (a window showing Weft's own page) a new port to the service. */
  connect(contents: WebContents, reconnected = false): void {
    if (contents.isDestroyed() || !isOwnTopFrame(contents.mainFrame)) return;
    if (!this.windows.has(contents)) {
      this.windows.add(contents);
      contents.once('destroyed', () => this.windows.delete(contents));
    }
    const child = this.child;
    if (!child || this.stopping) {
      contents.send(RELAY_CHANNELS.serviceDown, { message: this.stopping ? SERVICE_DOWN : GAVE_UP });
      return;
    }
    const { port1, port2 } = new MessageChannelMain();
    child.postMessage({ type: 'connect', reconnected } satisfies ToHost, [port2]);
    contents.mainFrame.postMessage(RELAY_CHANNELS.port, null, [port1]);
  }

  /** The file a media ticket stands for, asked of the host (null: unknown, expired, or no host to ask). */
  resolveMedia(ticket: string): Promise<MediaFile> {
    const child = this.child;
    if (!child || this.stopping) return Promise.resolve(null);
    const id = ++this.mediaAsked;
    return new Promise<MediaFile>((resolve) => {
      const timer = setTimeout(() => this.answerMedia(id, null), MEDIA_TIMEOUT_MS);
      this.mediaWaiting.set(id, (file) => {
        clearTimeout(timer);
        resolve(file);
      });
      child.postMessage({ type: 'resolveMedia', id, ticket } satisfies ToHost);
    });
  }

  private answerMedia(id: number, file: MediaFile) {
    const answer = this.mediaWaiting.get(id);
    this.mediaWaiting.delete(id);
    answer?.(file);
  }

  /** Asks the host to close the open project (it keeps running). */
  closeProject(): void {
    if (!this.stopping) this.child?.postMessage({ type: 'closeProject' } satisfies ToHost);
  }

  /** Asks the host to close the project and exit; kills it if it has not within a few seconds. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    const child = this.child;
    this.stopping = new Promise<void>((resolve) => {
      if (!child) return resolve();
      const timer = setTimeout(() => child.kill(), STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.postMessage({ type: 'shutdown' } satisfies ToHost);
    });
    return this.stopping;
  }

  private fork(reopen: string | null) {
    const child = utilityProcess.fork(this.modulePath, this.args, { serviceName: 'Weft service', stdio: 'inherit' });
    this.child = child;
    child.on('message', (message: unknown) => {
      if (!isFromHost(message)) return;
      if (message.type === 'project') this.project = message.path;
      else if (message.type === 'media') this.answerMedia(message.id, message.file);
      else if (message.type === 'reopenFailed') console.error(`Weft: “${message.path}” could not be reopened after the service restarted: ${message.message}`);
    });
    child.once('exit', (code) => this.exited(child, code));
    if (reopen) child.postMessage({ type: 'reopen', path: reopen } satisfies ToHost);
  }

  private exited(child: UtilityProcess, code: number) {
    if (child !== this.child) return;
    this.child = null;
    // a ticket asked of the host that stopped is refused (the window asks again after it reloads)
    for (const id of [...this.mediaWaiting.keys()]) this.answerMedia(id, null);
    if (this.stopping) return;
    const restart = mayRestart(this.stops, Date.now());
    this.stops.push(Date.now());
    console.error(`Weft: the background service stopped (exit code ${code}); ${restart ? 'restarting it' : 'not restarting it again'}.`);
    const windows = [...this.windows].filter((contents) => !contents.isDestroyed());
    for (const contents of windows) contents.send(RELAY_CHANNELS.serviceDown, { message: restart ? SERVICE_DOWN : GAVE_UP });
    if (!restart) return;
    this.fork(this.project);
    for (const contents of windows) this.connect(contents, true);
  }
}
