/** Coding workspace store operations on real project files: undo/redo, merge, split, delete, extracts, memos, codebook CSV. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, useTempDir } from '../../tests/support/temp';
import { parsePlainText } from '../../shared/import/plain-text';
import { createDispatcher } from '../ipc/dispatch';
import { AppService } from './app-service';
import { codeDeleteImpact, codePaths, listCodes } from './codes';
import { listCodingsByDocument } from './codings';
import * as workspace from './coding-workspace';
import { deleteDocument, insertDocument } from './documents';
import { listExtracts } from './extracts';
import { createMemo, deleteMemo, listMemos, searchMemos, updateMemo } from './memos';
import { ProjectSession } from './project-session';
import { linkSpeakersToCases, upsertCase } from './cases';
import { historyOf } from './undo';

/** Each workspace change as one undo step, as the API wrapper (undo-steps.ts) runs it. */
const asStep =
  <A extends unknown[], R>(change: (db: ProjectSession['db'], ...args: A) => R) =>
  (db: ProjectSession['db'], ...args: A): R =>
    historyOf(db).run('unnamed step', () => change(db, ...args));
const applyCodeStep = asStep(workspace.applyCodeStep);
const applyNamedCodeStep = asStep(workspace.applyNamedCodeStep);
const createCodeStep = asStep(workspace.createCodeStep);
const deleteCodeStep = asStep(workspace.deleteCodeStep);
const deleteCodingStep = asStep(workspace.deleteCodingStep);
const importCodebookStep = asStep(workspace.importCodebookStep);
const mergeCodesStep = asStep(workspace.mergeCodesStep);
const moveCodeStep = asStep(workspace.moveCodeStep);
const moveCodingsStep = asStep(workspace.moveCodingsStep);
const updateCodeStep = asStep(workspace.updateCodeStep);
const updateCodingStep = asStep(workspace.updateCodingStep);


const tempDir = useTempDir();

const TEXT = [
  'Interviewer: How did the first week feel?',
  'Amira: Honestly, I felt like I knew nothing. Everyone trusted me anyway 🌉.',
  'Ben: I trusted my mentor from day one, and she trusted me back.',
].join('\n');

function setup() {
  const s = ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');
  const docId = s.transaction(() => {
    upsertCase(s.db, 'Amira', { role: { value: 'nurse', kind: 'text' }, site: { value: 'North', kind: 'text' } });
    upsertCase(s.db, 'Ben', { role: { value: 'mentor', kind: 'text' }, site: { value: 'South', kind: 'text' } });
    const id = insertDocument(s.db, parsePlainText(TEXT, 'UTF-8'), { name: 'Ward interviews', sourceName: null, coderId: null });
    linkSpeakersToCases(s.db, id);
    return id;
  });
  const at = (phrase: string, occurrence = 0) => {
    let i = -1;
    for (let k = 0; k <= occurrence; k++) i = TEXT.indexOf(phrase, i + 1);
    if (i < 0) throw new Error(`no ${phrase}`);
    return { documentId: docId, start: i, end: i + phrase.length, coderId: s.coderId() };
  };
  return { s, db: s.db, docId, at };
}

/** Every row of the tracked tables, for exact before/after comparison. */
function snapshot(db: ProjectSession['db']) {
  const all = (t: string) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
  return { codes: all('codes'), codings: all('codings'), memos: all('memos'), themes: all('themes'), theme_codes: all('theme_codes') };
}

