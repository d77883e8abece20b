/**
 * The relay protocol between a window and the service host (Electron): API calls and their
 * replies, and the events the service pushes, over one MessagePort per window.
 *
 *   window → service   { kind: 'call', id, method, input }
 *   service → window   { kind: 'reply', id, result }     (the dispatcher's Result envelope, in any order)
 *                      { kind: 'reply', id, frame }      (the same, framed: opening a document, shared/api/frame.ts)
 *                      { kind: 'event', event }          (shared/api/events.ts)
 *
 * No Electron import: the ports are described by the small `RelayPort` interface, and
 * ports.ts adapts Electron's, the DOM's and Node's worker_threads ports to it.
 */
import { isApiEvent, type ApiEvent } from '../../shared/api/events.js';
import type { Result } from '../../shared/api/result.js';

export interface RelayCall {
  kind: 'call';
  id: number;
  method: string;
  input: unknown;
}
export interface RelayReply {
  kind: 'reply';
  id: number;
  result: Result<unknown>;
}
/**
 * A successful answer to a method that opens a document, framed (shared/api/frame.ts): its text
 * and turns as bytes, not as a string and thousands of objects for the port to clone; the client
 * reads it back into the dispatcher's Result.
 */
export interface RelayFramedReply {
  kind: 'reply';
  id: number;
  frame: Uint8Array;
}
export interface RelayPush {
  kind: 'event';
  event: ApiEvent;
}
export type FromService = RelayReply | RelayFramedReply | RelayPush;

/** One end of a channel, whatever the runtime: send, receive, learn that it closed, close it. */
export interface RelayPort {
  post(message: unknown): void;
  onMessage(listener: (data: unknown) => void): void;
  /** Called when the other end is gone, where the runtime reports it (Electron's ports, Node's). */
  onClose(listener: () => void): void;
  close(): void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isRelayCall(v: unknown): v is RelayCall {
  return isObject(v) && v.kind === 'call' && Number.isSafeInteger(v.id) && typeof v.method === 'string';
}

export function isRelayReply(v: unknown): v is RelayReply {
  return isObject(v) && v.kind === 'reply' && Number.isSafeInteger(v.id) && isObject(v.result) && typeof v.result.ok === 'boolean';
}

export function isRelayFramedReply(v: unknown): v is RelayFramedReply {
  return isObject(v) && v.kind === 'reply' && Number.isSafeInteger(v.id) && v.frame instanceof Uint8Array;
}

export function isRelayPush(v: unknown): v is RelayPush {
  return isObject(v) && v.kind === 'event' && isApiEvent(v.event);
}

/** The answer to a call the service could not answer: it stopped, or is not running. */
export function unavailable(message: string): Result<never> {
  return { ok: false, error: { code: 'UNAVAILABLE', message } };
}

/** Why a call that was running got no answer (the change it asked for may or may not be saved). */
export const stoppedDuring = (method: string) =>
  `Weft’s background service stopped before it answered “${method}”; it is being restarted. If this was a change, check whether it was made before trying again.`;

/** Why a call made while the service is not running is refused at once. */
export const SERVICE_DOWN = 'Weft’s background service is not running (it stopped and is being restarted). Try again in a moment; if this persists, restart Weft.';

/**
 * The IPC channels between main and a window's preload that set the relay up: the preload asks
 * for its port (`connect`, invoked: main answers only Weft's own top-level page); main sends it (`port`: first, and again after the service restarted)
 * or says the service stopped (`serviceDown`, `{ message }`).
 */
export const RELAY_CHANNELS = { connect: 'weft:connect', port: 'weft:port', serviceDown: 'weft:service-down' } as const;
