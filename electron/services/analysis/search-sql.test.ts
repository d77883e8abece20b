/**
 * Search in SQL on real .weft files: pages and their cursors, phrases, prefixes, accents, scripts
 * without spaces through the trigram index (also after an upgrade from the format before it), and
 * offsets exact in UTF-16 units next to emoji, CJK, combining accents and right-to-left text.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { fixturePath } from '../../../tests/fixtures/schema-versions/make';
import { NO_SPACE_SCRIPT, appendSearchPage, parseHighlighted } from '../../../shared/analysis/search';
import { rangeProblem } from '../../../shared/domain/offsets';
import type { SearchResult } from '../../../shared/analysis/types';
import { insertDocument } from '../documents';
import { ProjectSession } from '../project-session';
import { SEARCH_TEXT_PER_PAGE, searchQuery, searchUpTo } from './search';

const tempDir = useTempDir();
const sessions: ProjectSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
});

/** A new project holding `texts` as documents (in this order), through the real insert. */
function projectWith(texts: readonly string[]): { db: ProjectSession['db']; ids: number[] } {
  const session = ProjectSession.create(join(tempDir(), 'search.weft'), 'Ana');
  sessions.push(session);
  const ids = session.transaction(() =>
    texts.map((text, i) => insertDocument(session.db, { text, format: 'text', detected: 'test', turns: [], warnings: [] }, { name: `Doc ${i + 1}`, sourceName: null, coderId: session.coderId() })),
  );
  return { db: session.db, ids };
}

/** Every hit's [document index, start, end, match], with the match checked against the document's text. */
function hitsOf(r: SearchResult, texts: readonly string[], ids: number[]): [number, number, number, string][] {
  return r.hits.map((h) => {
    const doc = ids.indexOf(h.documentId);
    expect(texts[doc]!.slice(h.start, h.end)).toBe(h.match);
    expect(rangeProblem(texts[doc]!, h.start, h.end)).toBeNull();
    return [doc, h.start, h.end, h.match];
  });
}

describe('search pages', () => {
  const texts = [
    'Handover at seven. The handover was late.',
    'No such word here.',
    'handover handover handover',
    'Night handover, then a quiet handover.',
  ];

  it('reads page after page through nextCursor, together exactly the hits of one big page', () => {
    const { db, ids } = projectWith(texts);
    const all = searchQuery(db, { query: 'handover' });
    expect(all).toMatchObject({ total: 7, documents: 3, truncated: false, complete: true, nextCursor: null });
    const pages: SearchResult[] = [searchQuery(db, { query: 'handover', limit: 3 })];
    while (pages.at(-1)!.nextCursor) pages.push(searchQuery(db, { query: 'handover', limit: 3, cursor: pages.at(-1)!.nextCursor! }));
    expect(pages.map((p) => p.hits.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.hits)).toEqual(all.hits);
    // what the search view shows after "Show more hits" twice
    expect(pages.reduce(appendSearchPage)).toEqual(all);
    // the first page already knows how many documents have hits
    expect(pages[0]).toMatchObject({ documents: 3, truncated: true });
    expect(hitsOf(all, texts, ids).map(([d, s]) => [d, s])).toEqual([
      [0, 0],
      [0, 23],
      [2, 0],
      [2, 9],
      [2, 18],
      [3, 6],
      [3, 29],
    ]);
  });

  it('stops a page once it has read enough text, so a rare word in long documents stays fast', () => {
    const long = `${'filler words without the word we look for '.repeat(Math.ceil(SEARCH_TEXT_PER_PAGE / 2 / 32))}needle`;
    const { db } = projectWith([long, long, long]);
    const first = searchQuery(db, { query: 'needle', limit: 50 });
    expect(first.hits).toHaveLength(2);
    expect(first).toMatchObject({ documents: 3, complete: false, truncated: true });
    const rest = searchQuery(db, { query: 'needle', limit: 50, cursor: first.nextCursor! });
    expect(rest.hits).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    // weft search --limit N reads as many pages as N hits take
    expect(searchUpTo(db, { query: 'needle', limit: 50 })).toMatchObject({ total: 3, documents: 3, complete: true, truncated: false, nextCursor: null });
    expect(searchUpTo(db, { query: 'needle', limit: 50 }).hits).toEqual([...first.hits, ...rest.hits]);
  });

  it('refuses a cursor it did not make', () => {
    const { db } = projectWith(texts);
    expect(() => searchQuery(db, { query: 'handover', cursor: 'page 2' })).toThrow(/cursor/);
  });
});

