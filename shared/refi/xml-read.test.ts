/**
 * The streaming XML reader (xml-read.ts) and the parser fed in chunks (RefiXmlParser): the same
 * model whatever the chunking, on the reference samples and on a serialised round-trip project;
 * malformed input, cut anywhere or damaged in any of the ways below, is refused with a clear
 * RefiFormatError; nothing is expanded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_REFI, SAMPLES } from '../../tests/interop/reference.js';
import { emptyProject, emptySource } from './model.js';
import { parseRefiXml, RefiXmlParser } from './parse.js';
import { serializeProject } from './serialize.js';
import { readXml, RefiFormatError, XmlReader, type XmlHooks } from './xml-read.js';

const enc = (s: string) => new TextEncoder().encode(s);

/** Parses `bytes` fed in pieces of `size` bytes. */
function chunked(bytes: Uint8Array, size: number) {
  const p = new RefiXmlParser();
  for (let i = 0; i < bytes.length; i += size) p.writeBytes(bytes.subarray(i, i + size));
  return p.end();
}

const G = (k: number) => `0d62985d-b147-5d01-a9b5-${k.toString(16).padStart(12, '0')}`;

/** A small project as Weft writes it: codes, a text source with selections and codings, a note. */
function roundTripXml(): string {
  const p = emptyProject('project', 'Café “study” & co');
  p.users.push({ guid: G(1), name: 'Ana' });
  p.codes.push({ guid: G(2), name: 'Money <&> time', isCodable: true, noteRefs: [], children: [{ guid: G(3), name: 'Sub', isCodable: true, noteRefs: [], children: [] }] });
  const src = emptySource(G(4), 'text', 'TextSource');
  src.name = 'Interview 1';
  src.text = 'line one\nline two — naïve 中文 😀\n';
  for (let k = 0; k < 20; k++) {
    src.selections.push({ guid: G(100 + k), startPosition: k, endPosition: k + 5, start: k, end: k + 5, codings: [{ guid: G(200 + k), codeGuid: G(k % 2 ? 2 : 3), noteRefs: [], creatingUser: G(1) }], noteRefs: [], creatingUser: G(1), creationDateTime: '2024-01-02T03:04:05Z' });
  }
  p.sources.push(src);
  p.notes.push({ guid: G(5), name: 'Memo', plainTextContent: 'a note', noteRefs: [] });
  return serializeProject(p).xml;
}

describe('the same model whatever the chunking', () => {
  it('on a serialised project (round trip), at every chunk size from 1 byte', () => {
    const bytes = enc(roundTripXml());
    const whole = parseRefiXml(bytes);
    expect(whole.sources[0]!.selections).toHaveLength(20);
    expect(whole.codes[0]!.name).toBe('Money <&> time');
    for (const size of [1, 2, 3, 5, 13, 64, 1000]) expect(chunked(bytes, size)).toEqual(whole);
    // and as text in pieces (a CR LF, an entity or a surrogate pair cut in two)
    const text = roundTripXml().replace(/\n/g, '\r\n');
    const p = new RefiXmlParser();
    for (let i = 0; i < text.length; i += 3) p.write(text.slice(i, i + 3));
    expect(p.end()).toEqual(parseRefiXml(text));
  });

  it.skipIf(!HAS_REFI)('on every reference sample [interop]', async () => {
    const { openQdpx } = await import('../../electron/refi/qdpx.js');
    const files = [
      'atlasti-mac-8.4/project.qde',
      'atlasti-win-23.4-qdc/atlasti-23.4.0-edited-by-requal.qdc',
      'taguette-1.5.2/codebook.qdc',
      'nvivo-win-12.6/oltas.qdpx',
      'qc-1.3.2/demo.qdpx',
      'atlasti-win-23.2/target-atlas-project.qdpx',
      'maxqda-24.7/2025-06-16_ICLS_Conf_Themes_ALL_just10.qdpx',
      'nvivo-mac-15.0/nvivo_project.qdpx',
    ];
    for (const f of files) {
      let bytes: Uint8Array;
      if (f.endsWith('.qdpx')) {
        const a = openQdpx(join(SAMPLES, f));
        try {
          bytes = a.qde;
          // read piece by piece from the archive, as the importer does
          const p = new RefiXmlParser();
          await a.readQde((b) => p.writeBytes(b));
          expect(p.end(), f).toEqual(parseRefiXml(bytes));
        } finally {
          a.close();
        }
      } else bytes = new Uint8Array(readFileSync(join(SAMPLES, f)));
      const whole = parseRefiXml(bytes);
      for (const size of [7, 4096]) expect(chunked(bytes, size), `${f} in pieces of ${size}`).toEqual(whole);
    }
  });
});

