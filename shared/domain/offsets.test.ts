import { describe, expect, it } from 'vitest';
import { OffsetMap, isValidBoundary, rangeProblem, snapToGraphemes, snapToWords, trimRange } from './offsets';

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
