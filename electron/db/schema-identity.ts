/**
 * Schema identity: is the structure of a project file exactly what Weft's own migrations produce
 * for the file's `user_version`? A file from a colleague is untrusted: a table replaced by a view
 * (for instance an endless recursive query), or a trigger someone added, would run the moment
 * Weft reads or writes that table. better-sqlite3 cannot interrupt a running statement (it has no
 * progress handler and no sqlite3_interrupt; its SQLite is built with SQLITE_OMIT_PROGRESS_CALLBACK),
 * so this check, made before any query touches the file's tables, is the defence. Cancelling a
 * long read would need running it in a child process.
 *
 * The expected schema is built once per version by running the migrations in an in-memory
 * database, and compared object by object: type, owning table, definition (whitespace-normalised
 * SQL) and, for tables, their columns.
 */
import Database from 'better-sqlite3';
import { quoteIdent } from './identifiers.js';
import { loadMigrations, type Migration } from './migrator.js';

interface SchemaObject {
  type: string;
  name: string;
  tblName: string;
  sql: string | null;
}

interface ExpectedSchema {
  objects: Map<string, SchemaObject>;
  columns: Map<string, string[]>;
  /** Tables a virtual table keeps its data in (FTS5 `_data`, `_idx` …), written by SQLite itself. */
  shadowTables: Set<string>;
}

/** Tables SQLite itself may add to any database (ANALYZE / PRAGMA optimize, AUTOINCREMENT). */
const SQLITE_OWN_TABLES = /^sqlite_(stat[1-4]|sequence)$/;

const keyOf = (o: { type: string; name: string }) => (o.type === 'trigger' ? `trigger:${o.name}` : o.name.toLowerCase());
const normaliseSql = (sql: string | null) => (sql === null ? null : sql.replace(/\s+/g, ' ').trim());
const isVirtual = (o: SchemaObject) => /^CREATE VIRTUAL TABLE/i.test(o.sql ?? '');

function readObjects(db: Database.Database): SchemaObject[] {
  return db.prepare('SELECT type, name, tbl_name AS tblName, sql FROM sqlite_master ORDER BY type, name').all() as SchemaObject[];
}

/** One line per column: name, declared type, NOT NULL, default, primary-key position, hidden/generated. */
function tableColumns(db: Database.Database, table: string): string[] {
  const rows = db.pragma(`table_xinfo(${quoteIdent(table)})`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }[];
  return rows.map((c) => `${c.name} ${c.type}${c.notnull ? ' NOT NULL' : ''}${c.dflt_value === null ? '' : ` DEFAULT ${c.dflt_value}`}${c.pk ? ` PK${c.pk}` : ''}${c.hidden ? ` HIDDEN${c.hidden}` : ''}`);
}

let migrations: Migration[] | null = null;
const expectedCache = new Map<number, ExpectedSchema>();

function expectedSchema(version: number): ExpectedSchema {
  const cached = expectedCache.get(version);
  if (cached) return cached;
  migrations ??= loadMigrations();
  const mem = new Database(':memory:');
  try {
    for (const m of migrations) if (m.version <= version) mem.exec(m.sql);
    const objects = new Map(readObjects(mem).map((o) => [keyOf(o), { ...o, sql: normaliseSql(o.sql) }]));
    const virtualNames = [...objects.values()].filter(isVirtual).map((o) => `${o.name.toLowerCase()}_`);
    const shadowTables = new Set(
      [...objects.values()].filter((o) => o.type === 'table' && !isVirtual(o) && virtualNames.some((v) => o.name.toLowerCase().startsWith(v))).map(keyOf),
    );
    const columns = new Map<string, string[]>();
    for (const o of objects.values()) if (o.type === 'table' && !isVirtual(o) && !shadowTables.has(keyOf(o))) columns.set(keyOf(o), tableColumns(mem, o.name));
    const schema = { objects, columns, shadowTables };
    expectedCache.set(version, schema);
    return schema;
  } finally {
    mem.close();
  }
}

const article = (type: string) => (type === 'index' ? 'an index' : `a ${type}`);

/**
 * The differences between the file's schema and the schema Weft's migrations produce for
 * `version`, as sentences; empty when the schema is exactly Weft's. Reads only `sqlite_master`
 * and column lists, never a table's rows, so it is safe on a hostile file.
 */
export function schemaProblems(db: Database.Database, version: number): string[] {
  const expected = expectedSchema(version);
  const actual = new Map(readObjects(db).map((o) => [keyOf(o), { ...o, sql: normaliseSql(o.sql) }]));
  // The most telling first: objects of another kind or added, then changed, then missing.
  const replaced: string[] = [];
  const added: string[] = [];
  const problems: string[] = [];
  const missing: string[] = [];
  for (const [key, want] of expected.objects) {
    const have = actual.get(key);
    if (!have) {
      missing.push(`the ${want.type} “${want.name}” is missing`);
    } else if (have.type !== want.type) {
      replaced.push(`“${want.name}” should be ${article(want.type)} but is ${article(have.type)}`);
    } else if (have.tblName.toLowerCase() !== want.tblName.toLowerCase()) {
      replaced.push(`the ${want.type} “${want.name}” belongs to “${have.tblName}” instead of “${want.tblName}”`);
    } else if (!expected.shadowTables.has(key)) {
      const wantColumns = expected.columns.get(key);
      const haveColumns = wantColumns && !isVirtual(have) ? tableColumns(db, want.name) : undefined;
      if (wantColumns && haveColumns && wantColumns.join('\n') !== haveColumns.join('\n')) {
        const names = (cols: string[]) => cols.map((c) => c.split(' ')[0]).join(', ');
        problems.push(`the table “${want.name}” has columns (${names(haveColumns)}) where Weft expects (${names(wantColumns)}) or different column types`);
      } else if (have.sql !== want.sql) {
        problems.push(`the definition of the ${want.type} “${want.name}” has been changed`);
      }
    }
  }
  for (const [key, have] of actual) {
    if (expected.objects.has(key)) continue;
    if (have.type === 'table' && SQLITE_OWN_TABLES.test(have.name)) continue;
    added.push(`it contains ${article(have.type)} “${have.name}” that Weft did not create`);
  }
  return [...replaced, ...added, ...problems, ...missing];
}
