/**
 * The renderer's only way to the backend: a typed client for the contract in shared/api.
 * In Electron it uses the preload's IPC functions; in browser mode it POSTs to the loopback
 * bridge with this launch's token. Components never call this; store actions do.
 */
import type { ApiMethod, Input, Output } from '../../shared/api/contract';
import { ApiError, type ApiErrorShape } from '../../shared/api/errors';
import type { Result } from '../../shared/api/result';
import { isApiEvent, type ApiEvent } from '../../shared/api/events';
import { sseSplitter, type SseMessage } from '../../shared/api/sse';
import { acceptFor, readAnswer } from '../../shared/api/frame';

export interface WeftPreload {
  host: 'electron';
  api: Record<string, (input: unknown) => Promise<Result<unknown>>>;
  dialogs: {
    openProject(): Promise<string | null>;
    /** `suggestedName`: a bare file name to offer (validated in the main process). */
    saveProject(suggestedName?: string): Promise<string | null>;
    importFiles(): Promise<string[]>;
  };
  /** The service's pushed events; returns the unsubscribe. */
  onEvent(callback: (event: unknown) => void): () => void;
}

declare global {
  interface Window {
    weft?: WeftPreload;
  }
}

export type Transport = (method: string, input: unknown) => Promise<Result<unknown>>;

const ipcTransport =
  (preload: WeftPreload): Transport =>
  (method, input) => {
    const fn = preload.api[method];
    if (!fn) return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown method ${method}` } });
    return fn(input);
  };

const TOKEN_KEY = 'weft.token';

/** Reads the token from the URL fragment once, keeps it for this tab, and removes it from the address bar. */
export function takeToken(): string | null {
  const match = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const sessionToken = window.weft ? null : takeToken();

const httpTransport =
  (token: string | null): Transport =>
  async (method, input) => {
    let response: Response;
    try {
      response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Weft-Token': token ?? '', ...acceptFor(method) },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'Weft’s backend is not running. Start it again with “npm start”.' } };
    }
    try {
      return await readAnswer(method, response);
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: `The backend answered ${response.status} without a result.` } };
    }
  };

export function createClient(transport: Transport) {
  return {
    async callSafe<M extends ApiMethod>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
      return (await transport(method, input)) as Result<Output<M>>;
    },
    async call<M extends ApiMethod>(method: M, input: Input<M>): Promise<Output<M>> {
      const result = await transport(method, input);
      if (!result.ok) throw new ApiError(result.error as ApiErrorShape);
      return result.value as Output<M>;
    },
  };
}

export const api = createClient(window.weft ? ipcTransport(window.weft) : httpTransport(sessionToken));

/** A message of the bridge's event stream as an event, when it is one the contract knows. */
function toApiEvent(message: SseMessage): ApiEvent | null {
  try {
    const event = { type: message.event, payload: JSON.parse(message.data) as unknown };
    return isApiEvent(event) ? event : null;
  } catch {
    return null;
  }
}

/**
 * Browser mode: reads GET /api/events (fetch, so the token travels in the header as for every
 * API call) and reconnects after a pause when the stream ends.
 */
function httpEvents(token: string | null, callback: (event: ApiEvent) => void): () => void {
  let stopped = false;
  const controller = new AbortController();
  const run = async () => {
    while (!stopped) {
      try {
        const response = await fetch('/api/events', { headers: { 'X-Weft-Token': token ?? '' }, signal: controller.signal });
        const reader = response.body?.getReader();
        if (response.ok && reader) {
          const decoder = new TextDecoder();
          const feed = sseSplitter();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            for (const message of feed(decoder.decode(value, { stream: true }))) {
              const event = toApiEvent(message);
              if (event) callback(event);
            }
          }
        }
      } catch {
        // backend restarting or stopped: try again below
      }
      if (!stopped) await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void run();
  return () => {
    stopped = true;
    controller.abort();
  };
}

/** Subscribes to the service's pushed events (shared/api/events.ts); returns the unsubscribe. */
export function subscribeEvents(callback: (event: ApiEvent) => void): () => void {
  if (window.weft) return window.weft.onEvent((event) => isApiEvent(event) && callback(event));
  return httpEvents(sessionToken, callback);
}
