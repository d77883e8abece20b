/** `weft backups list|restore|create` and the synced-folder warning, run as the real binary. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../support/temp';

const tempDir = useTempDir();

function cli(dataDir: string) {
  return (args: string[]) => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, WEFT_DATA_DIR: dataDir, WEFT_CODER: 'Ana' },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
}

const codes = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT name FROM codes ORDER BY name').pluck().all();
  } finally {
    db.close();
  }
};

describe('weft backups', () => {
  it('backs up before a codebook import, lists the backups, restores one and undoes the restore', () => {
    const dir = tempDir();
    const weft = cli(join(dir, 'data'));
    const file = join(dir, 'study.weft');
    expect(weft(['new', file]).code).toBe(0);
    const csv = join(dir, 'codebook.csv');
    writeFileSync(csv, 'code\nTrust\nFear\n');
    expect(weft(['import-codebook', file, csv]).code).toBe(0);
    expect(codes(file)).toEqual(['Fear', 'Trust']);

    const listed = weft(['backups', 'list', file, '--json']);
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.out) as { current: { codes: number }; backups: { id: string; reason: string; counts: { codes: number } }[] };
    expect(list.current.codes).toBe(2);
    expect(list.backups).toHaveLength(1);
    const before = list.backups[0]!;
    expect(before).toMatchObject({ reason: 'import', counts: { codes: 0 } });
    expect(weft(['backups', 'list', file]).out).toMatch(new RegExp(`${before.id} .* import .* 0 codes`));

    const restored = weft(['backups', 'restore', file, before.id]);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/to undo: weft backups restore .* \d{8}T\d{9}Z-before-restore/);
    expect(codes(file)).toEqual([]);

    const safety = /(\d{8}T\d{9}Z(-\d+)?-before-restore)/.exec(restored.out)![1]!;
    expect(weft(['backups', 'restore', file, safety]).code).toBe(0);
    expect(codes(file)).toEqual(['Fear', 'Trust']);
  });

  it('refuses an unknown backup with one clear line, and a missing id as a usage error', () => {
    const dir = tempDir();
    const weft = cli(join(dir, 'data'));
    const file = join(dir, 'study.weft');
    weft(['new', file]);
    const unknown = weft(['backups', 'restore', file, '20200101T000000000Z-open']);
    expect(unknown.code).toBe(3); // not found
    expect(unknown.err).toMatch(/There is no backup “20200101T000000000Z-open”/);
    expect(weft(['backups', 'restore', file]).code).toBe(2);
    expect(weft(['backups', 'frobnicate', file]).code).toBe(2);
    const made = weft(['backups', 'create', file, '--json']);
    expect(JSON.parse(made.out)).toMatchObject({ reason: 'manual' });
  });

  it('warns on stderr, in one line, about a project in a Dropbox folder', () => {
    const dir = tempDir();
    const weft = cli(join(dir, 'data'));
    mkdirSync(join(dir, 'Dropbox'));
    const file = join(dir, 'Dropbox', 'study.weft');
    expect(weft(['new', file]).code).toBe(0);
    const summary = weft(['summary', file, '--json']);
    expect(summary.code).toBe(0);
    expect(JSON.parse(summary.out)).toMatchObject({ documents: 0 });
    expect(summary.err.trim().split('\n')).toHaveLength(1);
    expect(summary.err).toMatch(/^weft: warning: This project is in a Dropbox folder\. .*local copy/);
  });
});
