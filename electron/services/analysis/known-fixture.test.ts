/**
 * The query layer on a real .weft file built through the real services, where every answer is
 * known by construction (see tests/support/known-project.ts for the project).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import type { CountMode, MatrixResult } from '../../../shared/analysis/types';
import type { ProjectSession } from '../project-session';
import { findAttributeByName } from '../cases';
import { buildKnownProject, KNOWN_DOCUMENTS } from '../../../tests/support/known-project';
import { cooccurrenceCellQuery, cooccurrenceQuery, matrixCellQuery, matrixQuery, rankingQuery } from './queries';
import { autoCode, searchQuery } from './search';

const tempDir = useTempDir();
let session: ProjectSession;
beforeEach(() => {
  session = buildKnownProject(join(tempDir(), 'known.weft'));
});
afterEach(() => session.close());

const attr = (name: string) => findAttributeByName(session.db, name).id;
const codeId = (name: string) => session.db.prepare('SELECT id FROM codes WHERE name = ?').pluck().get(name) as number;

/** The matrix as { row path: [cells…, total] } plus the totals row. */
function grid(m: MatrixResult): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const r of m.rows) out[r.path] = [...r.cells.map((c) => c.count), r.total];
  out.Total = [...m.columnTotals, m.grandTotal];
  return out;
}

