/**
 * The team server's PostgreSQL schema: forward-only, numbered files `schema/NNNN_verb_object.sql`,
 * applied in one transaction together with their rows in `schema_version`. Several server
 * processes may start at once against one database: a transaction-scoped advisory lock makes
 * them take turns, and each applies only what is still missing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { DomainError } from '../../shared/api/errors.js';

/** `schema/` beside this module in the source tree; from a bundle (dist/cli, dist/electron), the source tree's. */
function schemaDir(): string {
  for (const rel of ['./schema/', '../../electron/team-server/schema/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  throw new DomainError('INTERNAL', 'the team server’s schema files (electron/team-server/schema/) are missing from this installation');
}

export interface ServerMigration {
  version: number;
  name: string;
  sql: string;
}

export function loadServerMigrations(dir = schemaDir()): ServerMigration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 4));
    if (version !== i + 1) throw new Error(`Team server schema file ${file} is out of sequence: expected number ${i + 1}`);
    return { version, name: file, sql: readFileSync(`${dir}/${file}`, 'utf8') };
  });
}

/** An arbitrary constant: the advisory lock all Weft server processes take while migrating. */
const MIGRATION_LOCK = 0x77656674;

/** Brings the database up to date; returns its schema version. Refuses a database from a newer Weft. */
export async function migrateTeamDatabase(pool: pg.Pool): Promise<{ version: number; applied: string[] }> {
  const migrations = loadServerMigrations();
  const latest = migrations.length;
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    // Read committed whatever the database's default: the statements after the lock must see what
    // the process that held it before committed (a serializable snapshot would predate the wait).
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
    const current = rows[0]?.v ?? 0;
    if (current > latest) {
      throw new DomainError('UNSUPPORTED', `the team server database is at schema version ${current}, newer than this Weft knows (${latest}): run a newer Weft`);
    }
    for (const m of migrations.filter((x) => x.version > current)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_version (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.name);
    }
    await client.query('COMMIT');
    return { version: latest, applied };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
