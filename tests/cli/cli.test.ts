/** The `weft` command line, run as the real binary (bin/weft.mjs) in a child process. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, REPO, useTempDir } from '../support/temp';

const tempDir = useTempDir();

function weft(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data'), ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('weft CLI', () => {
  it('prints help and exits 2 for usage errors', () => {
    const none = weft([]);
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/Commands:/);
    expect(weft(['frobnicate']).code).toBe(2);
    expect(weft(['import']).code).toBe(2);
    expect(weft(['summary', 'x.weft', '--bogus']).code).toBe(2);
    for (const c of ['new', 'sample', 'import', 'summary', 'documents']) {
      const h = weft([c, '--help']);
      expect(h.code).toBe(0);
      expect(h.out).toMatch(new RegExp(`Usage: weft ${c}`));
    }
  });

  it('new + import reports per file and exits 1 when some failed; summary and documents as JSON', () => {
    const dir = tempDir();
    const file = join(dir, 'study.weft');
    expect(weft(['new', file]).code).toBe(0);
    const imp = weft([
      'import',
      file,
      join(FIXTURES, 'coaching-study/transcripts/lea-windows.txt'),
      join(FIXTURES, 'coaching-study/edge-cases/empty.txt'),
      join(FIXTURES, 'coaching-study/edge-cases/multilingual.txt'),
    ]);
    expect(imp.code).toBe(1);
    expect(imp.out).toMatch(/^imported .*lea-windows\.txt/m);
    expect(imp.out).toMatch(/^failed +.*empty\.txt: the file is empty/m);
    expect(imp.out).toMatch(/2 imported, 0 skipped, 1 failed/);

    const ok = weft(['import', file, join(FIXTURES, 'coaching-study/transcripts/lea-windows.txt')]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^skipped .*already in the project/m);

    const summary = JSON.parse(weft(['summary', file, '--json']).out);
    for (const key of ['documents', 'words', 'codes', 'codings', 'coders', 'cases', 'themes', 'memos']) expect(summary).toHaveProperty(key);
    expect(summary.documents).toBe(2);

    const docs = JSON.parse(weft(['documents', file, '--json']).out);
    const lea = docs.find((d: { name: string }) => d.name === 'lea-windows');
    expect(lea).toMatchObject({ format: 'text' });
    expect(lea.length).toBeGreaterThan(0);
    expect(lea.speakers).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Lea', turns: expect.any(Number) }), expect.objectContaining({ name: 'Interviewer' })]),
    );
  });

  it('sample writes a project with documents, participants, codes and codings', () => {
    const file = join(tempDir(), 'sample.weft');
    const r = weft(['sample', file, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ documents: 3, cases: 3, codings: 18 });
    expect(weft(['sample', file]).code).toBe(5); // refuses to overwrite (conflict)
  });

  it('gives a clear error for a file that is not a project', () => {
    const r = weft(['summary', join(FIXTURES, 'coaching-study/participants.csv')]);
    expect(r.code).toBe(4); // invalid input
    expect(r.err).toMatch(/not a Weft project file/);
  });
});
