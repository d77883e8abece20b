/**
 * Forward-only schema migrations. Files `migrations/NNNN_verb_object.sql` are applied in order,
 * each inside its own transaction together with the bump of `PRAGMA user_version`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { DomainError } from '../../shared/api/errors.js';

/** `migrations/` sits two levels above this module both in the source tree and in dist/electron. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 4));
    if (version !== i + 1) throw new Error(`Migration ${file} is out of sequence: expected number ${i + 1}`);
    return { version, name: file, sql: readFileSync(`${dir}/${file}`, 'utf8') };
  });
}

let cached: Migration[] | null = null;
const migrations = () => (cached ??= loadMigrations());

export const latestSchemaVersion = () => migrations().length;

/** Called once before the first pending migration of a project that has a schema already. */
export type BeforeMigration = (db: Database, from: number, to: number) => void;
let beforeMigration: BeforeMigration | null = null;

/** Runs `fn` (which opens a project) with `hook` called before a migration changes the file: a backup. */
export function withBeforeMigration<T>(hook: BeforeMigration, fn: () => T): T {
  const previous = beforeMigration;
  beforeMigration = hook;
  try {
    return fn();
  } finally {
    beforeMigration = previous;
  }
}

/** Applies every migration newer than the file's user_version. Refuses files from a newer Weft. */
export function migrate(db: Database, fileLabel: string): number {
  const all = migrations();
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > all.length) {
    throw new DomainError(
      'UNSUPPORTED',
      `“${fileLabel}” was saved by a newer version of Weft (project format ${current}; this version reads up to ${all.length}). Update Weft to open it; the file was not changed.`,
    );
  }
  let first = true;
  for (const m of all) {
    if (m.version <= current) continue;
    // A backup of the project as it was, before the first migration changes it.
    if (first && current > 0) beforeMigration?.(db, current, all.length);
    first = false;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return all.length;
}
