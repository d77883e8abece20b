/**
 * `weft check`: a thorough look at a project file — SQLite's integrity check, foreign keys (orphan
 * rows), the full-text index, every coding's range in its document, and schema identity — and a
 * careful repair of what can be repaired without losing anything the researcher made.
 *
 * Checking never changes the file: it runs on an in-memory copy (the full-text index check is
 * an INSERT command, which SQLite refuses on a read-only connection). When the schema is not
 * Weft's, the checks that read tables are not run at all: reading a table the file has replaced
 * by a view would run the view (see electron/db/schema-identity.ts).
 *
 * Repair (`repair: true`) runs only on a file whose schema is Weft's and whose pages are sound;
 * it first keeps a copy beside the file (`<name>.before-repair-<timestamp>.weft`, made with
 * SQLite's online backup), then repairs everything in one transaction:
 *  - the full-text index is rebuilt from the documents;
 *  - orphan rows (pointing at a row that no longer exists) are handled as the schema declares
 *    for a deletion: removed where it says ON DELETE CASCADE, the reference cleared where it says
 *    SET NULL; others are left and reported;
 *  - a coding that splits a character (half of a surrogate pair) is widened to whole characters.
 * Codings outside their document's text are reported, never guessed at.
 */
import { isValidBoundary, rangeProblem } from '../../shared/domain/offsets.js';
import { openProjectFile, type DB } from '../db/connection.js';
import { copyPathBeside } from '../db/copy-beside.js';
import { damagedMessage, databaseFromImage, openForInspection } from '../db/inspect.js';
import { quoteIdent } from '../db/identifiers.js';
import { latestSchemaVersion } from '../db/migrator.js';
import { schemaProblems } from '../db/schema-identity.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  problems: string[];
  /** What --repair changed for this check. */
  repaired?: string[];
}

export interface ProjectCheckReport {
  file: string;
  ok: boolean;
  checks: CheckResult[];
  /** The copy kept before repairing, when a repair was made. */
  backup?: string;
  /** Why --repair changed nothing although problems were found. */
  notRepaired?: string;
}

export const CHECK_NAMES = ['schema', 'integrity', 'foreign-keys', 'full-text-index', 'codings'] as const;
type CheckName = (typeof CHECK_NAMES)[number];

/** Problems listed per check; the rest are counted. */
const MAX_LISTED = 200;
/** The full-text indexes and the first version with each (migrations/0004, 0007). */
const FTS_INDEXES = [
  { table: 'documents_fts', version: 4 },
  { table: 'documents_trigram', version: 7 },
] as const;

interface ForeignKeyViolation {
  table: string;
  rowid: number | null;
  parent: string;
  fkid: number;
}

interface ForeignKey {
  id: number;
  from: string;
  on_delete: string;
}

interface CodingRange {
  id: number;
  start: number;
  end: number;
}

function capped(problems: string[]): string[] {
  return problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `… and ${problems.length - MAX_LISTED} more`] : problems;
}

function foreignKeyViolations(db: DB): ForeignKeyViolation[] {
  return db.pragma('foreign_key_check') as ForeignKeyViolation[];
}

function foreignKey(db: DB, table: string, fkid: number): ForeignKey[] {
  return (db.pragma(`foreign_key_list(${quoteIdent(table)})`) as ForeignKey[]).filter((f) => f.id === fkid);
}

function integrityProblems(db: DB): string[] {
  const rows = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}

/** The full-text indexes of `version` that do not match the documents. */
function staleIndexes(db: DB, version: number): { table: string; problem: string }[] {
  const out: { table: string; problem: string }[] = [];
  for (const { table } of FTS_INDEXES.filter((i) => version >= i.version)) {
    try {
      // rank 1: also compare the index with the documents' text (external content).
      db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run();
    } catch (err) {
      out.push({ table, problem: `the full-text search index (${table}) does not match the documents (SQLite reports: ${(err as Error).message}); --repair rebuilds it` });
    }
  }
  return out;
}

function ftsProblems(db: DB, version: number): string[] {
  return staleIndexes(db, version).map((s) => s.problem);
}

