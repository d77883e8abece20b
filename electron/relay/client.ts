/**
 * The window's end of the relay (used by the preload): sends API calls over the port it was given,
 * matches replies to calls by id (they may come in any order), and hands pushed events on.
 *
 * Calls made before the first port arrives wait for it. When the service stops (`disconnect`),
 * every call still waiting gets a clear UNAVAILABLE answer at once — nothing hangs — and calls
 * made while it is down are answered the same way until a new port arrives (`attach`). There is
 * no call timeout: a long call (an export, an import) is not cut off; only the service's end is.
 */
import type { ApiEvent } from '../../shared/api/events.js';
import type { Result } from '../../shared/api/result.js';
import { isFramedMethod, readFrame } from '../../shared/api/frame.js';
import { isRelayFramedReply, isRelayPush, isRelayReply, SERVICE_DOWN, stoppedDuring, unavailable, type RelayCall, type RelayPort } from './protocol.js';

interface Pending {
  method: string;
  resolve: (result: Result<unknown>) => void;
  /** The port the call was sent on; null while it waits for the first port. */
  sentOn: RelayPort | null;
  /** The input, kept only until the call is sent. */
  input: unknown;
}

export class RelayClient {
  private port: RelayPort | null = null;
  /** The message calls are refused with while the service is down; null while it is up or starting. */
  private downBecause: string | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: ApiEvent) => void>();

  call(method: string, input: unknown): Promise<Result<unknown>> {
    if (this.downBecause !== null) return Promise.resolve(unavailable(this.downBecause));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const entry: Pending = { method, resolve, sentOn: null, input };
      this.pending.set(id, entry);
      if (this.port) this.send(this.port, id, entry);
    });
  }

  /** Subscribes to the pushed events; returns the unsubscribe. */
  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Uses `port` from now on. Calls still waiting on an earlier port get the UNAVAILABLE answer
   * (that service is gone); calls waiting for a port are sent on this one.
   */
  attach(port: RelayPort): void {
    const previous = this.port;
    if (previous) {
      this.failSentOn(previous);
      previous.close();
    }
    this.port = port;
    this.downBecause = null;
    port.onMessage((data) => this.receive(port, data));
    port.onClose(() => {
      if (this.port === port) this.disconnect(SERVICE_DOWN);
    });
    for (const [id, entry] of this.pending) {
      if (entry.sentOn === null) this.send(port, id, entry);
    }
  }

  /** The service stopped: every waiting call is answered UNAVAILABLE, and so is every call until `attach`. */
  disconnect(message: string = SERVICE_DOWN): void {
    const port = this.port;
    this.port = null;
    this.downBecause = message;
    for (const [id, entry] of [...this.pending]) {
      this.pending.delete(id);
      entry.resolve(unavailable(entry.sentOn ? stoppedDuring(entry.method) : message));
    }
    port?.close();
  }

  /** How many calls wait for an answer (sent or not yet sent). */
  get waiting(): number {
    return this.pending.size;
  }

  private send(port: RelayPort, id: number, entry: Pending) {
    const message: RelayCall = { kind: 'call', id, method: entry.method, input: entry.input };
    try {
      port.post(message);
      entry.sentOn = port;
      entry.input = undefined;
    } catch (err) {
      // the input could not be copied to the service (a function, a DOM object, …)
      this.pending.delete(id);
      entry.resolve({ ok: false, error: { code: 'VALIDATION', message: `Invalid request for ${entry.method}: it cannot be sent (${(err as Error)?.message ?? String(err)}).` } });
    }
  }

  private failSentOn(port: RelayPort) {
    for (const [id, entry] of [...this.pending]) {
      if (entry.sentOn !== port) continue;
      this.pending.delete(id);
      entry.resolve(unavailable(stoppedDuring(entry.method)));
    }
  }

  /** A framed answer read back into the dispatcher's Result (shared/api/frame.ts). */
  private unframe(method: string, frame: Uint8Array): Result<unknown> {
    try {
      if (!isFramedMethod(method)) throw new Error(`the answer to ${method} came framed`);
      return readFrame(method, frame);
    } catch (err) {
      return { ok: false, error: { code: 'INTERNAL', message: `The answer to ${method} could not be read: ${(err as Error)?.message ?? String(err)}` } };
    }
  }

  private receive(port: RelayPort, data: unknown) {
    if (port !== this.port) return;
    if (isRelayReply(data) || isRelayFramedReply(data)) {
      const entry = this.pending.get(data.id);
      if (!entry || entry.sentOn !== port) return;
      this.pending.delete(data.id);
      entry.resolve('frame' in data ? this.unframe(entry.method, data.frame) : data.result);
    } else if (isRelayPush(data)) {
      for (const listener of [...this.listeners]) listener(data.event);
    }
  }
}

