/**
 * What a coding mutation (or Undo/Redo) changed, worked out from the rows it wrote, so the window
 * merges it (shared/domain/merge-changes.ts) instead of reloading codes.list and documents.list
 * after every coding.
 *
 * While `trackCodingChanges(db, fn)` runs, TEMP triggers on `codings` and `codes` log the old and
 * new (document, code) of every coding and the old and new parent of every code the call wrote —
 * cascades included — into a TEMP table; outside it they log nothing (one lookup per written row).
 * From that log, `describe` returns the codings created, changed and removed, the codes created,
 * edited and removed, and the count deltas: per document (its codings) and per code, rolled up to
 * its ancestors as `listCodes` counts them (codings, and documents with at least one coding of the
 * code or a sub-code). A code's document count is not additive, so for each document the call
 * touched it reads that document's codings per code (one indexed query) and compares with the
 * counts before the call, which are those minus what the call added plus what it removed.
 */
import type { CodeCountDelta, CodingChanges, RemovedCoding, UndoTable } from '../../shared/types/coding.js';
import type { Code, Coding } from '../../shared/types/entities.js';
import type { DB } from '../db/connection.js';
import { toCode, type CodeRow } from '../db/tables/codes.js';
import { toCoding, WITH_CODER, type CodingWithCoderRow } from '../db/tables/codings.js';
import { rows as statement } from '../db/tables/prepared.js';
import { historyOf } from './undo.js';

const LOG = 'weft_coding_changes';
const ON = 'weft_coding_changes_on';
/** Beyond this many codings written, the change is not described row by row (the client reloads). */
export const MAX_DESCRIBED_CODINGS = 2000;

interface LogRow {
  tbl: 'codings' | 'codes';
  /** 'old': the row before the write (UPDATE, DELETE); 'new': after it (INSERT, UPDATE). */
  side: 'old' | 'new';
  id: number;
  /** codings: document_id; codes: parent_id. */
  a: number | null;
  /** codings: code_id. */
  b: number | null;
}

const installed = new WeakSet<DB>();