function orphanProblems(db: DB): string[] {
  return foreignKeyViolations(db).map((v) => {
    const fk = foreignKey(db, v.table, v.fkid)[0];
    const how = fk?.on_delete === 'CASCADE' ? '--repair removes it' : fk?.on_delete === 'SET NULL' ? '--repair clears the reference' : 'not repaired automatically';
    return `orphan row: ${v.table} row ${v.rowid ?? '?'} refers to a ${v.parent} row that does not exist${fk ? ` (${v.table}.${fk.from})` : ''}; ${how}`;
  });
}

/** Calls `fn` for each document's text with the codings on it (one text in memory at a time). */
function eachDocumentCodings(db: DB, fn: (doc: { id: number; name: string; text: string }, codings: CodingRange[]) => void) {
  const codingsOf = db.prepare('SELECT id, start, end FROM codings WHERE document_id = ? ORDER BY start');
  const text = db.prepare('SELECT text FROM documents WHERE id = ?').pluck();
  for (const doc of db.prepare('SELECT id, name FROM documents WHERE id IN (SELECT document_id FROM codings) ORDER BY id').all() as { id: number; name: string }[]) {
    fn({ ...doc, text: text.get(doc.id) as string }, codingsOf.all(doc.id) as CodingRange[]);
  }
}

const splitsCharacter = (text: string, c: CodingRange) =>
  c.start >= 0 && c.end <= text.length && c.end > c.start && (!isValidBoundary(text, c.start) || !isValidBoundary(text, c.end));

function codingProblems(db: DB): string[] {
  const problems: string[] = [];
  eachDocumentCodings(db, (doc, codings) => {
    for (const c of codings) {
      const problem = rangeProblem(doc.text, c.start, c.end);
      if (!problem) continue;
      const fix = splitsCharacter(doc.text, c) ? '--repair widens it to whole characters' : 'not repaired automatically';
      problems.push(`coding ${c.id} in “${doc.name}” (${c.start}–${c.end}): ${problem}; ${fix}`);
    }
  });
  return problems;
}

/** Runs every check on `db` (a writable connection or in-memory copy). */
function runChecks(db: DB, version: number): CheckResult[] {
  const result = (name: CheckName, problems: () => string[]): CheckResult => {
    let found: string[];
    try {
      found = problems();
    } catch (err) {
      // A check SQLite cannot even run (a badly damaged page) is a problem found, not a crash.
      found = [`could not be run: ${(err as Error).message}`];
    }
    return { name, ok: found.length === 0, problems: capped(found) };
  };
  const schema = result('schema', () => schemaProblems(db, version));
  const integrity = result('integrity', () => integrityProblems(db));
  if (!schema.ok) {
    const skipped = 'not run: the file’s structure is not Weft’s, and reading its tables could run what the file contains';
    return [schema, integrity, ...(['foreign-keys', 'full-text-index', 'codings'] as const).map((n) => result(n, () => [skipped]))];
  }
  return [
    schema,
    integrity,
    result('foreign-keys', () => orphanProblems(db)),
    result('full-text-index', () => ftsProblems(db, version)),
    result('codings', () => codingProblems(db)),
  ];
}

function repairOrphans(db: DB): string[] {
  const done: string[] = [];
  // Deleting one orphan may cascade to rows that pointed at it; repeat until nothing changes.
  for (let pass = 0; pass < 10; pass++) {
    let changed = 0;
    for (const v of foreignKeyViolations(db)) {
      if (v.rowid === null) continue;
      for (const fk of foreignKey(db, v.table, v.fkid)) {
        const table = quoteIdent(v.table);
        if (fk.on_delete === 'CASCADE') {
          changed += db.prepare(`DELETE FROM ${table} WHERE rowid = ?`).run(v.rowid).changes;
          done.push(`removed ${v.table} row ${v.rowid} (its ${v.parent} row no longer exists)`);
        } else if (fk.on_delete === 'SET NULL') {
          changed += db.prepare(`UPDATE ${table} SET ${quoteIdent(fk.from)} = NULL WHERE rowid = ?`).run(v.rowid).changes;
          done.push(`cleared ${v.table}.${fk.from} of row ${v.rowid} (its ${v.parent} row no longer exists)`);
        }
      }
    }
    if (changed === 0) break;
  }
  return done;
}

