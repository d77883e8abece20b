/** Merging real .weft files (and a real .qdpx) in temporary folders. */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { HAS_REFI, SAMPLES } from '../../../tests/interop/reference';
import { parsePlainText } from '../../../shared/import/plain-text';
import { ProjectSession, ensureCoder } from '../project-session';
import { insertDocument } from '../documents';
import { codePaths, createCode, updateCode } from '../codes';
import { createCoding } from '../codings';
import { upsertCase } from '../cases';
import type { DB } from '../../db/connection';
import { readWeftProject } from './incoming';
import { loadIncoming } from './load';
import { listMerges, mergeIncoming } from './merge';

const tempDir = useTempDir();

const TRANSCRIPT = 'Interviewer: How did it start?\n\nLea: We trusted each other from the start. Money was tight though.\n\nInterviewer: And later?\n\nLea: Later I felt hopeful about the work.';
const OTHER = 'Interviewer: Tell me about the team.\n\nSam: The team was small and the budget was a worry.';

const count = (db: DB, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const counts = (db: DB) =>
  Object.fromEntries(['documents', 'codes', 'coders', 'codings', 'cases', 'attributes', 'case_attribute_values', 'memos', 'themes', 'sets', 'speakers', 'turns', 'merges'].map((t) => [t, count(db, t)]));

function addDoc(s: ProjectSession, name: string, text: string) {
  return insertDocument(s.db, parsePlainText(text, 'UTF-8'), { name, sourceName: `${name}.txt`, coderId: null });
}
function code(s: ProjectSession, db: DB, coder: number, docId: number, codeId: number, phrase: string) {
  const text = db.prepare('SELECT text FROM documents WHERE id = ?').pluck().get(docId) as string;
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(`no “${phrase}”`);
  return createCoding(db, { documentId: docId, codeId, start, end: start + phrase.length, coderId: coder });
}
const codeId = (db: DB, path: string) => [...codePaths(db)].find(([, p]) => p === path)?.[0];

/** Ana's project, then a copy of it that Ben codes on his own machine. */
function teamCopies() {
  const dir = tempDir();
  const mainPath = join(dir, 'study.weft');
  const ana = ProjectSession.create(mainPath, 'Ana');
  const doc = addDoc(ana, 'Lea', TRANSCRIPT);
  const rel = createCode(ana.db, { name: 'Relationship' });
  const trust = createCode(ana.db, { name: 'Trust', parentId: rel.id });
  const money = createCode(ana.db, { name: 'Money' });
  code(ana, ana.db, ana.coderId(), doc, trust.id, 'We trusted each other from the start.');
  upsertCase(ana.db, 'Lea', { Age: { value: '34', kind: 'number' } });
  ana.close();

  const benPath = join(dir, 'study-ben.weft');
  copyFileSync(mainPath, benPath);
  const ben = ProjectSession.open(benPath, 'Ben');
  const benDoc = ben.db.prepare('SELECT id FROM documents').pluck().get() as number;
  code(ben, ben.db, ben.coderId(), benDoc, trust.id, 'We trusted each other');
  code(ben, ben.db, ben.coderId(), benDoc, money.id, 'Money was tight though.');
  const hope = createCode(ben.db, { name: 'Hope' });
  code(ben, ben.db, ben.coderId(), benDoc, hope.id, 'I felt hopeful');
  const sam = addDoc(ben, 'Sam', OTHER);
  code(ben, ben.db, ben.coderId(), sam, money.id, 'the budget was a worry');
  upsertCase(ben.db, 'Sam', { Age: { value: '51', kind: 'number' } });
  ben.db.prepare("INSERT INTO memos (guid, title, body, code_id, created_at, updated_at) VALUES ('memo-1', 'Hope', 'Appears late in interviews.', ?, 'x', 'x')").run(hope.id);
  ben.close();
  return { dir, mainPath, benPath };
}

describe('merging a copy of the project (.weft)', () => {
  it('matches documents by content hash and codes by GUID, adds the other coder’s codings, and a second merge adds nothing', async () => {
    const { mainPath, benPath } = teamCopies();
    const before = readFileSync(benPath);
    const s = ProjectSession.open(mainPath, 'Ana');
    const incoming = await loadIncoming(benPath, s.path, 'Ana');
    const { summary, reviews } = mergeIncoming(s.db, incoming, { mergedBy: 'Ana' });
    expect(reviews).toEqual([]);
    expect(summary.added).toMatchObject({ documents: 1, codes: 1, coders: 1, codings: 4, cases: 1, attributeValues: 1, memos: 1 });
    expect(summary.matched).toMatchObject({ documents: 1, codes: 3, cases: 1, attributes: 1 });
    // Ana's own coding travelled with the copy: it is recognised, not duplicated.
    expect(summary.alreadyPresent.codings).toBe(1);
    expect(summary.addedNames).toEqual({ documents: ['Sam'], codes: ['Hope'], coders: ['Ben'] });
    expect(summary.codingsByCoder).toEqual([{ coder: 'Ben', codings: 4 }]);

    const db = s.db;
    expect(count(db, 'documents')).toBe(2);
    expect(count(db, 'codings')).toBe(5);
    const ben = db.prepare("SELECT id FROM coders WHERE name = 'Ben'").pluck().get() as number;
    const benTexts = db
      .prepare('SELECT substr(d.text, k.start + 1, k.end - k.start) FROM codings k JOIN documents d ON d.id = k.document_id WHERE k.coder_id = ? ORDER BY d.id, k.start')
      .pluck()
      .all(ben);
    expect(benTexts).toEqual(['We trusted each other', 'Money was tight though.', 'I felt hopeful', 'the budget was a worry']);
    // The added document came with its speakers and turns.
    const sam = db.prepare("SELECT id FROM documents WHERE name = 'Sam'").pluck().get() as number;
    expect(db.prepare('SELECT label FROM speakers WHERE document_id = ? ORDER BY label').pluck().all(sam)).toEqual(['Interviewer', 'Sam']);
    expect(db.prepare('SELECT count(*) FROM turns WHERE document_id = ?').pluck().get(sam)).toBe(2);
    // The memo is on the merged code.
    expect(db.prepare('SELECT c.name FROM memos m JOIN codes c ON c.id = m.code_id').pluck().all()).toEqual(['Hope']);

    const after = counts(db);
    const again = mergeIncoming(s.db, await loadIncoming(benPath, s.path, 'Ana'));
    expect(Object.values(again.summary.added).every((n) => n === 0)).toBe(true);
    expect(again.summary.alreadyPresent).toEqual({ codings: 5, memos: 1 });
    expect(counts(db)).toEqual({ ...after, merges: after.merges! + 1 });
    expect(listMerges(db).map((m) => [m.source, m.added.codings])).toEqual([
      ['study-ben.weft', 4],
      ['study-ben.weft', 0],
    ]);
    s.close();
    // The merged file was only read.
    expect(readFileSync(benPath).equals(before)).toBe(true);
  });

  it('matches independently created codes by name path, coders by name, and asks about near matches', async () => {
    const dir = tempDir();
    const a = ProjectSession.create(join(dir, 'a.weft'), 'Ana');
    const docA = addDoc(a, 'Lea', TRANSCRIPT);
    const relA = createCode(a.db, { name: 'Relationship' });
    const trustA = createCode(a.db, { name: 'Trust', parentId: relA.id });
    createCode(a.db, { name: 'Cost' });
    createCode(a.db, { name: 'hope' });
    code(a, a.db, a.coderId(), docA, trustA.id, 'We trusted each other');

    // Built separately: no shared GUIDs at all. Ben's "Ana" is the same person by name.
    const b = ProjectSession.create(join(dir, 'b.weft'), 'Ben');
    const docB = addDoc(b, 'Lea (copy)', TRANSCRIPT);
    const relB = createCode(b.db, { name: 'Relationship' });
    const trustB = createCode(b.db, { name: 'Trust', parentId: relB.id });
    const barriers = createCode(b.db, { name: 'Barriers' });
    const costB = createCode(b.db, { name: 'Cost', parentId: barriers.id });
    const hopeB = createCode(b.db, { name: 'Hope' });
    code(b, b.db, b.coderId(), docB, trustB.id, 'We trusted each other from the start.');
    code(b, b.db, b.coderId(), docB, costB.id, 'Money was tight');
    code(b, b.db, b.coderId(), docB, hopeB.id, 'felt hopeful');
    code(b, b.db, ensureCoder(b.db, 'Ana'), docB, trustB.id, 'We trusted each other');
    b.close();

    const preview = mergeIncoming(a.db, readWeftProject(join(dir, 'b.weft'), 'b.weft'), { dryRun: true });
    expect(preview.summary.dryRun).toBe(true);
    const byPath = Object.fromEntries(preview.reviews.map((r) => [r.incomingPath, r]));
    expect(Object.keys(byPath).sort()).toEqual(['Barriers/Cost', 'Hope']);
    expect(byPath['Barriers/Cost']).toMatchObject({ reason: 'similar-name', candidates: [{ path: 'Cost' }], suggested: { action: 'new' }, codings: 1 });
    expect(byPath.Hope).toMatchObject({ reason: 'similar-name', candidates: [{ path: 'hope' }], suggested: { action: 'merge', targetId: codeId(a.db, 'hope') } });
    expect(preview.summary.added).toMatchObject({ documents: 0, codes: 2, coders: 1, codings: 3 });
    expect(count(a.db, 'codes')).toBe(4); // a preview writes nothing
    expect(count(a.db, 'merges')).toBe(0);

    // The reviewer decides: Barriers/Cost is the same as Cost here; Hope is a code of its own.
    const decisions = { [byPath['Barriers/Cost']!.incomingGuid]: { action: 'merge' as const, targetId: codeId(a.db, 'Cost')! }, [byPath.Hope!.incomingGuid]: { action: 'new' as const } };
    const merged = mergeIncoming(a.db, readWeftProject(join(dir, 'b.weft'), 'b.weft'), { decisions });
    expect(merged.summary.added).toMatchObject({ documents: 0, codes: 2, coders: 1, codings: 3 });
    expect(merged.summary.matched).toMatchObject({ documents: 1, codes: 3, coders: 1 });
    expect(merged.summary.alreadyPresent.codings).toBe(1); // Ana's identical coding
    expect([...codePaths(a.db).values()].sort()).toEqual(['Barriers', 'Cost', 'Hope', 'Relationship', 'Relationship/Trust', 'hope']);
    const costHere = codeId(a.db, 'Cost')!;
    expect(a.db.prepare('SELECT count(*) FROM codings WHERE code_id = ?').pluck().get(costHere)).toBe(1);
    expect(a.db.prepare("SELECT count(*) FROM codings WHERE code_id = ?").pluck().get(codeId(a.db, 'Hope'))).toBe(1);

    // Merging again: the decisions are remembered; nothing to review, nothing added.
    const again = mergeIncoming(a.db, readWeftProject(join(dir, 'b.weft'), 'b.weft'), { dryRun: true });
    expect(again.reviews).toEqual([]);
    expect(Object.values(again.summary.added).every((n) => n === 0)).toBe(true);
    a.close();
  });

  it('asks about a code renamed in one copy (same GUID) and can keep it apart', async () => {
    const { mainPath, benPath } = teamCopies();
    const ben = ProjectSession.open(benPath, 'Ben');
    updateCode(ben.db, codeId(ben.db, 'Money')!, { name: 'Finances' });
    ben.close();
    const s = ProjectSession.open(mainPath, 'Ana');
    const preview = mergeIncoming(s.db, await loadIncoming(benPath, s.path, 'Ana'), { dryRun: true });
    expect(preview.reviews).toEqual([
      expect.objectContaining({ reason: 'guid-moved', incomingPath: 'Finances', candidates: [{ id: codeId(s.db, 'Money'), path: 'Money' }], suggested: { action: 'merge', targetId: codeId(s.db, 'Money') }, codings: 2 }),
    ]);
    const guid = preview.reviews[0]!.incomingGuid;
    mergeIncoming(s.db, await loadIncoming(benPath, s.path, 'Ana'), { decisions: { [guid]: { action: 'new' } } });
    expect(s.db.prepare('SELECT count(*) FROM codings WHERE code_id = ?').pluck().get(codeId(s.db, 'Finances'))).toBe(2);
    expect(s.db.prepare('SELECT count(*) FROM codings WHERE code_id = ?').pluck().get(codeId(s.db, 'Money'))).toBe(0);
    const again = mergeIncoming(s.db, await loadIncoming(benPath, s.path, 'Ana'), { dryRun: true });
    expect(again.reviews).toEqual([]);
    expect(again.summary.added.codings).toBe(0);
    s.close();
  });

  it('keeps this project’s values when the copies disagree, and reports the conflict', async () => {
    const { mainPath, benPath } = teamCopies();
    const ben = ProjectSession.open(benPath, 'Ben');
    upsertCase(ben.db, 'Lea', { Age: { value: '35', kind: 'number' } });
    ben.close();
    const s = ProjectSession.open(mainPath, 'Ana');
    const { summary } = mergeIncoming(s.db, await loadIncoming(benPath, s.path, 'Ana'));
    expect(summary.conflicts).toEqual(['Case “Lea”, attribute “Age”: this project has “34”, “study-ben.weft” has “35”; kept “34”.']);
    expect(s.db.prepare("SELECT v.value FROM case_attribute_values v JOIN cases c ON c.id = v.case_id WHERE c.name = 'Lea'").pluck().get()).toBe('34');
    s.close();
  });

  it('writes nothing when the merge fails part-way', async () => {
    const { mainPath, benPath } = teamCopies();
    const s = ProjectSession.open(mainPath, 'Ana');
    const before = counts(s.db);
    // A real failure inside the transaction, after documents, codes and coders were written.
    s.db.exec("CREATE TRIGGER fail_codings BEFORE INSERT ON codings BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    await expect(loadIncoming(benPath, s.path, 'Ana').then((p) => mergeIncoming(s.db, p))).rejects.toThrow(/disk full/);
    expect(counts(s.db)).toEqual(before);
    expect(count(s.db, 'merge_aliases')).toBe(0);
    s.close();
  });

  it('refuses to merge the project into itself and files that are not projects', async () => {
    const { mainPath, dir } = teamCopies();
    await expect(loadIncoming(mainPath, mainPath, 'Ana')).rejects.toThrow(/the open project itself/);
    const junk = join(dir, 'notes.weft');
    copyFileSync(new URL('./merge.test.ts', import.meta.url).pathname, junk);
    await expect(loadIncoming(junk, mainPath, 'Ana')).rejects.toThrow(/neither a Weft project/);
  });
});

describe.skipIf(!HAS_REFI)('merging a REFI-QDA project (.qdpx) from another tool [interop]', () => {
  const QDPX = join(SAMPLES, 'qc-1.3.2/demo.qdpx');

  it('imports it through the REFI-QDA importer and merges it; merging it twice adds nothing', async () => {
    const s = ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');
    const first = mergeIncoming(s.db, await loadIncoming(QDPX, s.path, 'Ana'));
    expect(first.summary.format).toBe('qdpx');
    expect(first.summary.added.documents).toBeGreaterThan(0);
    expect(first.summary.added.codings).toBeGreaterThan(0);
    expect(first.summary.added.codes).toBeGreaterThan(0);
    const after = counts(s.db);
    expect(after.codings).toBe(first.summary.added.codings);
    const second = mergeIncoming(s.db, await loadIncoming(QDPX, s.path, 'Ana'));
    expect(Object.values(second.summary.added).every((n) => n === 0)).toBe(true);
    expect(second.reviews).toEqual([]);
    expect(counts(s.db)).toEqual({ ...after, merges: 2 });
    s.close();
  });
});
