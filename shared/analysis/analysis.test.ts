import { describe, expect, it } from 'vitest';
import { competitionRanks } from './matrix';
import { ftsExpression, parseSearchQuery, snippet, substringHits } from './search';
import { scopeRange } from './scopes';
import { toCsv } from '../csv/writer';
import { normalizeValue, orderValues } from './values';

describe('competition ranking', () => {
  it('gives ties the same rank and skips after them (1, 2, 2, 4)', () => {
    expect(competitionRanks([9, 5, 5, 3, 3, 3, 1])).toEqual([1, 2, 2, 4, 4, 4, 7]);
    expect(competitionRanks([2, 2, 2])).toEqual([1, 1, 1]);
    expect(competitionRanks([])).toEqual([]);
  });
});

describe('values', () => {
  it('orders categories as declared, numbers numerically, booleans no before yes', () => {
    expect(orderValues(['T3', 'T1'], 'category', ['T1', 'T2', 'T3'])).toEqual(['T1', 'T2', 'T3']);
    expect(orderValues(['10', '9', '100'], 'number')).toEqual(['9', '10', '100']);
    expect(orderValues(['true', 'false'], 'boolean')).toEqual(['false', 'true']);
    expect(orderValues(['T10', 'T2', 't1'], 'text')).toEqual(['t1', 'T2', 'T10']);
  });
  it('normalises by kind', () => {
    expect(normalizeValue('+4.5', 'number')).toEqual({ ok: true, value: '4.5' });
    expect(normalizeValue('no', 'boolean')).toEqual({ ok: true, value: 'false' });
    expect(normalizeValue('2024-02-29', 'date')).toEqual({ ok: true, value: '2024-02-29' });
    expect(normalizeValue('2023-02-29', 'date').ok).toBe(false);
  });
});

describe('search queries', () => {
  it('parses words, phrases, prefixes and OR into safe FTS5 phrases', () => {
    const q = parseSearchQuery('"put it in" notes* OR don\'t');
    expect(q.groups.map((g) => g.map(ftsExpression))).toEqual([['"put it in"', '"notes"*'], ['"don t"']]);
    expect(() => parseSearchQuery('  -- ')).toThrow(/no words/);
  });
  // Word terms are found by SQLite (highlight()): see electron/services/analysis/search-sql.test.ts.
  it('finds a substring term with exact UTF-16 offsets, ignoring case', () => {
    const text = '👩‍💻 我们一起加油！ МОСКВА北京, москва北京';
    const [term] = parseSearchQuery('москва北京').groups[0]!;
    expect(term!.mode).toBe('substring');
    expect(substringHits(text, term!).map((h) => [h.start, text.slice(h.start, h.end)])).toEqual([
      [text.indexOf('М'), 'МОСКВА北京'],
      [text.lastIndexOf('м'), 'москва北京'],
    ]);
  });
  it('cuts context at spaces', () => {
    const text = 'one two three four five six seven';
    expect(snippet(text, 14, 18, 8)).toEqual({ before: '…three ', match: 'four', after: ' five…' });
  });
});

describe('auto-code scopes', () => {
  const text = 'Ana: First one. Second one here.\nNext line.';
  const turns = [{ start: 0, end: 32, speaker: 'Ana' }];
  const at = text.indexOf('one here');
  const hit = { start: at, end: at + 3 };
  const cut = (r: { start: number; end: number }) => text.slice(r.start, r.end);
  it('expands a hit to its sentence, paragraph or turn without the speaker label', () => {
    expect(cut(scopeRange(text, hit, 'hit', turns))).toBe('one');
    expect(cut(scopeRange(text, hit, 'sentence', turns))).toBe('Second one here.');
    expect(cut(scopeRange(text, { start: 5, end: 10 }, 'sentence', turns))).toBe('First one.');
    expect(cut(scopeRange(text, hit, 'paragraph', turns))).toBe('First one. Second one here.');
    expect(cut(scopeRange(text, hit, 'turn', turns))).toBe('First one. Second one here.');
    expect(cut(scopeRange(text, { start: 34, end: 38 }, 'turn', turns))).toBe('Next line.');
  });
});

describe('csv', () => {
  it('quotes what needs quoting and ends lines with CRLF', () => {
    expect(toCsv([['a', 'b,c'], ['say "hi"', 3], ['line\nbreak', null]], { bom: false })).toBe('a,"b,c"\r\n"say ""hi""",3\r\n"line\nbreak",\r\n');
  });
});