describe('code × attribute matrix', () => {
  const byTime: Record<CountMode, Record<string, number[]>> = {
    codings: {
      Goals: [3, 1, 1, 5],
      'Goals/Setting goals': [2, 1, 0, 3],
      'Goals/Reviewing goals': [1, 0, 0, 1],
      Homework: [2, 3, 2, 7],
      Emotions: [1, 1, 0, 2],
      'Emotions/Anxiety': [1, 1, 0, 2],
      Total: [6, 5, 3, 14],
    },
    documents: {
      Goals: [1, 1, 1, 3],
      'Goals/Setting goals': [1, 1, 0, 2],
      'Goals/Reviewing goals': [1, 0, 0, 1],
      Homework: [1, 2, 1, 4],
      Emotions: [1, 1, 0, 2],
      'Emotions/Anxiety': [1, 1, 0, 2],
      Total: [1, 2, 1, 4],
    },
    cases: {
      Goals: [1, 1, 1, 3],
      'Goals/Setting goals': [1, 1, 0, 2],
      'Goals/Reviewing goals': [1, 0, 0, 1],
      Homework: [2, 1, 1, 3],
      Emotions: [1, 1, 0, 2],
      'Emotions/Anxiety': [1, 1, 0, 2],
      Total: [2, 2, 1, 4],
    },
  };
  for (const mode of ['codings', 'documents', 'cases'] as const) {
    it(`by an ordered document attribute (T1 < T2 < T3), counting ${mode}`, () => {
      const m = matrixQuery(session.db, { attributeId: attr('time'), count: mode });
      expect(m.columns.map((c) => c.label)).toEqual(['T1', 'T2', 'T3']);
      expect(m.rows.map((r) => [r.name, r.depth])).toEqual([
        ['Goals', 0],
        ['Setting goals', 1],
        ['Reviewing goals', 1],
        ['Homework', 0],
        ['Emotions', 0],
        ['Anxiety', 1],
      ]);
      expect(grid(m)).toEqual(byTime[mode]);
    });
  }

  const byRole: Record<CountMode, Record<string, number[]>> = {
    codings: {
      Goals: [4, 1, 5],
      'Goals/Setting goals': [2, 1, 3],
      'Goals/Reviewing goals': [1, 0, 1],
      Homework: [5, 1, 6],
      Emotions: [0, 2, 2],
      'Emotions/Anxiety': [0, 2, 2],
      Total: [9, 4, 13],
    },
    documents: {
      Goals: [2, 1, 3],
      'Goals/Setting goals': [1, 1, 2],
      'Goals/Reviewing goals': [1, 0, 1],
      Homework: [3, 1, 3],
      Emotions: [0, 2, 2],
      'Emotions/Anxiety': [0, 2, 2],
      Total: [3, 2, 3],
    },
    cases: {
      Goals: [2, 1, 3],
      'Goals/Setting goals': [1, 1, 2],
      'Goals/Reviewing goals': [1, 0, 1],
      Homework: [2, 1, 3],
      Emotions: [0, 2, 2],
      'Emotions/Anxiety': [0, 2, 2],
      Total: [2, 2, 4],
    },
  };
  for (const mode of ['codings', 'documents', 'cases'] as const) {
    it(`by a case attribute (speaker's case, else the document's cases), counting ${mode}`, () => {
      const m = matrixQuery(session.db, { attributeId: attr('role'), count: mode });
      expect(m.columns.map((c) => c.label)).toEqual(['coach', 'client']);
      expect(grid(m)).toEqual(byRole[mode]);
    });
  }

  it('shows codings without a value in a "(no value)" column when asked', () => {
    const m = matrixQuery(session.db, { attributeId: attr('role'), count: 'codings', includeMissing: true });
    expect(m.columns.map((c) => c.label)).toEqual(['coach', 'client', '(no value)']);
    expect(grid(m).Homework).toEqual([5, 1, 1, 7]);
    expect(grid(m).Total).toEqual([9, 4, 1, 14]);
  });

  it('gives row and column percentages', () => {
    const m = matrixQuery(session.db, { attributeId: attr('time'), count: 'codings' });
    const homework = m.rows.find((r) => r.name === 'Homework')!;
    expect(homework.cells.map((c) => c.rowPct)).toEqual([28.6, 42.9, 28.6]); // 2/7, 3/7, 2/7
    expect(homework.cells.map((c) => c.colPct)).toEqual([33.3, 60, 66.7]); // 2/6, 3/5, 2/3
    const reviewing = m.rows.find((r) => r.name === 'Reviewing goals')!;
    expect(reviewing.cells.map((c) => c.rowPct)).toEqual([100, 0, 0]);
  });

  it('rows can be themes, rolling up their codes, sub-codes and sub-themes', () => {
    const m = matrixQuery(session.db, { attributeId: attr('time'), count: 'codings', rows: 'themes' });
    expect(grid(m)).toEqual({ Practice: [4, 4, 2, 10], 'Practice/Worries': [1, 1, 0, 2], Total: [4, 4, 2, 10] });
  });

  it('filters by coder, document set, case attribute and theme', () => {
    const db = session.db;
    const main = db.prepare("SELECT id FROM coders WHERE name = 'Main coder'").pluck().get() as number;
    const set = db.prepare("SELECT id FROM sets WHERE name = 'Early sessions'").pluck().get() as number;
    const practice = db.prepare("SELECT id FROM themes WHERE name = 'Practice'").pluck().get() as number;
    const worries = db.prepare("SELECT id FROM themes WHERE name = 'Worries'").pluck().get() as number;
    const time = attr('time');
    expect(grid(matrixQuery(db, { attributeId: time, filters: { coderIds: [main] } })).Homework).toEqual([2, 2, 2, 6]);
    expect(grid(matrixQuery(db, { attributeId: time, filters: { setIds: [set] } })).Homework).toEqual([2, 2, 0, 4]);
    const clients = grid(matrixQuery(db, { attributeId: time, filters: { attributes: [{ attributeId: attr('role'), values: ['client'] }] } }));
    expect(clients).toMatchObject({ Goals: [0, 1, 0, 1], Homework: [1, 0, 0, 1], Emotions: [1, 1, 0, 2], Total: [2, 2, 0, 4] });
    const inWorries = matrixQuery(db, { attributeId: time, filters: { themeId: worries } });
    expect(grid(inWorries)).toEqual({ Emotions: [1, 1, 0, 2], 'Emotions/Anxiety': [1, 1, 0, 2], Total: [1, 1, 0, 2] });
    const inPractice = grid(matrixQuery(db, { attributeId: time, filters: { themeId: practice } }));
    expect(Object.keys(inPractice)).toEqual(['Goals/Reviewing goals', 'Homework', 'Emotions', 'Emotions/Anxiety', 'Total']);
  });

  it('is kept until the project changes, then counted again (matrix and ranking alike)', () => {
    const db = session.db;
    const q = { attributeId: attr('time'), count: 'codings' as const };
    const matrix = matrixQuery(db, q);
    const ranking = rankingQuery(db, q);
    expect(matrixQuery(db, q)).toBe(matrix);
    expect(rankingQuery(db, q)).toBe(ranking);
    // another query is its own answer
    expect(matrixQuery(db, { ...q, count: 'documents' })).not.toBe(matrix);
    db.prepare('DELETE FROM codings WHERE id = (SELECT min(id) FROM codings WHERE code_id = ?)').run(codeId('Homework'));
    const after = matrixQuery(db, q);
    expect(after).not.toBe(matrix);
    expect(grid(after).Homework![3]).toBe(6);
    expect(grid(after).Total![3]).toBe(13);
    expect(rankingQuery(db, q)).not.toBe(ranking);
  });

  it('drills down from a cell to its extracts', () => {
    const time = attr('time');
    const homeworkT1 = matrixCellQuery(session.db, { attributeId: time, rowKey: `code:${codeId('Homework')}`, value: 'T1' });
    expect(homeworkT1.map((e) => [e.documentName, e.code, e.text, e.cases, e.coder])).toEqual([
      ['Session 1', 'Homework', 'Homework helps me.', ['Ben'], 'Main coder'],
      ['Session 1', 'Homework', 'Homework is a habit.', ['Ana'], 'Main coder'],
    ]);
    const t1 = KNOWN_DOCUMENTS[0].text;
    for (const e of homeworkT1) expect(t1.slice(e.start, e.end)).toBe(e.text);
    const goalsT3 = matrixCellQuery(session.db, { attributeId: time, rowKey: `code:${codeId('Goals')}`, value: 'T3' });
    expect(goalsT3.map((e) => [e.codePath, e.text, e.cases])).toEqual([['Goals', 'goals', ['Dee']]]);
    const coachHomework = matrixCellQuery(session.db, { attributeId: attr('role'), count: 'cases', rowKey: `code:${codeId('Homework')}`, value: 'coach' });
    expect(coachHomework).toHaveLength(5);
    expect(coachHomework.map((e) => e.coder)).toContain('Second coder');
    const missing = matrixCellQuery(session.db, { attributeId: attr('role'), rowKey: `code:${codeId('Homework')}`, value: null });
    expect(missing.map((e) => e.text)).toEqual(['homework again']);
  });
});

