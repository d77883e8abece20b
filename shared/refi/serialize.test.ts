import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODEBOOK_XSD, HAS_REFI, PROJECT_XSD, SAMPLES, xmllint } from '../../tests/interop/reference.js';
import { emptyProject, emptySource, type ExchangeProject } from './model.js';
import { parseCodebookXml, parseProjectXml } from './parse.js';
import { resolveProjectTexts } from './resolve.js';
import { RefiExportError, serializeCodebook, serializeProject } from './serialize.js';

const G = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function sampleProject(): ExchangeProject {
  const p = emptyProject('project', 'Étude & "quotes" <ok>');
  p.origin = 'Weft test';
  p.creationDateTime = '2024-05-01T10:00:00.000Z';
  p.users = [
    { guid: G(1), name: 'Ana', id: 'AN' },
    { guid: G(2), name: 'Bo' },
  ];
  p.creatingUser = G(1);
  p.codes = [
    {
      guid: G(10),
      name: 'Parent ::\\ "x"',
      isCodable: false,
      color: '#ABCDEF',
      noteRefs: [G(60)],
      children: [{ guid: G(11), name: 'Child', isCodable: true, color: '#123456', description: 'Def\n\n## Example\n<b>&amp;</b>', noteRefs: [], children: [] }],
    },
  ];
  p.variables = [
    { guid: G(20), name: 'Age', type: 'Integer' },
    { guid: G(21), name: 'Site', type: 'Text', description: '(Weft attribute; scope: document)' },
  ];
  p.cases = [{ guid: G(30), name: 'P1', description: 'first', codeRefs: [], values: [{ variableGuid: G(20), type: 'Integer', value: '42' }], sourceRefs: [G(40)], selectionRefs: [] }];
  const doc = emptySource(G(40));
  doc.name = 'Interview 😀';
  doc.text = 'Hé 😀 مرحبا\n中文 e\u0301 end';
  doc.description = 'desc';
  doc.creatingUser = G(1);
  doc.values = [{ variableGuid: G(21), type: 'Text', value: 'North' }];
  const start = doc.text.indexOf('مرحبا');
  doc.selections = [
    {
      guid: G(41),
      startPosition: 0,
      endPosition: 0,
      start,
      end: start + 5,
      description: 'memo copy',
      codings: [{ guid: G(42), codeGuid: G(11), creatingUser: G(2), creationDateTime: '2024-05-02T10:00:00Z', noteRefs: [] }],
      noteRefs: [G(61)],
    },
  ];
  doc.codings = [{ guid: G(43), codeGuid: G(11), noteRefs: [] }];
  doc.noteRefs = [G(62)];
  p.sources = [doc];
  p.notes = [
    { guid: G(60), name: 'Code memo', text: 'about the code', noteRefs: [] },
    { guid: G(61), name: 'Coding memo', text: 'line 1\r\nline 2 \u0007bell', noteRefs: [], creatingUser: G(2) },
    { guid: G(62), text: '', noteRefs: [] },
    { guid: G(63), name: 'Journal', text: 'project level', noteRefs: [] },
  ];
  p.noteRefs = [G(63)];
  p.links = [{ guid: G(70), name: 'Memo', direction: 'OneWay', originGuid: G(63), targetGuid: G(30), noteRefs: [] }];
  p.sets = [
    { guid: G(80), name: 'Theme A', description: 'Def\n\n(Weft theme; status: final)', memberCodes: [G(11)], memberSources: [], memberNotes: [] },
    { guid: G(81), name: 'Docs', memberCodes: [], memberSources: [G(40)], memberNotes: [] },
  ];
  return p;
}

