/**
 * Node-side entry point for parsing an imported file — the one function the importer calls.
 *
 * The format is recognised from the content (shared/import/sniff.ts for binary containers,
 * shared/import/detect.ts for text formats); the extension only breaks ties. Word and PDF files
 * are read here with Node libraries (mammoth, pdf.js); text transcripts by the pure parsers in
 * shared/import. Whatever goes wrong, the only thing thrown is an ImportError whose message says
 * what is wrong with the file, and every returned document passes finalizeDocument (sorted,
 * non-overlapping turns inside the text).
 */
import { asImportError, extensionOf, parseTextDocument } from '../../shared/import/index.js';
import { sniffBytes } from '../../shared/import/sniff.js';
import { finalizeDocument } from '../../shared/import/turns.js';
import { ImportError, type ParsedDocument } from '../../shared/import/types.js';
import { parseDocx } from './docx.js';
import { parsePdf, type PdfOptions } from './pdf.js';

export { ImportError } from '../../shared/import/types.js';
export type { ParsedDocument, ParsedTurn, SourceFormat } from '../../shared/import/types.js';

export interface ParseOptions {
  pdf?: PdfOptions;
}

/** Extensions the importer offers when it walks a folder. Other files can still be imported by name. */
export const TRANSCRIPT_EXTENSIONS = ['txt', 'text', 'md', 'markdown', 'vtt', 'srt', 'docx', 'pdf'];

export async function parseFile(name: string, bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedDocument> {
  try {
    if (bytes.length === 0) throw new ImportError(name, 'the file is empty (0 bytes)');
    const ext = extensionOf(name);
    const sniffed = sniffBytes(bytes, ext);
    switch (sniffed.kind) {
      case 'unsupported':
        throw new ImportError(name, sniffed.reason);
      case 'docx':
        return withNameNote(finalizeDocument(name, await parseDocx(name, bytes)), ext, 'docx', 'a Word document');
      case 'pdf':
        return withNameNote(finalizeDocument(name, await parsePdf(name, bytes, options.pdf)), ext, 'pdf', 'a PDF');
      case 'text':
        return parseTextDocument(name, bytes);
    }
  } catch (err) {
    throw asImportError(name, err);
  }
}

function withNameNote(doc: ParsedDocument, ext: string, expected: string, what: string): ParsedDocument {
  if (ext !== '' && ext !== expected) doc.warnings.push(`the file is named .${ext} but is ${what}; it was imported by its content`);
  return doc;
}