describe('ranked frequencies', () => {
  const ranked = (r: ReturnType<typeof rankingQuery>) =>
    Object.fromEntries(r.columns.map((c) => [c.label, c.items.map((i) => `${i.rank} ${i.code} ${i.count}`)]));

  it('ranks codes per value with competition ranking for ties', () => {
    expect(ranked(rankingQuery(session.db, { attributeId: attr('time') }))).toEqual({
      T1: ['1 Goals 3', '2 Homework 2', '2 Setting goals 2', '4 Anxiety 1', '4 Emotions 1', '4 Reviewing goals 1'],
      T2: ['1 Homework 3', '2 Anxiety 1', '2 Emotions 1', '2 Goals 1', '2 Setting goals 1'],
      T3: ['1 Homework 2', '2 Goals 1'],
    });
    expect(ranked(rankingQuery(session.db, { attributeId: attr('role') }))).toEqual({
      coach: ['1 Homework 5', '2 Goals 4', '3 Setting goals 2', '4 Reviewing goals 1'],
      client: ['1 Anxiety 2', '1 Emotions 2', '3 Goals 1', '3 Homework 1', '3 Setting goals 1'],
    });
  });

  it('ranks leaves only or top-level codes only, for each count', () => {
    expect(ranked(rankingQuery(session.db, { attributeId: attr('time'), level: 'leaves' })).T1).toEqual([
      '1 Homework 2',
      '1 Setting goals 2',
      '3 Anxiety 1',
      '3 Reviewing goals 1',
    ]);
    expect(ranked(rankingQuery(session.db, { attributeId: attr('time'), level: 'top', count: 'documents' })).T2).toEqual([
      '1 Homework 2',
      '2 Emotions 1',
      '2 Goals 1',
    ]);
    expect(ranked(rankingQuery(session.db, { attributeId: attr('role'), count: 'cases' })).client).toEqual([
      '1 Anxiety 2',
      '1 Emotions 2',
      '3 Goals 1',
      '3 Homework 1',
      '3 Setting goals 1',
    ]);
  });
});

