/** Statements reused per connection (statement-cache.ts): shared compiled SQL, modes of their own. */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reuseStatements } from './statement-cache';

let db: Database.Database;
let compiled: string[];
beforeEach(() => {
  db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES (\'a\'), (\'b\')');
  compiled = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    compiled.push(source);
    return prepare(source);
  }) as typeof db.prepare;
  reuseStatements(db);
});
afterEach(() => db.close());

describe('reused statements', () => {
  it('compile a text once, however often it is prepared', () => {
    for (let i = 0; i < 100; i++) db.prepare('SELECT name FROM t WHERE id = ?').get(1);
    expect(compiled.filter((s) => s === 'SELECT name FROM t WHERE id = ?')).toHaveLength(1);
  });

  it('keep each object in its own mode, whatever others of the same text do', () => {
    const sql = 'SELECT id, name FROM t ORDER BY id';
    const plucking = db.prepare(sql).pluck();
    const rows = db.prepare(sql);
    const raw = db.prepare(sql).raw();
    expect(plucking.all()).toEqual([1, 2]);
    expect(rows.all()).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    expect(raw.get()).toEqual([1, 'a']);
    expect(plucking.get()).toBe(1);
    expect(rows.get()).toEqual({ id: 1, name: 'a' });
    expect(plucking.pluck(false).get()).toEqual({ id: 1, name: 'a' });
    expect(raw.pluck().get()).toBe(1);
  });

  it('run writes and report them; a statement that returns no data refuses pluck, as better-sqlite3 does', () => {
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    expect(Number(insert.run('c').lastInsertRowid)).toBe(3);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
    expect(() => db.prepare('DELETE FROM t').pluck()).toThrow();
    expect(() => db.prepare('SELECT x FROM nowhere')).toThrow(/no such table/);
  });

  it('give an iterated, bound or busy statement a compiled statement of its own', () => {
    const sql = 'SELECT name FROM t ORDER BY id';
    const names: unknown[] = [];
    for (const row of db.prepare(sql).pluck().iterate()) {
      names.push(row);
      // the same text while an iterator over it is open
      expect(db.prepare(sql).pluck().all()).toEqual(['a', 'b']);
    }
    expect(names).toEqual(['a', 'b']);
    const bound = db.prepare('SELECT name FROM t WHERE id = ?').pluck().bind(2);
    expect(bound.get()).toBe('b');
    expect(db.prepare('SELECT name FROM t WHERE id = ?').pluck().get(1)).toBe('a');
  });
});
