import { describe, expect, it } from 'vitest';
import { rangeProblem } from '../domain/offsets';
import { ImportError } from '../import/types';
import {
  applySplices,
  chooseMatches,
  editDistance,
  findResidue,
  isInsideReplacement,
  mapRange,
  parseTermsCsv,
  pseudonymiseText,
  suggestTerms,
  termsProblem,
  type PseudonymTerm,
} from './index';

const TERMS: PseudonymTerm[] = [
  { term: 'Samantha', pseudonym: 'P07' },
  { term: 'Samantha Jones', pseudonym: 'P07' },
  { term: 'Acme Ltd', pseudonym: '[employer]' },
  { term: 'Zoë', pseudonym: 'P03' },
  { term: 'José', pseudonym: 'P04' },
  { term: '山田', pseudonym: 'P05' },
  { term: 'سارة', pseudonym: 'P06' },
];

describe('pseudonymiseText', () => {
  it('replaces whole words, any case, possessives, longest term first', () => {
    const r = pseudonymiseText("Samantha Jones said samantha's boss at ACME LTD, not Samanthas.", TERMS);
    expect(r.text).toBe("P07 said P07's boss at [EMPLOYER], not Samanthas.");
    expect(r.replacements.map((x) => x.original)).toEqual(['Samantha Jones', 'samantha', 'ACME LTD']);
  });

  it('leaves a term inside a word alone, and a letter with a combining accent is still a word', () => {
    // "Zoë" spelled with a combining diaeresis is not "Zoë" followed by a boundary
    expect(pseudonymiseText('Zoë, Zoëlle and Zoe\u0308', TERMS).text).toBe('P03, Zoëlle and Zoe\u0308');
    expect(pseudonymiseText('José\u0301x José', TERMS).text).toBe('José\u0301x P04');
  });

  it('matches CJK without spaces and RTL text', () => {
    expect(pseudonymiseText('山田さんは来ました。', TERMS).text).toBe('P05さんは来ました。');
    expect(pseudonymiseText('قالت سارة: نعم', TERMS).text).toBe('قالت P06: نعم');
  });

  it('takes a line break inside a several-word term', () => {
    expect(pseudonymiseText('at Acme\nLtd today', TERMS).text).toBe('at [employer] today');
  });

  it('never chooses overlapping matches', () => {
    const m = chooseMatches('Samantha Jones', TERMS);
    expect(m).toHaveLength(1);
    expect(m[0]!.term.term).toBe('Samantha Jones');
  });
});

describe('moving codings through the replacement (UTF-16 offsets)', () => {
  const text = '😀 I met Zoë at Acme Ltd 👩‍👩‍👧 — José said café\u0301 to Samantha.';
  const { text: out, replacements } = pseudonymiseText(text, TERMS);
  const span = (s: string, t = text) => {
    const start = t.indexOf(s);
    expect(start).toBeGreaterThanOrEqual(0);
    return { start, end: start + s.length };
  };
  const moved = (s: string) => {
    const r = span(s);
    const m = mapRange(replacements, r.start, r.end);
    return out.slice(m.start, m.end);
  };

  it('gives the expected text', () => {
    expect(out).toBe('😀 I met P03 at [employer] 👩‍👩‍👧 — P04 said café\u0301 to P07.');
  });

  it('a coding that contains a name contains its pseudonym; one around emoji and accents keeps its words', () => {
    expect(moved('I met Zoë at Acme Ltd 👩‍👩‍👧')).toBe('I met P03 at [employer] 👩‍👩‍👧');
    expect(moved('😀')).toBe('😀');
    expect(moved('said café\u0301 to')).toBe('said café\u0301 to');
    expect(moved('Samantha.')).toBe('P07.');
    expect(moved(text)).toBe(out);
  });

  it('a coding that begins or ends inside a name takes the whole pseudonym', () => {
    const a = span('Zoë at Ac');
    const m = mapRange(replacements, a.start + 1, a.end);
    expect(out.slice(m.start, m.end)).toBe('P03 at [employer]');
    expect(isInsideReplacement(replacements, a.start + 1)).toBe(true);
    expect(isInsideReplacement(replacements, a.start)).toBe(false);
  });

  it('a coding that ends right before a name or starts right after one does not take it', () => {
    expect(moved('I met ')).toBe('I met ');
    expect(moved(' at ')).toBe(' at ');
  });

  it('every moved range is valid on the new text (no split emoji, accent or surrogate)', () => {
    for (let s = 0; s < text.length; s++) {
      for (let e = s + 1; e <= text.length; e++) {
        if (rangeProblem(text, s, e) !== null) continue;
        const m = mapRange(replacements, s, e);
        expect(rangeProblem(out, m.start, m.end)).toBeNull();
      }
    }
  });

  it('undoing the replacement gives back the text and, outside names, the exact positions', () => {
    const back = applySplices(out, replacements.map((r) => ({ start: r.newStart, end: r.newEnd, insert: r.original })));
    expect(back.text).toBe(text);
    const r = span('I met Zoë at Acme Ltd 👩‍👩‍👧');
    const there = mapRange(replacements, r.start, r.end);
    expect(mapRange(back.replacements, there.start, there.end)).toEqual(r);
  });
});

