/**
 * Values computed from a project and kept for its open connection until the project changes: the
 * one rule for "read it again only when something was written". A value is kept with the
 * connection's change stamp (change-stamp.ts: this connection's writes, and commits by any other
 * connection, e.g. the `weft` command line); the next ask after any write at all, of any table,
 * computes it again. A value computed inside a transaction is not kept (a rollback does not move
 * the stamp). One map per connection (a WeakMap on it), emptied at the first ask after a change and
 * freed when the project closes.
 *
 * Kept values are shared by every caller until the next change: they are frozen (a caller that
 * tried to change one would fail loudly instead of changing everyone's copy).
 */
import type { DB } from './connection.js';
import { changeStamp } from './change-stamp.js';

/** Per connection: the values kept for one state (its stamp); a new state lets every one of them go. */
const held = new WeakMap<DB, { stamp: string; values: Map<string, unknown> }>();

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}

/**
 * `build()`'s value for the project as it is now: kept under `key` until the project changes.
 * `freeze: false` for a large value its callers promise never to change (freezing it would cost
 * what keeping it saves).
 */
export function keptUntilChange<T>(db: DB, key: string, build: () => T, options: { freeze?: boolean } = {}): T {
  const stamp = changeStamp(db);
  let kept = held.get(db);
  // the project changed: nothing kept can be served again (stamps only move on), so all of it is
  // let go now, not only each value when its own key is next asked for (one per theme or query)
  if (!kept || kept.stamp !== stamp) held.set(db, (kept = { stamp, values: new Map() }));
  if (kept.values.has(key)) return kept.values.get(key) as T;
  const value = options.freeze === false ? build() : deepFreeze(build());
  // not kept when built inside a transaction: were it rolled back, total_changes() would not go
  // back down, and the value would outlive the state it was built from
  if (!db.inTransaction) kept.values.set(key, value);
  return value;
}