describe('undo/redo', () => {
  it('undoes and redoes every kind of step exactly, with the same ids and GUIDs', () => {
    const { s, db, docId, at } = setup();
    const h = historyOf(db);
    const labels: string[] = [];
    /** Runs one step, then checks Undo returns to the state before it and Redo to the state after it. */
    const step = <T>(fn: () => T): T => {
      const before = snapshot(db);
      const result = fn();
      const after = snapshot(db);
      expect(after).not.toEqual(before);
      const label = h.state().undoLabel!;
      labels.push(label);
      expect(h.undo().label).toBe(label);
      expect(snapshot(db)).toEqual(before);
      expect(h.state().redoLabel).toBe(label);
      expect(h.redo().label).toBe(label);
      expect(snapshot(db)).toEqual(after);
      return result;
    };
    const memo = (target: Parameters<typeof createMemo>[1]['target'], body: string) =>
      historyOf(db).run('Add memo', () => createMemo(db, { target, body, coderId: s.coderId() }));
    const trust = step(() => createCodeStep(db, { name: 'Trust' }));
    const rapport = step(() => createCodeStep(db, { name: 'Rapport', definition: 'Warmth' }));
    step(() => updateCodeStep(db, trust.id, { name: 'Trusting', color: '#123456' }));
    step(() => updateCodeStep(db, trust.id, { color: '#654321' }));
    step(() => updateCodeStep(db, trust.id, { definition: 'd', inclusion: 'i', exclusion: 'e', example: 'x' }));
    step(() => moveCodeStep(db, trust.id, rapport.id, 0));
    const k = step(() => applyCodeStep(db, { ...at('Everyone trusted me anyway 🌉'), codeId: trust.id }));
    step(() => updateCodingStep(db, k.id, at('trusted me anyway 🌉').start, at('trusted me anyway 🌉').end));
    step(() => applyNamedCodeStep(db, { ...at('I felt like I knew nothing'), name: 'I felt like I knew nothing', inVivo: true }));
    step(() => applyNamedCodeStep(db, { ...at('my mentor'), name: 'Mentoring', parentId: rapport.id }));
    const m = step(() => memo({ kind: 'coding', id: k.id }, 'key moment'));
    step(() => historyOf(db).run('Edit memo', () => updateMemo(db, m.id, { body: 'the key moment' })));
    step(() => memo({ kind: 'project' }, 'journal'));
    step(() => memo({ kind: 'document', id: docId }, 'on the ward'));
    step(() => moveCodingsStep(db, { ids: [k.id], newCode: { name: 'Being trusted' } }));
    step(() => mergeCodesStep(db, trust.id, rapport.id));
    step(() => deleteCodingStep(db, listCodingsByDocument(db, docId)[0]!.id));
    step(() => importCodebookStep(db, 'book.csv', new TextEncoder().encode('category,topic\nFeelings,Fear\nFeelings,Relief\n')));
    step(() => historyOf(db).run('Delete memo', () => deleteMemo(db, m.id)));
    step(() => deleteCodeStep(db, rapport.id));
    expect(labels).toEqual([
      'Create code Trust',
      'Create code Rapport',
      'Rename Trust to Trusting',
      'Change colour of Trusting',
      'Edit code Trusting',
      'Move code Trusting',
      'Apply Trusting',
      'Adjust Trusting coding',
      'In-vivo code I felt like I knew nothing',
      'Create and apply Mentoring',
      'Add memo',
      'Edit memo',
      'Add memo',
      'Add memo',
      'Move 1 coding to Being trusted',
      'Merge Trusting into Rapport',
      'Remove I felt like I knew nothing coding',
      'Import codebook book.csv',
      'Delete memo',
      'Delete code Rapport',
    ]);
    // and the whole session unwinds to an empty codebook
    while (h.state().canUndo) h.undo();
    expect(snapshot(db)).toEqual({ codes: [], codings: [], memos: [], themes: [], theme_codes: [] });
    s.close();
  });

  it('restores a deleted code with its codings, sub-codes and memos (cascade) and redoes the delete', () => {
    const { s, db, docId, at } = setup();
    const parent = createCodeStep(db, { name: 'Relationship' });
    const child = createCodeStep(db, { name: 'Trust', parentId: parent.id });
    const k1 = applyCodeStep(db, { ...at('Everyone trusted me anyway'), codeId: child.id });
    const k2 = applyCodeStep(db, { ...at('I trusted my mentor'), codeId: parent.id });
    historyOf(db).run('Add memo', () => createMemo(db, { target: { kind: 'coding', id: k1.id }, body: 'on the coding', coderId: s.coderId() }));
    historyOf(db).run('Add memo', () => createMemo(db, { target: { kind: 'code', id: child.id }, body: 'on the code', coderId: s.coderId() }));
    db.prepare("INSERT INTO themes (id, guid, name, created_at, updated_at) VALUES (50, 'g-theme', 'Belonging', 'x', 'x')").run();
    db.prepare('INSERT INTO theme_codes (theme_id, code_id) VALUES (50, ?)').run(child.id);
    historyOf(db).state(); // those two raw inserts were outside any step: history is cleared
    expect(historyOf(db).state()).toMatchObject({ canUndo: false });

    const before = snapshot(db);
    expect(codeDeleteImpact(db, parent.id)).toMatchObject({ codings: 2, documents: 1, subCodes: 1, memos: 2, themes: 1, path: 'Relationship' });
    deleteCodeStep(db, parent.id);
    expect(db.prepare('SELECT count(*) FROM codings').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM memos').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM theme_codes').pluck().get()).toBe(0);
    expect(historyOf(db).state()).toEqual({ canUndo: true, canRedo: false, undoLabel: 'Delete code Relationship', redoLabel: null });

    const undone = historyOf(db).undo();
    expect(undone.label).toBe('Delete code Relationship');
    expect(new Set(undone.changed)).toEqual(new Set(['codes', 'codings', 'memos', 'theme_codes']));
    expect(snapshot(db)).toEqual(before);
    expect(listCodingsByDocument(db, docId).map((k) => [k.id, k.guid])).toEqual(
      [k1, k2].sort((a, b) => a.start - b.start).map((k) => [k.id, k.guid]),
    );
    expect(historyOf(db).state()).toEqual({ canUndo: false, canRedo: true, undoLabel: null, redoLabel: 'Delete code Relationship' });

    historyOf(db).redo();
    expect(listCodes(db)).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM memos').pluck().get()).toBe(0);
    historyOf(db).undo();
    expect(snapshot(db)).toEqual(before);
    s.close();
  });

  it('walks back through a whole session and forward again to the same states', () => {
    const { s, db, at } = setup();
    const h = historyOf(db);
    const states = [snapshot(db)];
    const trust = createCodeStep(db, { name: 'Trust' });
    states.push(snapshot(db));
    const k = applyCodeStep(db, { ...at('Everyone trusted me anyway 🌉'), codeId: trust.id });
    states.push(snapshot(db));
    updateCodingStep(db, k.id, at('trusted me').start, at('trusted me').end);
    states.push(snapshot(db));
    const other = createCodeStep(db, { name: 'Confidence' });
    states.push(snapshot(db));
    applyCodeStep(db, { ...at('trusted my mentor'), codeId: other.id });
    states.push(snapshot(db));
    moveCodingsStep(db, { ids: [k.id], codeId: other.id });
    states.push(snapshot(db));
    updateCodeStep(db, other.id, { definition: 'Belief in oneself', inclusion: 'x', exclusion: 'y', example: 'z' });
    states.push(snapshot(db));
    mergeCodesStep(db, other.id, trust.id);
    states.push(snapshot(db));
    historyOf(db).run('Add memo', () => createMemo(db, { target: { kind: 'project' }, body: 'journal', coderId: s.coderId() }));
    states.push(snapshot(db));

    for (let i = states.length - 1; i > 0; i--) {
      h.undo();
      expect(snapshot(db)).toEqual(states[i - 1]);
    }
    expect(() => h.undo()).toThrow(/nothing to undo/);
    for (let i = 1; i < states.length; i++) {
      h.redo();
      expect(snapshot(db)).toEqual(states[i]);
    }
    expect(() => h.redo()).toThrow(/nothing to redo/);
    // a new step after an undo drops the redo branch
    h.undo();
    createCodeStep(db, { name: 'Fresh' });
    expect(h.state()).toMatchObject({ canRedo: false, undoLabel: 'Create code Fresh' });
    s.close();
  });

  it('a failed step records nothing and leaves the history as it was', () => {
    const { s, db } = setup();
    createCodeStep(db, { name: 'Trust' });
    expect(() => createCodeStep(db, { name: 'Trust' })).toThrow(/already exists/);
    expect(historyOf(db).state().undoLabel).toBe('Create code Trust');
    historyOf(db).undo();
    expect(listCodes(db)).toEqual([]);
    s.close();
  });

  it('changes made outside the undo history (deleting a document) clear it instead of corrupting the project', () => {
    const { s, db, docId, at } = setup();
    const trust = createCodeStep(db, { name: 'Trust' });
    applyCodeStep(db, { ...at('Everyone trusted me anyway'), codeId: trust.id });
    deleteDocument(db, docId); // cascades to the coding, outside any step
    expect(historyOf(db).state()).toEqual({ canUndo: false, canRedo: false, undoLabel: null, redoLabel: null });
    expect(() => historyOf(db).undo()).toThrow(/nothing to undo/);
    s.close();
  });

  it('an undo that no longer fits the project is refused, changes nothing and clears the history', () => {
    const { s, db, docId, at } = setup();
    const trust = createCodeStep(db, { name: 'Trust' });
    const k = applyCodeStep(db, { ...at('Everyone trusted me anyway'), codeId: trust.id });
    deleteCodingStep(db, k.id);
    deleteDocument(db, docId); // touches no tracked row: the history cannot notice
    const before = snapshot(db);
    expect(() => historyOf(db).undo()).toThrow(/Cannot undo “Remove Trust coding”.*Nothing was changed/);
    expect(snapshot(db)).toEqual(before);
    expect(historyOf(db).state().canUndo).toBe(false);
    s.close();
  });

  it('is reachable through the API: undo.state, undo.undo and undo.redo report what changed', async () => {
    const app = new AppService({ host: 'cli', dataDir: tempDir() });
    app.createProject(join(tempDir(), 'api.weft'));
    const call = createDispatcher(app.handlers, () => {});
    const ok = async (m: string, input: unknown) => {
      const r = await call(m, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as never;
    };
    const code = (await ok('codes.create', { name: 'Trust' })) as { id: number };
    expect(await ok('undo.state', {})).toEqual({ canUndo: true, canRedo: false, undoLabel: 'Create code Trust', redoLabel: null });
    const undone = (await ok('undo.undo', {})) as { label: string; changed: string[] };
    expect(undone).toMatchObject({ label: 'Create code Trust', changed: ['codes'], state: { canRedo: true, redoLabel: 'Create code Trust' } });
    expect(await ok('codes.list', {})).toEqual([]);
    await ok('undo.redo', {});
    expect(((await ok('codes.list', {})) as { id: number }[]).map((c) => c.id)).toEqual([code.id]);
    const nothing = await call('undo.redo', {});
    expect(nothing).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'There is nothing to redo.' } });
    app.shutdown();
  });
});

