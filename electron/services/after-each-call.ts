/** Wraps every API handler so `after` runs once the call has finished, whether it succeeded or not. */
import type { Handlers } from '../../shared/api/contract.js';

type AnyHandler = (input: unknown) => unknown;

export function afterEachCall(handlers: Handlers, after: () => void): Handlers {
  const safeAfter = () => {
    try {
      after();
    } catch (err) {
      console.error('Weft: after-call hook failed:', err);
    }
  };
  const wrapped: Record<string, AnyHandler> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, AnyHandler][]) {
    wrapped[name] = (input) => {
      let result: unknown;
      try {
        result = handler(input);
      } catch (err) {
        safeAfter();
        throw err;
      }
      if (result instanceof Promise) return result.finally(safeAfter);
      safeAfter();
      return result;
    };
  }
  return wrapped as unknown as Handlers;
}