describe('residue', () => {
  it('reports terms inside words, parts of several-word terms and near-misspellings', () => {
    const after = pseudonymiseText('P07 and Samanthas met Samnatha and Samanta at Acme, and Sam.', TERMS).text;
    const found = findResidue(after, TERMS).map((r) => [r.text, r.kind, r.term]);
    expect(found).toEqual([
      ['Samantha', 'inside-word', 'Samantha'],
      ['Samnatha', 'similar', 'Samantha'],
      ['Samanta', 'similar', 'Samantha'],
      ['Acme', 'part-of-term', 'Acme Ltd'],
    ]);
  });

  it('reports nothing in a clean text with emoji, CJK and RTL', () => {
    expect(findResidue('P07 😀 さんは来ました。 قالت P06: نعم', TERMS)).toEqual([]);
  });

  it('computes the Damerau-Levenshtein (OSA) distance', () => {
    expect(editDistance('samantha', 'samnatha')).toBe(1);
    expect(editDistance('samantha', 'samanta')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('😀ab', '😀ba')).toBe(1);
  });
});

describe('suggestions', () => {
  it('lists capitalised words recurring across documents, not sentence starts or known terms', () => {
    const docs = ['We went to Riverside with Samantha. Then we left.', 'My sister in Riverside works at Acme Ltd.', 'at Acme Ltd, Monday, with Samantha.'];
    const s = suggestTerms(docs, [{ term: 'Samantha', pseudonym: 'P07' }]);
    expect(s.map((x) => x.text)).toEqual(['Acme Ltd', 'Riverside']);
    expect(s[0]).toEqual({ text: 'Acme Ltd', documents: 2, occurrences: 2 });
  });
});

describe('terms', () => {
  it('reads a terms CSV with or without a header and refuses bad lines naming the line', () => {
    expect(parseTermsCsv('term,pseudonym\nSamantha,P07\n"Acme, Ltd",[employer]\n', 'terms.csv')).toEqual([
      { term: 'Samantha', pseudonym: 'P07' },
      { term: 'Acme, Ltd', pseudonym: '[employer]' },
    ]);
    expect(parseTermsCsv('Zoë;P03;yes\n')).toEqual([{ term: 'Zoë', pseudonym: 'P03', matchCase: true }]);
    expect(() => parseTermsCsv('Samantha\n', 'terms.csv')).toThrow(expect.objectContaining({ file: 'terms.csv', message: expect.stringMatching(/line 1.*no pseudonym/) }));
    expect(() => parseTermsCsv('Sam,P1\nsam,P2\n', 'terms.csv')).toThrow(ImportError);
  });

  it('refuses a pseudonym that contains a term', () => {
    expect(termsProblem([{ term: 'Jones', pseudonym: 'Mr Jones' }])).toMatch(/contains the identifying term/);
    expect(termsProblem(TERMS)).toBeNull();
  });
});