describe('codebook operations', () => {
  it('merges two codes: codings move, exact duplicates collapse with their memos, code memos and sub-codes kept, source deleted', () => {
    const { s, db, docId, at } = setup();
    const a = createCodeStep(db, { name: 'Trust', definition: 'Trust between people' });
    const aChild = createCodeStep(db, { name: 'Mutual', parentId: a.id });
    const b = createCodeStep(db, { name: 'Confidence' });
    const bChild = createCodeStep(db, { name: 'Mutual', parentId: b.id });
    const shared = at('Everyone trusted me anyway');
    const dupA = applyCodeStep(db, { ...shared, codeId: a.id });
    const keepB = applyCodeStep(db, { ...shared, codeId: b.id });
    const onlyA = applyCodeStep(db, { ...at('I trusted my mentor'), codeId: a.id });
    const childA = applyCodeStep(db, { ...at('she trusted me back'), codeId: aChild.id });
    historyOf(db).run('memo', () => createMemo(db, { target: { kind: 'coding', id: dupA.id }, body: 'dup memo', coderId: s.coderId() }));
    historyOf(db).run('memo', () => createMemo(db, { target: { kind: 'code', id: a.id }, body: 'code memo', coderId: s.coderId() }));
    const before = snapshot(db);

    const r = mergeCodesStep(db, a.id, b.id);
    expect(r).toMatchObject({ moved: 2, collapsed: 1, memosMoved: 2 });
    expect(r.target).toMatchObject({ id: b.id, name: 'Confidence', definition: 'Trust between people' });
    const codings = listCodingsByDocument(db, docId);
    expect(codings.map((k) => [k.id, k.codeId]).sort()).toEqual(
      [
        [keepB.id, b.id],
        [onlyA.id, b.id],
        [childA.id, bChild.id],
      ].sort(),
    );
    expect([...codePaths(db).values()].sort()).toEqual(['Confidence', 'Confidence/Mutual']);
    const memos = listMemos(db);
    expect(memos.map((m) => [m.body, m.target.kind, m.target.id]).sort()).toEqual(
      [
        ['code memo', 'code', b.id],
        ['dup memo', 'coding', keepB.id],
      ].sort(),
    );
    expect(() => mergeCodesStep(db, b.id, bChild.id)).toThrow(/sub-code/);
    expect(() => mergeCodesStep(db, b.id, b.id)).toThrow(/into itself/);

    historyOf(db).undo();
    expect(snapshot(db)).toEqual(before);
    s.close();
  });

  it('splits a code by moving selected codings to a new code, collapsing exact duplicates', () => {
    const { s, db, docId, at } = setup();
    const trust = createCodeStep(db, { name: 'Trust' });
    const given = createCodeStep(db, { name: 'Trust given' });
    const k1 = applyCodeStep(db, { ...at('Everyone trusted me anyway'), codeId: trust.id });
    const k2 = applyCodeStep(db, { ...at('I trusted my mentor'), codeId: trust.id });
    const k3 = applyCodeStep(db, { ...at('she trusted me back'), codeId: trust.id });
    applyCodeStep(db, { ...at('she trusted me back'), codeId: given.id });

    const r = moveCodingsStep(db, { ids: [k1.id, k3.id], newCode: { name: 'Being trusted', parentId: trust.id } });
    expect(r).toMatchObject({ createdCode: true, moved: 2, collapsed: 0 });
    expect(codePaths(db).get(r.code.id)).toBe('Trust/Being trusted');
    const byCode = (id: number) => listCodingsByDocument(db, docId).filter((k) => k.codeId === id).map((k) => k.id);
    expect(byCode(r.code.id).sort()).toEqual([k1.id, k3.id].sort());
    expect(byCode(trust.id)).toEqual([k2.id]);
    // moving onto a code that already has the same span collapses it
    const m = moveCodingsStep(db, { ids: [k3.id], codeId: given.id });
    expect(m).toMatchObject({ moved: 0, collapsed: 1 });
    expect(byCode(given.id)).toHaveLength(1);
    expect(listCodes(db).find((c) => c.id === trust.id)).toMatchObject({ codings: 2, documents: 1 }); // k1 (sub-code) and k2
    s.close();
  });

  it('applies Parent/Child when the parent does not exist: both codes are created, parent first, in one undo step', () => {
    const { s, db, docId, at } = setup();
    const rapport = createCodeStep(db, { name: 'Rapport' });
    const r = applyNamedCodeStep(db, { ...at('I trusted my mentor'), name: 'Mentor 🌉', parentPath: ['Rapport', 'Trust ٱلثقة'] });
    expect(r.createdCode).toBe(true);
    expect(codePaths(db).get(r.code.id)).toBe('Rapport/Trust ٱلثقة/Mentor 🌉');
    const middle = listCodes(db).find((c) => c.name === 'Trust ٱلثقة')!;
    expect(middle.parentId).toBe(rapport.id); // the existing parent is reused, not duplicated
    expect(listCodes(db)).toHaveLength(3);
    expect(listCodingsByDocument(db, docId).map((k) => k.codeId)).toEqual([r.code.id]);
    expect(historyOf(db).state().undoLabel).toBe('Create and apply Rapport/Trust ٱلثقة/Mentor 🌉');
    historyOf(db).undo(); // one step: both new codes and the coding go
    expect(listCodes(db).map((c) => c.name)).toEqual(['Rapport']);
    expect(listCodingsByDocument(db, docId)).toEqual([]);
    historyOf(db).redo();
    expect(codePaths(db).get(r.code.id)).toBe('Rapport/Trust ٱلثقة/Mentor 🌉');
    s.close();
  });

  it('moves codes to nest and reorder them, refusing cycles and name clashes', () => {
    const { s, db } = setup();
    const [a, b, c] = ['A', 'B', 'C'].map((name) => createCodeStep(db, { name }));
    const order = () => listCodes(db).filter((x) => x.parentId === null).map((x) => x.name);
    expect(order()).toEqual(['A', 'B', 'C']);
    moveCodeStep(db, c!.id, null, 0);
    expect(order()).toEqual(['C', 'A', 'B']);
    moveCodeStep(db, c!.id, a!.id, 0);
    expect(codePaths(db).get(c!.id)).toBe('A/C');
    expect(() => moveCodeStep(db, a!.id, c!.id, 0)).toThrow(/under itself/);
    createCodeStep(db, { name: 'C' });
    expect(() => moveCodeStep(db, c!.id, null, 0)).toThrow(/already exists there/);
    historyOf(db).undo();
    historyOf(db).undo();
    expect(codePaths(db).get(c!.id)).toBe('C');
    expect(order()).toEqual(['C', 'A', 'B']);
    void b;
    s.close();
  });

  it('imports the real taxonomy CSV as 8 parent codes with 40 children, and a second import adds nothing', () => {
    const { s, db } = setup();
    const bytes = readFileSync(join(FIXTURES, 'coaching-topics.csv'));
    const r = importCodebookStep(db, 'coaching-topics.csv', bytes);
    expect(r.created).toHaveLength(48);
    const codes = listCodes(db);
    const parents = codes.filter((c) => c.parentId === null);
    expect(parents).toHaveLength(8);
    expect(codes.filter((c) => c.parentId !== null)).toHaveLength(40);
    expect(codes.every((c) => c.parentId === null || parents.some((p) => p.id === c.parentId))).toBe(true);
    expect(codePaths(db).get(codes.find((c) => c.name === 'Delegating')!.id)).toBe('A. Leading people/Delegating');
    const again = importCodebookStep(db, 'coaching-topics.csv', bytes);
    expect(again.created).toEqual([]);
    expect(again.existing).toHaveLength(48);
    expect(() => importCodebookStep(db, 'bad.csv', new TextEncoder().encode('weight,height\n1,2\n'))).toThrow(/no column naming the codes/);
    historyOf(db).undo(); // the second import changed nothing, so this undoes the first
    expect(listCodes(db)).toEqual([]);
    s.close();
  });
});

