import { describe, expect, it } from 'vitest';
import { buildPdfDocument, type PdfTextItem } from './pdf-document.js';
import { documentProblems } from './turns.js';

/** Items for lines at the given baselines (y decreasing down the page), one item per line. */
const lines = (...specs: [string, number][]): PdfTextItem[] =>
  specs.map(([str, y]) => ({ str, hasEOL: true, x: 72, y, width: str.length * 6, height: 12 }));

describe('buildPdfDocument', () => {
  it('keeps lines, starts paragraphs at larger gaps, separates pages by a blank line and records page spans', () => {
    const page1 = lines(['Interviewer: How did it go?', 720], ['Sid: Well, it went', 706], ['better than expected.', 692], ['Interviewer: Why?', 664]);
    const page2 = lines(['Sid: Practice.', 720], ['Mostly practice.', 706]);
    const doc = buildPdfDocument('a.pdf', [page1, page2]);
    expect(doc.text).toBe(
      'Interviewer: How did it go?\nSid: Well, it went\nbetter than expected.\n\nInterviewer: Why?\n\nSid: Practice.\nMostly practice.',
    );
    expect(doc.pages).toEqual([
      { start: 0, end: 87 },
      { start: 89, end: doc.text.length },
    ]);
    expect(doc.text.slice(doc.pages![1]!.start, doc.pages![1]!.end)).toBe('Sid: Practice.\nMostly practice.');
    expect(doc.turns.map((t) => doc.text.slice(t.start, t.end))).toEqual([
      'Interviewer: How did it go?',
      'Sid: Well, it went\nbetter than expected.',
      'Interviewer: Why?',
      'Sid: Practice.\nMostly practice.',
    ]);
    expect(doc.detected).toBe('PDF, 2 pages, 4 turns by 2 speakers');
    expect(documentProblems(doc)).toEqual([]);
  });

  it('joins items of one line, inserting a space only where words are set apart', () => {
    const items: PdfTextItem[] = [
      { str: 'Hel', hasEOL: false, x: 72, y: 700, width: 18, height: 12 },
      { str: 'lo', hasEOL: false, x: 90, y: 700, width: 12, height: 12 },
      { str: 'world', hasEOL: false, x: 110, y: 700, width: 30, height: 12 },
      { str: 'next ﬁle', hasEOL: false, x: 72, y: 686, width: 40, height: 12 }, // new line by position, ligature spelled out
    ];
    expect(buildPdfDocument('a.pdf', [items]).text).toBe('Hello world\nnext file');
  });

  it('leaves out page-number lines and keeps empty pages as empty spans', () => {
    const doc = buildPdfDocument('a.pdf', [
      lines(['Text on one.', 720], ['1', 40]),
      [],
      lines(['Page 3 of 3', 760], ['Text on three.', 720]),
    ]);
    expect(doc.text).toBe('Text on one.\n\nText on three.');
    expect(doc.pages).toEqual([
      { start: 0, end: 12 },
      { start: 12, end: 12 },
      { start: 14, end: 28 },
    ]);
    expect(doc.warnings).toEqual(['2 page numbers were left out']);
  });

  it('refuses a PDF without a text layer', () => {
    expect(() => buildPdfDocument('scan.pdf', [[], []])).toThrow(
      'the PDF has no text layer (2 pages without any text) — it is probably a scanned image; run it through OCR (text recognition) first and import the result',
    );
    expect(() => buildPdfDocument('none.pdf', [])).toThrow('the PDF has no pages');
  });
});
