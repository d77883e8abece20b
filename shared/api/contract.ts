/**
 * The one typed API contract. Every method the renderer (and the HTTP bridge) may call is listed
 * in the per-domain files in ./methods with a zod validator for its input and a phantom type for
 * its output. The dispatcher validates every payload against these schemas before a handler runs.
 */
import type { z } from 'zod';
import { projectMethods } from './methods/project.js';
import { documentMethods } from './methods/documents.js';
import { codingMethods } from './methods/coding.js';
import { caseMethods } from './methods/cases.js';
import { themeMethods } from './methods/themes.js';
import { teamMethods } from './methods/team.js';
import { exchangeMethods } from './methods/exchange.js';
import { backupMethods } from './methods/backups.js';
import { pseudonymiseMethods } from './methods/pseudonymise.js';
import { mediaMethods } from './methods/media.js';
import { syncMethods } from './methods/sync.js';

export { codeFields } from './methods/coding.js';
export { importFile } from './methods/documents.js';

export const contract = {
  ...projectMethods,
  ...documentMethods,
  ...codingMethods,
  ...caseMethods,
  ...themeMethods,
  ...teamMethods,
  ...exchangeMethods,
  ...backupMethods,
  ...pseudonymiseMethods,
  ...mediaMethods,
  ...syncMethods,
} as const;

export type Contract = typeof contract;
export type ApiMethod = keyof Contract;
export type Input<M extends ApiMethod> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends ApiMethod> = z.output<Contract[M]['input']>;
export type Output<M extends ApiMethod> = Contract[M]['output'];
/** What a method's handler returns: its output, without the `changes` the undo wrapper adds (changeReporting()). */
export type HandlerOutput<M extends ApiMethod> = Contract[M]['handlerOutput'];

export const API_METHODS = Object.keys(contract) as ApiMethod[];

export function isApiMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

/** Server-side handlers: a method without a handler fails to compile. */
export type Handlers = { [M in ApiMethod]: (input: ParsedInput<M>) => Promise<HandlerOutput<M>> | HandlerOutput<M> };

/** Handlers for one domain's methods (a slice of Handlers). */
export type HandlersFor<T> = { [M in keyof T & ApiMethod]: Handlers[M] };
