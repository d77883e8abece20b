import { describe, expect, it } from 'vitest';
import { OffsetMap, fitRangeToGraphemes, isGraphemeBoundary, isValidBoundary, rangeProblem, snapToGraphemes, snapToWords, trimRange } from './offsets';

// Test strings: emoji (astral, ZWJ sequence), CJK, combining accents, right-to-left Arabic/Hebrew.
const EMOJI = 'I felt 😀 then 👩‍👩‍👧 later';
const CJK = '我们讨论了教练的作业。';
const COMBINING = 'cafe\u0301 and nai\u0308ve';
const RTL = 'قال المدرب: شكرا لك';

describe('OffsetMap (UTF-16 ⇄ code points)', () => {
  it('is the identity for BMP-only text (CJK, RTL, combining marks)', () => {
    for (const text of [CJK, COMBINING, RTL]) {
      const map = new OffsetMap(text);
      for (let i = 0; i <= text.length; i++) {
        expect(map.toCodePoint(i)).toBe(i);
        expect(map.fromCodePoint(i)).toBe(i);
      }
    }
  });

  it('counts an astral emoji as two UTF-16 units but one code point', () => {
    const map = new OffsetMap(EMOJI);
    const smile = EMOJI.indexOf('😀');
    expect(map.toCodePoint(smile)).toBe(smile);
    expect(map.toCodePoint(smile + 2)).toBe(smile + 1);
    expect(map.fromCodePoint(smile + 1)).toBe(smile + 2);
    expect(map.codePointLength).toBe([...EMOJI].length);
    // every code point offset maps back to itself
    for (let cp = 0; cp <= map.codePointLength; cp++) expect(map.toCodePoint(map.fromCodePoint(cp))).toBe(cp);
  });

  it('agrees with Array.from slicing on a mixed string', () => {
    const text = `${EMOJI} ${CJK} ${COMBINING} ${RTL} 🇬🇧`;
    const cps = Array.from(text);
    const map = new OffsetMap(text);
    for (let cp = 0; cp <= cps.length; cp++) {
      expect(text.slice(0, map.fromCodePoint(cp))).toBe(cps.slice(0, cp).join(''));
    }
  });

  it('refuses an offset inside a surrogate pair', () => {
    const map = new OffsetMap(EMOJI);
    expect(() => map.toCodePoint(EMOJI.indexOf('😀') + 1)).toThrow(/surrogate/);
  });
});

describe('boundaries and ranges', () => {
  it('rejects boundaries that split a surrogate pair', () => {
    const i = EMOJI.indexOf('😀');
    expect(isValidBoundary(EMOJI, i)).toBe(true);
    expect(isValidBoundary(EMOJI, i + 1)).toBe(false);
    expect(isValidBoundary(EMOJI, i + 2)).toBe(true);
  });

  it('explains what is wrong with a range', () => {
    expect(rangeProblem('abc', 0, 3)).toBeNull();
    expect(rangeProblem('abc', 2, 2)).toMatch(/empty/);
    expect(rangeProblem('abc', 0, 9)).toMatch(/past the end/);
    expect(rangeProblem(EMOJI, 0, EMOJI.indexOf('😀') + 1)).toMatch(/splits a character/);
  });

  it('snaps to whole grapheme clusters: ZWJ family emoji and combining accents', () => {
    const fam = EMOJI.indexOf('👩‍👩‍👧');
    const famLen = '👩‍👩‍👧'.length;
    expect(snapToGraphemes(EMOJI, fam + 3, fam + 4)).toEqual([fam, fam + famLen]);
    const e = COMBINING.indexOf('e\u0301');
    expect(snapToGraphemes(COMBINING, e, e + 1)).toEqual([e, e + 2]);
  });

  it('snaps to whole words in Latin and RTL text', () => {
    const text = 'the homework was hard';
    expect(snapToWords(text, 6, 10)).toEqual([4, 12]);
    const w = RTL.indexOf('المدرب');
    expect(snapToWords(RTL, w + 2, w + 3)).toEqual([w, w + 'المدرب'.length]);
  });

  it('trims white space at the ends of a range', () => {
    expect(trimRange('  word  ', 0, 8)).toEqual([2, 6]);
  });
});

describe('grapheme boundaries (a coding may not split a character)', () => {
  const cases: [string, string, number[]][] = [
    // [label, text, offsets that are inside a cluster]
    ['combining acute', 'Cafe\u0301!', [4]],
    ['two combining marks', 'a\u0308\u0304b', [1, 2]],
    ['ZWJ family', 'x👩‍👩‍👧y', [2, 3, 4, 5, 6, 7, 8]],
    ['flags', '🇩🇪🇫🇷', [1, 2, 3, 5, 6, 7]],
    ['skin tone', '👍🏽.', [1, 2, 3]],
    ['Hangul jamo', '\u1100\u1161\u11a8.', [1, 2]],
    ['Devanagari vowel signs', 'किताब', [1, 3]],
  ];
  for (const [label, text, inside] of cases) {
    it(`${label}: refuses offsets inside a cluster, accepts the others`, () => {
      for (let i = 0; i <= text.length; i++) expect(isGraphemeBoundary(text, i), `${label} @${i}`).toBe(!inside.includes(i));
    });
  }

  it('accepts every offset of plain, CJK and right-to-left text', () => {
    for (const text of ['plain text', '信任是关键', 'שלום עולם', 'ثقة كبيرة']) {
      for (let i = 0; i <= text.length; i++) expect(isGraphemeBoundary(text, i)).toBe(true);
    }
  });

  it('counts the pairs of a long run of flags from its start, even far from the offset', () => {
    const text = `${'a'.repeat(100)}${'🇫🇷'.repeat(40)}`;
    for (let k = 0; k < 40; k++) {
      const at = 100 + k * 4;
      expect(isGraphemeBoundary(text, at)).toBe(true);
      expect(isGraphemeBoundary(text, at + 2)).toBe(false);
    }
  });

  it('rangeProblem names the reason, and the UI snap yields a range it accepts', () => {
    const text = 'Cafe\u0301 👩‍👩‍👧';
    expect(rangeProblem(text, 0, 4)).toMatch(/end 4 falls inside a character/);
    expect(rangeProblem(text, 8, text.length)).toMatch(/start 8 falls inside a character/);
    const [s, e] = snapToGraphemes(text, 3, 9);
    expect(rangeProblem(text, s, e)).toBeNull();
  });

  it('fitRangeToGraphemes widens ranges from files, and reports other problems', () => {
    const text = 'Cafe\u0301 ok';
    expect(fitRangeToGraphemes(text, 0, 4)).toEqual({ start: 0, end: 5, widened: true, problem: null });
    expect(fitRangeToGraphemes(text, 0, 3)).toEqual({ start: 0, end: 3, widened: false, problem: null });
    expect(fitRangeToGraphemes(text, 0, 99).problem).toMatch(/past the end/);
  });
});
