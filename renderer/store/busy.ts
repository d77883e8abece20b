/**
 * The store's one rule for an action that shows a busy flag while it runs: the flag is set, the
 * action runs, an error becomes a notice (`notifyError`), and the flag is cleared whatever happened.
 */
import type { AppState } from './index';

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;
/** The store's keys whose value is exactly `V`. */
type KeyOf<V> = { [K in keyof AppState]: [AppState[K]] extends [V] ? ([V] extends [AppState[K]] ? K : never) : never }[keyof AppState];

const run = async <T>(set: Set, get: Get, on: Partial<AppState>, off: Partial<AppState>, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> => {
  set(on);
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    get().notifyError(err);
    return { ok: false };
  } finally {
    set(off);
  }
};

/** A true/false busy flag (`key`): the returned runner resolves to whether `fn` succeeded. */
export const busyFlag =
  (set: Set, get: Get, key: KeyOf<boolean>) =>
  async (fn: () => Promise<void>): Promise<boolean> =>
    (await run(set, get, { [key]: true }, { [key]: false }, fn)).ok;

/** A busy label (`key`: the label while busy, null when idle): the runner resolves to `fn`'s value, undefined when it failed. */
export const busyLabel =
  (set: Set, get: Get, key: KeyOf<string | null>) =>
  async <T>(label: string, fn: () => Promise<T>): Promise<T | undefined> => {
    const r = await run(set, get, { [key]: label }, { [key]: null }, fn);
    return r.ok ? r.value : undefined;
  };
