import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { documentProblems } from '../../shared/import/turns.js';
import { ImportError, parseFile, type ParsedDocument } from './parse-file.js';
import { makeDocx, makePdf } from '../../tests/support/document-builders.js';

const FIXTURES = new URL('../../tests/fixtures/coaching-study/', import.meta.url);
const fixture = (p: string) => new Uint8Array(readFileSync(new URL(p, FIXTURES)));
const turnTexts = (doc: ParsedDocument) => doc.turns.map((t) => doc.text.slice(t.start, t.end));

async function failure(name: string, bytes: Uint8Array): Promise<string> {
  try {
    await parseFile(name, bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).file).toBe(name);
    return (err as Error).message;
  }
  throw new Error(`${name} was imported but should have failed`);
}

describe('parseFile on every transcript fixture', () => {
  const expected: Record<string, { format: string; detected: string; turns: number; speakers: string[] }> = {
    'cat-zoom.vtt': { format: 'vtt-zoom', detected: 'Zoom WebVTT transcript, UTF-8, 8 turns by 2 speakers from 8 cues', turns: 8, speakers: ['Interviewer', 'Cat'] },
    'fabiana-teams.vtt': {
      format: 'vtt-teams',
      detected: 'Microsoft Teams WebVTT transcript, UTF-8, 6 turns by 2 speakers from 6 cues',
      turns: 6,
      speakers: ['Interviewer', 'Fabiana'],
    },
    'dan.srt': { format: 'srt', detected: 'SubRip (.srt) subtitles, UTF-8, 8 turns by 2 speakers from 8 cues', turns: 8, speakers: ['Interviewer', 'Dan'] },
    'samantha-otter.txt': { format: 'otter', detected: 'Otter.ai transcript, UTF-8, 10 turns by 2 speakers', turns: 10, speakers: ['Interviewer', 'Samantha'] },
    'lea-windows.txt': { format: 'text', detected: 'plain text, UTF-8 with BOM, 6 turns by 2 speakers', turns: 6, speakers: ['Interviewer', 'Lea'] },
    'nethan.docx': {
      format: 'docx',
      detected: 'Word document (.docx), 7 paragraphs, 6 turns by 2 speakers (bold speaker names)',
      turns: 6,
      speakers: ['Interviewer', 'Nethan'],
    },
  };
  for (const [file, want] of Object.entries(expected)) {
    it(file, async () => {
      const doc = await parseFile(file, fixture(`transcripts/${file}`));
      expect(doc.format).toBe(want.format);
      expect(doc.detected).toBe(want.detected);
      expect(doc.turns).toHaveLength(want.turns);
      expect([...new Set(doc.turns.map((t) => t.speaker))]).toEqual(want.speakers);
      expect(documentProblems(doc)).toEqual([]);
      expect(doc.warnings).toEqual([]);
      // every turn starts with its speaker's name, so names are visible in the text
      for (const t of doc.turns) expect(doc.text.slice(t.start)).toMatch(new RegExp(`^${t.speaker}: `));
    });
  }
});

describe('nethan.docx (Word, bold speaker prefixes)', () => {
  it('keeps paragraphs and reads bold "Name:" prefixes as turns', async () => {
    const doc = await parseFile('nethan.docx', fixture('transcripts/nethan.docx'));
    expect(doc.text.startsWith('Interview with Nethan (client)\n\nInterviewer: Did you think of the actions')).toBe(true);
    const texts = turnTexts(doc);
    expect(texts[0]).toBe('Interviewer: Did you think of the actions from your sessions as homework?');
    expect(texts[3]).toBe(
      'Nethan: Completely. Chairing the weekly team meeting is ordinary work, but after coaching I chaired it differently, so it was both at once.',
    );
    expect(texts[5]).toBe('Nethan: Two at most. Any more than that and I would have forgotten them by Friday, to be honest.');
    expect(doc.turns[0]!.start).toBe('Interview with Nethan (client)\n\n'.length);
    expect(doc.text.endsWith('to be honest.')).toBe(true);
  });
});