function repairSplitCodings(db: DB): string[] {
  const done: string[] = [];
  const widen = db.prepare('UPDATE OR IGNORE codings SET start = ?, end = ?, updated_at = ? WHERE id = ?');
  const now = new Date().toISOString();
  eachDocumentCodings(db, (doc, codings) => {
    for (const c of codings.filter((x) => splitsCharacter(doc.text, x))) {
      const start = isValidBoundary(doc.text, c.start) ? c.start : c.start - 1;
      const end = isValidBoundary(doc.text, c.end) ? c.end : c.end + 1;
      if (widen.run(start, end, now, c.id).changes > 0) done.push(`widened coding ${c.id} in “${doc.name}” from ${c.start}–${c.end} to ${start}–${end}`);
    }
  });
  return done;
}

/** `<dir>/<name>.before-repair-<timestamp>.weft` */
export const beforeRepairPath = (path: string): string => copyPathBeside(path, 'before-repair');

const needsRepair = (checks: CheckResult[]) =>
  checks.some((c) => !c.ok && c.problems.some((p) => /--repair/.test(p)));

/** Repairs the live file (see the module comment); returns the final checks and the backup. */
async function repairFile(path: string): Promise<{ checks: CheckResult[]; backup: string }> {
  // INTEGRATE: take the project lock here (the "doors" work) so no other Weft writes during a repair.
  const backup = beforeRepairPath(path);
  // An older file is upgraded before it is repaired: the copy is then the file as it was, before both.
  let copied = false;
  const keepCopy = (old: DB) => {
    old.prepare('VACUUM INTO ?').run(backup);
    copied = true;
    return backup;
  };
  const db = openProjectFile(path, { keepCopy });
  try {
    if (!copied) await db.backup(backup);
    // Checked before the transaction: the check reports a mismatch as an error of its statement.
    const stale = staleIndexes(db, latestSchemaVersion()).map((s) => s.table);
    const fts = stale.length > 0;
    const repaired = db.transaction(() => {
      for (const table of stale) db.prepare(`INSERT INTO ${table} (${table}) VALUES ('rebuild')`).run();
      return {
        'foreign-keys': repairOrphans(db),
        codings: repairSplitCodings(db),
        'full-text-index': fts ? ['rebuilt the full-text search index from the documents'] : [],
      } as Partial<Record<CheckName, string[]>>;
    })();
    const checks = runChecks(db, latestSchemaVersion()).map((c) => {
      const done = repaired[c.name as CheckName];
      return done && done.length ? { ...c, repaired: capped(done) } : c;
    });
    return { checks, backup };
  } finally {
    db.close();
  }
}

/**
 * Checks the project file at `path` without changing it; with `repair`, repairs what can be
 * repaired safely (after keeping a copy beside it). Throws a DomainError (from inspect.ts) when
 * the file is not a Weft project this Weft can read at all.
 */
export async function checkProjectFile(path: string, options: { repair?: boolean } = {}): Promise<ProjectCheckReport> {
  const inspected = openForInspection(path);
  let copy: DB;
  try {
    copy = databaseFromImage(inspected.db.serialize(), { readonly: false });
  } catch (err) {
    throw damagedMessage(path, err);
  } finally {
    inspected.db.close();
  }
  let checks: CheckResult[];
  try {
    copy.pragma('trusted_schema = OFF');
    checks = runChecks(copy, inspected.version);
  } finally {
    copy.close();
  }
  const report = (cs: CheckResult[], extra: Partial<ProjectCheckReport> = {}): ProjectCheckReport => ({ file: path, ok: cs.every((c) => c.ok), checks: cs, ...extra });
  if (!options.repair || checks.every((c) => c.ok)) return report(checks);
  const unsafe = checks.filter((c) => (c.name === 'schema' || c.name === 'integrity') && !c.ok);
  if (unsafe.length > 0) {
    const why = unsafe.map((c) => (c.name === 'schema' ? 'its structure is not Weft’s' : 'its pages are damaged')).join(' and ');
    return report(checks, { notRepaired: `weft check does not repair this file: ${why}. Nothing was changed; restore a backup.` });
  }
  if (!needsRepair(checks)) return report(checks, { notRepaired: 'none of the problems found can be repaired safely by weft check. Nothing was changed.' });
  const repaired = await repairFile(path);
  return report(repaired.checks, { backup: repaired.backup });
}
