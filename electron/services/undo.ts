/**
 * Undo/redo for the coding workspace, kept by the database itself (the classic SQLite technique).
 *
 * On first use for a connection, TEMP triggers are installed on the tracked tables
 * (TRACKED_TABLES: codes, codings, memos, themes, theme_codes, and every table that references
 * one of them — theme quotes, map positions, set members, consensus decisions — so a step that
 * deletes a code or coding brings back everything the cascade removed; undo.test.ts walks the
 * schema to keep this list complete). Every INSERT, UPDATE or DELETE on them — including rows
 * removed by ON DELETE CASCADE — appends the SQL that reverts it to a TEMP log table. A *step*
 * is one API mutation: `history.run(label, fn)` runs `fn` in one transaction and moves the log
 * rows it produced into an in-memory step. Undo replays a step's inverse SQL newest-first in one
 * transaction; the triggers record what that replay did, which becomes the redo step (and vice
 * versa). Rows come back with their ids and GUIDs.
 *
 * Steps are made in one place: the API wrapper (`recordUndoSteps` in undo-steps.ts, applied in app-service.ts) runs every
 * method the contract declares `{ undo: label }` as one step; a service may name the step more
 * precisely from inside it with `nameStep` (e.g. the name of the code it deletes). A change to a
 * tracked table made outside a step (a method declared `notUndoable`, the `weft` command line)
 * cannot be undone safely past, so it clears the history — except a new coder (ADDED_OUTSIDE: the
 * coder working now is added on first use, by any door; adding one never conflicts with a step).
 * Coders are tracked so that the answer to “Who is coding?” that hands the provisional “me”'s work
 * to an existing coder is one step Undo takes back. (`project_meta` is not tracked: the project's
 * settings are not a researcher's edit.) The history lives as long as the connection (the open project).
 *
 * Another door (a second window, the `weft` command line, another program) may change the file
 * too. Its commits change SQLite's `PRAGMA data_version` as seen by this connection (our own
 * commits do not): before every step, undo, redo and state, a changed data_version clears the
 * history, so Undo never reverts another process's writes.
 */
import { DomainError } from '../../shared/api/errors.js';
import { UNDO_CLEARED_MESSAGE } from '../../shared/api/events.js';
import type { UndoResult, UndoState, UndoTable } from '../../shared/types/coding.js';
import type { DB } from '../db/connection.js';
import { quoteIdent } from '../db/identifiers.js';

export const TRACKED_TABLES: readonly UndoTable[] = [
  'coders',
  'codes',
  'codings',
  'memos',
  'themes',
  'theme_codes',
  'theme_quotes',
  'theme_map_layout',
  'set_members',
  'sets',
  'consensus_decisions',
  'consensus_decision_codings',
  // documents and everything hanging off them (document delete, imports, merges are undoable);
  // documents_fts follows `documents` through its own triggers, also when a step is replayed
  'documents',
  'speakers',
  'turns',
  'document_reading',
  'cases',
  'document_cases',
  'attributes',
  'case_attribute_values',
  'document_attribute_values',
  'merges',
  'merge_aliases',
  // the recording linked to a document (migration 0008)
  'document_media',
];
/**
 * Tracked so a step's cascades come back, but written outside steps without invalidating the
 * history: replaying a step over them cannot conflict (map positions are only placements).
 */
const HARMLESS_OUTSIDE: readonly UndoTable[] = ['theme_map_layout'];
/** Tracked tables whose new rows, added outside a step, leave the history as it is (a coder added on first use). */
const ADDED_OUTSIDE: readonly UndoTable[] = ['coders'];
const LOG = 'weft_undo_log';
const MAX_STEPS = 500;

interface Entry {
  tbl: UndoTable;
  sql: string;
}

interface Step {
  label: string;
  entries: Entry[];
}

const ident = quoteIdent;
/** A SQL string literal for text that is itself SQL inside the trigger body. */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

