/**
 * Compiled statements reused per connection. `db.prepare(sql)` still answers a statement object of
 * its own for every call — with its own mode: `.pluck()` or `.raw()` on it changes no one else's —
 * but the compiled SQLite statement underneath is shared by every statement of the same text (the
 * newest 256 texts kept); each call applies its object's mode to the shared statement first.
 *
 * Why: every compiled statement holds native memory that is freed only when V8 collects its
 * JavaScript object, and V8 does not count that memory, so it does not hurry. On a hot path (a
 * coding applied every few milliseconds, each call preparing a dozen statements) thousands piled up
 * between collections: the backend's resident memory grew by 25 MB over its first 1,000 codings in
 * one process (bench figure 12). The objects handed out now are plain JavaScript.
 *
 * An object that is bound (`.bind()`), expanded, given safe integers or iterated gets a compiled
 * statement of its own for good (those modes are not switched per call; Weft uses none of them on
 * a hot path), as does one whose shared statement is busy (an iterator over it is still open).
 */
import type Database from 'better-sqlite3';

const MAX_TEXTS = 256;

type Statement = Database.Statement<unknown[], unknown>;

/** The compiled statements of one connection, by text, newest last. */
class Compiled {
  private readonly shared = new Map<string, Statement>();

  constructor(
    readonly compile: (source: string) => Statement,
    private readonly max: number,
  ) {}

  get(source: string): Statement {
    let st = this.shared.get(source);
    if (st) {
      this.shared.delete(source);
      this.shared.set(source, st);
      return st;
    }
    st = this.compile(source);
    this.shared.set(source, st);
    if (this.shared.size > this.max) this.shared.delete(this.shared.keys().next().value!);
    return st;
  }
}

/** What `db.prepare` answers: a small object with its own mode over a shared compiled statement. */
class SharedStatement {
  private own: Statement | null = null;
  private plucking = false;
  private rawRows = false;

  constructor(
    private readonly compiled: Compiled,
    readonly source: string,
    private readonly first: Statement,
    readonly database: Database.Database,
  ) {}

  get reader(): boolean {
    return this.first.reader;
  }

  get readonly(): boolean {
    return this.first.readonly;
  }

  get busy(): boolean {
    return this.own ? this.own.busy : false;
  }

  /** The compiled statement to run now, in this object's mode. */
  private ready(): Statement {
    if (this.own) return this.own;
    let st = this.compiled.get(this.source);
    if (st.busy) st = this.mine();
    else if (st.reader) {
      st.raw(false);
      st.pluck(false);
      if (this.rawRows) st.raw(true);
      else if (this.plucking) st.pluck(true);
    }
    return st;
  }

  /** A compiled statement of this object's own from now on, in its mode. */
  private mine(): Statement {
    if (!this.own) {
      this.own = this.compiled.compile(this.source);
      if (this.rawRows) this.own.raw(true);
      else if (this.plucking) this.own.pluck(true);
    }
    return this.own;
  }

  run(...args: unknown[]) {
    return this.ready().run(...args);
  }

  get(...args: unknown[]) {
    return this.ready().get(...args);
  }

  all(...args: unknown[]) {
    return this.ready().all(...args);
  }

  iterate(...args: unknown[]) {
    return this.mine().iterate(...args);
  }

  columns() {
    return this.first.columns();
  }

  pluck(toggle = true): this {
    if (this.own) this.own.pluck(toggle);
    else if (!this.first.reader) this.first.pluck(toggle); // throws, as better-sqlite3 does for a statement that returns no data
    this.plucking = toggle;
    if (toggle) this.rawRows = false;
    return this;
  }

  raw(toggle = true): this {
    if (this.own) this.own.raw(toggle);
    else if (!this.first.reader) this.first.raw(toggle);
    this.rawRows = toggle;
    if (toggle) this.plucking = false;
    return this;
  }

  expand(toggle = true): this {
    this.mine().expand(toggle);
    return this;
  }

  safeIntegers(toggle = true): this {
    this.mine().safeIntegers(toggle);
    return this;
  }

  bind(...args: unknown[]): this {
    this.mine().bind(...args);
    return this;
  }
}

export function reuseStatements(db: Database.Database, max = MAX_TEXTS): void {
  const compiled = new Compiled(db.prepare.bind(db) as (source: string) => Statement, max);
  db.prepare = ((source: string) => new SharedStatement(compiled, source, compiled.get(source), db)) as unknown as typeof db.prepare;
}
