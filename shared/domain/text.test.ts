import { describe, expect, it } from 'vitest';
import { countWords, paragraphs } from './text';

const texts = (text: string) => paragraphs(text).map((p) => text.slice(p.start, p.end));

describe('paragraphs', () => {
  it('splits on newlines and leaves blank lines out, keeping offsets into the whole text', () => {
    const text = 'Interviewer: Hello?\n\nAna: Hi.\n \t\n\nBo: Yes\n';
    expect(paragraphs(text)).toEqual([
      { start: 0, end: 19 },
      { start: 21, end: 29 },
      { start: 34, end: 41 },
    ]);
    expect(texts(text)).toEqual(['Interviewer: Hello?', 'Ana: Hi.', 'Bo: Yes']);
  });

  it('gives the same paragraphs as the text without blank lines, only shifted', () => {
    const dense = 'A: one\nB: two\nA: three';
    const airy = '\n\nA: one\n\n\nB: two\r\n\nA: three\n\n'.replace(/\r/g, '');
    expect(texts(airy)).toEqual(texts(dense));
    expect(paragraphs(dense)).toEqual([
      { start: 0, end: 6 },
      { start: 7, end: 13 },
      { start: 14, end: 22 },
    ]);
  });

  it('counts UTF-16 units with emoji, CJK, combining accents and RTL text', () => {
    const text = 'Zoë 🌉 here\n\n中文段落\n\u3000\nשלום עולם\nCafe\u0301';
    const ps = paragraphs(text);
    expect(texts(text)).toEqual(['Zoë 🌉 here', '中文段落', 'שלום עולם', 'Cafe\u0301']);
    expect(ps[0]).toEqual({ start: 0, end: 11 }); // the emoji is two units
    expect(ps[1]!.start).toBe(13);
    expect(ps[3]!.end).toBe(text.length);
  });

  it('returns nothing for an empty or blank text and one span for a text without newlines', () => {
    expect(paragraphs('')).toEqual([]);
    expect(paragraphs('\n \n')).toEqual([]);
    expect(paragraphs('only')).toEqual([{ start: 0, end: 4 }]);
  });
});

describe('countWords', () => {
  it('counts a word as one however long, at and around the 256 code points a match takes', () => {
    const astral = '𝒜'; // a letter outside the BMP: two code units
    expect(countWords(`${'a'.repeat(255)} ${'a'.repeat(256)} ${'a'.repeat(257)} ${'a'.repeat(512)}x`)).toBe(4);
    expect(countWords(`${astral.repeat(128)} ${astral.repeat(255)}b ${astral.repeat(256)}b ${astral.repeat(300)}-x’s y`)).toBe(5);
    expect(countWords('one, two; three—four 漢字 🙂')).toBe(6);
  });
});
