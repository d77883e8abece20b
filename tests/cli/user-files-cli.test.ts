/**
 * The CLI and files the user names: -o replaces an ordinary file (the user named it) but never a
 * project, with one clear line; a FIFO or a device given as input ends at once with a clear line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../support/temp';
import { createCode } from '../../electron/services/codes';
import { ProjectSession } from '../../electron/services/project-session';

const tempDir = useTempDir();
const canFifo = process.platform !== 'win32';

function weft(args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data'), WEFT_CODER: 'Ana' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function study(dir: string): string {
  const file = join(dir, 'study.weft');
  const s = ProjectSession.create(file, 'Ana');
  createCode(s.db, { name: 'Belonging' });
  s.close();
  return file;
}

describe('weft and the files it writes', () => {
  it('never writes an export over a project (one line, exit 5: conflict) but replaces an ordinary file it was told to write', () => {
    const dir = tempDir();
    const file = study(dir);
    const before = readFileSync(file);
    for (const out of [file, `${file}-wal`, join(dir, 'other.weft')]) {
      const r = weft(['export-codebook', file, '--format', 'csv', '-o', out]);
      expect(r.code, out).toBe(5);
      expect(r.err, out).toMatch(/^weft export-codebook: Cannot write “.*”: it is (a Weft project file \(or part of one\)|the open project \(or part of it\))\. Weft never writes an export over a project; choose another file name\.\n$/);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(JSON.parse(weft(['summary', file, '--json']).out).codes).toBe(1);

    const csv = join(dir, 'codebook.csv');
    writeFileSync(csv, 'old');
    const r = weft(['export-codebook', file, '-o', csv]);
    expect(r.code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toContain('Belonging');
    const report = weft(['export-report', file, '--format', 'md', '-o', csv]);
    expect(report.code).toBe(0);
  });

  it.skipIf(!canFifo)('a FIFO or a device as input ends at once with a clear line', () => {
    const dir = tempDir();
    const file = study(dir);
    const fifo = join(dir, 'b.txt');
    execFileSync('mkfifo', [fifo]);

    const imp = weft(['import', file, fifo]);
    expect(imp.code).toBe(1);
    expect(imp.out).toBe(`failed   ${fifo}: “${fifo}” is a named pipe (FIFO), not an ordinary file; Weft reads only ordinary files.\n0 imported, 0 skipped, 1 failed\n`);

    const codebook = weft(['import-codebook', file, fifo]);
    expect(codebook.code).toBe(4);
    expect(codebook.err).toBe(`weft import-codebook: “${fifo}” is a named pipe (FIFO), not an ordinary file; Weft reads only ordinary files.\n`);

    const reliability = weft(['reliability', '/dev/zero']);
    expect(reliability.code).toBe(4);
    expect(reliability.err).toBe('weft reliability: “/dev/zero” is a device, not an ordinary file; Weft reads only ordinary files.\n');

    const merge = weft(['merge', file, fifo, '--dry-run']);
    expect(merge.code).toBe(4);
    expect(merge.err).toMatch(/^weft merge: .*named pipe \(FIFO\)/);
  });
});