function installTriggers(db: DB) {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${LOG} (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, sql TEXT NOT NULL)`);
  for (const table of TRACKED_TABLES) {
    const cols = db.prepare(`PRAGMA main.table_info(${ident(table)})`).all() as { name: string; type: string; pk: number }[];
    if (cols.length === 0) continue;
    const pks = cols.filter((c) => c.pk > 0);
    const rowidAlias = pks.length === 1 && pks[0]!.type.toUpperCase() === 'INTEGER';
    const names = cols.map((c) => c.name);
    // A harmless table's rows come back under a new id (its id may have been reused meanwhile).
    const fresh = HARMLESS_OUTSIDE.includes(table) && rowidAlias;
    const insertCols = fresh ? names.filter((c) => c !== pks[0]!.name) : [...(rowidAlias ? [] : ['rowid']), ...names];
    const t = ident(table);
    const q = (row: 'old' | 'new', col: string) => (col === 'rowid' ? `${row}.rowid` : `quote(${row}.${ident(col)})`);
    const insertSql = `${lit(`INSERT ${fresh ? 'OR IGNORE ' : ''}INTO main.${t} (${insertCols.map((c) => (c === 'rowid' ? 'rowid' : ident(c))).join(', ')}) VALUES (`)} || ${insertCols
      .map((c) => q('old', c))
      .join(` || ', ' || `)} || ')'`;
    const updateSql = `${lit(`UPDATE main.${t} SET `)} || ${names
      .map((c) => `${lit(`${ident(c)} = `)} || ${q('old', c)}`)
      .join(` || ', ' || `)} || ' WHERE rowid = ' || new.rowid`;
    const changed = names.map((c) => `old.${ident(c)} IS NOT new.${ident(c)}`).join(' OR ');
    db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS weft_undo_${table}_insert AFTER INSERT ON main.${t} BEGIN
        INSERT INTO ${LOG} (tbl, sql) VALUES (${lit(table)}, ${lit(`DELETE FROM main.${t} WHERE rowid = `)} || new.rowid);
      END;
      CREATE TEMP TRIGGER IF NOT EXISTS weft_undo_${table}_update AFTER UPDATE ON main.${t} WHEN ${changed} BEGIN
        INSERT INTO ${LOG} (tbl, sql) VALUES (${lit(table)}, ${updateSql});
      END;
      CREATE TEMP TRIGGER IF NOT EXISTS weft_undo_${table}_delete AFTER DELETE ON main.${t} BEGIN
        INSERT INTO ${LOG} (tbl, sql) VALUES (${lit(table)}, ${insertSql});
      END;`);
  }
}

export class UndoHistory {
  private undoStack: Step[] = [];
  private redoStack: Step[] = [];
  private depth = 0;
  /** A label set from inside the running step (nameStep), which wins over the declared one. */
  private named: string | null = null;
  /** `PRAGMA data_version` when this history last knew the file's state. */
  private dataVersion: number;
  /** The tracked tables the last step (run) wrote; empty when it changed nothing. */
  lastChanged: UndoTable[] = [];

  constructor(private readonly db: DB) {
    installTriggers(db);
    this.dataVersion = this.readDataVersion();
  }

  private readDataVersion(): number {
    // a prepared statement (reused per connection: electron/db/statement-cache.ts), not db.pragma, which prepares anew each call
    return this.db.prepare('PRAGMA data_version').pluck().get() as number;
  }

  /**
   * Clears the history when another connection committed a change since we last looked (our own
   * commits do not change data_version). Returns whether a non-empty history was cleared.
   */
  noticeChangesElsewhere(): boolean {
    const now = this.readDataVersion();
    if (now === this.dataVersion) return false;
    this.dataVersion = now;
    const had = this.undoStack.length > 0 || this.redoStack.length > 0;
    this.undoStack = [];
    this.redoStack = [];
    return had;
  }

  /** Moves the log rows into a list and empties the log. */
  private drain(): Entry[] {
    const entries = this.db.prepare(`SELECT tbl, sql FROM temp.${LOG} ORDER BY seq`).all() as Entry[];
    if (entries.length) this.db.prepare(`DELETE FROM temp.${LOG}`).run();
    return entries;
  }