describe('malformed input', () => {
  it('cut at any point: a clear error, never a partial model', () => {
    const xml = roundTripXml();
    const bytes = enc(xml);
    const whole = bytes.length;
    for (let cut = 0; cut < whole - 1; cut += cut < 400 ? 1 : 37) {
      const part = bytes.subarray(0, cut);
      let err: unknown;
      try {
        chunked(part, 64);
      } catch (e) {
        err = e;
      }
      // only the trailing white space after </Project> may go
      if (xml.slice(0, cut).trimEnd().endsWith('</Project>')) continue;
      expect(err, `cut at ${cut}`).toBeInstanceOf(RefiFormatError);
      expect((err as Error).message, `cut at ${cut}`).toMatch(/^The file (is empty|contains no XML element|is truncated or incomplete|is not well-formed XML \(line \d+, column \d+\))/);
      // in the middle of the file: always a truncation, naming what is left open
      if (xml.slice(0, cut).includes('<Users>')) expect((err as Error).message, `cut at ${cut}`).toMatch(/^The file is truncated or incomplete: the elements? <Project>/);
    }
  });

  it('a cut inside an element names the elements left open', () => {
    const xml = roundTripXml();
    const at = xml.indexOf('<Coding ', xml.indexOf('<PlainTextSelection'));
    const open = 'The file is truncated or incomplete: the elements <Project> > <Sources> > <TextSource> > <PlainTextSelection>';
    expect(() => parseRefiXml(xml.slice(0, at + 5))).toThrow(`${open} are never closed.`);
    expect(() => parseRefiXml(xml.slice(0, at + 14))).toThrow(`${open} > <Coding> are never closed.`);
  });

  it.each([
    ['<a><b></a>', /line 1, column 7\): the closing tag <\/a> does not match the open element <b>/],
    ['<a>\n  <b x="1" x="2"/></a>', /line 2, column 3\): in <b>, the attribute “x” is repeated/],
    ['<a b=1/>', /the attribute “b” has no value in quotes/],
    ['<a b="1"c="2"/>', /not separated by white space/],
    ['<a><b <c/></b></a>', /“<” inside the tag/],
    ['<a/><b/>', /a second root element/],
    ['<a/>text', /text after the root element/],
    ['x<a/>', /text before the root element/],
    ['<![CDATA[x]]><a/>', /CDATA section is outside the root element/],
    ['<a/><?xml version="1.0"?>', /XML declaration .* only at the very start/],
    ['<a><!-- never closed</a>', /truncated or incomplete: the element <a> is never closed/],
    ['<a></b>', /the closing tag <\/b> does not match/],
    ['</a>', /the closing tag <\/a> has no opening tag/],
    ['<1a/>', /“1a” is not a valid tag name/],
    ['<a>< b/></a>', /“<” is not followed by a tag name/],
    ['<a><!ELEMENT x></a>', /“<!” starts neither a comment/],
    ['   ', /^The file is empty\.$/],
    ['<?xml version="1.0"?><!-- only a comment -->', /^The file contains no XML element\.$/],
  ])('%j is refused: %s', (xml, message) => {
    expect(() => readXml(xml)).toThrow(RefiFormatError);
    expect(() => readXml(xml)).toThrow(message);
  });

  it('refuses nesting deeper than 1000 elements', () => {
    expect(() => readXml(`${'<a>'.repeat(1001)}${'</a>'.repeat(1001)}`)).toThrow(/nested more than 1000 deep/);
  });

  it('refuses bytes that are not UTF-8, also when the bad byte comes in a later chunk', () => {
    const bytes = enc('<a>caf\u00e9</a>');
    const bad = new Uint8Array([...bytes.subarray(0, 6), 0xff, ...bytes.subarray(6)]);
    const r = new XmlReader();
    expect(() => {
      r.writeBytes(bad.subarray(0, 4));
      r.writeBytes(bad.subarray(4));
      r.end();
    }).toThrow('The XML is not valid UTF-8 text');
  });

  it('a well-formed file with the wrong root is refused for its root, a malformed one for its XML', () => {
    expect(() => parseRefiXml('<html><body/></html>')).toThrow(/root element is <html>/);
    expect(() => parseRefiXml('<html><body></html>')).toThrow(/not well-formed XML/);
  });
});

