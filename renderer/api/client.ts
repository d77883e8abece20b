/**
 * The renderer's only way to the backend: a typed client for the contract in shared/api.
 * In Electron it uses the preload's IPC functions; in browser mode it POSTs to the loopback
 * bridge with this launch's token. Components never call this; store actions do.
 */
import type { ApiMethod, Input, Output } from '../../shared/api/contract';
import { ApiError, type ApiErrorShape } from '../../shared/api/errors';
import type { Result } from '../../shared/api/result';

export interface WeftPreload {
  host: 'electron';
  api: Record<string, (input: unknown) => Promise<Result<unknown>>>;
  dialogs: {
    openProject(): Promise<string | null>;
    /** `suggestedName`: a bare file name to offer (validated in the main process). */
    saveProject(suggestedName?: string): Promise<string | null>;
    importFiles(): Promise<string[]>;
  };
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

const httpTransport =
  (token: string | null): Transport =>
  async (method, input) => {
    let response: Response;
    try {
      response = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Weft-Token': token ?? '' },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'Weft’s backend is not running. Start it again with “npm start”.' } };
    }
    try {
      return (await response.json()) as Result<unknown>;
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

export const host: 'electron' | 'browser' = window.weft ? 'electron' : 'browser';
export const api = createClient(window.weft ? ipcTransport(window.weft) : httpTransport(takeToken()));
export const nativeDialogs = window.weft?.dialogs ?? null;