describe('co-occurrence', () => {
  const matrix = (unit: 'overlap' | 'turn' | 'paragraph') => {
    const r = cooccurrenceQuery(session.db, { unit });
    return { codes: r.codes.map((c) => c.name), counts: r.counts };
  };
  const codes = ['Goals', 'Setting goals', 'Reviewing goals', 'Homework', 'Anxiety'];

  it('counts overlapping codings', () => {
    expect(matrix('overlap')).toEqual({
      codes,
      counts: [
        [1, 0, 0, 0, 0],
        [0, 3, 1, 0, 1],
        [0, 1, 1, 0, 0],
        [0, 0, 0, 7, 0],
        [0, 1, 0, 0, 2],
      ],
    });
  });

  it('counts codes in the same speaker turn (paragraphs where a document has no turns)', () => {
    expect(matrix('turn')).toEqual({
      codes,
      counts: [
        [1, 0, 0, 1, 0],
        [0, 2, 1, 0, 1],
        [0, 1, 1, 0, 0],
        [1, 0, 0, 6, 1],
        [0, 1, 0, 1, 2],
      ],
    });
  });

  it('counts codes in the same paragraph', () => {
    expect(matrix('paragraph')).toEqual({
      codes,
      counts: [
        [1, 0, 0, 1, 0],
        [0, 3, 1, 0, 1],
        [0, 1, 1, 0, 0],
        [1, 0, 0, 6, 0],
        [0, 1, 0, 0, 2],
      ],
    });
  });

  it('drills down to the passages where two codes meet', () => {
    const overlap = cooccurrenceCellQuery(session.db, { unit: 'overlap', codeA: codeId('Setting goals'), codeB: codeId('Anxiety') });
    expect(overlap.map((i) => [i.documentName, i.text, i.codings.map((k) => `${k.code}: ${k.text}`)])).toEqual([
      ['Session 2', 'Setting goals made me anxious.', ['Setting goals: Setting goals made me anxious.', 'Anxiety: made me anxious']],
    ]);
    const turn = cooccurrenceCellQuery(session.db, { unit: 'turn', codeA: codeId('Anxiety'), codeB: codeId('Homework') });
    expect(turn.map((i) => i.text)).toEqual(['Ben: I felt anxious about homework.\nHomework helps me.']);
    expect(cooccurrenceCellQuery(session.db, { unit: 'paragraph', codeA: codeId('Anxiety'), codeB: codeId('Homework') })).toEqual([]);
  });
});

