/**
 * PDF, after the Node side (electron/import/pdf.ts) has extracted positioned text items per page:
 * the pure part — lines, paragraphs, pages and speaker turns.
 *
 * Layout: a text line of the PDF stays one line ("\n"); a larger vertical gap than the page's
 * usual line spacing starts a new paragraph (a blank line, "\n\n"); pages are separated by a
 * blank line too. Nothing is inserted into the text to mark a page: page boundaries are reported
 * in `ParsedDocument.pages` (one span per page, empty pages giving an empty span). Lines that
 * are only a page number ("3", "Page 3 of 9", "- 3 -") at the top or bottom of a page are left
 * out. Speaker turns are found as in plain text ("Name: text" lines, a turn continuing over the
 * lines and paragraphs below it, across page breaks), or from an Otter.ai layout.
 */
import { looksLikeOtter, parseOtter } from './otter.js';
import { speakerPrefixedTurns } from './plain-text.js';
import { describeTurns } from './turns.js';
import { ImportError, type ParsedDocument } from './types.js';

export interface PdfTextItem {
  str: string;
  /** pdf.js's end-of-line flag. */
  hasEOL: boolean;
  /** Position of the item's baseline start, in PDF units (y grows upwards). */
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Line {
  text: string;
  y: number;
  height: number;
}

const PAGE_NUMBER = /^\s*(?:(?:page|p\.|seite|página|pagina)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|\/|von|de|di)\s*\d{1,4})?\s*$/i;

/** Control characters pdf.js sometimes emits; ligatures (ﬁ, ﬂ …) are spelled out. */
function cleanItemText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\ufb00-\ufb06]/g, (c) => c.normalize('NFKC'));
}

function pageLines(items: PdfTextItem[]): Line[] {
  type Current = Line & { xEnd: number };
  const lines: Line[] = [];
  let cur = null as Current | null;
  const flush = () => {
    if (cur !== null && cur.text.trim() !== '') lines.push({ text: cur.text.replace(/\s+$/, ''), y: cur.y, height: cur.height });
    cur = null;
  };
  for (const item of items) {
    const str = cleanItemText(item.str);
    if (str !== '') {
      if (cur !== null && Math.abs(item.y - cur.y) > Math.max(cur.height, item.height, 1) * 0.5) flush();
      if (cur === null) {
        cur = { text: '', y: item.y, height: item.height, xEnd: item.x };
      } else if (cur.text !== '' && !/\s$/.test(cur.text) && !/^\s/.test(str) && item.x - cur.xEnd > Math.max(item.height, 1) * 0.15) {
        cur.text += ' '; // words placed apart without a space character between them
      }
      cur.text += str;
      cur.xEnd = item.x + item.width;
      cur.height = Math.max(cur.height, item.height);
    }
    if (item.hasEOL) flush();
  }
  flush();
  return lines;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Text of one page: lines joined by "\n", paragraphs (larger gaps) by "\n\n". */
function pageText(items: PdfTextItem[]): { text: string; pageNumbers: number } {
  let lines = pageLines(items);
  let pageNumbers = 0;
  if (lines.length > 1 && PAGE_NUMBER.test(lines[lines.length - 1]!.text)) {
    lines = lines.slice(0, -1);
    pageNumbers++;
  }
  if (lines.length > 1 && PAGE_NUMBER.test(lines[0]!.text)) {
    lines = lines.slice(1);
    pageNumbers++;
  }
  const gaps = lines.slice(1).map((l, i) => lines[i]!.y - l.y);
  const usual = median(gaps.filter((g) => g > 0));
  let text = '';
  lines.forEach((l, i) => {
    if (i > 0) {
      const gap = gaps[i - 1]!;
      const limit = usual > 0 ? usual * 1.5 : l.height * 1.8;
      text += gap < 0 || gap > limit ? '\n\n' : '\n';
    }
    text += l.text;
  });
  return { text, pageNumbers };
}

export function buildPdfDocument(file: string, pages: PdfTextItem[][], warnings: string[] = []): ParsedDocument {
  let text = '';
  const spans: { start: number; end: number }[] = [];
  let pageNumbers = 0;
  for (const items of pages) {
    const page = pageText(items);
    pageNumbers += page.pageNumbers;
    if (page.text === '') {
      spans.push({ start: text.length, end: text.length });
      continue;
    }
    if (text !== '') text += '\n\n';
    spans.push({ start: text.length, end: text.length + page.text.length });
    text += page.text;
  }
  const pageCount = `${pages.length} page${pages.length === 1 ? '' : 's'}`;
  if (text.trim() === '') {
    throw new ImportError(
      file,
      pages.length === 0
        ? 'the PDF has no pages'
        : `the PDF has no text layer (${pageCount} without any text) — it is probably a scanned image; run it through OCR (text recognition) first and import the result`,
    );
  }
  const notes = [...warnings];
  if (pageNumbers > 0) notes.push(`${pageNumbers} page number${pageNumbers === 1 ? ' was' : 's were'} left out`);
  if (looksLikeOtter(text)) {
    const otter = parseOtter(text, '', file);
    const described = describeTurns(otter.turns);
    return {
      ...otter,
      format: 'pdf',
      detected: `PDF with an Otter.ai transcript, ${pageCount}${described ? `, ${described}` : ''}`,
      warnings: [...notes, ...otter.warnings, 'page boundaries are not kept for an Otter.ai transcript, which is rewritten turn by turn'],
    };
  }
  const turns = speakerPrefixedTurns(text);
  const described = describeTurns(turns);
  return {
    text,
    format: 'pdf',
    detected: `PDF, ${pageCount}${described ? `, ${described}` : ''}`,
    turns,
    warnings: notes,
    pages: spans,
  };
}