describe('edge cases', () => {
  it('multilingual.txt and utf16le.txt import with exact text', async () => {
    const ml = fixture('edge-cases/multilingual.txt');
    expect((await parseFile('multilingual.txt', ml)).text).toBe(new TextDecoder().decode(ml));
    const u16 = await parseFile('utf16le.txt', fixture('edge-cases/utf16le.txt'));
    expect(u16.text).toBe(new TextDecoder().decode(fixture('transcripts/lea-windows.txt')).replace(/^\ufeff/, '').replace(/\r\n/g, '\n'));
  });

  it('empty.txt, binary-garbage.txt and truncated.docx fail with specific reasons', async () => {
    expect(await failure('empty.txt', fixture('edge-cases/empty.txt'))).toBe('the file is empty (0 bytes)');
    expect(await failure('binary-garbage.txt', fixture('edge-cases/binary-garbage.txt'))).toMatch(
      /^the file contains binary data \(a NUL byte at position \d+\), so it is not a text transcript$/,
    );
    expect(await failure('truncated.docx', fixture('edge-cases/truncated.docx'))).toBe(
      'the Word file is damaged or incomplete (the file is cut off: the end of its ZIP container is missing)',
    );
  });

  it('a docx cut at any point fails as damaged, never with another error', async () => {
    const full = fixture('transcripts/nethan.docx');
    for (const cut of [4, 30, 200, 600, full.length - 22, full.length - 1]) {
      expect(await failure('cut.docx', full.subarray(0, cut))).toMatch(/^the Word file is damaged or incomplete \(.+\)$/);
    }
  });

  it('Word containers that are whole but wrong fail with what is wrong', async () => {
    expect(await failure('nobody.docx', zipSync({ '[Content_Types].xml': strToU8('<Types/>') }))).toBe(
      'the Word file is damaged or incomplete (it has no main document part, word/document.xml)',
    );
    expect(await failure('badxml.docx', zipSync({ 'word/document.xml': strToU8('<w:document><broken') }))).toBe(
      'the Word file is damaged or incomplete (its document text is not valid XML)',
    );
    expect(await failure('data.docx', zipSync({ 'xl/workbook.xml': strToU8('<x/>') }))).toBe(
      'this is an Excel workbook (.xlsx), not a transcript; to import participants, save the sheet as CSV',
    );
  });

  it('refuses unsupported binary formats by content, whatever the name', async () => {
    expect(await failure('interview.txt', new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 1, 2]))).toMatch(/^this is an MP3 audio file, not a transcript/);
    expect(await failure('old.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toMatch(
      /^this is an old Word 97–2003 document \(\.doc\), which Weft cannot read; open it in Word and save it as \.docx/,
    );
    expect(await failure('a.txt', new TextEncoder().encode('{\\rtf1\\ansi Hello}'))).toMatch(/Rich Text Format/);
  });

  it('refuses a text with no content', async () => {
    expect(await failure('blank.md', new TextEncoder().encode('\ufeff\r\n  \r\n'))).toBe('the file contains no text (only white space)');
    expect(await failure('blank.docx', await makeDocx([{ text: '' }, { text: '   ' }]))).toBe('the Word document contains no text');
    expect(await failure('nocues.vtt', new TextEncoder().encode('WEBVTT\n\n'))).toBe(
      'the WebVTT file contains no captions (no "00:00:00 --> 00:00:05" timing lines)',
    );
  });
});

