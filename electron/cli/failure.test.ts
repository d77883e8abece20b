/**
 * Real SQLite and file-system errors become one plain line and the documented exit status; the
 * README's exit-status table is the one in exit-codes.ts.
 */
import { readFileSync, readSync, openSync, closeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/api/errors';
import { explainSystemError } from '../../shared/api/system-errors';
import { REPO, useTempDir } from '../../tests/support/temp';
import { UsageError } from './command';
import { EXIT, EXIT_MEANINGS } from './exit-codes';
import { describeFailure } from './failure';

const tempDir = useTempDir();

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('describeFailure', () => {
  it('maps real SQLite errors: locked → 75, full → 74, read-only → 74, constraint → 5', () => {
    const dir = tempDir();
    const file = join(dir, 'p.db');
    const a = new Database(file);
    a.pragma('journal_mode = WAL');
    a.exec('CREATE TABLE t (x TEXT NOT NULL)');
    const b = new Database(file, { timeout: 0 });
    a.exec('BEGIN IMMEDIATE');
    const busy = describeFailure(thrown(() => b.exec("INSERT INTO t VALUES ('x')")), false);
    a.exec('ROLLBACK');
    expect(busy.exitCode).toBe(EXIT.inUse);
    expect(busy.line).toMatch(/in use by another program/);

    a.pragma(`max_page_count = ${a.pragma('page_count', { simple: true }) as number}`);
    const full = describeFailure(thrown(() => a.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000))), false);
    expect([full.exitCode, full.line]).toEqual([EXIT.io, expect.stringMatching(/^The disk is full/)]);

    const ro = new Database(file, { readonly: true });
    const readOnly = describeFailure(thrown(() => ro.exec("INSERT INTO t VALUES ('x')")), false);
    expect([readOnly.exitCode, readOnly.line]).toEqual([EXIT.io, expect.stringMatching(/may not write/)]);

    const constraint = describeFailure(thrown(() => b.exec('INSERT INTO t VALUES (NULL)')), false);
    expect(constraint.exitCode).toBe(EXIT.conflict);
    for (const db of [a, b, ro]) db.close();
  });

  it('maps real file errors, names the file, and keeps the trace for --debug only', () => {
    const dir = tempDir();
    const missing = thrown(() => readFileSync(join(dir, 'nope.csv')));
    const notFound = describeFailure(missing, false);
    expect(notFound).toEqual({ exitCode: EXIT.notFound, line: expect.stringContaining('nope.csv') });
    mkdirSync(join(dir, 'folder'));
    const fd = openSync(join(dir, 'folder'), 'r');
    const isDir = thrown(() => readSync(fd, Buffer.alloc(1)));
    closeSync(fd);
    expect(explainSystemError(isDir, 'folder')?.code).toBe('VALIDATION');
    expect(describeFailure(missing, true).trace).toMatch(/ENOENT[\s\S]*\n\s+at /);
    // an explained error keeps the original as its cause, shown by --debug
    expect(describeFailure(explainSystemError(missing), true).trace).toMatch(/^DomainError: [\s\S]*caused by:\nError: ENOENT/);
  });

  it('usage errors → 2; domain errors by code; anything else → 70 with the --debug hint, one line', () => {
    expect(describeFailure(new UsageError('give a file'), false)).toEqual({ line: 'give a file', exitCode: EXIT.usage });
    expect(describeFailure(new DomainError('UNSUPPORTED', 'newer\nformat'), false)).toEqual({ line: 'newer format', exitCode: EXIT.unsupported });
    expect(describeFailure(new DomainError('IN_USE', 'held'), false).exitCode).toBe(75);
    const bug = describeFailure(thrown(() => (null as unknown as { x: number }).x), false);
    expect(bug.exitCode).toBe(EXIT.internal);
    expect(bug.line).toMatch(/^unexpected error: TypeError: .+ \(run with --debug for details\)$/);
    expect(bug.trace).toBeUndefined();
    expect(describeFailure(new RangeError('deep'), true).trace).toMatch(/^RangeError: deep\n\s+at /);
  });

  it('README “Command line” lists exactly the exit statuses of exit-codes.ts', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('\n## ', readme.indexOf('## Command line') + 3));
    const rows = [...section.matchAll(/^\| (\d+) +\|/gm)].map((m) => Number(m[1]));
    expect(rows).toEqual(EXIT_MEANINGS.map(([code]) => code));
    expect(new Set(Object.values(EXIT)).size).toBe(Object.values(EXIT).length);
  });
});