describe('safety', () => {
  it('expands nothing: a DOCTYPE with entities (billion laughs) is skipped, its entities left as written', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><a x="&lol1;">&lol1;&#65;&amp;&#x1F600;</a>`;
    const { root, warnings } = readXml(lol);
    expect(root.attrs.x).toBe('&lol1;');
    expect(root.text).toBe('&lol1;A&😀');
    expect(warnings).toEqual(['The file has a DOCTYPE declaration; it was ignored (custom entities are not expanded).', 'Unknown XML entities were left as written: &lol1;.']);
  });

  it('decodes entities and character references cut by a chunk boundary, and CR LF as one line end', () => {
    const text = '<a t="x&amp;y">1&lt;2\r\n&#x4E2D;</a>';
    for (let size = 1; size < text.length; size++) {
      const r = new XmlReader();
      for (let i = 0; i < text.length; i += size) r.write(text.slice(i, i + size));
      const { root } = r.end();
      expect(root.text).toBe('1<2\n中');
      expect(root.attrs.t).toBe('x&y');
    }
  });

  it('hands each element to `close` and lets go of those the caller keeps', () => {
    const seen: string[] = [];
    const { root } = XmlReader.read('<r><s n="1"><c/></s><s n="2"/><t/></r>', {
      close: (el, _parent, depth) => {
        if (depth === 1 && el.name === 's') {
          seen.push(`${el.attrs.n}:${el.children.length}`);
          return false;
        }
        return true;
      },
    });
    expect(seen).toEqual(['1:1', '2:0']);
    expect(root.children.map((c) => c.name)).toEqual(['t']);
  });
});

describe('long tokens and the file\'s first bytes, in small chunks', () => {
  /** Feeds `text` as UTF-8 in pieces of `size` bytes; `before` runs before the last piece. */
  const feed = (text: string, size: number, hooks: XmlHooks = {}, before?: () => void) => {
    const bytes = enc(text);
    const r = new XmlReader(hooks);
    for (let i = 0; i < bytes.length; i += size) {
      if (i + size >= bytes.length) before?.();
      r.writeBytes(bytes.subarray(i, i + size));
    }
    return { reader: r, ...r.end() };
  };

  it('a 1 MB attribute value, CDATA section and comment arrive whole, in a few passes each, not one per piece', () => {
    const long = 'naïve 中文 😀 '.repeat(80_000);
    const text = `<r a="${long}"><![CDATA[${long}]]><!--${long}--><s b="x"/></r>`;
    const { root, reader } = feed(text, 512);
    expect(root.attrs.a).toBe(long);
    expect(root.text).toBe(long);
    expect(root.children.map((c) => c.attrs.b)).toEqual(['x']);
    // about 9,000 pieces; parsing each long token again with every piece scanned it thousands of
    // times over (minutes here, hours at a .qdpx's size caps); now the text is parsed again only once
    // twice as much is in
    expect(enc(text).length / 512).toBeGreaterThan(8_000);
    expect(reader.passes).toBeLessThan(200);
  });

  it('a long text with a lone “&” far from its end is handed on as it comes, not held back waiting for a “;”', () => {
    const long = 'word '.repeat(200_000);
    let el: { text: string } | undefined;
    let before = -1;
    const { root } = feed(`<r>a & b ${long}</r>`, 256, { open: (e) => void (el = e) }, () => (before = el!.text.length));
    expect(root.text).toBe(`a & b ${long}`);
    expect(before).toBeGreaterThan(long.length - 512);
  });

  it('tells the encoding from the first bytes however finely the file is cut (BOM, XML declaration)', () => {
    const body = '<r n="Ça va ½"/>';
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(body).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    const latin1 = new Uint8Array(Array.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${body}`).map((c) => c.charCodeAt(0)));
    for (const bytes of [utf16, latin1]) {
      for (const size of [1, 2, 3, 7, 1000]) {
        const r = new XmlReader();
        for (let i = 0; i < bytes.length; i += size) r.writeBytes(bytes.subarray(i, i + size));
        expect(r.end().root.attrs.n, `pieces of ${size}`).toBe('Ça va ½');
      }
    }
  });
});