describe('search syntax', () => {
  const texts = [
    'We put it  in your notes.\nNotes again: put it in.',
    'In your notes we put it.',
    'Reflection, reflective, REFLECTS; refl.',
    'Café, CAFE, cafe\u0301, and a naïve NAIVE idea.',
  ];

  it('finds a phrase only with its words in order, across any spacing', () => {
    const { db, ids } = projectWith(texts);
    expect(hitsOf(searchQuery(db, { query: '"put it in"' }), texts, ids)).toEqual([
      [0, 3, 13, 'put it  in'],
      [0, texts[0]!.lastIndexOf('put'), texts[0]!.lastIndexOf('put') + 9, 'put it in'],
    ]);
    expect(searchQuery(db, { query: '"in put"' }).total).toBe(0);
  });

  it('finds prefixes, also at the end of a phrase', () => {
    const { db, ids } = projectWith(texts);
    expect(hitsOf(searchQuery(db, { query: 'reflect*' }), texts, ids).map((h) => h[3])).toEqual(['Reflection', 'reflective', 'REFLECTS']);
    expect(hitsOf(searchQuery(db, { query: '"your no"*' }), texts, ids).map((h) => [h[0], h[3]])).toEqual([
      [0, 'your notes'],
      [1, 'your notes'],
    ]);
  });

  it('ignores case and accents, precomposed or combining, with offsets of the text as stored', () => {
    const { db, ids } = projectWith(texts);
    const t = texts[3]!;
    expect(hitsOf(searchQuery(db, { query: 'café' }), texts, ids)).toEqual([
      [3, 0, 4, 'Café'],
      [3, 6, 10, 'CAFE'],
      [3, 12, 17, 'cafe\u0301'],
    ]);
    expect(hitsOf(searchQuery(db, { query: 'caf*' }), texts, ids).map((h) => h[3])).toEqual(['Café', 'CAFE', 'cafe\u0301']);
    expect(searchQuery(db, { query: 'cafe missing' }).total).toBe(0);
    expect(hitsOf(searchQuery(db, { query: 'naive' }), texts, ids)).toEqual([
      [3, t.indexOf('naïve'), t.indexOf('naïve') + 5, 'naïve'],
      [3, t.indexOf('NAIVE'), t.indexOf('NAIVE') + 5, 'NAIVE'],
    ]);
  });

  it('keeps only the hits of the OR branches a document satisfies', () => {
    const { db, ids } = projectWith(texts);
    // document 2 has "reflective" but not "notes": only the second branch counts there
    expect(hitsOf(searchQuery(db, { query: 'reflective notes OR refl' }), texts, ids).map((h) => [h[0], h[3]])).toEqual([[2, 'refl']]);
  });
});

describe('scripts without spaces (trigram index)', () => {
  const texts = [
    '👩‍💻 我们一起加油！慢慢来，加油',
    'Plain English only, with 🙂 emoji.',
    '頑張る、がんばる。 괜찮아 괜찮아요 สวัสดีครับ',
    'МОСКВА北京 and 加',
  ];

  it('finds terms of one, two and more characters, also at the very end of a document, at exact UTF-16 offsets', () => {
    const { db, ids } = projectWith(texts);
    const t0 = texts[0]!;
    expect(hitsOf(searchQuery(db, { query: '加油' }), texts, ids)).toEqual([
      [0, t0.indexOf('加油'), t0.indexOf('加油') + 2, '加油'],
      [0, t0.length - 2, t0.length, '加油'],
    ]);
    expect(hitsOf(searchQuery(db, { query: '加' }), texts, ids).map((h) => [h[0], h[1]])).toEqual([
      [0, t0.indexOf('加')],
      [0, t0.lastIndexOf('加')],
      [3, texts[3]!.length - 1],
    ]);
    expect(hitsOf(searchQuery(db, { query: '慢慢来' }), texts, ids)).toEqual([[0, t0.indexOf('慢'), t0.indexOf('慢') + 3, '慢慢来']]);
    expect(hitsOf(searchQuery(db, { query: '괜찮아' }), texts, ids).map((h) => h[3])).toEqual(['괜찮아', '괜찮아']);
    expect(hitsOf(searchQuery(db, { query: 'สวัสดี' }), texts, ids).map((h) => h[3])).toEqual(['สวัสดี']);
    expect(hitsOf(searchQuery(db, { query: 'がんばる' }), texts, ids).map((h) => h[3])).toEqual(['がんばる']);
  });

  it('matches a mixed term without regard to case, also for letters outside ASCII', () => {
    const { db, ids } = projectWith(texts);
    expect(hitsOf(searchQuery(db, { query: 'москва北京' }), texts, ids)).toEqual([[3, 0, 8, 'МОСКВА北京']]);
  });

  it('combines a CJK term with words (AND, OR)', () => {
    const { db, ids } = projectWith(texts);
    expect(hitsOf(searchQuery(db, { query: '加 and' }), texts, ids).map((h) => [h[0], h[3]])).toEqual([
      [3, 'and'],
      [3, '加'],
    ]);
    expect(hitsOf(searchQuery(db, { query: '慢慢来 OR emoji' }), texts, ids).map((h) => [h[0], h[3]])).toEqual([
      [0, '慢慢来'],
      [1, 'emoji'],
    ]);
  });

  it('indexes only documents that contain such a script, and follows their changes', () => {
    const { db, ids } = projectWith(texts);
    expect(db.prepare('SELECT rowid FROM documents_trigram ORDER BY rowid').pluck().all()).toEqual([ids[0], ids[2], ids[3]]);
    db.prepare('UPDATE documents SET text = ? WHERE id = ?').run('no more Chinese', ids[0]);
    db.prepare('UPDATE documents SET text = ? WHERE id = ?').run('现在加油', ids[1]);
    db.prepare('DELETE FROM documents WHERE id = ?').run(ids[3]);
    expect(db.prepare('SELECT rowid FROM documents_trigram ORDER BY rowid').pluck().all()).toEqual([ids[1], ids[2]]);
    expect(searchQuery(db, { query: '加油' }).hits.map((h) => [h.documentId, h.start])).toEqual([[ids[1], 2]]);
    db.prepare("INSERT INTO documents_trigram (documents_trigram, rank) VALUES ('integrity-check', 1)").run();
  });

  it('covers every character of the scripts the query parser sends to it', () => {
    const { db } = projectWith([]);
    const chars: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      if (NO_SPACE_SCRIPT.test(ch)) chars.push(ch);
    }
    expect(chars.length).toBeGreaterThan(90_000);
    const view = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'documents_trigram_text'").pluck().get() as string;
    const pattern = /WHERE text GLOB ([\s\S]*)$/.exec(view)![1]!;
    const missed = db.prepare(`SELECT count(*) FROM json_each(?) WHERE value NOT GLOB ${pattern}`).pluck().get(JSON.stringify(chars));
    expect(missed).toBe(0);
  });
});

