/**
 * Undo is declared once, in the contract: every changing method declares `{ undo }` or
 * `{ notUndoable }`, and every undoable change made through the real dispatcher on a real project
 * is one undo step whose undo restores every tracked table exactly.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_METHODS, contract, type ApiMethod } from '../../shared/api/contract';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import { TRACKED_TABLES } from '../../electron/services/undo';
import { useTempDir } from '../support/temp';
import { buildSmallProject } from '../fuzz/seeds';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { toneWav } from '../../shared/media/wav';

const tempDir = useTempDir();

function open() {
  const app = new AppService({ host: 'browser', dataDir: tempDir() });
  app.openSample();
  const call = createDispatcher(app.handlers, () => {});
  const ok = async <T = never>(m: string, input: unknown): Promise<T> => {
    const r = await call(m, input);
    if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
    return r.value as T;
  };
  /** One hash per tracked table over every row, in rowid order. */
  const hashes = () => {
    const db = app.current().db;
    return Object.fromEntries(
      TRACKED_TABLES.map((t) => [t, createHash('sha256').update(JSON.stringify(db.prepare(`SELECT rowid, * FROM ${t} ORDER BY rowid`).raw().all())).digest('hex')]),
    );
  };
  return { app, ok, hashes };
}

describe('undo declared in the contract', () => {
  it('every changing method declares an undo label or why it cannot be undone; no reading method does', () => {
    for (const m of API_METHODS) {
      const spec = contract[m];
      if (spec.mutates) expect(spec.history, `${m} declares no undo behaviour`).not.toBeNull();
      else expect(spec.history, `${m} only reads`).toBeNull();
      if (spec.history && 'notUndoable' in spec.history) expect(spec.history.notUndoable.length, `${m}: confirmation text`).toBeGreaterThan(20);
    }
  });

  it('a project setting (quote attributes) writes no tracked table and leaves Undo as it was', async () => {
    const settings = API_METHODS.filter((m) => { const h = contract[m].history; return h !== null && 'setting' in h; });
    expect(settings).toContain('settings.setQuoteAttributes');
    const { ok, hashes } = open();
    await ok('codes.create', { name: 'Before the setting' });
    const before = hashes();
    const shown = await ok<string[]>('settings.setQuoteAttributes', { attributes: [] });
    expect(shown).toEqual([]);
    expect(await ok<string[]>('settings.quoteAttributes', {})).toEqual([]);
    expect(hashes()).toEqual(before);
    const state = await ok<{ canUndo: boolean; undoLabel: string }>('undo.state', {});
    expect(state.canUndo).toBe(true);
    expect(state.undoLabel).toMatch(/Before the setting/);
  });

  it('the setting "exclude interviewer turns" writes no tracked table and leaves Undo as it was', async () => {
    const { ok, hashes } = open();
    await ok('codes.create', { name: 'Before the setting' });
    const before = hashes();
    expect(await ok<boolean>('settings.excludeInterviewer', {})).toBe(true);
    expect(await ok<boolean>('settings.setExcludeInterviewer', { exclude: false })).toBe(false);
    expect(await ok<boolean>('settings.excludeInterviewer', {})).toBe(false);
    expect(hashes()).toEqual(before);
    expect(await ok('undo.state', {})).toMatchObject({ canUndo: true, undoLabel: 'Create code Before the setting' });
  });

  it('auto-code with a new code: the code and its codings are one undo step; a taken name writes nothing', async () => {
    const { ok, hashes, app } = open();
    const start = hashes();
    const result = await ok<{ code: string; created: number }>('search.autoCode', { query: 'the', newCode: { name: 'Found by search 検索' }, scope: 'sentence' });
    expect(result.code).toBe('Found by search 検索');
    expect(result.created).toBeGreaterThan(0);
    const db = app.current().db;
    const codeId = db.prepare("SELECT id FROM codes WHERE name = 'Found by search 検索'").pluck().get() as number;
    expect(db.prepare('SELECT count(*) FROM codings WHERE code_id = ?').pluck().get(codeId)).toBe(result.created);
    expect(await ok('undo.state', {})).toMatchObject({ canUndo: true, undoLabel: 'Auto-code search hits' });
    await ok('undo.undo', {});
    expect(hashes()).toEqual(start);
    // a name already taken: refused, nothing written
    await ok('codes.create', { name: 'Taken' });
    const taken = hashes();
    await expect(ok('search.autoCode', { query: 'the', newCode: { name: 'Taken' }, scope: 'hit' })).rejects.toThrow(/already exists/);
    expect(hashes()).toEqual(taken);
    await expect(ok('search.autoCode', { query: 'the', scope: 'hit' })).rejects.toThrow(/Choose a code, or name a new one/);
  });

  it('create a code, then a theme: Undo undoes the theme, then the code', async () => {
    const { ok, hashes } = open();
    const start = hashes();
    const code = await ok<{ id: number }>('codes.create', { name: 'Undo probe' });
    const afterCode = hashes();
    await ok('themes.createFromCodes', { name: 'Probe theme', codeIds: [code.id] });
    expect(await ok('undo.state', {})).toMatchObject({ canUndo: true, undoLabel: 'Create theme Probe theme' });
    await ok('undo.undo', {});
    expect(hashes()).toEqual(afterCode);
    expect(await ok('undo.state', {})).toMatchObject({ canUndo: true, undoLabel: 'Create code Undo probe' });
    await ok('undo.undo', {});
    expect(hashes()).toEqual(start);
  });

  it('undoing a document delete brings the document back into full-text search', async () => {
    const { ok, hashes } = open();
    const docs = await ok<{ id: number; name: string }[]>('documents.list', {});
    const doc = docs[0]!;
    const text = (await ok<{ text: string }>('documents.get', { id: doc.id })).text;
    const word = text.match(/[A-Za-z]{7,}/)![0];
    const hitsBefore = JSON.stringify(await ok('search.query', { query: word }));
    const before = hashes();
    await ok('documents.delete', { id: doc.id });
    expect(await ok('undo.state', {})).toMatchObject({ canUndo: true, undoLabel: `Delete document ${doc.name}` });
    await ok('undo.undo', {});
    expect(hashes()).toEqual(before);
    expect(JSON.stringify(await ok('search.query', { query: word }))).toBe(hitsBefore);
  });

  it('an imported CJK document is found through the trigram index, and undoing its delete brings it back into search', async () => {
    const { ok, hashes } = open();
    const text = 'Interviewer: 你好吗？\nMei: 我们一起加油 🙂 慢慢来，加油';
    await ok('documents.importFiles', { files: [{ name: 'cjk.txt', base64: Buffer.from(text).toString('base64') }] });
    const doc = (await ok<{ id: number; name: string }[]>('documents.list', {})).find((d) => d.name.startsWith('cjk'))!;
    const stored = (await ok<{ text: string }>('documents.get', { id: doc.id })).text;
    const search = (q: string) => ok<{ hits: { documentId: number; start: number; end: number; match: string }[] }>('search.query', { query: q });
    const before = await search('加油');
    const mine = before.hits.filter((h) => h.documentId === doc.id);
    expect(mine.map((h) => [h.start, h.end, h.match])).toEqual([
      [stored.indexOf('加油'), stored.indexOf('加油') + 2, '加油'],
      [stored.lastIndexOf('加油'), stored.lastIndexOf('加油') + 2, '加油'],
    ]);
    const tables = hashes();
    await ok('documents.delete', { id: doc.id });
    expect((await search('加油')).hits.filter((h) => h.documentId === doc.id)).toEqual([]);
    await ok('undo.undo', {});
    expect(hashes()).toEqual(tables);
    expect(await search('加油')).toEqual(before);
    expect((await search('慢慢来')).hits.map((h) => h.match)).toEqual(['慢慢来']);
  });

  it('every undoable method, called through the dispatcher, is one step whose undo restores every tracked table', async () => {
    const { app, ok, hashes } = open();
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const codes = await ok<{ id: number; name: string; parentId: number | null }[]>('codes.list', {});
    const docs = await ok<{ id: number }[]>('documents.list', {});
    const tree = await ok<{ themes: { id: number; name: string; codes: { id: number }[] }[]; unthemed: { id: number }[] }>('themes.list', {});
    const [c1, c2] = codes.filter((c) => c.parentId !== null);
    const [t1, t2] = tree.themes.filter((t) => t.codes.length > 0);
        const doc = docs[0]!.id;
    const db = app.current().db;
    /** A coding of one of a theme's codes (a quote must be coded with one of them). */
    const codingOf = (t: { codes: { id: number }[] }) =>
      db
        .prepare(`SELECT id, start, "end" FROM codings WHERE code_id IN (${t.codes.map((c) => c.id).join(',')}) ORDER BY id LIMIT 1`)
        .get() as { id: number; start: number; end: number };
    const k = codingOf(t1!);
    const k2 = codingOf(t2!);
    const cases = await ok<{ id: number }[]>('cases.list', {});
    const attributes = await ok<{ id: number; scope: string; kind: string }[]>('attributes.list', {});
    const caseAttr = attributes.find((a) => a.scope === 'case' && a.kind === 'text') ?? attributes.find((a) => a.scope === 'case')!;
    const speaker = db.prepare('SELECT id FROM speakers WHERE document_id = ? LIMIT 1').pluck().get(doc) as number;
    // fixtures that the steps below change (made first, not part of any step checked)
    const memo = await ok<{ id: number }>('memos.create', { target: { kind: 'project' }, body: 'a memo to edit' });
    const docAttr = await ok<{ id: number }>('attributes.create', { name: 'Walk site', scope: 'document', kind: 'text' });
    const themeMemo = await ok<{ id: number }>('themes.saveMemo', { themeId: t1!.id, body: 'a theme memo' });
    await ok('quotes.mark', { themeId: t1!.id, codingId: k.id });
    await ok('themeMap.save', { positions: { [`theme:${t2!.id}`]: { x: 1, y: 2 } } });
    // a second coder's work, for consensus (merged first, not one of the steps checked)
    const second = join(tempDir(), 'second.weft');
    buildSmallProject(second, 'Bo').close();
    await ok('team.merge', { path: second });
    const coders = await ok<{ id: number; codings: number; isConsensus: boolean }[]>('team.coders', {});
    const [coderA, coderB] = coders.filter((c) => c.codings > 0 && !c.isConsensus);
    const consensus = await ok<{ consensus: { id: number }; items: { key: string; documentId: number }[] }>('team.consensusStart', { coderA: coderA!.id, coderB: coderB!.id });
    const item = consensus.items[0]!;
    const other = join(tempDir(), 'other.weft');
    buildSmallProject(other, 'Cy').close();
    const thirdCode = tree.unthemed[0]?.id ?? c2!.id;
    // a recording to link, and one already linked to unlink
    const recording = join(tempDir(), 'walk.wav');
    writeFileSync(recording, toneWav([{ ms: 300, hz: 440 }]));
    const linked = docs[docs.length - 1]!.id;
    await ok('media.link', { documentId: linked, path: recording });

    /** An input for every method declared `{ undo }`, on the sample project. */
    const walk: Partial<Record<ApiMethod, unknown>> = {
      'cases.create': { name: 'Walk participant' },
      'cases.update': { id: cases[0]!.id, patch: { description: 'walked' } },
      'cases.delete': { id: cases[0]!.id },
      'cases.setAttribute': { caseId: cases[0]!.id, attributeId: caseAttr.id, value: 'walked value' },
      'cases.linkDocument': { caseId: cases[0]!.id, documentId: docs[docs.length - 1]!.id, linked: true },
      'attributes.create': { name: 'Walk attr', scope: 'case', kind: 'text' },
      'attributes.update': { id: caseAttr.id, patch: { name: 'Walk renamed attr' } },
      'attributes.delete': { id: caseAttr.id },
      'documents.setAttribute': { documentId: doc, attributeId: docAttr.id, value: 'North' },
      'speakers.link': { speakerId: speaker, isInterviewer: true },
      'speakers.bulk': { speakerIds: db.prepare('SELECT id FROM speakers WHERE is_interviewer = 0 ORDER BY id LIMIT 2').pluck().all(), action: 'interviewer' },
      'sets.addDocuments': { documentIds: [doc, docs[1]!.id], newSetName: 'Walk set' },
      'search.autoCode': { query: 'the', codeId: c2!.id, scope: 'sentence' },
      'codes.create': { name: 'Walk code' },
      'codes.update': { id: c1!.id, patch: { name: 'Walk renamed' } },
      'codes.delete': { id: c1!.id },
      'codes.move': { id: c1!.id, parentId: null, index: 0 },
      'codes.merge': { sourceId: c1!.id, targetId: c2!.id },
      'codings.create': { documentId: doc, codeId: c2!.id, start: 0, end: 5 },
      'codings.createWithCode': { documentId: doc, start: 0, end: 5, name: 'Walk in vivo', inVivo: true },
      'codings.update': { id: k.id, start: k.start, end: Math.max(k.start + 1, k.end - 1) },
      'codings.delete': { id: k.id },
      'codings.move': { ids: [k.id], newCode: { name: 'Walk split' } },
      'memos.create': { target: { kind: 'project' }, body: 'walk memo' },
      'memos.update': { id: memo.id, body: 'edited' },
      'memos.delete': { id: memo.id },
      'documents.rename': { id: doc, name: 'Walk doc' },
      'documents.delete': { id: doc },
      'documents.updateSpeaker': { speakerId: speaker, newCaseName: 'Walk speaker participant' },
      'participants.importCsv': { name: 'participants.csv', base64: b64('participant,age\nWalker,41\n') },
      'exchange.importCodebook': { source: { name: 'book.csv', base64: b64('category,topic\nWalk,Three\n') } },
      'themes.create': { name: 'Walk theme' },
      'themes.update': { id: t1!.id, patch: { definition: 'walked' } },
      'themes.delete': { id: t1!.id },
      'themes.move': { id: t2!.id, parentId: t1!.id },
      'themes.assignCode': { themeId: t1!.id, codeId: thirdCode },
      'themes.unassignCode': { themeId: t1!.id, codeId: t1!.codes[0]!.id },
      'themes.moveCode': { codeId: t1!.codes[0]!.id, from: t1!.id, to: t2!.id },
      'themes.createFromCodes': { name: 'Walk from codes', codeIds: [thirdCode] },
      'themes.merge': { intoId: t1!.id, themeIds: [t2!.id] },
      'themes.split': { id: t1!.id, parts: [{ name: 'Walk part', codeIds: [t1!.codes[0]!.id] }] },
      'themes.importCsv': { name: 'themes.csv', base64: b64('theme,definition\nWalk imported,defined\n') },
      'themes.saveMemo': { themeId: t1!.id, body: 'walk theme memo' },
      'themes.deleteMemo': { memoId: themeMemo.id },
      'quotes.mark': { themeId: t2!.id, codingId: k2.id },
      'quotes.unmark': { themeId: t1!.id, codingId: k.id },
      'themeMap.save': { positions: { [`theme:${t1!.id}`]: { x: 10, y: 20 } } },
      'themeMap.reset': {},
      'phases.markRead': { documentId: doc, read: false },
      'media.link': { documentId: doc, path: recording, copy: true },
      'media.unlink': { documentId: linked },
      'turns.setTime': { turnId: app.current().db.prepare('SELECT id FROM turns ORDER BY id LIMIT 1').pluck().get(), beginMs: 61_000 },
      'team.merge': { path: other },
      'team.consensusStart': { coderA: coderA!.id, coderB: coderB!.id, name: 'Walk consensus' },
      'team.consensusDecide': { coderA: coderA!.id, coderB: coderB!.id, consensusId: consensus.consensus.id, documentId: item.documentId, key: item.key, decision: 'a' },
    };
    /** Undoable methods this walk cannot call on the sample alone, and why (each has its own test). */
    const notWalked: Partial<Record<ApiMethod, string>> = {
      'team.takeOverProvisional': 'needs work by the provisional “me” and an answer naming a coder: electron/services/provisional-coder.test.ts undoes and redoes it',
    };
    const undoable = API_METHODS.filter((m) => {
      const h = contract[m].history;
      return h !== null && 'undo' in h;
    });
    expect(undoable.filter((m) => !(m in walk) && !(m in notWalked)), 'undoable methods this walk does not exercise').toEqual([]);

    for (const method of undoable.filter((m) => m in walk)) {
      const before = hashes();
      await ok(method, walk[method]);
      const after = hashes();
      // the sample's coders agree nowhere: starting a new consensus set only adds its coder (coders are not tracked)
      if (method === 'team.consensusStart' && JSON.stringify(after) === JSON.stringify(before)) continue;
      expect(after, `${method} changed the project`).not.toEqual(before);
      expect((await ok<{ canUndo: boolean; undoLabel: string }>('undo.state', {})).canUndo, `${method} left an undo step`).toBe(true);
      await ok('undo.undo', {});
      expect(hashes(), `undo of ${method} restores every tracked table`).toEqual(before);
      await ok('undo.redo', {});
      expect(hashes(), `redo of ${method}`).toEqual(after);
      await ok('undo.undo', {});
    }
  });
});
