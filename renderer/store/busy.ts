/**
 * The store's one rule for an action whose failure becomes a notice (`notifyError`): `attempt`
 * (resolves to whether it succeeded) and `attemptOr` (its value, or what stands for a failure). An
 * action that shows a busy flag while it runs (`busyFlag`, `busyLabel`) follows the same rule: the
 * flag is set, the action runs, an error becomes a notice, and the flag is cleared whatever happened.
 */
import type { AppState } from './index';

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;
/** The store's keys whose value is exactly `V`. */
type KeyOf<V> = { [K in keyof AppState]: [AppState[K]] extends [V] ? ([V] extends [AppState[K]] ? K : never) : never }[keyof AppState];

type Outcome<T> = { ok: true; value: T } | { ok: false };

const settle = async <T>(get: Get, fn: () => Promise<T>): Promise<Outcome<T>> => {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    get().notifyError(err);
    return { ok: false };
  }
};

/** Runs `fn`; an error becomes a notice. Resolves to whether it succeeded. */
export const attempt = async (get: Get, fn: () => Promise<unknown>): Promise<boolean> => (await settle(get, fn)).ok;

/** Runs `fn`; an error becomes a notice. Resolves to `fn`'s value, or to `failed` when it threw. */
export const attemptOr = async <T, F>(get: Get, fn: () => Promise<T>, failed: F): Promise<T | F> => {
  const r = await settle(get, fn);
  return r.ok ? r.value : failed;
};

const run = async <T>(set: Set, get: Get, on: Partial<AppState>, off: Partial<AppState>, fn: () => Promise<T>): Promise<Outcome<T>> => {
  set(on);
  try {
    return await settle(get, fn);
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
