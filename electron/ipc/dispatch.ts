/**
 * The one dispatcher behind both transports (Electron IPC and the loopback HTTP bridge):
 * looks up the handler, validates the payload against the contract, runs it, and returns a
 * Result envelope. No Electron imports here.
 */
import { ZodError } from 'zod';
import { contract, isApiMethod, type Handlers } from '../../shared/api/contract.js';
import { DomainError, UserInputError } from '../../shared/api/errors.js';
import { explainSystemError } from '../../shared/api/system-errors.js';
import type { Result } from '../../shared/api/result.js';
import { EncodedAnswer } from '../../shared/api/encoded-answer.js';

export type Dispatcher = (method: string, rawInput: unknown) => Promise<Result<unknown>>;

/** The first few problems of a failed zod parse, one line, each with its field path. */
export function describeZodError(err: ZodError): string {
  return err.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .slice(0, 5)
    .join('; ');
}

export interface DispatcherOptions {
  /**
   * Give answers a handler wrote as JSON text (EncodedAnswer) as they are, for a door that sends
   * JSON text itself (the loopback bridge); otherwise they are parsed into their value.
   */
  encodedAnswers?: boolean;
}

export function createDispatcher(handlers: Handlers, log: (msg: string, err: unknown) => void = console.error, options: DispatcherOptions = {}): Dispatcher {
  return async (method, rawInput) => {
    if (!isApiMethod(method)) {
      return { ok: false, error: { code: 'NOT_FOUND', message: `Unknown API method “${String(method).slice(0, 100)}”.` } };
    }
    const parsed = contract[method].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'VALIDATION', message: `Invalid request for ${method}: ${describeZodError(parsed.error)}` } };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      if (value instanceof EncodedAnswer && !options.encodedAnswers) return { ok: true, value: value.decode() };
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      if (/^SQLITE_READONLY/i.test((err as { code?: string })?.code ?? '')) {
        return { ok: false, error: { code: 'READ_ONLY', message: 'The project cannot be changed here: it is open read-only, or its file cannot be written. Nothing was changed.' } };
      }
      const known = explainSystemError(err);
      if (known) {
        if (!(err instanceof DomainError) && !(err instanceof UserInputError) && known.code !== 'CONSTRAINT') log(`${method} failed`, err);
        return { ok: false, error: { code: known.code, message: known.message, ...(known.details === undefined ? {} : { details: known.details }) } };
      }
      const message = (err as Error)?.message ?? String(err);
      log(`Unexpected error in ${method}`, err);
      return { ok: false, error: { code: 'INTERNAL', message: `Unexpected error in ${method}: ${message}` } };
    }
  };
}
