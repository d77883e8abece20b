/**
 * Forward-only schema migrations. Files `migrations/NNNN_verb_object.sql` are applied in order,
 * each inside its own transaction together with the bump of `PRAGMA user_version`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { DomainError } from '../../shared/api/errors.js';
import type { ProjectUpgrade } from '../../shared/domain/project-upgrade.js';

export type { ProjectUpgrade };

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

/**
 * Called once before the first pending migration of a project that has a schema already (a file
 * with data): it keeps a copy of the file as it is and returns where that copy is.
 */
export type BeforeMigration = (db: Database, from: number, to: number) => string;

/**
 * Applies every migration newer than the file's user_version. Refuses files from a newer Weft.
 * A file that has a schema already is migrated only after `beforeMigration` has kept a copy of
 * it; `null` only for a new file or a private in-memory copy being brought up to date, where
 * there is nothing to keep. Returns the upgrade made, or null when the file was up to date or new.
 */
export function migrate(db: Database, fileLabel: string, beforeMigration: BeforeMigration | null): ProjectUpgrade | null {
  const all = migrations();
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > all.length) {
    throw new DomainError(
      'UNSUPPORTED',
      `“${fileLabel}” was saved by a newer version of Weft (project format ${current}; this version reads up to ${all.length}). Update Weft to open it; the file was not changed.`,
    );
  }
  if (current === all.length) return null;
  // A copy of the project as it was, before the first migration changes it.
  const copy = current > 0 && beforeMigration ? beforeMigration(db, current, all.length) : null;
  for (const m of all) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return copy === null ? null : { from: current, to: all.length, copy };
}
