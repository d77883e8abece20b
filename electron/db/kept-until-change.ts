/**
 * Values computed from a project and kept for its open connection until the project changes: the
 * one rule for "read it again only when something was written". A value is kept with the
 * connection's change stamp (change-stamp.ts: this connection's writes, and commits by any other
 * connection, e.g. the `weft` command line); the next ask after any write at all, of any table,
 * computes it again. A value computed inside a transaction is not kept (a rollback does not move
 * the stamp). One map per connection (a WeakMap on it), freed when the project closes.
 *
 * Kept values are shared by every caller until the next change: they are frozen (a caller that
 * tried to change one would fail loudly instead of changing everyone's copy).
 */
import type { DB } from './connection.js';
import { changeStamp } from './change-stamp.js';

const held = new WeakMap<DB, Map<string, { stamp: string; value: unknown }>>();

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
  let values = held.get(db);
  if (!values) held.set(db, (values = new Map()));
  const h = values.get(key);
  if (h && h.stamp === stamp) return h.value as T;
  const value = options.freeze === false ? build() : deepFreeze(build());
  // not kept when built inside a transaction: were it rolled back, total_changes() would not go
  // back down, and the value would outlive the state it was built from
  if (db.inTransaction) values.delete(key);
  else values.set(key, { stamp, value });
  return value;
}
