import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openQdpx } from '../../electron/refi/qdpx.js';
import { HAS_REFI, SAMPLES } from '../../tests/interop/reference.js';
import { parseProjectXml } from './parse.js';
import { chooseUnit, decodeSourceBytes, defaultUnit, SourceTextIndex, toCodePoints } from './positions.js';
import { resolveSourceText } from './resolve.js';
import { emptyProject, type ExchangeSelection } from './model.js';

const sel = (startPosition: number, endPosition: number, name?: string): ExchangeSelection => ({
  guid: '0d62985d-b147-5d01-a9b5-cae5dcd98342',
  startPosition,
  endPosition,
  codings: [],
  noteRefs: [],
  ...(name ? { name } : {}),
});

describe('SourceTextIndex', () => {
  // raw UTF-16: a0 \r1 \n2 b3 😀4,5 c6 (length 7); Weft text "a\nb😀c": a0 \n1 b2 😀3,4 c5
  const idx = new SourceTextIndex('a\r\nb😀c');

  it('normalises the text to LF', () => {
    expect(idx.text).toBe('a\nb😀c');
    expect(idx.unitsAgree).toBe(false);
    expect(new SourceTextIndex('plain text').unitsAgree).toBe(true);
  });

  it('maps UTF-16 positions with CRLF as two units (NVivo)', () => {
    expect(idx.length('utf16')).toBe(7);
    expect(idx.mapRange('utf16', 3, 7)).toEqual({ start: 2, end: 6, repairs: [] });
    expect(idx.mapRange('utf16', 0, 1)).toEqual({ start: 0, end: 1, repairs: [] });
    expect(idx.mapRange('utf16', 4, 6)).toEqual({ start: 3, end: 5, repairs: [] });
  });

  it('maps code points with CRLF as two (standard) or one (ATLAS.ti)', () => {
    expect(idx.length('codepoint')).toBe(6);
    expect(idx.mapRange('codepoint', 3, 6)).toEqual({ start: 2, end: 6, repairs: [] });
    expect(idx.mapRange('codepoint', 4, 5)).toEqual({ start: 3, end: 5, repairs: [] });
    expect(idx.length('codepoint-crlf1')).toBe(5);
    expect(idx.mapRange('codepoint-crlf1', 2, 5)).toEqual({ start: 2, end: 6, repairs: [] });
  });

  it('repairs positions inside a surrogate pair or a CRLF, and clamps the end', () => {
    const split = idx.mapRange('utf16', 5, 7);
    expect(split).toMatchObject({ start: 3, end: 6 });
    expect('repairs' in split && split.repairs[0]).toMatch(/split an astral character/);
    const crlf = idx.mapRange('utf16', 0, 2);
    expect(crlf).toMatchObject({ start: 0, end: 2 });
    expect('repairs' in crlf && crlf.repairs[0]).toMatch(/between CR and LF/);
    const clamped = idx.mapRange('codepoint', 3, 60);
    expect(clamped).toMatchObject({ start: 2, end: 6 });
    expect('repairs' in clamped && clamped.repairs[0]).toMatch(/past the end .* clamped/);
  });

  it('drops what cannot be placed', () => {
    expect(idx.mapRange('utf16', 9, 12)).toEqual({ dropped: 'it starts at 9, beyond the end of the text (length 7 UTF-16 code units)' });
    expect(idx.mapRange('utf16', 4, 2)).toEqual({ dropped: 'the end 2 is before the start 4' });
    expect(idx.mapRange('utf16', 2, 2)).toEqual({ dropped: 'it is empty (start equals end)' });
    expect(idx.mapRange('utf16', -1, 2)).toEqual({ dropped: 'negative position -1' });
  });
});

describe('units per producer', () => {
  it('knows NVivo, ATLAS.ti and the standard', () => {
    expect(defaultUnit('NVivo for Windows 12.6', 'x')).toBe('utf16');
    expect(defaultUnit('NVivo for Mac 15.0.0', 'x')).toBe('utf16');
    expect(defaultUnit('ATLAS.ti for Windows 23.2', 'a\r\nb')).toBe('codepoint-crlf1');
    expect(defaultUnit('ATLAS.ti for Windows 23.2', 'a\nb')).toBe('codepoint');
    expect(defaultUnit('MAXQDA 24', 'a\r\nb')).toBe('codepoint');
    expect(defaultUnit(undefined, 'x')).toBe('codepoint');
  });

  it('switches unit when quoted selection names clearly say so', () => {
    const text = '😀 one 😀 two 😀 three four';
    const idx = new SourceTextIndex(text);
    // positions written as UTF-16 by an unknown producer that quotes the passage in `name`
    const quoted = ['one 😀 two', 'two 😀 three', 'three four'].map((q) => sel(text.indexOf(q), text.indexOf(q) + q.length, q));
    expect(chooseUnit(idx, 'SomeTool 1.0', quoted)).toMatchObject({ unit: 'utf16', note: expect.stringMatching(/3 of 3 quoted selections/) });
    expect(chooseUnit(idx, 'SomeTool 1.0', quoted.map((s) => ({ ...s, name: 'line:12' })))).toEqual({ unit: 'codepoint' });
  });
});

