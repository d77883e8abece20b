import type { ApiErrorShape } from './errors.js';

/** The envelope every API call returns, over IPC and over HTTP alike. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };
