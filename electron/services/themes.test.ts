/** Theme operations on a real project file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, useTempDir } from '../../tests/support/temp';
import { parsePlainText } from '../../shared/import/plain-text';
import type { ThemeNode } from '../../shared/types/themes';
import { AppService } from './app-service';
import { createDispatcher } from '../ipc/dispatch';
import { groupExtracts } from '../../shared/themes/tree';
import { upsertCase, linkSpeakersToCases } from './cases';
import { createCode, deleteCode } from './codes';
import { createCoding, deleteCoding } from './codings';
import { cooccurrenceQuery } from './analysis/queries';
import { insertDocument } from './documents';
import { ProjectSession } from './project-session';
import { projectSummary } from './summary';
import {
  assignCode,
  createTheme,
  createThemeFromCodes,
  deleteTheme,
  getMapLayout,
  getTheme,
  importThemesCsv,
  listQuotes,
  listThemeTree,
  markDocumentRead,
  markQuote,
  mergeThemes,
  moveCode,
  moveTheme,
  phaseFacts,
  reviewTheme,
  saveMapLayout,
  saveThemeMemo,
  splitTheme,
  unassignCode,
  unmarkQuote,
  updateTheme,
} from './themes';

const tempDir = useTempDir();

/** A small project: two interviews, two participants (coach, client), five codes, one coding each and more. */
function fixture() {
  const s = ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');
  const db = s.db;
  const ids = s.transaction(() => {
    upsertCase(db, 'Samantha', { role: { value: 'client', kind: 'text' } });
    upsertCase(db, 'Dan', { role: { value: 'coach', kind: 'text' } });
    upsertCase(db, 'Tom', { role: { value: 'client', kind: 'text' } });
    const t1 = 'Interviewer: How was it?\nSamantha: The homework felt like just work. I did it on the train.\nInterviewer: And the name?\nSamantha: Calling it homework put me off 🙃 completely.';
    const t2 = 'Interviewer: How do you set tasks?\nDan: I will put out a message and let the client choose.\nDan: We agree it together, always.';
    const d1 = insertDocument(db, parsePlainText(t1, 'UTF-8'), { name: 'Samantha', sourceName: null, coderId: null });
    const d2 = insertDocument(db, parsePlainText(t2, 'UTF-8'), { name: 'Dan', sourceName: null, coderId: null });
    linkSpeakersToCases(db);
    db.prepare("UPDATE speakers SET is_interviewer = 1 WHERE label = 'Interviewer'").run();
    const parent = createCode(db, { name: 'Setting tasks' });
    const codes = {
      justWork: createCode(db, { name: 'Just work' }).id,
      naming: createCode(db, { name: 'Naming', definition: 'What the activity is called' }).id,
      client: createCode(db, { name: 'Client-led', parentId: parent.id }).id,
      together: createCode(db, { name: 'Collaborative', parentId: parent.id }).id,
      parent: parent.id,
    };
    const code = (doc: number, text: string, phrase: string, codeId: number) => {
      const start = text.indexOf(phrase);
      return createCoding(db, { documentId: doc, codeId, start, end: start + phrase.length, coderId: s.coderId() }).id;
    };
    const codings = {
      justWork: code(d1, t1, 'The homework felt like just work', codes.justWork),
      train: code(d1, t1, 'I did it on the train', codes.justWork),
      naming: code(d1, t1, 'Calling it homework put me off 🙃 completely', codes.naming),
      client: code(d2, t2, 'let the client choose', codes.client),
      together: code(d2, t2, 'We agree it together, always', codes.together),
    };
    return { codes, codings, docs: { d1, d2 } };
  });
  return { s, db, ...ids };
}

const names = (list: { name: string }[]) => list.map((x) => x.name);
const codeNames = (t: ThemeNode) => t.codes.map((c) => c.path);

describe('themes and codes (many-to-many) and the not-yet-themed bin', () => {
  it('a code may sit on several themes; unthemed codes stay in the bin; discarded themes do not theme a code', () => {
    const { s, db, codes } = fixture();
    expect(listThemeTree(db).unthemed.map((c) => c.path)).toEqual(['Setting tasks', 'Setting tasks/Client-led', 'Setting tasks/Collaborative', 'Just work', 'Naming']);
    const a = s.transaction(() => createThemeFromCodes(db, { name: 'Inter-sessional work or just work?', codeIds: [codes.justWork, codes.naming] }));
    const b = s.transaction(() => createThemeFromCodes(db, { name: 'What’s in a name?', codeIds: [codes.naming] }));
    let tree = listThemeTree(db);
    expect(names(tree.themes)).toEqual(['Inter-sessional work or just work?', 'What’s in a name?']);
    expect(codeNames(getTheme(db, a))).toEqual(['Just work', 'Naming']);
    expect(codeNames(getTheme(db, b))).toEqual(['Naming']);
    expect(tree.unthemed.map((c) => c.path)).toEqual(['Setting tasks', 'Setting tasks/Client-led', 'Setting tasks/Collaborative']);

    // a parent code brings its sub-codes along
    assignCode(db, b, codes.parent);
    expect(listThemeTree(db).unthemed).toEqual([]);
    unassignCode(db, b, codes.parent);
    // a grouping code without codings of its own is themed once all its children are
    assignCode(db, a, codes.client);
    expect(listThemeTree(db).unthemed.map((c) => c.path)).toEqual(['Setting tasks', 'Setting tasks/Collaborative']);
    assignCode(db, a, codes.together);
    expect(listThemeTree(db).unthemed).toEqual([]);

    updateTheme(db, a, { status: 'discarded' });
    tree = listThemeTree(db);
    expect(tree.unthemed.map((c) => c.path)).toEqual(['Setting tasks', 'Setting tasks/Client-led', 'Setting tasks/Collaborative', 'Just work']);
    s.close();
  });

  it('counts extracts, documents and participants per theme, including sub-themes and sub-codes', () => {
    const { s, db, codes } = fixture();
    const top = createThemeFromCodes(db, { name: 'To lead or to follow?', codeIds: [codes.parent] });
    const sub = createThemeFromCodes(db, { name: 'Just work', parentId: top, codeIds: [codes.justWork] });
    const t = getTheme(db, top);
    expect(t.children.map((c) => c.id)).toEqual([sub]);
    expect(t.totals).toEqual({ codes: 2, codings: 4, documents: 2, participants: 2 });
    expect(getTheme(db, sub).totals).toEqual({ codes: 1, codings: 2, documents: 1, participants: 1 });
    expect(t.codes[0]).toMatchObject({ path: 'Setting tasks', codings: 2, documents: 1 });
    s.close();
  });

  it('moves codes between themes, into and out of the bin, and reorders them', () => {
    const { s, db, codes } = fixture();
    const a = createThemeFromCodes(db, { name: 'A', codeIds: [codes.justWork, codes.naming] });
    const b = createTheme(db, { name: 'B' });
    moveCode(db, codes.naming, a, b);
    expect(codeNames(getTheme(db, a))).toEqual(['Just work']);
    expect(codeNames(getTheme(db, b))).toEqual(['Naming']);
    moveCode(db, codes.client, null, b, 0); // from the bin, to the front
    expect(codeNames(getTheme(db, b))).toEqual(['Setting tasks/Client-led', 'Naming']);
    moveCode(db, codes.naming, b, b, 0); // reorder
    expect(codeNames(getTheme(db, b))).toEqual(['Naming', 'Setting tasks/Client-led']);
    moveCode(db, codes.naming, b, null); // back to the bin
    expect(codeNames(getTheme(db, b))).toEqual(['Setting tasks/Client-led']);
    expect(listThemeTree(db).unthemed.map((c) => c.name)).toContain('Naming');
    expect(() => moveCode(db, codes.naming, b, a)).toThrow(/not on the theme “B”/);
    expect(() => assignCode(db, a, 9999)).toThrow(/no code with id 9999/);
    s.close();
  });

  it('refuses duplicate sibling names and cycles; deleting a theme lifts its sub-themes a level', () => {
    const { s, db, codes } = fixture();
    const a = createTheme(db, { name: 'A' });
    const a1 = createTheme(db, { name: 'A1', parentId: a });
    const a11 = createTheme(db, { name: 'A', parentId: a1 });
    expect(() => createTheme(db, { name: 'A' })).toThrow(/already exists at the top level/);
    expect(() => moveTheme(db, a, a11)).toThrow(/under itself/);
    expect(() => moveTheme(db, a11, null)).toThrow(/already exists/);
    assignCode(db, a1, codes.naming);
    deleteTheme(db, a1);
    const tree = listThemeTree(db);
    expect(names(tree.themes)).toEqual(['A']);
    expect(names(tree.themes[0]!.children)).toEqual(['A']);
    expect(tree.unthemed.map((c) => c.name)).toContain('Naming');
    updateTheme(db, a11, { name: 'A2' });
    moveTheme(db, a11, null, 0);
    expect(names(listThemeTree(db).themes)).toEqual(['A2', 'A']);
    s.close();
  });
});

describe('merge and split', () => {
  it('merges themes: codes, quotes, memos and sub-themes join the target; definitions are not lost', () => {
    const { s, db, codes, codings } = fixture();
    const a = createThemeFromCodes(db, { name: 'Added value', definition: 'The perceived value of tasks.', codeIds: [codes.justWork] });
    const b = createThemeFromCodes(db, { name: 'Negative effect', definition: 'When tasks feel like a burden.', codeIds: [codes.justWork, codes.naming] });
    const bSub = createTheme(db, { name: 'Added value', parentId: b });
    const c = createThemeFromCodes(db, { name: 'Empty', codeIds: [codes.client] });
    markQuote(db, a, codings.train);
    markQuote(db, b, codings.naming);
    saveThemeMemo(db, b, { body: 'Check with Dan’s account' }, s.coderId());
    s.transaction(() => mergeThemes(db, a, [b, c]));
    const merged = getTheme(db, a);
    expect(names(listThemeTree(db).themes)).toEqual(['Added value']);
    expect(codeNames(merged)).toEqual(['Just work', 'Naming', 'Setting tasks/Client-led']);
    expect(merged.quotes.map((q) => q.text)).toEqual(['I did it on the train', 'Calling it homework put me off 🙃 completely']);
    expect(merged.definition).toBe('The perceived value of tasks.');
    expect(merged.memos.map((m) => m.body)).toEqual(['Check with Dan’s account', 'When tasks feel like a burden.']);
    expect(merged.children.map((t) => [t.id, t.name])).toEqual([[bSub, 'Added value']]);
    expect(() => mergeThemes(db, bSub, [a])).toThrow(/cannot be merged into its own sub-theme/);
    s.close();
  });

  it('a failed merge writes nothing', () => {
    const { s, db, codes } = fixture();
    const a = createThemeFromCodes(db, { name: 'A', codeIds: [codes.justWork] });
    const b = createThemeFromCodes(db, { name: 'B', codeIds: [codes.naming] });
    expect(() => s.transaction(() => mergeThemes(db, a, [b, 424242]))).toThrow(/no theme with id 424242/);
    expect(names(listThemeTree(db).themes)).toEqual(['A', 'B']);
    expect(codeNames(getTheme(db, a))).toEqual(['Just work']);
    s.close();
  });

  it('splits a theme into siblings or sub-themes; codes and their quotes move to the new themes', () => {
    const { s, db, codes, codings } = fixture();
    const t = createThemeFromCodes(db, { name: 'Everything', codeIds: [codes.justWork, codes.naming, codes.client] });
    markQuote(db, t, codings.naming);
    markQuote(db, t, codings.train);
    const [named] = s.transaction(() => splitTheme(db, t, [{ name: 'What’s in a name?', definition: 'Terminology', codeIds: [codes.naming] }], false));
    expect(names(listThemeTree(db).themes)).toEqual(['Everything', 'What’s in a name?']);
    expect(codeNames(getTheme(db, t))).toEqual(['Just work', 'Setting tasks/Client-led']);
    expect(getTheme(db, named!).quotes.map((q) => q.text)).toEqual(['Calling it homework put me off 🙃 completely']);
    expect(getTheme(db, t).quotes.map((q) => q.text)).toEqual(['I did it on the train']);

    const [sub] = splitTheme(db, t, [{ name: 'Client-led', codeIds: [codes.client] }], true);
    expect(getTheme(db, t).children.map((c) => c.id)).toEqual([sub]);
    expect(() => splitTheme(db, t, [{ name: 'X', codeIds: [codes.naming] }], false)).toThrow(/not on the theme “Everything”/);
    expect(() => splitTheme(db, t, [{ name: 'X', codeIds: [codes.justWork] }, { name: 'Y', codeIds: [codes.justWork] }], false)).toThrow(/two new themes/);
    s.close();
  });
});

describe('reviewing a theme and its illustrative quotes', () => {
  it('lists every extract with its exact text, participant and attribution, and prevalence split by role', () => {
    const { s, db, codes, codings } = fixture();
    const t = createThemeFromCodes(db, { name: 'T', codeIds: [codes.naming, codes.parent, codes.justWork] });
    markQuote(db, t, codings.together);
    const r = reviewTheme(db, t);
    expect(r.extracts.map((e) => [e.codePath, e.text, e.attribution])).toEqual([
      ['Naming', 'Calling it homework put me off 🙃 completely', 'Samantha (client)'],
      ['Setting tasks/Client-led', 'let the client choose', 'Dan (coach)'],
      ['Setting tasks/Collaborative', 'We agree it together, always', 'Dan (coach)'],
      ['Just work', 'The homework felt like just work', 'Samantha (client)'],
      ['Just work', 'I did it on the train', 'Samantha (client)'],
    ]);
    expect(r.extracts.find((e) => e.codingId === codings.together)!.quote).toBe(1);
    expect(r.prevalence).toMatchObject({ participants: 2, totalParticipants: 3, documents: 2, totalDocuments: 2, codings: 5, attribute: 'role' });
    expect(r.prevalence.split).toEqual([
      { value: 'client', participants: 1, total: 2, codings: 3 },
      { value: 'coach', participants: 1, total: 1, codings: 2 },
    ]);
    expect(reviewTheme(db, t, null).prevalence.split).toEqual([]);
    s.close();
  });

  it('pages the extracts: the pages together are the whole review, in the order of its groups, with full counts', async () => {
    const { s, db, codes } = fixture();
    const t = createThemeFromCodes(db, { name: 'T', codeIds: [codes.naming, codes.parent, codes.justWork] });
    for (const groupBy of ['code', 'participant'] as const) {
      const whole = reviewTheme(db, t, undefined, { groupBy });
      expect(whole).toMatchObject({ total: 5, nextOffset: null, groupBy });
      const pages: string[] = [];
      let offset: number | null = 0;
      let calls = 0;
      while (offset !== null) {
        const page = reviewTheme(db, t, undefined, { groupBy, offset, limit: 2 });
        expect(page.extracts.length).toBeLessThanOrEqual(2);
        expect(page.total).toBe(5);
        // the groups and prevalence are the whole theme's on every page
        expect(page.groups).toEqual(whole.groups);
        expect(page.prevalence).toEqual(whole.prevalence);
        pages.push(...page.extracts.map((e) => e.text));
        offset = page.nextOffset;
        calls++;
      }
      expect(calls).toBe(3);
      expect(pages).toEqual(whole.extracts.map((e) => e.text));
      // each group's extracts are together, in the groups' order, and the counts are the groups' sizes
      const grouped = groupExtracts(whole.extracts, groupBy);
      expect(grouped.map((g) => [g.key, g.label, g.extracts.length])).toEqual(whole.groups.map((g) => [g.key, g.label, g.count]));
      expect(grouped.flatMap((g) => g.extracts.map((e) => e.text))).toEqual(pages);
    }
    expect(reviewTheme(db, t, undefined, { groupBy: 'participant' }).groups.map((g) => [g.label, g.count])).toEqual([
      ['Dan (coach)', 2],
      ['Samantha (client)', 3],
    ]);
    // past the end: an empty page
    expect(reviewTheme(db, t, undefined, { offset: 9, limit: 2 })).toMatchObject({ extracts: [], nextOffset: null, total: 5 });

    // over the API, as the review panel asks
    const app = new AppService({ host: 'browser', dataDir: tempDir() });
    s.close();
    app.openProject(s.path);
    const call = createDispatcher(app.handlers, () => {});
    const first = await call('themes.review', { id: t, limit: 2, groupBy: 'participant' });
    expect(first).toMatchObject({ ok: true, value: { total: 5, nextOffset: 2, groupBy: 'participant' } });
    expect(await call('themes.review', { id: t, limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    app.shutdown();
  });

  it('the kept totals follow the project: prevalence and co-occurrence change with the codings, and a write by another connection', () => {
    const { s, db, codes, codings, docs } = fixture();
    const t = createThemeFromCodes(db, { name: 'T', codeIds: [codes.naming, codes.parent, codes.justWork] });
    const cooccurrence = () => {
      const r = cooccurrenceQuery(db, {});
      const at = (a: number, b: number) => r.counts[r.codes.findIndex((c) => c.id === a)]?.[r.codes.findIndex((c) => c.id === b)] ?? 0;
      return { naming: at(codes.naming, codes.naming), pair: at(codes.naming, codes.justWork) };
    };
    expect(reviewTheme(db, t).prevalence).toMatchObject({ codings: 5, participants: 2 });
    expect(cooccurrence()).toEqual({ naming: 1, pair: 0 });
    // asked again with nothing written: the same answers
    expect(reviewTheme(db, t).prevalence).toMatchObject({ codings: 5, participants: 2 });
    expect(cooccurrenceQuery(db, {})).toBe(cooccurrenceQuery(db, {}));

    // a coding of Naming over "Dan"'s turn that overlaps Collaborative's: counted at once
    const t2 = 'Interviewer: How do you set tasks?\nDan: I will put out a message and let the client choose.\nDan: We agree it together, always.';
    const start = t2.indexOf('We agree');
    const added = createCoding(db, { documentId: docs.d2, codeId: codes.naming, start, end: start + 8, coderId: s.coderId() });
    expect(reviewTheme(db, t).prevalence).toMatchObject({ codings: 6, participants: 2 });
    expect(reviewTheme(db, t).prevalence.split).toEqual([
      { value: 'client', participants: 1, total: 2, codings: 3 },
      { value: 'coach', participants: 1, total: 1, codings: 3 },
    ]);
    expect(cooccurrence()).toEqual({ naming: 2, pair: 0 });

    // overlapping Just work's coding on the train, through another connection (as the CLI would)
    const other = ProjectSession.open(s.path, 'Bo');
    const text = other.db.prepare('SELECT text FROM documents WHERE id = ?').pluck().get(docs.d1) as string;
    const train = text.indexOf('the train');
    createCoding(other.db, { documentId: docs.d1, codeId: codes.naming, start: train, end: train + 9, coderId: other.coderId() });
    other.close();
    expect(reviewTheme(db, t).prevalence).toMatchObject({ codings: 7 });
    expect(cooccurrence()).toEqual({ naming: 3, pair: 1 });

    deleteCoding(db, added.id);
    deleteCoding(db, codings.naming);
    expect(reviewTheme(db, t).prevalence).toMatchObject({ codings: 5, participants: 2 });
    expect(cooccurrence()).toEqual({ naming: 1, pair: 1 });
    s.close();
  });

  it('marks, orders and unmarks quotes; refuses extracts outside the theme; drops quotes whose code leaves', () => {
    const { s, db, codes, codings } = fixture();
    const t = createThemeFromCodes(db, { name: 'T', codeIds: [codes.justWork, codes.naming] });
    markQuote(db, t, codings.train);
    markQuote(db, t, codings.naming, 0);
    expect(listQuotes(db, t).map((q) => [q.text, q.attribution])).toEqual([
      ['Calling it homework put me off 🙃 completely', 'Samantha (client)'],
      ['I did it on the train', 'Samantha (client)'],
    ]);
    expect(() => markQuote(db, t, codings.client)).toThrow(/not coded with any of the codes of “T”/);
    unassignCode(db, t, codes.naming);
    expect(listQuotes(db, t).map((q) => q.text)).toEqual(['I did it on the train']);
    unmarkQuote(db, t, codings.train);
    expect(listQuotes(db, t)).toEqual([]);
    expect(() => unmarkQuote(db, t, codings.train)).toThrow(/not a chosen quote/);
    // deleting the coded code removes its codings and so the quotes
    markQuote(db, t, codings.justWork);
    deleteCode(db, codes.justWork);
    expect(listQuotes(db, t)).toEqual([]);
    s.close();
  });
});

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('importing themes from CSV', () => {
  it('imports the seven themes of the coaching study with their explanations, and again without duplicates', () => {
    const { s, db } = fixture();
    const csv = readFileSync(join(FIXTURES, 'coaching-study/themes.csv'));
    const report = s.transaction(() => importThemesCsv(db, 'themes.csv', csv));
    expect(report.created).toHaveLength(7);
    expect(report.problems).toEqual([]);
    const tree = listThemeTree(db);
    expect(names(tree.themes)).toEqual([
      'Work or coaching work?',
      'Who sets the task',
      "What's in the word?",
      'Keeping it small',
      'Reminders between sessions',
      'Not doing it',
      'Making sense afterwards',
    ]);
    expect(tree.themes[1]!.definition).toBe('How activities were chosen: by the coach, by the client, or together');
    expect(tree.themes.every((t) => t.status === 'candidate')).toBe(true);
    const again = importThemesCsv(db, 'themes.csv', csv);
    expect(again).toEqual({ created: [], updated: [], problems: [] });
    expect(listThemeTree(db).themes).toHaveLength(7);
    s.close();
  });

  it('reads sub-themes, status and codes columns, and reports what it could not use', () => {
    const { s, db } = fixture();
    const csv = utf8('Name;Parent;Status;Codes;Definition\nSetting;;final;Setting tasks/Client-led | Naming;How tasks are set\nBy the client;Setting;;Client-led;\n;x;;;\nOdd;;maybe;Nope;');
    const r = importThemesCsv(db, 'mine.csv', csv);
    expect(r.created).toEqual(['Setting', 'Setting › By the client', 'Odd']);
    expect(r.problems).toEqual([
      'line 4: no theme name; the line was skipped',
      'line 5: unknown status “maybe” (use candidate, reviewed, final, discarded); “Odd” was kept as a candidate',
      'line 5: there is no code “Nope”; it was not added to “Odd”',
    ]);
    const setting = listThemeTree(db).themes[0]!;
    expect(setting).toMatchObject({ status: 'final', definition: 'How tasks are set' });
    expect(codeNames(setting)).toEqual(['Setting tasks/Client-led', 'Naming']);
    expect(codeNames(setting.children[0]!)).toEqual(['Setting tasks/Client-led']);
    expect(() => importThemesCsv(db, 'bad.csv', utf8('title-less,columns\na,b'))).toThrow(
      expect.objectContaining({ name: 'ThemeCsvError', file: 'bad.csv', message: expect.stringMatching(/^there is no theme name column/) }),
    );
    s.close();
  });
});

describe('map layout and phases', () => {
  it('remembers node positions and the viewport; deleting a theme forgets its position', () => {
    const { s, db, codes } = fixture();
    const t = createThemeFromCodes(db, { name: 'T', codeIds: [codes.naming] });
    saveMapLayout(db, { positions: { [`theme:${t}`]: { x: 10, y: 20 }, [`code:${codes.naming}`]: { x: -5.5, y: 3 }, bin: { x: 1, y: 2 } }, view: { x: 4, y: 5, scale: 1.5 } });
    saveMapLayout(db, { positions: { [`theme:${t}`]: { x: 11, y: 21 } } });
    expect(getMapLayout(db)).toEqual({
      positions: { [`theme:${t}`]: { x: 11, y: 21 }, [`code:${codes.naming}`]: { x: -5.5, y: 3 }, bin: { x: 1, y: 2 } },
      view: { x: 4, y: 5, scale: 1.5 },
    });
    deleteTheme(db, t);
    expect(Object.keys(getMapLayout(db).positions).sort()).toEqual(['bin', `code:${codes.naming}`]);
    expect(() => saveMapLayout(db, { positions: { 'nonsense:1': { x: 0, y: 0 } } })).toThrow(/not a node/);
    s.close();
  });

  it('gathers what the phase view needs', () => {
    const { s, db, codes, docs } = fixture();
    markDocumentRead(db, docs.d1, true);
    const t = createThemeFromCodes(db, { name: 'T', codeIds: [codes.naming] });
    createTheme(db, { name: 'Sub', parentId: t, definition: 'x' });
    const f = phaseFacts(db);
    expect(f.documents.map((d) => [d.name, d.read, d.codings])).toEqual([
      ['Samantha', true, 3],
      ['Dan', false, 2],
    ]);
    expect(f.unthemedCodes).toEqual(['Setting tasks', 'Setting tasks/Client-led', 'Setting tasks/Collaborative', 'Just work']);
    expect(f.themes).toEqual([
      { id: t, name: 'T', status: 'candidate', hasDefinition: false, quotes: 0, isSubtheme: false },
      expect.objectContaining({ name: 'Sub', hasDefinition: true, isSubtheme: true }),
    ]);
    markDocumentRead(db, docs.d1, false);
    expect(phaseFacts(db).documents[0]!.read).toBe(false);
    s.close();
  });
});

describe('the sample project', () => {
  it('has at least three defined themes with codes, sub-themes and quotes, and the same documents, codes and codings', () => {
    const app = new AppService({ host: 'cli', dataDir: tempDir() });
    app.openSample();
    const db = app.current().db;
    expect(projectSummary(db)).toMatchObject({ documents: 3, cases: 3, codes: 8, codings: 18, memos: 1 });
    const tree = listThemeTree(db);
    const finished = tree.themes.filter((t) => t.definition && t.codes.length && t.children.length && t.quotes.length && t.status === 'final');
    expect(finished.length).toBeGreaterThanOrEqual(3);
    for (const t of finished) for (const sub of t.children) expect(sub.quotes.length).toBeGreaterThan(0);
    expect(tree.unthemed).toEqual([]);
    const quote = tree.themes[1]!.quotes[1]!;
    expect([quote.text, quote.attribution]).toEqual(['there are no stupid questions on my ward', 'Ruth (mentor)']);
    expect(phaseFacts(db).documents.every((d) => d.read)).toBe(true);
    app.shutdown();
  });
});