  /** Changes recorded outside any step invalidate the history. */
  private discardOutsideChanges(): boolean {
    const harmless = HARMLESS_OUTSIDE.map(lit).join(', ');
    const added = ADDED_OUTSIDE.map(lit).join(', ');
    // an added row's inverse is its DELETE
    const pending = this.db
      .prepare(`SELECT count(*) FROM temp.${LOG} WHERE tbl NOT IN (${harmless}) AND NOT (tbl IN (${added}) AND sql LIKE 'DELETE %')`)
      .pluck()
      .get() as number;
    this.db.prepare(`DELETE FROM temp.${LOG}`).run();
    if (pending === 0) return false;
    this.undoStack = [];
    this.redoStack = [];
    return true;
  }

  /**
   * Runs `fn` as one undoable step in one transaction. Steps started inside a step join it.
   * A step that changes nothing is not recorded.
   */
  run<T>(label: string | ((result: T) => string), fn: () => T): T {
    if (this.depth > 0) return fn();
    let entries: Entry[] = [];
    this.depth++;
    this.named = null;
    let result: T;
    try {
      result = this.db.transaction(() => {
        this.noticeChangesElsewhere();
        this.discardOutsideChanges();
        const r = fn();
        entries = this.drain();
        return r;
      })();
    } finally {
      this.depth--;
    }
    this.lastChanged = [...new Set(entries.map((e) => e.tbl))];
    if (entries.length > 0) {
      this.undoStack.push({ label: this.named ?? (typeof label === 'function' ? label(result) : label), entries });
      if (this.undoStack.length > MAX_STEPS) this.undoStack.shift();
      this.redoStack = [];
    }
    return result;
  }

  /** Names the running step (no effect outside one). */
  name(label: string) {
    if (this.depth > 0) this.named = label;
  }

  /** Whether a step is running (a nested step joins it). */
  get inStep(): boolean {
    return this.depth > 0;
  }

  state(): UndoState {
    if (this.db.inTransaction === false) {
      this.noticeChangesElsewhere();
      this.discardOutsideChanges();
    }
    const u = this.undoStack[this.undoStack.length - 1];
    const r = this.redoStack[this.redoStack.length - 1];
    return { canUndo: !!u, canRedo: !!r, undoLabel: u?.label ?? null, redoLabel: r?.label ?? null };
  }

  undo(): UndoResult {
    return this.replay(this.undoStack, this.redoStack, 'undo');
  }

  redo(): UndoResult {
    return this.replay(this.redoStack, this.undoStack, 'redo');
  }

  private replay(from: Step[], to: Step[], verb: 'undo' | 'redo'): UndoResult {
    if (this.noticeChangesElsewhere()) {
      throw new DomainError('CONFLICT', `${UNDO_CLEARED_MESSAGE} Nothing was ${verb === 'undo' ? 'undone' : 'redone'}, so that change is kept.`);
    }
    this.discardOutsideChanges();
    const step = from[from.length - 1];
    if (!step) {
      throw new DomainError('CONFLICT', verb === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.');
    }
    let inverse: Entry[];
    try {
      inverse = this.db.transaction(() => {
        // Rows come back parents-first only within one cascade; defer FK checks to the commit.
        this.db.pragma('defer_foreign_keys = ON');
        for (let i = step.entries.length - 1; i >= 0; i--) this.db.prepare(step.entries[i]!.sql).run();
        return this.drain();
      })();
    } catch (err) {
      this.undoStack = [];
      this.redoStack = [];
      this.db.prepare(`DELETE FROM temp.${LOG}`).run();
      throw new DomainError(
        'CONFLICT',
        `Cannot ${verb} “${step.label}”: the project has changed since in a way that conflicts with it (${(err as Error).message}). Nothing was changed; the undo history was cleared.`,
      );
    }
    from.pop();
    to.push({ label: step.label, entries: inverse });
    const changed = [...new Set(step.entries.map((e) => e.tbl))];
    return { label: step.label, changed, state: this.state() };
  }
}

const histories = new WeakMap<DB, UndoHistory>();

/** The undo history of an open project connection (installs its triggers on first use). */
export function historyOf(db: DB): UndoHistory {
  let h = histories.get(db);
  if (!h) {
    h = new UndoHistory(db);
    histories.set(db, h);
  }
  return h;
}

/**
 * Names the undo step that is running more precisely than the contract's label can (e.g.
 * `Delete code Pain`, known only before the code is deleted). Outside a step it does nothing.
 */
export function nameStep(db: DB, label: string): void {
  histories.get(db)?.name(label);
}