describe('serializeProject', () => {
  const p = sampleProject();
  const out = serializeProject(p);

  it.skipIf(!HAS_REFI)('is valid against Project.xsd (and the validator is strict) [interop]', () => {
    expect(xmllint('<Project xmlns="urn:QDA-XML:project:1.0"/>', PROJECT_XSD).ok).toBe(false); // no name
    expect(xmllint(readFileSync(join(SAMPLES, 'taguette-1.5.2/codebook.qdc')), CODEBOOK_XSD).ok).toBe(false); // empty <Sets/>
    const v = xmllint(out.xml, PROJECT_XSD);
    expect(v.output).not.toMatch(/fails|error/i);
    expect(v.ok).toBe(true);
  });

  it('writes the exact namespace, sequence order and no empty wrappers', () => {
    expect(out.xml).toContain('<Project xmlns="urn:QDA-XML:project:1.0"');
    const order = ['<Users>', '<CodeBook>', '<Variables>', '<Cases>', '<Sources>', '<Notes>', '<Links>', '<Sets>', '<NoteRef targetGUID="' + G(63)];
    const at = order.map((t) => out.xml.indexOf(t));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const empty = serializeProject(emptyProject('project', 'Empty')).xml;
    expect(empty).not.toMatch(/<(Users|CodeBook|Codes|Variables|Cases|Sources|Notes|Links|Sets)\b/);
    if (HAS_REFI) expect(xmllint(empty, PROJECT_XSD).ok).toBe(true);
  });

  it('writes text as sources/<guid>.txt, UTF-8 without BOM, and positions as code points', () => {
    expect(out.files.map((f) => f.path)).toEqual([`sources/${G(40)}.txt`]);
    const bytes = out.files[0]!.bytes;
    expect(bytes[0]).not.toBe(0xef);
    expect(new TextDecoder().decode(bytes)).toBe(p.sources[0]!.text);
    expect(out.xml).toContain(`plainTextPath="internal://${G(40)}.txt"`);
    // "Hé 😀 " is 6 UTF-16 units but 5 code points
    expect(out.xml).toMatch(/startPosition="5" endPosition="10"/);
    expect(out.warnings.join('\n')).toMatch(/outside the Basic Multilingual Plane/);
  });

  it('escapes text, removes what XML cannot carry, and reports it', () => {
    expect(out.xml).toContain('name="Étude &amp; &quot;quotes&quot; &lt;ok&gt;"');
    expect(out.xml).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
    expect(out.xml).toContain('line 1&#13;\nline 2 bell');
    expect(out.warnings.join('\n')).toMatch(/control characters/);
  });

  it('reads back what it wrote', () => {
    const back = parseProjectXml(out.xml);
    resolveProjectTexts(back, (path) => out.files.find((f) => `internal://${f.path.slice('sources/'.length)}` === path)?.bytes);
    expect(back.warnings).toEqual([]);
    expect(back.name).toBe(p.name);
    expect(back.users).toEqual(p.users);
    expect(back.codes[0]).toMatchObject({ guid: G(10), name: 'Parent ::\\ "x"', isCodable: false, color: '#abcdef', noteRefs: [G(60)] });
    expect(back.codes[0]!.children[0]!.description).toBe('Def\n\n## Example\n<b>&amp;</b>');
    expect(back.variables).toEqual(p.variables);
    expect(back.cases).toEqual(p.cases);
    const src = back.sources[0]!;
    expect(src.text).toBe(p.sources[0]!.text);
    expect(src.selections[0]).toMatchObject({ start: p.sources[0]!.selections[0]!.start, end: p.sources[0]!.selections[0]!.end, description: 'memo copy', noteRefs: [G(61)] });
    expect(src.selections[0]!.codings[0]).toEqual(p.sources[0]!.selections[0]!.codings[0]);
    expect(src.codings).toEqual(p.sources[0]!.codings);
    expect(src.values).toEqual(p.sources[0]!.values);
    expect(back.notes.map((n) => n.text)).toEqual(['about the code', 'line 1\r\nline 2 bell', '', 'project level']);
    expect(back.links).toEqual(p.links);
    expect(back.sets).toEqual(p.sets);
    expect(back.noteRefs).toEqual([G(63)]);
  });

  it('leaves out references to things that are not exported, and says so', () => {
    const q = sampleProject();
    q.sources[0]!.selections[0]!.codings[0]!.codeGuid = G(999);
    const r = serializeProject(q);
    expect(r.warnings.join('\n')).toMatch(/refers to 00000000-0000-4000-8000-0000000003e7, which is not in the export/);
    if (HAS_REFI) expect(xmllint(r.xml, PROJECT_XSD).ok).toBe(true);
  });
});

describe('GUID spellings and missing colours', () => {
  it('writes every GUID listed in guidSpellings as spelled, in definitions and references; leaves out an absent colour', () => {
    const p = sampleProject();
    const up = (g: string) => g.toUpperCase();
    p.guidSpellings = { [G(10)]: up(G(10)), [G(11)]: up(G(11)), [G(42)]: 'not-this-guid' };
    const { xml } = serializeProject(p);
    expect(xml).toContain(`<Code guid="${up(G(10))}"`);
    expect(xml).toContain(`<CodeRef targetGUID="${up(G(11))}"/>`);
    expect(xml).toContain(`<MemberCode targetGUID="${up(G(11))}"/>`);
    expect(xml).not.toContain(G(10));
    expect(xml).not.toContain(G(11));
    // A spelling that is not the same GUID is ignored.
    expect(xml).toContain(`guid="${G(42)}"`);
    const back = parseProjectXml(xml);
    expect(back.codes[0]!.guid).toBe(G(10));
    expect(back.guidSpellings).toEqual({ [G(10)]: up(G(10)), [G(11)]: up(G(11)) });
    const cb = serializeCodebook(p).xml;
    expect(cb).toContain(`guid="${up(G(10))}"`);
    expect(cb).toContain(`<MemberCode guid="${up(G(11))}"/>`);
    if (HAS_REFI) expect(xmllint(xml, PROJECT_XSD).ok).toBe(true);
  });

  it('writes no color attribute for a code without a colour', () => {
    const p = emptyProject('codebook', 'x');
    p.codes = [{ guid: G(1), name: 'No colour', isCodable: true, noteRefs: [], children: [] }];
    expect(serializeCodebook(p).xml).toContain(`<Code guid="${G(1)}" name="No colour" isCodable="true"/>`);
  });
});

describe('serializeCodebook', () => {
  it('is valid against Codebook.xsd, uses MemberCode guid= and round-trips', () => {
    const p = sampleProject();
    const { xml } = serializeCodebook(p);
    if (HAS_REFI) {
      const v = xmllint(xml, CODEBOOK_XSD);
      expect(v.output).not.toMatch(/fails|error/i);
      expect(v.ok).toBe(true);
    }
    expect(xml).toContain(`<MemberCode guid="${G(11)}"/>`);
    expect(xml).not.toContain('NoteRef');
    expect(xml).not.toContain('Docs'); // a set of documents has no place in a codebook
    const back = parseCodebookXml(xml);
    expect(back.codes[0]!.children[0]!.name).toBe('Child');
    expect(back.sets.map((s) => s.name)).toEqual(['Theme A']);
  });

  it('refuses an empty codebook (the schema needs one code)', () => {
    expect(() => serializeCodebook(emptyProject('codebook', 'x'))).toThrow(RefiExportError);
  });
});
