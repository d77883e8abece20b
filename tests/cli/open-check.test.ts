/**
 * Opening files safely and `weft check`, run as the real binary: read-only commands never write,
 * refused files stay byte for byte as they were, a hostile file is refused instead of hanging.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../support/temp';
import { healthyProject, hostileProject, newerFormatProject, otherAppDatabase, sha256, sidecars, tamper } from '../support/project-files';

const tempDir = useTempDir();

/** A hostile file must be refused in well under this; if the defence regresses the child is killed, and the test fails. */
const HANG_LIMIT_MS = 45_000;

function weft(args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    timeout: HANG_LIMIT_MS,
    killSignal: 'SIGKILL',
    env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data'), WEFT_CODER: 'Ana' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, killed: r.signal !== null };
}

describe('opening files safely from the command line', () => {
  it('weft summary reads a project without changing a byte of it or leaving files beside it', () => {
    const path = join(tempDir(), 'study.weft');
    healthyProject(path);
    const before = sha256(path);
    const r = weft(['summary', path, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ documents: 1, codings: 2 });
    expect(sha256(path)).toBe(before);
    expect(sidecars(path)).toEqual([]);
  });

  it('refuses a 0-byte file, another program’s database, a newer-format project and a hostile project, leaving each unchanged', () => {
    const dir = tempDir();
    // exit statuses: 4 invalid input, 6 unsupported (README "Exit status and error messages")
    const files: [string, (p: string) => void, RegExp, number][] = [
      ['empty.weft', (p) => writeFileSync(p, ''), /empty file \(0 bytes\)/, 4],
      ['contacts.db', otherAppDatabase, /SQLite database but not a Weft project/, 4],
      ['future.weft', newerFormatProject, /newer version of Weft/, 6],
      ['hostile.weft', hostileProject, /not a project file Weft can trust/, 4],
    ];
    for (const [name, make, message, status] of files) {
      const path = join(dir, name);
      make(path);
      const before = sha256(path);
      const r = weft(['summary', path]);
      expect(r.killed).toBe(false);
      expect(r.code, name).toBe(status);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /); // one clear line, no stack trace
      expect(sha256(path)).toBe(before);
      expect(sidecars(path)).toEqual([]);
    }
  });

  it('weft merge --dry-run refuses a project whose table is an endless view, instead of hanging', () => {
    const dir = tempDir();
    const mine = join(dir, 'mine.weft');
    const theirs = join(dir, 'theirs.weft');
    healthyProject(mine);
    hostileProject(theirs);
    const before = sha256(theirs);
    const r = weft(['merge', mine, theirs, '--dry-run']);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/theirs\.weft” is not a project file Weft can trust: .*“speakers” should be a table but is a view/);
    expect(sha256(theirs)).toBe(before);
  });
});

describe('weft check', () => {
  it('exits 0 on a healthy project, with the JSON fields scripts read', () => {
    const path = join(tempDir(), 'study.weft');
    healthyProject(path);
    const r = weft(['check', path, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c: { name: string }) => c.name)).toEqual(['schema', 'integrity', 'foreign-keys', 'full-text-index', 'codings']);
    for (const c of report.checks) expect(c).toMatchObject({ ok: true, problems: [] });
  });

  it('reports damage with exit 3, and --repair fixes what it says it fixes and keeps a copy', () => {
    const path = join(tempDir(), 'damaged.weft');
    const { doc, codings } = healthyProject(path);
    tamper(
      path,
      `UPDATE codings SET start = 7 WHERE id = ${codings[1]};
       INSERT INTO theme_codes (theme_id, code_id) VALUES (4242, 1);
       INSERT INTO documents_fts (documents_fts, rowid, text) SELECT 'delete', id, text FROM documents WHERE id = ${doc};`,
    );
    const before = sha256(path);
    const found = weft(['check', path]);
    expect(found.code).toBe(3);
    expect(found.out).toMatch(/PROBLEM\s+full-text search index/);
    expect(found.out).toMatch(/orphan row: theme_codes row/);
    expect(found.out).toMatch(/start 7 splits a character in two/);
    expect(sha256(path)).toBe(before);

    const fixed = weft(['check', path, '--repair', '--json']);
    expect(fixed.code).toBe(0);
    const report = JSON.parse(fixed.out);
    expect(report.ok).toBe(true);
    expect(report.backup).toMatch(/damaged\.before-repair-.*\.weft$/);
    expect(dirname(report.backup)).toBe(dirname(path));
    expect(existsSync(report.backup)).toBe(true);
    expect(report.checks.flatMap((c: { repaired?: string[] }) => c.repaired ?? [])).toHaveLength(3);
    expect(weft(['check', path]).code).toBe(0);
    expect(weft(['check', report.backup]).code).toBe(3);
  });
});
