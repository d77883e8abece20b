/**
 * The service's end of the relay: answers the calls arriving on every window's port with the
 * dispatcher (which validates each payload against the contract, as for every door), each as soon
 * as it is done — a quick call is not held behind a slow one — and pushes the service's events to
 * every connected window.
 */
import type { ApiEvent } from '../../shared/api/events.js';
import type { Result } from '../../shared/api/result.js';
import type { Dispatcher } from '../ipc/dispatch.js';
import { frameFor, joinFrame } from '../../shared/api/frame.js';
import { isRelayCall, type FromService, type RelayPort } from './protocol.js';

export class RelayServer {
  private readonly ports = new Set<RelayPort>();

  constructor(
    private readonly dispatch: Dispatcher,
    private readonly log: (msg: string, err: unknown) => void = console.error,
  ) {}

  /** Serves one window's port until it closes; `greeting`: an event pushed to it first. */
  connect(port: RelayPort, greeting?: ApiEvent): void {
    this.ports.add(port);
    port.onMessage((data) => void this.answer(port, data));
    port.onClose(() => this.ports.delete(port));
    if (greeting) this.post(port, { kind: 'event', event: greeting });
  }

  /** Pushes one event to every connected window. */
  broadcast(event: ApiEvent): void {
    for (const port of this.ports) this.post(port, { kind: 'event', event });
  }

  get connected(): number {
    return this.ports.size;
  }

  close(): void {
    for (const port of this.ports) port.close();
    this.ports.clear();
  }

  private async answer(port: RelayPort, data: unknown) {
    if (!isRelayCall(data)) {
      const id = (data as { id?: unknown } | null)?.id;
      if (Number.isSafeInteger(id)) this.reply(port, id as number, { ok: false, error: { code: 'VALIDATION', message: 'Invalid request: not an API call.' } });
      return;
    }
    let result: Result<unknown>;
    try {
      result = await this.dispatch(data.method, data.input);
    } catch (err) {
      this.log(`Unexpected error in ${data.method}`, err);
      result = { ok: false, error: { code: 'INTERNAL', message: `Unexpected error in ${data.method}: ${(err as Error)?.message ?? String(err)}` } };
    }
    this.reply(port, data.id, result, data.method);
  }

  private reply(port: RelayPort, id: number, result: Result<unknown>, method = 'the request') {
    if (!this.ports.has(port)) return; // that window is gone
    // opening a document: its text and turns as bytes (one copy), not a string and objects to clone
    const frame = frameFor(method, result, (text) => Buffer.from(text, 'utf16le'));
    if (frame && this.post(port, { kind: 'reply', id, frame: joinFrame(frame) })) return;
    if (this.post(port, { kind: 'reply', id, result })) return;
    this.post(port, { kind: 'reply', id, result: { ok: false, error: { code: 'INTERNAL', message: `The answer to ${method} could not be sent to the window.` } } });
  }

  private post(port: RelayPort, message: FromService): boolean {
    try {
      port.post(message);
      return true;
    } catch (err) {
      this.log('Weft: a message to the window could not be sent', err);
      return false;
    }
  }
}