describe('full-text search', () => {
  const hits = (q: string) => searchQuery(session.db, { query: q }).hits.map((h) => `${h.documentName}: ${h.match}`);

  it('finds words in every document, case-insensitively, with exact offsets and context', () => {
    const r = searchQuery(session.db, { query: 'homework' });
    expect(r.total).toBe(7);
    expect(r.documents).toBe(4);
    const texts = new Map<string, string>(KNOWN_DOCUMENTS.map((d) => [d.name, d.text]));
    for (const h of r.hits) expect(texts.get(h.documentName)!.slice(h.start, h.end)).toBe(h.match);
    expect(r.hits.map((h) => h.match)).toEqual(['homework', 'Homework', 'Homework', 'homework', 'homework', 'homework', 'homework']);
    expect(r.hits[0]).toMatchObject({ speaker: 'Ben', after: '.\nHomework helps me. Ana: Homework is a habit.'.replace('\n', ' ') });
  });

  it('supports phrases, prefixes, OR and accents, and searches CJK text as substrings', () => {
    expect(hits('"homework is a"')).toEqual(['Session 1: Homework is a']);
    expect(hits('"is homework"')).toEqual([]);
    expect(hits('anxi*')).toEqual(['Session 1: anxious', 'Session 2: anxious']);
    expect(hits('quarter OR heavy')).toEqual(['Session 1: quarter', 'Session 3: heavy']);
    expect(hits('goals homework')).toEqual([
      'Session 1: goals',
      'Session 1: goals',
      'Session 1: homework',
      'Session 1: Homework',
      'Session 1: Homework',
      'Session 2: goals',
      'Session 2: homework',
      'Session 3: goals',
      'Session 3: homework',
      'Session 3: homework',
      'Session 4: homework',
      'Session 4: goals',
    ]);
    expect(hits('cafe')).toEqual(['Session 4: café']);
    const multi = KNOWN_DOCUMENTS[4].text;
    const naive = searchQuery(session.db, { query: 'NAIVE' }).hits[0]!;
    expect([naive.start, naive.end]).toEqual([multi.indexOf('naïve'), multi.indexOf('naïve') + 5]);
    const cjk = searchQuery(session.db, { query: '学习' }).hits;
    expect(cjk.map((h) => [h.start, h.end, h.match])).toEqual([[multi.indexOf('学习'), multi.indexOf('学习') + 2, '学习']]);
  });

  it('refuses a query with nothing to search for', () => {
    expect(() => searchQuery(session.db, { query: '"" *' })).toThrow(/no words to search for/);
  });

  it('keeps the index in step when documents change', () => {
    session.db.prepare("UPDATE documents SET text = 'nothing here' WHERE name = 'Session 3'").run();
    expect(searchQuery(session.db, { query: 'heavy' }).total).toBe(0);
    session.db.prepare("DELETE FROM documents WHERE name = 'Session 4'").run();
    expect(hits('homework')).toEqual(['Session 1: homework', 'Session 1: Homework', 'Session 1: Homework', 'Session 2: homework']);
  });

  it('auto-codes hits, sentences, paragraphs or turns in one go, skipping what is already coded', () => {
    const db = session.db;
    const auto = db.prepare("INSERT INTO codes (guid, name, created_at, updated_at) VALUES ('g-auto', 'Auto', '', '')").run().lastInsertRowid as number;
    const coded = () =>
      db
        .prepare('SELECT d.name, substr(d.text, k.start + 1, k.end - k.start) AS t FROM codings k JOIN documents d ON d.id = k.document_id WHERE k.code_id = ? ORDER BY d.id, k.start')
        .all(auto)
        .map((r) => `${(r as { name: string }).name}: ${(r as { t: string }).t}`);

    const sentences = autoCode(session, { query: 'homework', codeId: auto, scope: 'sentence' });
    expect(sentences).toMatchObject({ hits: 7, created: 7, skipped: 0 });
    expect(coded()).toEqual([
      'Session 1: I felt anxious about homework.',
      'Session 1: Homework helps me.',
      'Session 1: Homework is a habit.',
      'Session 2: We agreed on homework.',
      'Session 3: Dee wrote about goals and homework.',
      'Session 3: The homework felt heavy.',
      'Session 4: Notes: homework again and goals at the café.',
    ]);
    expect(autoCode(session, { query: 'homework', codeId: auto, scope: 'sentence' })).toMatchObject({ hits: 7, created: 0, skipped: 7 });

    db.prepare('DELETE FROM codings WHERE code_id = ?').run(auto);
    expect(autoCode(session, { query: 'homework', codeId: auto, scope: 'turn' })).toMatchObject({ hits: 7, created: 6 });
    expect(coded()).toEqual([
      'Session 1: I felt anxious about homework.\nHomework helps me.',
      'Session 1: Homework is a habit.',
      'Session 2: We agreed on homework.',
      'Session 3: Dee wrote about goals and homework.',
      'Session 3: The homework felt heavy.',
      'Session 4: Notes: homework again and goals at the café.',
    ]);

    db.prepare('DELETE FROM codings WHERE code_id = ?').run(auto);
    expect(autoCode(session, { query: '"set goals"', codeId: auto, scope: 'paragraph' })).toMatchObject({ hits: 1, created: 1 });
    expect(coded()).toEqual(['Session 1: We set goals for the quarter.']);

    db.prepare('DELETE FROM codings WHERE code_id = ?').run(auto);
    expect(autoCode(session, { query: 'homework', codeId: auto, scope: 'hit' })).toMatchObject({ hits: 7, created: 7 });
    expect(coded().map((c) => c.split(': ')[1])).toEqual(['homework', 'Homework', 'Homework', 'homework', 'homework', 'homework', 'homework']);
  });
});
