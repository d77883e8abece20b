/**
 * The one place undo steps are made: every method the contract declares `{ undo: label }`
 * (shared/api/methods/base.ts) runs as one undo step — one transaction, one Undo entry named by
 * the declared label (or, more precisely, by `nameStep` from inside the step).
 *
 * A step must be one synchronous transaction. A handler that has to await something first (read
 * a file, back the project up before an import or a merge) is written `prepareThenChange(prepare,
 * change)`: the wrapper awaits `prepare` outside the step and then runs `change` as the step.
 * A plain handler that returns a promise for an undoable method is a bug (better-sqlite3 refuses a
 * transaction function that returns a promise), caught by tests/undo/every-change.test.ts.
 *
 * A method declared with `changeReporting()` also gets `changes` added to its output: what the
 * step changed in codings, codes and their counts, and the undo state after it
 * (electron/services/coding-changes.ts).
 */
import { API_METHODS, contract, type ApiMethod, type Handlers } from '../../shared/api/contract.js';
import { undoLabel } from '../../shared/api/methods/base.js';
import type { DB } from '../db/connection.js';
import { historyOf } from './undo.js';
import { trackCodingChanges } from './coding-changes.js';

const TWO_PHASE = Symbol('prepareThenChange');

interface TwoPhase<In, P, O> {
  (input: In): Promise<O>;
  [TWO_PHASE]: { prepare: (input: In) => Promise<P>; change: (input: In, prepared: P) => O };
}

/**
 * A handler in two phases: `prepare` (async: read, parse, back up) outside the undo step, then
 * `change` (synchronous) as the step. Called directly (not through the wrapper) it runs both.
 */
export function prepareThenChange<In, P, O>(prepare: (input: In) => Promise<P>, change: (input: In, prepared: P) => O): (input: In) => Promise<O> {
  const handler = (async (input: In) => change(input, await prepare(input))) as TwoPhase<In, P, O>;
  handler[TWO_PHASE] = { prepare, change };
  return handler;
}

/** Wraps every method declared `{ undo }` in one undo step of the open project's history. */
export function recordUndoSteps(handlers: Handlers, db: () => DB): Handlers {
  const wrapped: Record<string, (input: never) => unknown> = { ...handlers };
  for (const method of API_METHODS) {
    const decl = contract[method].history;
    if (!decl || !('undo' in decl)) continue;
    const handler = handlers[method as ApiMethod] as ((input: unknown) => unknown) & Partial<TwoPhase<unknown, unknown, unknown>>;
    const label = (input: unknown) => (output: unknown) => undoLabel(decl as { undo: string | ((i: unknown, o: unknown) => string) }, input, output);
    const phases = handler[TWO_PHASE];
    const step = (input: unknown) => historyOf(db()).run(label(input), () => handler(input));
    wrapped[method] = phases
      ? async (input: unknown) => {
          const prepared = await phases.prepare(input);
          return historyOf(db()).run(label(input), () => phases.change(input, prepared));
        }
      : contract[method].reportsChanges
        ? (input: unknown) => {
            // changeReporting(): the handler's output, and what the step changed (with the undo state after it)
            const { result, changes } = trackCodingChanges(db(), () => step(input), () => historyOf(db()).lastChanged);
            return { ...(result ?? {}), changes };
          }
        : step;
  }
  return wrapped as Handlers;
}