describe('Word documents made for the test', () => {
  it('bold prefixes, a heading, line breaks and a multi-paragraph answer', async () => {
    const bytes = await makeDocx([
      { text: 'Interview 12', heading: true },
      { bold: 'Interviewer:', text: ' How was it?' },
      { bold: 'Clare', text: ': Good.\nReally good.' },
      { text: 'And then some.' },
      { bold: 'Interviewer: ', text: 'Thanks!' },
    ]);
    const doc = await parseFile('made.docx', bytes);
    expect(doc.text).toBe('Interview 12\n\nInterviewer: How was it?\n\nClare: Good.\nReally good.\n\nAnd then some.\n\nInterviewer: Thanks!');
    expect(turnTexts(doc)).toEqual(['Interviewer: How was it?', 'Clare: Good.\nReally good.\n\nAnd then some.', 'Interviewer: Thanks!']);
  });

  it('a transcript table', async () => {
    const bytes = await makeDocx([
      {
        table: [
          ['00:00', 'Interviewer', 'Ready?'],
          ['00:03', 'Raj', 'Yes, go ahead.'],
        ],
      },
    ]);
    const doc = await parseFile('table.docx', bytes);
    expect(doc.text).toBe('Interviewer: Ready?\n\nRaj: Yes, go ahead.');
    expect(doc.turns.map((t) => t.beginMs)).toEqual([0, 3000]);
  });

  it('is recognised by content when misnamed', async () => {
    const bytes = await makeDocx([{ bold: 'A:', text: ' one' }, { bold: 'B:', text: ' two' }]);
    const doc = await parseFile('export.txt', bytes);
    expect(doc.format).toBe('docx');
    expect(doc.warnings).toEqual(['the file is named .txt but is a Word document; it was imported by its content']);
  });
});

describe('PDF made for the test', () => {
  const pdf = makePdf([
    { lines: ['Interviewer: What did you try between sessions?', 'Daria: I kept a journal. Every', 'evening, ten minutes.', '', 'Interviewer: Did it help?'] },
    { lines: ['Daria: It did. Caf\u00e9 notes, mostly \u2013 no, just caf\u00e9 notes.'.replace('\u2013', '-')] },
  ]);

  it('imports text with page breaks as blank lines and page spans, and speaker turns', async () => {
    const doc = await parseFile('daria.pdf', pdf);
    expect(doc.format).toBe('pdf');
    expect(doc.detected).toBe('PDF, 2 pages, 4 turns by 2 speakers');
    expect(doc.text).toBe(
      'Interviewer: What did you try between sessions?\nDaria: I kept a journal. Every\nevening, ten minutes.\n\nInterviewer: Did it help?\n\nDaria: It did. Café notes, mostly - no, just café notes.',
    );
    expect(doc.pages).toHaveLength(2);
    expect(doc.text.slice(doc.pages![1]!.start, doc.pages![1]!.end)).toBe('Daria: It did. Café notes, mostly - no, just café notes.');
    expect(turnTexts(doc)).toEqual([
      'Interviewer: What did you try between sessions?',
      'Daria: I kept a journal. Every\nevening, ten minutes.',
      'Interviewer: Did it help?',
      'Daria: It did. Café notes, mostly - no, just café notes.',
    ]);
    expect(documentProblems(doc)).toEqual([]);
  });

  it('leaves the caller\'s bytes intact (pdf.js detaches the buffer it reads)', async () => {
    const copy = pdf.slice();
    await parseFile('a.pdf', copy);
    expect(copy.byteLength).toBe(pdf.byteLength);
    expect(copy[0]).toBe(0x25);
  });

  it('damaged and text-less PDFs fail with specific reasons', async () => {
    expect(await failure('cut.pdf', pdf.subarray(0, 120))).toMatch(/^the PDF file is damaged or incomplete \(/);
    expect(await failure('scan.pdf', makePdf([{ lines: [] }]))).toBe(
      'the PDF has no text layer (1 page without any text) — it is probably a scanned image; run it through OCR (text recognition) first and import the result',
    );
    expect(await failure('x.pdf', new TextEncoder().encode('%PDF-1.4\nnothing else'))).toMatch(/^the PDF file is damaged or incomplete/);
  });
});
