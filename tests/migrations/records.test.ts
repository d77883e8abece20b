/**
 * The migrations' committed records: migrations/lock.json (each migration's SHA-256) and
 * migrations/schema.snapshot.sql (the schema all migrations produce). See scripts/migrations.mjs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../electron/db/migrator';
import { migrationFiles, normalisedSchema, readLock, sha256, SNAPSHOT } from '../../scripts/migrations.mjs';

describe('migrations lock', () => {
  it('holds the SHA-256 of every migration file, unchanged since it was locked', () => {
    const lock = readLock() as Record<string, string>;
    const problems: string[] = [];
    for (const file of migrationFiles()) {
      if (!lock[file]) problems.push(`${file} has no entry in migrations/lock.json: a new migration? Then run “npm run migrations:lock” and commit the lock.`);
      else if (lock[file] !== sha256(file)) {
        problems.push(
          `${file} was edited after it was released (its SHA-256 differs from migrations/lock.json). Never edit a released migration — projects already carry it and would not get the change. Restore it (git checkout migrations/${file}) and add a new migration instead; update the lock only for a new migration, with “npm run migrations:lock”.`,
        );
      }
    }
    for (const file of Object.keys(lock)) if (!migrationFiles().includes(file)) problems.push(`${file} is in migrations/lock.json but the file is gone: never remove a released migration.`);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('locks exactly the migrations the migrator applies', () => {
    expect(Object.keys(readLock())).toEqual(loadMigrations().map((m) => m.name));
  });
});

describe('schema snapshot', () => {
  it('equals the schema produced by running every migration (npm run migrations:snapshot regenerates it)', () => {
    expect(normalisedSchema(), 'migrations/schema.snapshot.sql is out of date: run “npm run migrations:snapshot” and review the diff').toBe(readFileSync(SNAPSHOT, 'utf8'));
  });

  it('is the schema the product migrator (electron/db/migrator.ts) builds', () => {
    expect(normalisedSchema(loadMigrations().map((m) => m.sql))).toBe(readFileSync(SNAPSHOT, 'utf8'));
  });
});
