import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openQdpx } from '../../electron/refi/qdpx.js';
import { HAS_REFI, SAMPLES } from '../../tests/interop/reference.js';
import { walkCodes } from './model.js';
import { normalizeColor, parseCodebookXml, parseProjectXml, parseRefiXml } from './parse.js';
import { RefiFormatError } from './xml-read.js';

const sample = (p: string) => readFileSync(join(SAMPLES, p));
const countCodes = (codes: Parameters<typeof walkCodes>[0]) => [...walkCodes(codes)].length;

describe.skipIf(!HAS_REFI)('parsing real exports [interop]', () => {
  it('reads the ATLAS.ti 8 vendor test project (every kind of source)', () => {
    const p = parseProjectXml(sample('atlasti-mac-8.4/project.qde'));
    expect(p.origin).toMatch(/^ATLAS\.ti 8\.4/);
    expect(p.users.map((u) => u.name)).toEqual(['ATLAS.ti', 'Friedrich Markgraf', 'Sebastian Petrausch']);
    expect(countCodes(p.codes)).toBe(14);
    expect(p.codes.find((c) => c.name === '"rushed"')).toBeDefined(); // &quot; decoded
    expect(p.codes.find((c) => c.name === 'Coke::diet Coke')?.description).toBe('non sucré');
    expect(p.codes[0]!.guid).toBe('85d17f60-7bb0-481e-b742-b4861dd669df'); // lower-cased
    expect(p.codes[0]!.color).toBe('#f00082');
    expect(p.sources.map((s) => s.kind).sort()).toEqual(['audio', 'pdf', 'pdf', 'picture', 'text', 'text', 'text', 'text', 'text', 'text', 'video', 'video']);
    const simon = p.sources.find((s) => s.name === 'Simon.docx')!;
    expect(simon.selections).toHaveLength(3);
    expect(simon.selections[0]).toMatchObject({ startPosition: 688, endPosition: 907, description: 'why does Simon feel the need to do this?' });
    expect(simon.selections[0]!.codings[0]!.codeGuid).toBe('f9c6eac0-8a66-4757-9d8a-9a6c8fea3c44');
    const pdf = p.sources.find((s) => s.name?.startsWith('Pay de Lim'))!;
    expect(pdf.mediaSelections).toHaveLength(4);
    expect(pdf.representation?.selections).toHaveLength(2);
    expect(p.sources.filter((s) => s.kind === 'video').flatMap((s) => s.transcripts)).toHaveLength(3);
    expect(p.notes.map((n) => n.name)).toEqual(['Research Plan', 'My favorite Coke ad']);
    expect(p.notes[0]!.text).toBe('This is a great project by a dynamic team of researcher-developers. ');
    expect(p.links[0]).toMatchObject({ direction: 'OneWay', originGuid: 'e41be463-fdf3-4ed0-b668-119c53d8d687' });
    expect(p.sets).toHaveLength(16);
    expect(p.sets.find((s) => s.name === 'negative feelings')!.memberCodes).toHaveLength(4);
    expect(p.sets.find((s) => s.name === '<3')!.memberCodes).toHaveLength(0);
    expect(p.graphCount).toBe(1);
    expect(p.warnings).toContain('1 graph (network views) will not be imported: Weft has no graphs.');
  });

  it('reads NVivo, MAXQDA and qc projects', () => {
    const nvivo = parseProjectXml(sampleQde('nvivo-win-12.6/oltas.qdpx'));
    expect(nvivo.origin).toBe('NVivo for Windows 12.6');
    expect(nvivo.sources[0]!.selections).toHaveLength(97);
    expect(nvivo.sources[0]!.plainTextPath).toBe('internal://56a79789-d535-4fb8-bedd-a915504c54ba.txt');
    expect(nvivo.warnings).toEqual([]);
    const maxqda = parseProjectXml(sampleQde('maxqda-24.7/2025-06-16_ICLS_Conf_Themes_ALL_just10.qdpx'));
    expect(countCodes(maxqda.codes)).toBe(307);
    expect(maxqda.sources).toHaveLength(10);
    expect(maxqda.sets.map((s) => s.memberSources.length)).toEqual([5, 5]);
    expect(maxqda.warnings).toEqual([]);
    const qc = parseProjectXml(sampleQde('qc-1.3.2/demo.qdpx'));
    expect(qc.sources.map((s) => s.plainTextPath)).toEqual(['board_2017.txt', 'admin-1.txt']);
    expect(qc.sources[0]!.selections).toHaveLength(158);
  });

  it('reads the ATLAS.ti .qdc with a code set (MemberCode guid=)', () => {
    const cb = parseCodebookXml(sample('atlasti-win-23.4-qdc/atlasti-23.4.0-edited-by-requal.qdc'));
    expect(cb.kind).toBe('codebook');
    expect(cb.origin).toBe('ATLAS.ti Win 23.4.0');
    expect(cb.codes[0]).toMatchObject({ name: 'code1', color: '#46aa00', description: 'description' });
    expect(cb.sets[0]).toMatchObject({ name: 'code group 1', description: 'kategorie 1', memberCodes: ['1ff58b12-6f6f-4b0c-8be5-bbdc91f55294'] });
    expect(cb.warnings).toEqual([]);
  });

  it('reports the truncated ATLAS.ti .qdc specifically', () => {
    expect(() => parseCodebookXml(sample('atlasti-win-23.4-qdc/atlasti-23.4.0-truncated.qdc'))).toThrow(RefiFormatError);
    expect(() => parseCodebookXml(sample('atlasti-win-23.4-qdc/atlasti-23.4.0-truncated.qdc'))).toThrow(
      'The file is truncated or incomplete: the elements <CodeBook> > <Codes> > <Code> are never closed.',
    );
  });

  it('reads the Taguette .qdc and warns about its empty <Sets/>', () => {
    const cb = parseCodebookXml(sample('taguette-1.5.2/codebook.qdc'));
    expect(cb.codes.map((c) => c.name)).toEqual(['interesting', 'people', 'interesting\\places']);
    expect(cb.codes[0]!.guid).toBe('0d62985d-b147-5d01-a9b5-cae5dcd98342');
    expect(cb.sets).toEqual([]);
    expect(cb.warnings).toEqual(['An empty <Sets/> element was ignored (the schema requires at least one <Set>).']);
  });
});