describe('extracts', () => {
  it('lists coded extracts with document, code path, speaker, participant, role and context; filters by code, document, coder and attribute', () => {
    const { s, db, docId, at } = setup();
    const rel = createCodeStep(db, { name: 'Relationship' });
    const trust = createCodeStep(db, { name: 'Trust', parentId: rel.id });
    const doubt = createCodeStep(db, { name: 'Doubt' });
    applyCodeStep(db, { ...at('Everyone trusted me anyway 🌉'), codeId: trust.id });
    applyCodeStep(db, { ...at('I trusted my mentor'), codeId: rel.id });
    applyCodeStep(db, { ...at('I felt like I knew nothing'), codeId: doubt.id });
    const other = ProjectSession.open(s.path, 'Bo');
    applyCodeStep(other.db, { ...at('she trusted me back'), coderId: other.coderId(), codeId: trust.id });
    other.close();
    const docId2 = insertDocument(db, parsePlainText('No speakers here, only trust.', 'UTF-8'), { name: 'Notes', sourceName: null, coderId: null });
    applyCodeStep(db, { documentId: docId2, start: 23, end: 28, coderId: s.coderId(), codeId: trust.id });

    const all = listExtracts(db, { codeIds: [rel.id] });
    expect(all.map((e) => [e.document, e.code, e.coder, e.text, e.speaker, e.participant, e.role])).toEqual([
      ['Ward interviews', 'Relationship/Trust', 'Ana', 'Everyone trusted me anyway 🌉', 'Amira', 'Amira', 'nurse'],
      ['Ward interviews', 'Relationship', 'Ana', 'I trusted my mentor', 'Ben', 'Ben', 'mentor'],
      ['Ward interviews', 'Relationship/Trust', 'Bo', 'she trusted me back', 'Ben', 'Ben', 'mentor'],
      ['Notes', 'Relationship/Trust', 'Ana', 'trust', null, null, null],
    ]);
    for (const e of all) expect(e.text).toBe((e.documentId === docId ? TEXT : 'No speakers here, only trust.').slice(e.start, e.end));
    expect(all[0]!.before).toBe('Amira: Honestly, I felt like I knew nothing. ');
    expect(all[0]!.after).toBe('.');
    expect(all[1]!.before).toBe('Ben: ');

    expect(listExtracts(db, { codeIds: [rel.id], includeChildren: false }).map((e) => e.text)).toEqual(['I trusted my mentor']);
    expect(listExtracts(db, { codeIds: [rel.id], documentIds: [docId2] }).map((e) => e.text)).toEqual(['trust']);
    const bo = db.prepare("SELECT id FROM coders WHERE name = 'Bo'").pluck().get() as number;
    expect(listExtracts(db, { codeIds: [rel.id], coderIds: [bo] }).map((e) => e.text)).toEqual(['she trusted me back']);
    expect(listExtracts(db, { caseAttribute: { name: 'Role', value: 'NURSE' } }).map((e) => e.text)).toEqual([
      'I felt like I knew nothing',
      'Everyone trusted me anyway 🌉',
    ]);
    expect(listExtracts(db, { codeIds: [doubt.id, trust.id], caseAttribute: { name: 'site', value: 'South' } }).map((e) => e.text)).toEqual([
      'she trusted me back',
    ]);
    expect(listExtracts(db, { codeIds: [] })).toEqual([]);
    expect(listExtracts(db, { context: 5, codeIds: [doubt.id] })[0]).toMatchObject({ before: '', after: '.' });
    s.close();
  });
});

