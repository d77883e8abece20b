/**
 * Project files for the tests of opening, inspecting and checking: a small healthy project built
 * with SQL, files Weft must refuse (another program's database, a newer format, a hostile file),
 * and the means to prove a refused file was not touched (content hash, sibling files).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { createProjectFile } from '../../electron/db/connection';
import { latestSchemaVersion } from '../../electron/db/migrator';

export const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The files beside `path` whose names start with its name (`-wal`, `-shm`, `-journal`, copies). */
export const sidecars = (path: string) =>
  readdirSync(dirname(path))
    .filter((f) => f.startsWith(basename(path)) && f !== basename(path))
    .sort();

/** A document text with an astral character (two UTF-16 units) at offset 6. */
export const TEXT = 'Hello 🌍 world, this is a short interview about coping at work.';

/**
 * A healthy project: one coder, one document (TEXT), two codes, two codings (0–5 and 14–19).
 * Returns the ids, for tests that damage it by hand.
 */
export function healthyProject(path: string) {
  const db = createProjectFile(path);
  const now = new Date().toISOString();
  const coder = db.prepare("INSERT INTO coders (guid, name, created_at) VALUES ('c1', 'Ana', ?)").run(now).lastInsertRowid;
  const doc = db
    .prepare("INSERT INTO documents (guid, name, source_format, content_hash, length, word_count, created_at, updated_at, text) VALUES ('d1', 'interview', 'text', 'h', ?, 12, ?, ?, ?)")
    .run(TEXT.length, now, now, TEXT).lastInsertRowid;
  const code = (name: string) => db.prepare("INSERT INTO codes (guid, name, created_at, updated_at) VALUES (?, ?, ?, ?)").run(`g-${name}`, name, now, now).lastInsertRowid;
  const greeting = code('greeting');
  const place = code('place');
  const coding = (codeId: number | bigint, start: number, end: number) =>
    db.prepare('INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(`k-${start}`, doc, codeId, coder, start, end, now, now).lastInsertRowid;
  const first = coding(greeting, 0, 5);
  const second = coding(place, 14, 19);
  db.close();
  return { doc: Number(doc), codings: [Number(first), Number(second)] };
}

/** Changes a project with a raw connection, foreign keys and Weft's checks off (damage by hand). */
export function tamper(path: string, sql: string) {
  const db = new Database(path);
  db.pragma('foreign_keys = OFF');
  db.exec(sql);
  db.close();
}

/** A view that never finishes: a recursive CTE counting forever, filtered so it never returns a row. */
const ENDLESS_SPEAKERS =
  "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n AS id, 'g' AS guid, n AS document_id, 'x' AS label, NULL AS case_id, 0 AS is_interviewer FROM r WHERE n < 0";

/** A Weft project whose speakers table (read early by a merge) is replaced by a view that never finishes. */
export function hostileProject(path: string) {
  healthyProject(path);
  tamper(path, `DROP TABLE speakers; CREATE VIEW speakers AS ${ENDLESS_SPEAKERS};`);
}

/** Another program's SQLite database, in rollback-journal mode (the SQLite default). */
export function otherAppDatabase(path: string) {
  const db = new Database(path);
  db.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('Ana'), ('Ben');");
  db.close();
}

/** A Weft project saved by a newer Weft (a higher user_version). */
export function newerFormatProject(path: string) {
  healthyProject(path);
  tamper(path, `PRAGMA user_version = ${latestSchemaVersion() + 1};`);
}
