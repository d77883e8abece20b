/**
 * Shapes other tools write that the public samples do not contain (reference NOTES §6–§8):
 * MAXQDA segment comments and document-attribute cases, ATLAS.ti CRLF positions and note links,
 * NoteRefs on selections and codings, unknown users, PDF text representations, typed variables.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { patchZipEntry } from '../../../tests/support/zip.js';
import { ProjectSession } from '../project-session.js';
import { importQdpx } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-refi-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => ProjectSession.create(join(dir, `p${++n}.weft`), 'Tester');
const enc = (s: string) => new TextEncoder().encode(s);
const G = (k: number) => `AAAAAAAA-0000-4000-8000-${k.toString(16).toUpperCase().padStart(12, '0')}`;
const g = (k: number) => G(k).toLowerCase();

function qdpx(qde: string, files: Record<string, string | Uint8Array> = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = { 'project.qde': enc(qde) };
  for (const [k, v] of Object.entries(files)) entries[k] = typeof v === 'string' ? enc(v) : v;
  return zipSync(entries);
}

const project = (origin: string, body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="Shapes" origin="${origin}">${body}</Project>`;

const codebook = `<CodeBook><Codes>
  <Code guid="${G(1)}" name="Cost" isCodable="true" color="#FF0000"/>
  <Code guid="${G(2)}" name="Access" isCodable="true"/>
</Codes></CodeBook>`;

describe('MAXQDA shapes', () => {
  it('segment comments become coding memos (or document memos when uncoded); nameless cases carry document attributes', async () => {
    const text = 'First line about money.\nSecond line about distance.\n';
    const qde = project(
      'MAXQDA 24 (Release 24.7.0)',
      `<Users><User guid="${G(90)}" name="johnb"/></Users>${codebook}
      <Variables>
        <Variable guid="${G(20)}" name="Year" typeOfVariable="Integer"/>
        <Variable guid="${G(21)}" name="Reviewed" typeOfVariable="Boolean"/>
        <Variable guid="${G(22)}" name="Held" typeOfVariable="Date"/>
      </Variables>
      <Cases><Case guid="${G(30)}">
        <VariableValue><VariableRef targetGUID="${G(20)}"/><IntegerValue>2024</IntegerValue></VariableValue>
        <VariableValue><VariableRef targetGUID="${G(21)}"/><BooleanValue>1</BooleanValue></VariableValue>
        <VariableValue><VariableRef targetGUID="${G(22)}"/><DateValue>2024-06-01</DateValue></VariableValue>
        <SourceRef targetGUID="${G(40)}"/>
      </Case></Cases>
      <Sources><TextSource guid="${G(40)}" name="Doc" plainTextPath="internal://${G(40)}.txt" creatingUser="${G(90)}">
        <PlainTextSelection guid="${G(41)}" startPosition="0" endPosition="23" creatingUser="${G(90)}">
          <Description>Key passage on money</Description>
          <Coding guid="${G(42)}"><CodeRef targetGUID="${G(1)}"/></Coding>
        </PlainTextSelection>
        <PlainTextSelection guid="${G(43)}" startPosition="24" endPosition="51">
          <Description>Check this later</Description>
        </PlainTextSelection>
      </TextSource></Sources>`,
    );
    const s = fresh();
    const r = await importQdpx(s, qdpx(qde, { [`sources/${G(40)}.txt`]: text }));
    expect(r.imported).toMatchObject({ documents: 1, codings: 1, memos: 2, cases: 0, attributes: 3, attributeValues: 3 });
    expect(r.warnings).toEqual(['A comment on an uncoded passage (24–51) in “Doc” was kept as a memo on the document.']);
    // the coding has no creatingUser: with a single user in the file, it is theirs
    expect(s.db.prepare('SELECT u.name FROM codings k JOIN coders u ON u.id = k.coder_id').pluck().get()).toBe('johnb');
    expect(s.db.prepare('SELECT title, body FROM memos WHERE coding_id IS NOT NULL').get()).toEqual({ title: 'Comment', body: 'Key passage on money' });
    expect(s.db.prepare('SELECT title, body FROM memos WHERE document_id IS NOT NULL').get()).toEqual({ title: 'Comment on “Second line about distance.”', body: 'Check this later' });
    expect(s.db.prepare('SELECT a.name, a.scope, a.kind, v.value FROM document_attribute_values v JOIN attributes a ON a.id = v.attribute_id ORDER BY a.name').all()).toEqual([
      { name: 'Held', scope: 'document', kind: 'date', value: '2024-06-01' },
      { name: 'Reviewed', scope: 'document', kind: 'boolean', value: 'true' },
      { name: 'Year', scope: 'document', kind: 'number', value: '2024' },
    ]);
    s.close();
  });
});

describe('ATLAS.ti shapes', () => {
  it('counts CRLF as one position, and attaches a note linked to a quotation to its coding', async () => {
    const raw = 'Line one\r\nLine two has the quote\r\nLine three';
    const lf = raw.replace(/\r\n/g, '\n');
    const start = lf.indexOf('the quote');
    const qde = project(
      'ATLAS.ti 9.1.0 (Windows)',
      `<Users><User guid="${G(90)}" name="Sebastian"/><User guid="${G(91)}" name="ATLAS.ti"/></Users>${codebook}
      <Sources><TextSource guid="${G(40)}" name="Interview.txt" plainTextPath="internal://${G(40)}.txt">
        <PlainTextSelection guid="${G(41)}" name="the quote" startPosition="${start}" endPosition="${start + 9}" creatingUser="${G(90)}">
          <Coding guid="${G(42)}" creatingUser="${G(90)}"><CodeRef targetGUID="${G(2)}"/></Coding>
        </PlainTextSelection>
      </TextSource></Sources>
      <Notes><Note guid="${G(60)}" name="Why?" creatingUser="${G(90)}"><PlainTextContent>Ask about the bus.</PlainTextContent></Note></Notes>
      <Links><Link guid="${G(70)}" name="Memo-Quotation Relation" direction="OneWay" originGUID="${G(60)}" targetGUID="${G(41)}"/></Links>`,
    );
    const s = fresh();
    const r = await importQdpx(s, qdpx(qde, { [`sources/${G(40)}.txt`]: raw }));
    expect(r.warnings).toEqual([]);
    const k = s.db.prepare('SELECT k.id, k.start, k.end, d.text FROM codings k JOIN documents d ON d.id = k.document_id').get() as { id: number; start: number; end: number; text: string };
    expect(k.text.slice(k.start, k.end)).toBe('the quote');
    expect(s.db.prepare('SELECT title, body, coding_id FROM memos').get()).toEqual({ title: 'Why?', body: 'Ask about the bus.', coding_id: k.id });
    s.close();
  });
});

describe('references and repairs', () => {
  it('routes NoteRefs, reports unknown users and codes, repairs and drops selections', async () => {
    const text = 'Emoji 😀 here and there.';
    const qde = project(
      'QualCoder 3.5',
      `<Users><User guid="${G(90)}" name="Ana"/><User guid="${G(91)}" name="Bo"/></Users>
      <CodeBook><Codes><Code guid="${G(1)}" name="Cost" isCodable="true"><NoteRef targetGUID="${G(61)}"/></Code></Codes></CodeBook>
      <Sources><TextSource guid="${G(40)}" name="Doc" plainTextPath="internal://${G(40)}.txt">
        <PlainTextSelection guid="${G(41)}" startPosition="6" endPosition="7">
          <Coding guid="${G(42)}" creatingUser="${G(99)}"><CodeRef targetGUID="${G(1)}"/><NoteRef targetGUID="${G(62)}"/></Coding>
        </PlainTextSelection>
        <PlainTextSelection guid="${G(43)}" startPosition="8" endPosition="400">
          <Coding guid="${G(44)}" creatingUser="${G(91)}"><CodeRef targetGUID="${G(1)}"/></Coding>
          <NoteRef targetGUID="${G(63)}"/>
        </PlainTextSelection>
        <PlainTextSelection guid="${G(45)}" startPosition="500" endPosition="600">
          <Coding guid="${G(46)}" creatingUser="${G(91)}"><CodeRef targetGUID="${G(1)}"/></Coding>
          <NoteRef targetGUID="${G(64)}"/>
        </PlainTextSelection>
        <PlainTextSelection guid="${G(47)}" startPosition="0" endPosition="5">
          <Coding guid="${G(48)}" creatingUser="${G(90)}"><CodeRef targetGUID="${G(77)}"/></Coding>
        </PlainTextSelection>
        <Coding guid="${G(49)}"><CodeRef targetGUID="${G(1)}"/></Coding>
        <NoteRef targetGUID="${G(65)}"/>
      </TextSource></Sources>
      <Notes>
        <Note guid="${G(61)}" name="code memo"><PlainTextContent>c</PlainTextContent></Note>
        <Note guid="${G(62)}" name="coding memo"><PlainTextContent>k</PlainTextContent></Note>
        <Note guid="${G(63)}" name="selection memo"><PlainTextContent>s</PlainTextContent></Note>
        <Note guid="${G(64)}" name="orphan selection memo"><PlainTextContent>o</PlainTextContent></Note>
        <Note guid="${G(65)}" name="document memo" plainTextPath="internal://${G(65)}.txt"/>
        <Note guid="${G(66)}" name="journal"><PlainTextContent>j</PlainTextContent></Note>
      </Notes>
      <NoteRef targetGUID="${G(66)}"/>`,
    );
    const s = fresh();
    const r = await importQdpx(s, qdpx(qde, { [`sources/${G(40)}.txt`]: text, [`sources/${G(65)}.txt`]: '\ufeffdoc memo\r\ntext' }));
    expect(r.imported).toMatchObject({ documents: 1, codings: 3, memos: 6 });
    expect(r.warnings).toEqual([
      'The selection 8–400 in the text source “Doc” was repaired: end 400 was past the end of the text (length 23); clamped.',
      'The selection 500–600 in the text source “Doc” was dropped: it starts at 500, beyond the end of the text (length 23 Unicode code points); 1 coding on it was lost.',
      'A coding at 0–5 in “Doc” refers to a code (' + g(77) + ') that is not in the codebook; it was dropped.',
      'The note “orphan selection memo” was attached to a passage that was not imported; it was attached to the document instead.',
      '1 coding named a user that is not in the file; it was attributed to the coder “QualCoder 3.5”.',
      '1 coding had no coder; it was attributed to the coder “QualCoder 3.5”.',
    ]);
    const memos = s.db
      .prepare(
        `SELECT m.title, m.body, CASE WHEN m.coding_id IS NOT NULL THEN 'coding' WHEN m.code_id IS NOT NULL THEN 'code' WHEN m.document_id IS NOT NULL THEN 'document' ELSE 'project' END AS target
           FROM memos m ORDER BY m.title`,
      )
      .all();
    expect(memos).toEqual([
      { title: 'code memo', body: 'c', target: 'code' },
      { title: 'coding memo', body: 'k', target: 'coding' },
      { title: 'document memo', body: '\ufeffdoc memo\ntext'.slice(1), target: 'document' },
      { title: 'journal', body: 'j', target: 'project' },
      { title: 'orphan selection memo', body: 'o', target: 'document' },
      { title: 'selection memo', body: 's', target: 'coding' },
    ]);
    const texts = s.db.prepare('SELECT substr(d.text, 1) AS text, k.start, k.end FROM codings k JOIN documents d ON d.id = k.document_id ORDER BY k.start, k.end').all() as { text: string; start: number; end: number }[];
    expect(texts.map((k) => k.text.slice(k.start, k.end))).toEqual(['Emoji 😀 here and there.', '😀', 'here and there.']);
    s.close();
  });

  it('imports the text representation of a PDF, with its selections', async () => {
    const text = 'Page one text. Granola and more.';
    const at = text.indexOf('Granola');
    const qde = project(
      'ATLAS.ti 8.4.0',
      `${codebook}<Sources><PDFSource guid="${G(40)}" name="Recipe.pdf" path="internal://${G(40)}.pdf">
        <PDFSelection guid="${G(41)}" page="0" firstX="1" firstY="1" secondX="2" secondY="2"><Coding guid="${G(42)}"><CodeRef targetGUID="${G(1)}"/></Coding></PDFSelection>
        <Representation guid="${G(43)}" name="Representation_for_Recipe.pdf" plainTextPath="internal://${G(43)}.txt">
          <PlainTextSelection guid="${G(41)}" startPosition="${at}" endPosition="${at + 7}"><Coding guid="${G(44)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
        </Representation>
      </PDFSource></Sources>`,
    );
    const s = fresh();
    const r = await importQdpx(s, qdpx(qde, { [`sources/${G(43)}.txt`]: text }));
    expect(r.imported).toMatchObject({ documents: 1, codings: 1 });
    expect(r.warnings).toEqual([
      '1 region of the PDF “Recipe.pdf” (PDFSelection) could not be placed in its text and was dropped with 1 coding.',
      '1 coding had no coder; it was attributed to the coder “ATLAS.ti 8.4.0”.',
    ]);
    expect(s.db.prepare('SELECT name FROM documents').pluck().get()).toBe('Recipe.pdf');
    s.close();
  });
});

describe('unsafe archives', () => {
  it('are refused as a validation error, and nothing is written', async () => {
    const qde = project('X', `${codebook}<Sources><TextSource guid="${G(40)}" name="Doc" plainTextPath="internal://${G(40)}.txt"/></Sources>`);
    const lying = patchZipEntry(qdpx(qde, { [`sources/${G(40)}.txt`]: new Uint8Array(2_000_000) }), `sources/${G(40)}.txt`, { uncompressedSize: 10 });
    const traversal = zipSync({ 'project.qde': enc(qde), '../../.bashrc': enc('echo pwned') });
    for (const [bytes, message] of [
      [lying, /inflates to more than its declared/],
      [traversal, /climbs out of the archive/],
    ] as const) {
      const s = fresh();
      const err = await importQdpx(s, bytes).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('VALIDATION');
      expect((err as DomainError).message).toMatch(message);
      expect(s.db.prepare('SELECT count(*) FROM codes').pluck().get()).toBe(0);
      s.close();
    }
  });
});
