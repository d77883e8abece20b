/**
 * Prepared statements cached per connection: each SQL text is compiled once per open project
 * (better-sqlite3 recompiles a statement by itself when the schema changes). A plucking statement
 * (`one`, first column only) and a row statement (`rows`) of the same text are cached apart,
 * because `pluck()` changes the statement it is called on.
 */
import type Database from 'better-sqlite3';
import type { DB } from '../connection.js';

type Statement = Database.Statement<unknown[]>;

const cache = new WeakMap<DB, Map<string, Statement>>();

function cached(db: DB, sql: string, pluck: boolean): Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  const key = `${pluck ? 'p' : 'r'}${sql}`;
  let st = statements.get(key);
  if (!st) {
    st = db.prepare(sql);
    if (pluck) st.pluck();
    statements.set(key, st);
  }
  return st;
}

/** A statement that returns whole rows (`get`, `all`) or is run (`run`). */
export const rows = (db: DB, sql: string): Statement => cached(db, sql, false);

/** A statement that returns the first column only (`get` → value, `all` → values). */
export const one = (db: DB, sql: string): Statement => cached(db, sql, true);

/** The id of a row just inserted. */
export const insertedId = (result: Database.RunResult): number => Number(result.lastInsertRowid);
