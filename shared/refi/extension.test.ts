import { describe, expect, it } from 'vitest';
import { emptyExtension, isEmptyExtension, parseExtension, serializeExtension, turnsFitText, WEFT_EXTENSION_VERSION, type WeftExtension } from './extension.js';

const G1 = '0b7c2a9e-1f3d-4c5b-8a6e-9d0f1e2a3b4c';
const G2 = '1c8d3b0f-2a4e-4d6c-9b7f-0e1a2b3c4d5e';
const G3 = '2d9e4c1a-3b5f-4e7d-8c0a-1f2b3c4d5e6f';
const HASH = 'a'.repeat(64);

function sample(): WeftExtension {
  const e = emptyExtension();
  e.documents[G1] = {
    contentHash: HASH,
    sourceFormat: 'vtt',
    sourceName: 'ana.vtt',
    readAt: '2024-03-06T10:00:00.000Z',
    speakers: [
      { guid: G2, label: 'Interviewer', interviewer: true },
      { guid: G3, label: 'Ana María', case: G1 },
    ],
    turns: [
      { speaker: G2, start: 0, end: 10, beginMs: 0, endMs: 900 },
      { start: 11, end: 12 },
      { speaker: G3, start: 12, end: 40, beginMs: 1000 },
    ],
  };
  e.consensusCoders = [G2];
  e.codingsUpdated[G3] = '2030-01-01T00:00:00.000Z';
  e.mapLayout.themes[G1] = [1.5, -2];
  e.mapLayout.codes[G2] = [300, 80.25];
  e.merges.push({ sourceName: 'bo.weft', sourceGuid: G3, sourceFormat: 'weft', mergedBy: 'Ana', summary: '3 codings', mergedAt: '2024-03-08T09:00:00.000Z' });
  e.mergeAliases.push({ kind: 'code', foreign: G1, local: G2 });
  return e;
}

describe('weft/extension.json', () => {
  it('round-trips every field exactly', () => {
    const e = sample();
    const parsed = parseExtension(serializeExtension(e));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.extension).toEqual(e);
    expect(parseExtension(new TextEncoder().encode(serializeExtension(e))).extension).toEqual(e);
  });

  it('an empty extension is recognised (nothing to write)', () => {
    expect(isEmptyExtension(emptyExtension())).toBe(true);
    expect(isEmptyExtension(sample())).toBe(false);
  });

  it('normalises GUIDs written in upper case or braces', () => {
    const text = serializeExtension(sample()).replaceAll(G1, `{${G1.toUpperCase()}}`);
    const parsed = parseExtension(text);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.extension).toEqual(sample());
  });

  it('ignores a whole entry that is not JSON, not UTF-8, not Weft or of another version, with a warning', () => {
    expect(parseExtension('{').warnings[0]).toMatch(/could not be read \(it is not valid JSON\)/);
    expect(parseExtension(new Uint8Array([0x7b, 0xff, 0x7d])).warnings[0]).toMatch(/it is not UTF-8 text/);
    expect(parseExtension('[]').warnings[0]).toMatch(/is not in Weft's format/);
    const newer = parseExtension(JSON.stringify({ ...sample(), version: WEFT_EXTENSION_VERSION + 1 }));
    expect(newer.extension).toBeUndefined();
    expect(newer.warnings[0]).toMatch(/written by a newer Weft \(format version 2; this one reads version 1\)/);
    expect(parseExtension(JSON.stringify({ ...sample(), version: 'x' })).warnings[0]).toMatch(/unknown format version \("x"\)/);
  });

  it('drops a malformed document (and only it), with a warning naming it', () => {
    const e = sample();
    e.documents[G2] = { ...e.documents[G1]!, turns: [...e.documents[G1]!.turns].reverse() };
    const bad = JSON.parse(serializeExtension(e)) as Record<string, Record<string, unknown>>;
    bad.documents![G3] = { contentHash: HASH, speakers: [], turns: [{ speaker: G1, start: 0, end: 1 }] };
    bad.documents!['not-a-guid'] = {};
    const parsed = parseExtension(JSON.stringify(bad));
    expect(Object.keys(parsed.extension!.documents)).toEqual([G1]);
    expect(parsed.warnings).toEqual([
      `The Weft data (weft/extension.json): the entry for the source ${G2} has overlapping or unordered turns; it was left out.`,
      `The Weft data (weft/extension.json): the entry for the source ${G3} has a turn by a speaker it does not list; it was left out.`,
      'The Weft data (weft/extension.json): a document key ("not-a-guid") is not a GUID; it was left out.',
    ]);
  });

  it('drops malformed map positions, merges and aliases one by one', () => {
    const raw = JSON.parse(serializeExtension(sample())) as Record<string, unknown>;
    raw.mapLayout = { themes: { [G1]: [1, 2], [G2]: [1, 'x'] }, codes: { [G3]: [Infinity, 0] } };
    raw.merges = [{ sourceName: 'a', sourceFormat: 'zip', summary: '', mergedAt: '2024-01-01T00:00:00Z' }];
    raw.mergeAliases = [{ kind: 'table', foreign: G1, local: G2 }, { kind: 'case', foreign: G1, local: G2 }];
    const parsed = parseExtension(JSON.stringify(raw));
    expect(parsed.extension!.mapLayout).toEqual({ themes: { [G1]: [1, 2] }, codes: {} });
    expect(parsed.extension!.merges).toEqual([]);
    expect(parsed.extension!.mergeAliases).toEqual([{ kind: 'case', foreign: G1, local: G2 }]);
    expect(parsed.warnings).toHaveLength(4);
  });

  it('turnsFitText: inside the text and never inside a surrogate pair', () => {
    const text = 'Ana: 😀 e\u0301 中文 مرحبا';
    const at = text.indexOf('😀');
    expect(turnsFitText([{ start: 0, end: text.length }], text)).toBe(true);
    expect(turnsFitText([{ start: 0, end: at + 2 }], text)).toBe(true);
    expect(turnsFitText([{ start: 0, end: at + 1 }], text)).toBe(false);
    expect(turnsFitText([{ start: 0, end: text.length + 1 }], text)).toBe(false);
  });
});
