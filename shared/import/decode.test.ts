import { describe, expect, it } from 'vitest';
import { cp1252CodePoint, decodeText, decodeUtf8OrCp1252, garbageRatio } from './decode.js';
import { ImportError } from './types.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const utf16le = (s: string, bom = true) => {
  const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    out[(bom ? 2 : 0) + i * 2] = s.charCodeAt(i) & 0xff;
    out[(bom ? 2 : 0) + i * 2 + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
};
const utf16be = (s: string, bom = true) => {
  const le = utf16le(s, false);
  const out = new Uint8Array((bom ? 2 : 0) + le.length);
  if (bom) out.set([0xfe, 0xff]);
  for (let i = 0; i < le.length; i += 2) {
    out[(bom ? 2 : 0) + i] = le[i + 1]!;
    out[(bom ? 2 : 0) + i + 1] = le[i]!;
  }
  return out;
};
const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return (err as Error).message;
  }
  throw new Error('expected an ImportError');
};

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM', () => {
    expect(decodeText('a.txt', utf8('Jos\u00e9: ol\u00e1'))).toEqual({ text: 'José: olá', encoding: 'UTF-8', warnings: [] });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Hi')]);
    expect(decodeText('a.txt', withBom)).toMatchObject({ text: 'Hi', encoding: 'UTF-8 with BOM' });
  });

  it('reads UTF-16 LE and BE with BOM, astral characters included', () => {
    const s = 'Qing: 你好 🌉\nLea: ok';
    expect(decodeText('a.txt', utf16le(s))).toMatchObject({ text: s, encoding: 'UTF-16 LE' });
    expect(decodeText('a.txt', utf16be(s))).toMatchObject({ text: s, encoding: 'UTF-16 BE' });
  });

  it('recognises UTF-16 without a BOM from its zero bytes', () => {
    const s = 'Interviewer: Hello there\nDan: Hi';
    expect(decodeText('a.txt', utf16le(s, false))).toMatchObject({ text: s, encoding: 'UTF-16 LE without BOM' });
    expect(decodeText('a.txt', utf16be(s, false))).toMatchObject({ text: s, encoding: 'UTF-16 BE without BOM' });
  });

  it('falls back to Windows-1252 for real cp1252 bytes, without mojibake', () => {
    // "Dan: I don’t say café – ever…" in cp1252: ’ = 0x92, é = 0xE9, – = 0x96, … = 0x85
    const bytes = new Uint8Array([
      ...utf8('Dan: I don'), 0x92, ...utf8('t say caf'), 0xe9, ...utf8(' '), 0x96, ...utf8(' ever'), 0x85,
    ]);
    expect(decodeText('a.txt', bytes)).toEqual({ text: 'Dan: I don’t say café – ever…', encoding: 'Windows-1252', warnings: [] });
  });

  it('keeps both halves of a UTF-8 file with a stray cp1252 byte', () => {
    const bytes = new Uint8Array([...utf8('Zoë says: don'), 0x92, ...utf8('t — ok')]);
    const d = decodeText('a.txt', bytes);
    expect(d.text).toBe('Zoë says: don’t — ok');
    expect(d.encoding).toBe('UTF-8 mixed with Windows-1252');
    expect(d.warnings).toEqual(['1 byte was not valid UTF-8 and was read as Windows-1252']);
  });

  it('maps the whole Windows-1252 code page (Node 20\'s TextDecoder would give Latin-1 controls for 0x80–0x9F)', () => {
    const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
    const all = new Uint8Array(256).map((_, i) => i);
    const ours = String.fromCharCode(...Array.from(all, cp1252CodePoint));
    expect(ours.slice(0x80, 0xa0)).toBe(high);
    for (let b = 0; b < 256; b++) if (b < 0x80 || b >= 0xa0) expect(ours.charCodeAt(b)).toBe(b);
    expect(decodeUtf8OrCp1252(all.subarray(0x80)).text).toBe(ours.slice(0x80));
  });

  it('refuses empty files and NUL bytes with specific reasons', () => {
    expect(reason(() => decodeText('e.txt', new Uint8Array()))).toBe('the file is empty (0 bytes)');
    expect(reason(() => decodeText('b.txt', new Uint8Array([0x41, 0x42, 0x00, 0x43])))).toBe(
      'the file contains binary data (a NUL byte at position 2), so it is not a text transcript',
    );
  });

  it('refuses text that is mostly control characters', () => {
    const bytes = new Uint8Array([0x41, 0x01, 0x02, 0x03, 0x42, 0x1b, 0x43, 0x44, 0x45]);
    expect(reason(() => decodeText('b.txt', bytes))).toMatch(/^the file looks like binary data, not text \(\d+% of its characters/);
  });

  it('does not count ordinary writing as garbage', () => {
    expect(garbageRatio('Layla: نسميه «نشاط» 👩🏽‍💼\tok\r\n')).toBe(0);
    expect(garbageRatio('\u0001\u0002ab')).toBe(0.5);
  });

  it('counts the same with and without its quick pass for plain writing', () => {
    // every character of the quick pass's set is writing; garbage beside it is still counted
    for (const [from, to] of [[0x09, 0x0d], [0x20, 0x7e], [0xa0, 0x24f], [0x2010, 0x2027], [0x2030, 0x205e]] as const) {
      for (let c = from; c <= to; c++) expect(garbageRatio(`ab${String.fromCharCode(c)}`), c.toString(16)).toBe(0);
    }
    expect(garbageRatio('naïve café — “ok”\u0007')).toBeCloseTo(1 / 18);
    expect(garbageRatio('plain\ue000')).toBeCloseTo(1 / 6);
  });

  it('counts every kind of garbage character, alone or among ASCII, CJK and astral characters', () => {
    // each of these counts once: controls, DEL and C1, U+FFFD, an unassigned code point, private use (BMP and astral), lone surrogates
    const garbage = ['\u0000', '\u0008', '\u000e', '\u001f', '\u007f', '\u009f', '\ufffd', '\u0378', '\ue000', '\u{f0000}', '\ud800', '\udfff'];
    for (const g of garbage) {
      expect(garbageRatio(g), JSON.stringify(g)).toBe(1 / g.length);
      expect(garbageRatio(`ab${g}cd`), JSON.stringify(g)).toBe(1 / (4 + g.length));
      expect(garbageRatio(`漢字${g}😀`), JSON.stringify(g)).toBe(1 / (4 + g.length));
    }
    const text = `plain ${garbage.join('x漢')} tail\t\n`;
    expect(garbageRatio(text)).toBe(garbage.length / text.length);
    // a surrogate pair is one character, not two lone halves
    expect(garbageRatio('a😀\u{1f9d1}\u{200d}\u{1f4bb}b')).toBe(0);
  });
});