describe('decoding source files', () => {
  it('strips a UTF-8 BOM, reads UTF-16 with a BOM, falls back to Windows-1252 with a warning', () => {
    expect(decodeSourceBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a]))).toEqual({ raw: 'a\r\n', encoding: 'UTF-8 with BOM', warnings: [] });
    expect(decodeSourceBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00])).raw).toBe('a');
    const latin = decodeSourceBytes(new Uint8Array([0x63, 0x61, 0x66, 0xe9]));
    expect(latin.raw).toBe('café');
    expect(latin.warnings[0]).toMatch(/Windows-1252/);
  });

  it('reads 0x80–0x9F as Windows-1252 (“ ” € …), like `weft import`, not as C1 controls', () => {
    const d = decodeSourceBytes(new Uint8Array([0x93, 0x61, 0x94, 0x20, 0x80, 0x85]));
    expect(d.raw).toBe('\u201ca\u201d \u20ac\u2026');
    expect(d.encoding).toBe('Windows-1252');
    expect(decodeSourceBytes(new Uint8Array([])).raw).toBe('');
    expect(() => decodeSourceBytes(new Uint8Array([0x61, 0, 0x62, 0x63, 0, 0, 0]), 'sources/x.txt')).toThrow(/binary data/);
  });
});

describe('export positions', () => {
  it('are code points over the LF text', () => {
    const text = 'a😀b\nc';
    expect(toCodePoints(text, 3, 6)).toEqual({ startPosition: 2, endPosition: 5 });
  });
});

describe.skipIf(!HAS_REFI)('the NVivo for Windows oracle (reference NOTES §6) [interop]', () => {
  if (!HAS_REFI) return;
  const archive = openQdpx(join(SAMPLES, 'nvivo-win-12.6/oltas.qdpx'));
  const project = parseProjectXml(archive.qde);
  const source = project.sources[0]!;
  const raw = decodeSourceBytes(archive.readFile(source.plainTextPath!)!).raw;
  archive.close();
  const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}\p{M}]/u.test(c);
  const boundary = (t: string, at: number) => !isWordChar(t[at - 1]) || !isWordChar(t[at]);

  it('UTF-16 slicing of the stored text lands on word/line boundaries for 97/97 selections; code points do not', () => {
    const idx = new SourceTextIndex(raw);
    const onBoundary = (unit: 'utf16' | 'codepoint') =>
      source.selections.filter((s) => {
        const r = idx.mapRange(unit, s.startPosition, s.endPosition);
        return !('dropped' in r) && boundary(idx.text, r.start) && boundary(idx.text, r.end);
      }).length;
    expect(source.selections).toHaveLength(97);
    expect(onBoundary('utf16')).toBe(97);
    expect(onBoundary('codepoint')).toBeLessThan(97);
  });

  it('is read in UTF-16 by the resolver because of its origin', () => {
    const p = emptyProject('project', 'x');
    p.origin = project.origin!;
    const copy = { ...source, selections: source.selections.map((s) => ({ ...s })) };
    resolveSourceText(p, copy, raw);
    expect(p.warnings).toEqual([]);
    expect(copy.selections).toHaveLength(97);
    expect(copy.text!.includes('\r')).toBe(false);
    for (const s of copy.selections) {
      expect(boundary(copy.text!, s.start!)).toBe(true);
      expect(boundary(copy.text!, s.end!)).toBe(true);
    }
  });
});

describe('SourceTextIndex.mapPoint (sync point positions)', () => {
  it('maps code points and UTF-16 units to Weft offsets over emoji, CJK, accents, RTL and CRLF; the end of the text is a place', () => {
    const raw = 'a😀\u0301贵\r\nمرحبا';
    const index = new SourceTextIndex(raw);
    expect(index.text).toBe('a😀\u0301贵\nمرحبا');
    expect(index.mapPoint('codepoint', 2)).toEqual({ offset: 3 }); // after the emoji
    expect(index.mapPoint('utf16', 2)).toEqual({ offset: 3 }); // inside the emoji: moved after it
    expect(index.mapPoint('codepoint', 9)).toEqual({ offset: index.text.indexOf('ب') }); // CRLF counts 2 in the file
    expect(index.mapPoint('codepoint', index.length('codepoint'))).toEqual({ offset: index.text.length });
    expect(index.mapPoint('codepoint', index.length('codepoint') + 1)).toHaveProperty('dropped');
    expect(index.mapPoint('codepoint', -1)).toHaveProperty('dropped');
  });
});
