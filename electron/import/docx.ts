/**
 * Word (.docx) → blocks of runs, using mammoth's document reader; the text layout and speaker
 * turns are made by the pure buildDocxDocument (shared/import/docx-document.ts).
 *
 * mammoth has no public "give me the document tree" call, so we use its `transformDocument`
 * hook: it hands us the parsed document, and we hand back an empty one, so mammoth's HTML writer
 * never sees the transcript (no HTML is produced from it).
 */
import { buildDocxDocument, type DocxBlock, type DocxRun } from '../../shared/import/docx-document.js';
import { ImportError, type ParsedDocument } from '../../shared/import/types.js';

/** The parts of mammoth's document model we read (lib/documents.js). */
interface MammothElement {
  type: string;
  children?: MammothElement[];
  value?: string;
  isBold?: boolean;
  styleId?: string | null;
  styleName?: string | null;
  breakType?: string;
  checked?: boolean;
}

interface Tally {
  images: number;
  notes: number;
}

/** Text runs of a paragraph (or of any inline container), with bold taken from enclosing runs. */
function collectRuns(el: MammothElement, bold: boolean, out: DocxRun[], tally: Tally): void {
  switch (el.type) {
    case 'text':
      if (el.value) out.push({ text: el.value, bold });
      return;
    case 'tab':
      out.push({ text: '\t', bold });
      return;
    case 'break':
      out.push({ text: '\n', bold });
      return;
    case 'checkbox':
      out.push({ text: el.checked ? '☒' : '☐', bold });
      return;
    case 'image':
      tally.images++;
      return;
    case 'noteReference':
      tally.notes++;
      return;
    case 'commentReference':
    case 'bookmarkStart':
      return;
    case 'run':
      for (const c of el.children ?? []) collectRuns(c, !!el.isBold, out, tally);
      return;
    case 'paragraph':
      // a paragraph nested inline (text boxes): keep its words, separated from the rest
      if (out.length > 0) out.push({ text: ' ', bold: false });
      for (const c of el.children ?? []) collectRuns(c, bold, out, tally);
      return;
    default:
      for (const c of el.children ?? []) collectRuns(c, bold, out, tally);
  }
}

const isHeading = (p: MammothElement) => /^(heading|title)/i.test(p.styleName ?? '') || /^(heading|title)/i.test(p.styleId ?? '');

function cellText(cell: MammothElement, tally: Tally): string {
  const runs: DocxRun[] = [];
  for (const c of cell.children ?? []) {
    if (runs.length > 0) runs.push({ text: ' ', bold: false });
    collectRuns(c, false, runs, tally);
  }
  return runs.map((r) => r.text).join('');
}

/** Flattens mammoth's document into paragraphs and tables, in reading order. */
export function blocksFromMammothDocument(doc: MammothElement, tally: Tally = { images: 0, notes: 0 }): DocxBlock[] {
  const blocks: DocxBlock[] = [];
  const visit = (el: MammothElement) => {
    if (el.type === 'paragraph') {
      const runs: DocxRun[] = [];
      for (const c of el.children ?? []) collectRuns(c, false, runs, tally);
      blocks.push({ type: 'paragraph', runs, heading: isHeading(el) });
    } else if (el.type === 'table') {
      const rows = (el.children ?? [])
        .filter((r) => r.type === 'tableRow')
        .map((r) => (r.children ?? []).filter((c) => c.type === 'tableCell').map((c) => cellText(c, tally)));
      blocks.push({ type: 'table', rows });
    } else {
      for (const c of el.children ?? []) visit(c);
    }
  };
  visit(doc);
  return blocks;
}

/** Human reason for a mammoth/JSZip/XML failure; always "the Word file is damaged or incomplete (…)". */
export function damageReason(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const message = raw.replace(/^(?:corrupted zip or bug|corrupted zip|bug)\s*:\s*/i, '').trim() || 'unknown error';
  if (/end of central directory/i.test(raw)) {
    return 'the Word file is damaged or incomplete (the file is cut off: the end of its ZIP container is missing)';
  }
  if (/main document part|could not find file/i.test(raw)) {
    return 'the Word file is damaged or incomplete (it has no main document part, word/document.xml)';
  }
  if (/zip|signature|record|size mismatch|crc32|compress|inflate|end of data|invalid (?:block|code|distance|stored)/i.test(raw)) {
    return `the Word file is damaged or incomplete (its ZIP container is corrupt: ${message})`;
  }
  if (/xmldom|xml|parse error|unclosed|unexpected close|attribute/i.test(raw)) {
    return 'the Word file is damaged or incomplete (its document text is not valid XML)';
  }
  return `the Word file is damaged or incomplete (its contents could not be read: ${message.split('\n')[0]})`;
}

type Mammoth = typeof import('mammoth');

let mammothModule: Promise<Mammoth> | null = null;
const loadMammoth = () => (mammothModule ??= import('mammoth').then((m) => ((m as { default?: Mammoth }).default ?? m) as Mammoth));

export async function parseDocx(name: string, bytes: Uint8Array): Promise<ParsedDocument> {
  const mammoth = await loadMammoth();
  let captured: MammothElement | null = null;
  let messages: { type: string; message: string }[];
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        transformDocument: (doc: MammothElement) => {
          captured = doc;
          return { ...doc, children: [] };
        },
      },
    );
    messages = result.messages;
  } catch (err) {
    throw new ImportError(name, damageReason(err));
  }
  if (captured === null) throw new ImportError(name, 'the Word file is damaged or incomplete (no document body could be read)');
  const tally: Tally = { images: 0, notes: 0 };
  const blocks = blocksFromMammothDocument(captured, tally);
  const warnings: string[] = [];
  if (tally.images > 0) warnings.push(`${tally.images} image${tally.images === 1 ? ' was' : 's were'} left out`);
  if (tally.notes > 0) warnings.push(`${tally.notes} footnote or endnote reference${tally.notes === 1 ? ' was' : 's were'} left out`);
  for (const m of messages) {
    if (m.type === 'error') warnings.push(`Word reader: ${m.message}`);
  }
  return buildDocxDocument(name, blocks, warnings);
}