/** The project.qde of a sample archive, read through the app's archive reader. */
function sampleQde(qdpx: string): Uint8Array {
  const a = openQdpx(join(SAMPLES, qdpx));
  try {
    return a.qde;
  } finally {
    a.close();
  }
}

describe('tolerance', () => {
  it('accepts prefixed elements, any urn:QDA-XML: namespace, braces and upper-case GUIDs', () => {
    const p = parseRefiXml(`<?xml version="1.0"?>
      <q:CodeBook xmlns:q="urn:QDA-XML:codebook:0:4" origin="Old">
        <q:Codes>
          <q:Code guid="{0D62985D-B147-5D01-A9B5-CAE5DCD98342}" name="a &amp; b" isCodable="1" color="#ABC"/>
        </q:Codes>
      </q:CodeBook>`);
    expect(p.codes[0]).toMatchObject({ guid: '0d62985d-b147-5d01-a9b5-cae5dcd98342', name: 'a & b', isCodable: true, color: '#aabbcc' });
    // The source's spelling is remembered (braces removed) for export; matching uses the lower case.
    expect(p.guidSpellings).toEqual({ '0d62985d-b147-5d01-a9b5-cae5dcd98342': '0D62985D-B147-5D01-A9B5-CAE5DCD98342' });
    expect(p.warnings).toEqual(['The file uses the namespace “urn:QDA-XML:codebook:0:4” instead of urn:QDA-XML:codebook:1.0; it was read as QDA-XML 1.0.']);
  });

  it('remembers only spellings other than lower case, the first when a GUID repeats, and not those of references', () => {
    const p = parseRefiXml(`<?xml version="1.0"?>
      <CodeBook xmlns="urn:QDA-XML:codebook:1.0">
        <Codes>
          <Code guid="0d62985d-b147-5d01-a9b5-cae5dcd98342" name="lower" isCodable="true"/>
          <Code guid="1D62985D-B147-5D01-A9B5-cae5dcd98342" name="mixed" isCodable="true"/>
          <Code guid="1d62985d-B147-5D01-A9B5-CAE5DCD98342" name="repeat" isCodable="true"/>
        </Codes>
        <Sets><Set guid="2d62985d-b147-5d01-a9b5-cae5dcd98342" name="S"><MemberCode guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342"/></Set></Sets>
      </CodeBook>`);
    expect(p.guidSpellings).toEqual({ '1d62985d-b147-5d01-a9b5-cae5dcd98342': '1D62985D-B147-5D01-A9B5-cae5dcd98342' });
    expect(p.codes.map((c) => c.color)).toEqual([undefined, undefined, undefined]);
  });

  it('ignores unknown and foreign elements, with one warning per kind', () => {
    const p = parseProjectXml(`<Project xmlns="urn:QDA-XML:project:1.0" xmlns:v="urn:vendor" name="n">
      <CodeBook><Codes>
        <Code guid="0d62985d-b147-5d01-a9b5-cae5dcd98342" name="a" isCodable="true"><Shiny/><Shiny/><v:Extra/></Code>
      </Codes></CodeBook>
      <Futures/>
    </Project>`);
    expect(p.codes).toHaveLength(1);
    expect(p.warnings).toEqual([
      'Ignored an unknown element <Futures> inside <Project>.',
      'Ignored 2 unknown elements <Shiny> inside <Code>.',
      'Ignored an element of another vocabulary: <Extra> (namespace urn:vendor) inside <Code>.',
    ]);
  });

  it('decodes character references, CDATA and keeps significant white space', () => {
    const p = parseProjectXml(`<Project xmlns="urn:QDA-XML:project:1.0" name="&#233;t&#xE9; &#x1F600;">
      <Notes><Note guid="0d62985d-b147-5d01-a9b5-cae5dcd98342"><PlainTextContent>  line 1&#13;
line 2 <![CDATA[<b>&amp;</b>]]>  </PlainTextContent></Note></Notes></Project>`);
    expect(p.name).toBe('été 😀');
    expect(p.notes[0]!.text).toBe('  line 1\r\nline 2 <b>&amp;</b>  ');
  });

  it('repairs colours and reports what it cannot read', () => {
    expect(normalizeColor('#FF8800')).toEqual({ color: '#ff8800', repaired: false });
    expect(normalizeColor('#F80')).toEqual({ color: '#ff8800', repaired: false });
    expect(normalizeColor('#FFFF8800')).toEqual({ color: '#ff8800', repaired: true });
    expect(normalizeColor('#336699FF')).toEqual({ color: '#336699', repaired: true });
    expect(normalizeColor('rgb(255, 136, 0)')).toEqual({ color: '#ff8800', repaired: true });
    expect(normalizeColor('orange').color).toBeUndefined();
    const p = parseCodebookXml(`<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
      <Code guid="0d62985d-b147-5d01-a9b5-cae5dcd98342" name="a" isCodable="true" color="rgba(1,2,3,0.5)"/>
      <Code guid="not-a-guid" name="" isCodable="maybe" color="orange"/></Codes></CodeBook>`);
    expect(p.codes.map((c) => c.color)).toEqual(['#010203', undefined]);
    expect(p.warnings).toEqual([
      'The code “a”: colour “rgba(1,2,3,0.5)” was read as #010203.',
      'A code without a name at the top level has an invalid GUID “not-a-guid”; a new one will be assigned.',
      'A code without a name at the top level (not-a-guid) was named “(unnamed code)”.',
      'The code “(unnamed code)”: colour “orange” is not a colour; it was ignored.',
      'The code “(unnamed code)”: isCodable="maybe" is not a boolean; assumed true.',
    ]);
  });

  it('drops selections without positions and codings without a code, saying so', () => {
    const p = parseProjectXml(`<Project xmlns="urn:QDA-XML:project:1.0" name="n"><Sources>
      <TextSource guid="0d62985d-b147-5d01-a9b5-cae5dcd98342" name="doc" plainTextPath="internal://x.txt">
        <PlainTextSelection guid="1d62985d-b147-5d01-a9b5-cae5dcd98342" startPosition="a" endPosition="3"/>
        <PlainTextSelection guid="2d62985d-b147-5d01-a9b5-cae5dcd98342" startPosition="1" endPosition="3">
          <Coding guid="3d62985d-b147-5d01-a9b5-cae5dcd98342"/>
        </PlainTextSelection>
      </TextSource></Sources></Project>`);
    expect(p.sources[0]!.selections).toHaveLength(1);
    expect(p.sources[0]!.selections[0]!.codings).toHaveLength(0);
    expect(p.warnings[0]).toMatch(/no usable startPosition\/endPosition .* dropped with its codings/);
    expect(p.warnings[1]).toMatch(/has no <CodeRef>; it was dropped/);
  });

  it('refuses what is not QDA-XML, with a reason', () => {
    expect(() => parseRefiXml('')).toThrow('The file is empty.');
    expect(() => parseRefiXml('<html><body/></html>')).toThrow(/root element is <html>/);
    expect(() => parseRefiXml('<Project xmlns="urn:other" name="x"/>')).toThrow(/namespace “urn:other”/);
    expect(() => parseCodebookXml('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>')).toThrow(/not a codebook/);
    expect(() => parseRefiXml('<a><b></a>')).toThrow(/not well-formed XML \(line 1/);
  });

  it('does not expand DOCTYPE entities', () => {
    const p = parseProjectXml(`<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY boom "BOOM">]><Project xmlns="urn:QDA-XML:project:1.0" name="&boom;"/>`);
    expect(p.name).toBe('&boom;');
    expect(p.warnings.join('\n')).toMatch(/DOCTYPE/);
  });
});