describe('memos', () => {
  it('attaches memos to the project, documents, codes and codings, labels their targets and finds them by search', () => {
    const { s, db, docId, at } = setup();
    const trust = createCodeStep(db, { name: 'Trust' });
    const k = applyCodeStep(db, { ...at('Everyone trusted me anyway 🌉'), codeId: trust.id });
    const add = (target: Parameters<typeof createMemo>[1]['target'], body: string, title = '') =>
      createMemo(db, { target, body, title, coderId: s.coderId() });
    add({ kind: 'project' }, 'I began with assumptions about nurses’ résumés.', 'Reflexive journal');
    add({ kind: 'document' as const, id: docId }, 'Recorded on the ward.');
    add({ kind: 'code' as const, id: trust.id }, 'Check against Rapport.');
    add({ kind: 'coding' as const, id: k.id }, 'Turning point for Amira.');
    expect(() => add({ kind: 'code', id: 999 }, 'x')).toThrow(/no code with id 999/);

    expect(listMemos(db, { kind: 'project' }).map((m) => m.title)).toEqual(['Reflexive journal']);
    const onCoding = listMemos(db, { kind: 'coding', id: k.id })[0]!;
    expect(onCoding.target).toMatchObject({ kind: 'coding', id: k.id, label: 'Trust in Ward interviews: “Everyone trusted me anyway 🌉”', documentId: docId });
    expect(listMemos(db, { kind: 'document', id: docId })[0]!.target.label).toBe('Ward interviews');
    expect(listMemos(db)).toHaveLength(4);

    expect(searchMemos(db, 'RESUME').map((h) => h.title)).toEqual(['Reflexive journal']); // case- and accent-insensitive
    expect(searchMemos(db, 'résumés')[0]!.snippet).toContain('résumés');
    expect(searchMemos(db, 'turning amira').map((h) => h.body)).toEqual(['Turning point for Amira.']);
    expect(searchMemos(db, 'trust').map((h) => h.target.kind).sort()).toEqual(['code', 'coding']); // matches target labels
    expect(searchMemos(db, '   ')).toEqual([]);
    s.close();
  });
});
