/** `weft pseudonymise` and `weft reidentify` (issue 16), run as the real binary on the sample project. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../support/temp';

const tempDir = useTempDir();

function cli(dataDir: string) {
  return (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, WEFT_DATA_DIR: dataDir, WEFT_CODER: 'Ana', WEFT_KEY_PASSPHRASE: '', ...env },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
}

const NAMES = ['Amira', 'Jonas', 'Ruth'];
const namesIn = (file: string) => {
  const bytes = readFileSync(file);
  return NAMES.flatMap((n) => [n, n.toLowerCase(), n.toUpperCase()]).filter((n) => bytes.includes(Buffer.from(n, 'utf8')));
};

/** Every row of every table but the search indexes and the project's guid. */
function dump(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts%' AND name NOT LIKE 'documents_trigram%' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ${t === 'project_meta' ? "WHERE key <> 'guid'" : ''} ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

describe('weft pseudonymise / reidentify', () => {
  it('reviews, writes a copy with no name left and an encrypted key, and re-identifies it exactly', () => {
    const dir = tempDir();
    const weft = cli(join(dir, 'data'));
    const file = join(dir, 'study.weft');
    expect(weft(['sample', file]).code).toBe(0);
    const terms = join(dir, 'terms.csv');
    writeFileSync(terms, 'term,pseudonym\nAmira,P01\nJonas,P02\nRuth,P03\n');

    const review = weft(['pseudonymise', file, '--terms', terms, '--dry-run', '--json']);
    expect(review.code, review.err).toBe(0);
    const preview = JSON.parse(review.out) as { documentsChanged: number; replacementsTotal: number; replacements: { what: string; match: string; replacement: string }[]; residueTotal: number };
    expect(preview.documentsChanged).toBe(3);
    expect(preview.replacements).toContainEqual(expect.objectContaining({ what: 'Case', match: 'Amira', replacement: 'P01' }));
    expect(preview.residueTotal).toBe(0);
    expect(weft(['pseudonymise', file, '--terms', terms, '--dry-run']).out).toMatch(/\[Ruth → P03\]/);

    const out = join(dir, 'shared.weft');
    const key = join(dir, 'shared.weftkey');
    // no passphrase: a usage error, nothing written
    const none = weft(['pseudonymise', file, '--terms', terms, '-o', out, '--key', key]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--passphrase-file FILE or the environment variable WEFT_KEY_PASSPHRASE/);
    expect(existsSync(out) || existsSync(key)).toBe(false);

    const pass = join(dir, 'pass.txt');
    writeFileSync(pass, 'a long passphrase\n');
    const written = weft(['pseudonymise', file, '--terms', terms, '-o', out, '--key', key, '--passphrase-file', pass, '--json']);
    expect(written.code, written.err).toBe(0);
    // the sample's first interview has a recording linked: the copy has none (a voice identifies), the key keeps it
    expect(JSON.parse(written.out)).toMatchObject({ path: out, keyPath: key, documentsChanged: 3, codingsMoved: 18, recordingsUnlinked: 1 });
    expect(namesIn(out)).toEqual([]);
    expect(dump(out).document_media).toEqual([]);
    expect(dump(file).document_media).toHaveLength(1);
    expect(namesIn(key)).toEqual([]);
    expect(namesIn(file).length).toBeGreaterThan(0);
    // the summary of the copy speaks of P01, never of Amira
    expect(weft(['documents', out]).out).toMatch(/Interview 1 — P01/);

    // OUT must be new
    const again = weft(['pseudonymise', file, '--terms', terms, '-o', out, '--key', join(dir, 'k2.weftkey'), '--passphrase-file', pass]);
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/already exists/);

    // the key needs its passphrase
    const back = join(dir, 'back.weft');
    const wrong = weft(['reidentify', out, '--key', key, '-o', back], { WEFT_KEY_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.err.trim()).toBe(`weft reidentify: The key “${key}” cannot be read: the passphrase is wrong, or the file was changed.`);
    expect(existsSync(back)).toBe(false);

    const ok = weft(['reidentify', out, '--key', key, '-o', back, '--json'], { WEFT_KEY_PASSPHRASE: 'a long passphrase' });
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ path: back, documentsRestored: 3, recordingsRelinked: 1 });
    expect(dump(back)).toEqual(dump(file));
  });

  it('names the terms file and line of a bad terms CSV', () => {
    const dir = tempDir();
    const weft = cli(join(dir, 'data'));
    const file = join(dir, 'study.weft');
    expect(weft(['sample', file]).code).toBe(0);
    const terms = join(dir, 'terms.csv');
    writeFileSync(terms, 'term,pseudonym\nAmira,P01\nJonas\n');
    const r = weft(['pseudonymise', file, '--terms', terms, '--dry-run']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/terms\.csv.*line 3.*“Jonas” has no pseudonym/);
  });
});
