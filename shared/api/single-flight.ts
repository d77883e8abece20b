/**
 * Double clicks and a second Enter (issue 14): while an action with the same key is running, and
 * for a moment after it finished (`graceMs`, longer than a double click, and long enough for the
 * window to show the result, e.g. the cleared name field), calling it again joins that call (the
 * same promise) instead of starting a second one. So “Add” clicked twice creates one code and never
 * answers “already exists”. The renderer's store keeps one of these for its creating actions.
 */
export interface SingleFlight {
  <R>(key: string, action: () => Promise<R>): Promise<R>;
  /** Forgets the finished calls (after Undo, or closing the project, the same action is a new one). */
  forgetFinished(): void;
}

/** Longer than a double click (the usual system setting is at most 500 ms). */
export const DOUBLE_ACTION_MS = 700;

export function createSingleFlight(options: { graceMs?: number; now?: () => number } = {}): SingleFlight {
  const graceMs = options.graceMs ?? DOUBLE_ACTION_MS;
  const now = options.now ?? (() => Date.now());
  const flights = new Map<string, { promise: Promise<unknown>; settledAt: number | null }>();
  const once = <R>(key: string, action: () => Promise<R>): Promise<R> => {
    const current = flights.get(key);
    if (current && (current.settledAt === null || now() - current.settledAt < graceMs)) return current.promise as Promise<R>;
    // settled flights of other keys are forgotten as they expire
    for (const [k, f] of flights) if (f.settledAt !== null && now() - f.settledAt >= graceMs) flights.delete(k);
    const flight: { promise: Promise<unknown>; settledAt: number | null } = { promise: Promise.resolve(), settledAt: null };
    flight.promise = (async () => {
      try {
        return await action();
      } finally {
        flight.settledAt = now();
      }
    })();
    flights.set(key, flight);
    return flight.promise as Promise<R>;
  };
  return Object.assign(once, {
    forgetFinished() {
      for (const [k, f] of flights) if (f.settledAt !== null) flights.delete(k);
    },
  });
}

/** The key of one action with its arguments (an action name and JSON of what it was given). */
export const flightKey = (action: string, ...args: unknown[]): string => `${action}:${JSON.stringify(args)}`;