describe('offsets', () => {
  it('are UTF-16 units of the stored text next to emoji, CJK, combining accents and right-to-left text', () => {
    const text = '👩‍💻🇫🇷 مرحبا بالعالم — שלום עולם — 我喜欢学习 — e\u0301cole 🙂x ok';
    const { db, ids } = projectWith([text]);
    const at = (s: string) => [0, text.indexOf(s), text.indexOf(s) + s.length, s];
    expect(hitsOf(searchQuery(db, { query: 'بالعالم' }), [text], ids)).toEqual([at('بالعالم')]);
    expect(hitsOf(searchQuery(db, { query: '"שלום עולם"' }), [text], ids)).toEqual([at('שלום עולם')]);
    expect(hitsOf(searchQuery(db, { query: '学习' }), [text], ids)).toEqual([at('学习')]);
    expect(hitsOf(searchQuery(db, { query: 'ecole' }), [text], ids)).toEqual([at('e\u0301cole')]);
    expect(hitsOf(searchQuery(db, { query: 'ok' }), [text], ids)).toEqual([at('ok')]);
  });

  it('are read from highlight marks without counting the marks', () => {
    expect(parseHighlighted('a<b>c</b>d<b>ef</b>', '<b>', '</b>')).toEqual({ text: 'acdef', ranges: [{ start: 1, end: 2 }, { start: 3, end: 5 }] });
    expect(parseHighlighted('\ufdd0👩‍💻\ufdd1 x', '\ufdd0', '\ufdd1')).toEqual({ text: '👩‍💻 x', ranges: [{ start: 0, end: 5 }] });
  });

  it('stay exact in a document that contains the marks Weft uses first', () => {
    const text = 'odd \ufdd0text\ufdd1 with a word';
    const { db, ids } = projectWith([text]);
    expect(hitsOf(searchQuery(db, { query: 'word' }), [text], ids)).toEqual([[0, text.length - 4, text.length, 'word']]);
  });
});

describe('an older project', () => {
  it('is upgraded with its documents in the trigram index', () => {
    const path = join(tempDir(), 'v6.weft');
    copyFileSync(fixturePath(6), path);
    const raw = new Database(path);
    const text = 'Mei: 我们一起加油';
    raw
      .prepare(
        `INSERT INTO documents (guid, name, source_format, content_hash, length, word_count, created_at, updated_at, text)
         VALUES ('cjk-doc', 'CJK', 'text', 'x', ?, 2, '2026-01-01', '2026-01-01', ?)`,
      )
      .run(text.length, text);
    raw.close();
    const session = ProjectSession.open(path, 'Ana');
    sessions.push(session);
    const r = searchQuery(session.db, { query: '加油' });
    expect(r.hits.map((h) => [h.documentName, h.start, h.end])).toEqual([['CJK', text.length - 2, text.length]]);
  });
});
