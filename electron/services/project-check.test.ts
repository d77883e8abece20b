import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { healthyProject, hostileProject, sha256, sidecars, tamper } from '../../tests/support/project-files';
import { checkProjectFile, type ProjectCheckReport } from './project-check';

const tempDir = useTempDir();

const check = (r: ProjectCheckReport, name: string) => r.checks.find((c) => c.name === name)!;

describe('weft check (the service)', () => {
  it('finds nothing wrong with a healthy project and does not change it', async () => {
    const path = join(tempDir(), 'study.weft');
    healthyProject(path);
    const before = sha256(path);
    const r = await checkProjectFile(path);
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual(['schema', 'integrity', 'foreign-keys', 'full-text-index', 'codings']);
    expect(sha256(path)).toBe(before);
    expect(sidecars(path)).toEqual([]);
    expect((await checkProjectFile(path, { repair: true })).backup).toBeUndefined();
  });

  it('reports a trigram index out of step with the documents, and --repair rebuilds it', async () => {
    const path = join(tempDir(), 'cjk.weft');
    const { doc } = healthyProject(path);
    tamper(path, `UPDATE documents SET text = text || ' 加油' WHERE id = ${doc}; INSERT INTO documents_trigram (documents_trigram, rowid, text) SELECT 'delete', id, text FROM documents_trigram_text WHERE id = ${doc};`);
    const r = await checkProjectFile(path);
    expect(check(r, 'full-text-index').problems).toEqual([expect.stringMatching(/search index \(documents_trigram\) does not match the documents/)]);
    const repaired = await checkProjectFile(path, { repair: true });
    expect(check(repaired, 'full-text-index')).toMatchObject({ ok: true, repaired: ['rebuilt the full-text search index from the documents'] });
    const db = new Database(path, { readonly: true });
    expect(db.prepare(`SELECT DISTINCT doc FROM documents_trigram_instances WHERE term >= '加油' AND term < '加油\u{10FFFF}'`).pluck().all()).toEqual([doc]);
    db.close();
  });

  it('reports a coding past the end of its text, a split surrogate pair, an orphan row and a broken search index, without changing the file', async () => {
    const path = join(tempDir(), 'damaged.weft');
    const { doc, codings } = healthyProject(path);
    tamper(
      path,
      `UPDATE codings SET end = 500 WHERE id = ${codings[0]};
       UPDATE codings SET start = 7 WHERE id = ${codings[1]};
       INSERT INTO theme_codes (theme_id, code_id) VALUES (4242, 1);
       INSERT INTO documents_fts (documents_fts, rowid, text) SELECT 'delete', id, text FROM documents WHERE id = ${doc};`,
    );
    const before = sha256(path);
    const r = await checkProjectFile(path);
    expect(r.ok).toBe(false);
    expect(check(r, 'schema').ok).toBe(true);
    expect(check(r, 'codings').problems).toEqual([
      expect.stringMatching(new RegExp(`coding ${codings[0]} .*end 500 is past the end of the text.*not repaired`)),
      expect.stringMatching(new RegExp(`coding ${codings[1]} .*start 7 splits a character in two.*--repair widens it`)),
    ]);
    expect(check(r, 'foreign-keys').problems).toEqual([expect.stringMatching(/orphan row: theme_codes row \d+ refers to a themes row that does not exist.*--repair removes it/)]);
    expect(check(r, 'full-text-index').problems).toEqual([expect.stringMatching(/does not match the documents/)]);
    expect(sha256(path)).toBe(before);
    expect(sidecars(path)).toEqual([]);

    const repaired = await checkProjectFile(path, { repair: true });
    expect(repaired.backup).toMatch(/damaged\.before-repair-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.weft$/);
    expect(check(repaired, 'full-text-index')).toMatchObject({ ok: true, repaired: ['rebuilt the full-text search index from the documents'] });
    expect(check(repaired, 'foreign-keys')).toMatchObject({ ok: true, repaired: [expect.stringMatching(/removed theme_codes row/)] });
    expect(check(repaired, 'codings').repaired).toEqual([expect.stringMatching(new RegExp(`widened coding ${codings[1]} .* from 7–19 to 6–19`))]);
    // The coding past the end of its text is left for a person to decide.
    expect(check(repaired, 'codings')).toMatchObject({ ok: false, problems: [expect.stringMatching(/end 500 is past the end/)] });
    expect(repaired.ok).toBe(false);

    // The repair happened in the file; the copy kept beside it still has the damage.
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT start FROM codings WHERE id = ?').pluck().get(codings[1])).toBe(6);
    expect(db.prepare('SELECT count(*) FROM theme_codes').pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'interview'").pluck().get()).toBe(1);
    db.close();
    const kept = await checkProjectFile(repaired.backup!);
    expect(check(kept, 'foreign-keys').ok).toBe(false);
    expect(check(kept, 'full-text-index').ok).toBe(false);

    const again = await checkProjectFile(path, { repair: true });
    expect(again.backup).toBeUndefined();
    expect(again.notRepaired).toMatch(/none of the problems found can be repaired safely/);
  });

  it('clears a SET NULL reference to a row that no longer exists instead of removing the row', async () => {
    const path = join(tempDir(), 'setnull.weft');
    healthyProject(path);
    tamper(path, 'UPDATE documents SET created_by = 77;');
    const r = await checkProjectFile(path, { repair: true });
    expect(r.ok).toBe(true);
    expect(check(r, 'foreign-keys').repaired).toEqual([expect.stringMatching(/cleared documents\.created_by of row 1/)]);
  });

  it('reports a hostile file’s schema and reads none of its tables; --repair refuses it and changes nothing', async () => {
    const dir = tempDir();
    const path = join(dir, 'hostile.weft');
    hostileProject(path);
    const before = sha256(path);
    const r = await checkProjectFile(path, { repair: true });
    expect(check(r, 'schema').problems[0]).toMatch(/“speakers” should be a table but is a view/);
    expect(check(r, 'codings').problems).toEqual([expect.stringMatching(/^not run/)]);
    expect(r.notRepaired).toMatch(/structure is not Weft’s/);
    expect(sha256(path)).toBe(before);
    expect(readdirSync(dir)).toEqual(['hostile.weft']);
  });

  it('refuses a file that is not a Weft project', async () => {
    const path = join(tempDir(), 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    await expect(checkProjectFile(path)).rejects.toThrow(/not a Weft project/);
  });
});