function install(db: DB) {
  if (installed.has(db)) return;
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS ${LOG} (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, side TEXT NOT NULL, id INTEGER NOT NULL, a INTEGER, b INTEGER);
    CREATE TEMP TABLE IF NOT EXISTS ${ON} (x INTEGER);
    CREATE TEMP TRIGGER IF NOT EXISTS ${LOG}_codings_insert AFTER INSERT ON main.codings WHEN EXISTS (SELECT 1 FROM temp.${ON}) BEGIN
      INSERT INTO ${LOG} (tbl, side, id, a, b) VALUES ('codings', 'new', new.id, new.document_id, new.code_id);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS ${LOG}_codings_update AFTER UPDATE ON main.codings WHEN EXISTS (SELECT 1 FROM temp.${ON}) BEGIN
      INSERT INTO ${LOG} (tbl, side, id, a, b) VALUES ('codings', 'old', old.id, old.document_id, old.code_id);
      INSERT INTO ${LOG} (tbl, side, id, a, b) VALUES ('codings', 'new', new.id, new.document_id, new.code_id);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS ${LOG}_codings_delete AFTER DELETE ON main.codings WHEN EXISTS (SELECT 1 FROM temp.${ON}) BEGIN
      INSERT INTO ${LOG} (tbl, side, id, a, b) VALUES ('codings', 'old', old.id, old.document_id, old.code_id);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS ${LOG}_codes_insert AFTER INSERT ON main.codes WHEN EXISTS (SELECT 1 FROM temp.${ON}) BEGIN
      INSERT INTO ${LOG} (tbl, side, id, a) VALUES ('codes', 'new', new.id, new.parent_id);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS ${LOG}_codes_update AFTER UPDATE ON main.codes WHEN EXISTS (SELECT 1 FROM temp.${ON}) BEGIN
      INSERT INTO ${LOG} (tbl, side, id, a) VALUES ('codes', 'old', old.id, old.parent_id);
      INSERT INTO ${LOG} (tbl, side, id, a) VALUES ('codes', 'new', new.id, new.parent_id);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS ${LOG}_codes_delete AFTER DELETE ON main.codes WHEN EXISTS (SELECT 1 FROM temp.${ON}) BEGIN
      INSERT INTO ${LOG} (tbl, side, id, a) VALUES ('codes', 'old', old.id, old.parent_id);
    END;`);
  installed.add(db);
}

/** A row's state before and after the call (null: it did not exist then). */
interface BeforeAfter {
  before: { a: number | null; b: number | null } | null;
  after: { a: number | null; b: number | null } | null;
}

/** Per id: the first logged state is what it was before (a 'new' first means it was inserted), the last what it is now. */
function beforeAfter(rows: LogRow[]): Map<number, BeforeAfter> {
  const out = new Map<number, BeforeAfter>();
  for (const r of rows) {
    let e = out.get(r.id);
    if (!e) out.set(r.id, (e = { before: r.side === 'old' ? { a: r.a, b: r.b } : null, after: null }));
    e.after = r.side === 'new' ? { a: r.a, b: r.b } : null;
  }
  return out;
}

/**
 * Runs `fn` (one step, an undo or a redo) and returns its result with what it changed. The undo
 * state is read after `fn`, so call this around the whole step.
 */
export function trackCodingChanges<T>(db: DB, fn: () => T, tablesOf: (result: T) => UndoTable[]): { result: T; changes: CodingChanges } {
  install(db);
  const history = historyOf(db);
  statement(db, `DELETE FROM temp.${LOG}`).run();
  statement(db, `INSERT INTO temp.${ON} (x) VALUES (1)`).run();
  let rows: LogRow[];
  let result: T;
  try {
    result = fn();
    rows = statement(db, `SELECT tbl, side, id, a, b FROM temp.${LOG} ORDER BY seq`).all() as LogRow[];
  } finally {
    statement(db, `DELETE FROM temp.${ON}`).run();
    statement(db, `DELETE FROM temp.${LOG}`).run();
  }
  return { result, changes: { ...describe(db, rows, tablesOf(result)), undo: history.state() } };
}

function describe(db: DB, rows: LogRow[], tables: UndoTable[]): Omit<CodingChanges, 'undo'> {
  const codings = beforeAfter(rows.filter((r) => r.tbl === 'codings'));
  const codes = beforeAfter(rows.filter((r) => r.tbl === 'codes'));
  const nothing = { created: [], updated: [], removed: [], codes: [], removedCodeIds: [], codeCounts: [], documentCounts: [], tables };
  if (rows.length === 0) return { complete: true, ...nothing };
  const incomplete = { complete: false, ...nothing };

  const parentNow = new Map((statement(db, 'SELECT id, parent_id FROM codes').all() as { id: number; parent_id: number | null }[]).map((r) => [r.id, r.parent_id]));
  // every code's parent before the call: as now, except the codes the call wrote
  const parentBefore = new Map(parentNow);
  for (const [id, e] of codes) {
    if (e.before) parentBefore.set(id, e.before.a);
    else parentBefore.delete(id);
    // a code that stays but changed parent changes the counts of every ancestor, old and new, by all its codings
    if (e.before && e.after && e.before.a !== e.after.a) return incomplete;
  }
  if (codings.size > MAX_DESCRIBED_CODINGS) return incomplete;
  // the tree the codings were counted in, before or after (the same for every code that stays)
  const parentOf = (id: number) => (parentNow.has(id) ? parentNow.get(id)! : (parentBefore.get(id) ?? null));
  const ancestorsAndSelf = (id: number) => {
    const out: number[] = [];
    const limit = parentNow.size + parentBefore.size;
    for (let cur: number | null = id; cur !== null && out.length <= limit; cur = parentOf(cur)) out.push(cur);
    return out;
  };

  const codingDelta = new Map<number, number>();
  const docDelta = new Map<number, number>();
  /** Per document touched: per code (with ancestors), the codings the call added (+) and removed (−) there. */
  const perDoc = new Map<number, Map<number, number>>();
  const count = (doc: number, code: number, by: number) => {
    docDelta.set(doc, (docDelta.get(doc) ?? 0) + by);
    let m = perDoc.get(doc);
    if (!m) perDoc.set(doc, (m = new Map()));
    for (const c of ancestorsAndSelf(code)) {
      codingDelta.set(c, (codingDelta.get(c) ?? 0) + by);
      m.set(c, (m.get(c) ?? 0) + by);
    }
  };
  const removed: RemovedCoding[] = [];
  const createdIds: number[] = [];
  const updatedIds: number[] = [];
  for (const [id, e] of codings) {
    if (e.before) count(e.before.a!, e.before.b!, -1);
    if (e.after) count(e.after.a!, e.after.b!, +1);
    if (e.before && !e.after) removed.push({ id, documentId: e.before.a!, codeId: e.before.b! });
    else if (!e.before && e.after) createdIds.push(id);
    else if (e.before && e.after) updatedIds.push(id);
  }

  // documents per code: for each touched document, was the code (or a sub-code) there before, is it now?
  const documentDelta = new Map<number, number>();
  const perCodeIn = statement(db, 'SELECT code_id, count(*) AS n FROM codings WHERE document_id = ? GROUP BY code_id');
  for (const [doc, added] of perDoc) {
    const now = new Map<number, number>();
    for (const r of perCodeIn.all(doc) as { code_id: number; n: number }[]) for (const c of ancestorsAndSelf(r.code_id)) now.set(c, (now.get(c) ?? 0) + r.n);
    for (const [code, by] of added) {
      const after = now.get(code) ?? 0;
      const before = after - by;
      const d = (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
      if (d !== 0) documentDelta.set(code, (documentDelta.get(code) ?? 0) + d);
    }
  }

  const codeCounts: CodeCountDelta[] = [];
  for (const id of new Set([...codingDelta.keys(), ...documentDelta.keys()])) {
    const c = codingDelta.get(id) ?? 0;
    const d = documentDelta.get(id) ?? 0;
    if ((c !== 0 || d !== 0) && parentNow.has(id)) codeCounts.push({ id, codings: c, documents: d });
  }
  const codesNow = [...codes].filter(([, e]) => e.after).map(([id]) => id);
  return {
    complete: true,
    created: codingsById(db, createdIds),
    updated: codingsById(db, updatedIds),
    removed,
    codes: codesNow.length ? (statement(db, 'SELECT * FROM codes WHERE id IN (SELECT value FROM json_each(?)) ORDER BY position, id').all(JSON.stringify(codesNow)) as CodeRow[]).map(toCode) : ([] as Code[]),
    removedCodeIds: [...codes].filter(([, e]) => e.before && !e.after).map(([id]) => id),
    codeCounts,
    documentCounts: [...docDelta].filter(([, n]) => n !== 0).map(([id, codings]) => ({ id, codings })),
    tables,
  };
}

function codingsById(db: DB, ids: number[]): Coding[] {
  if (ids.length === 0) return [];
  return (statement(db, `${WITH_CODER} WHERE k.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as CodingWithCoderRow[]).map(toCoding);
}
