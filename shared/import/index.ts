/**
 * Pure (platform-free) import of text transcripts: bytes → ParsedDocument. Word and PDF files
 * need Node libraries and are read by electron/import/parse-file.ts, which is the entry point the
 * importer calls; it uses `parseTextDocument` from here for everything else.
 */
import { parseCueFile } from './cues.js';
import { decodeText } from './decode.js';
import { detectTextFormat, extensionOf } from './detect.js';
import { parseOtter } from './otter.js';
import { parsePlainText } from './plain-text.js';
import { sniffBytes } from './sniff.js';
import { finalizeDocument } from './turns.js';
import { ImportError, type ParsedDocument } from './types.js';
import { normalizeText } from '../domain/text.js';

export { ImportError } from './types.js';
export type { ParsedDocument, ParsedTurn, SourceFormat } from './types.js';
export { extensionOf } from './detect.js';

const TEXT_EXTENSIONS = ['txt', 'text', 'md', 'markdown', 'vtt', 'srt'];

/**
 * Parses a text transcript (plain text, Markdown, WebVTT, SRT, Otter.ai) from its bytes. Throws
 * ImportError for anything that is not a readable text transcript. Does not handle .docx/.pdf.
 */
export function parseTextDocument(name: string, bytes: Uint8Array): ParsedDocument {
  const ext = extensionOf(name);
  const { text: raw, encoding, warnings } = decodeText(name, bytes);
  const text = normalizeText(raw);
  if (text.trim() === '') throw new ImportError(name, 'the file contains no text (only white space)');
  const format = detectTextFormat(text, ext);
  let doc: ParsedDocument;
  switch (format) {
    case 'vtt':
    case 'srt':
      doc = parseCueFile(text, { kind: format, encoding, file: name });
      break;
    case 'otter':
      doc = parseOtter(text, encoding, name);
      break;
    case 'html':
      throw new ImportError(name, 'this is a web page (HTML), not a transcript; save it as plain text or Word (.docx) and import that');
    case 'markdown':
    case 'text':
      doc = parsePlainText(text, encoding, format === 'markdown');
      break;
  }
  doc.warnings.unshift(...warnings);
  if ((ext === 'vtt' || ext === 'srt') && (format === 'text' || format === 'markdown')) {
    doc.warnings.push(`the file is named .${ext} but contains no caption timings, so it was imported as ${format === 'text' ? 'plain text' : 'Markdown'}`);
  } else if (ext !== '' && !TEXT_EXTENSIONS.includes(ext)) {
    doc.warnings.push(`the file is named .${ext} but contains text; it was imported by its content`);
  }
  return finalizeDocument(name, doc);
}

/**
 * Platform-free entry point: recognises the format from the bytes (the name's extension is only a
 * hint) and parses text transcripts. Word and PDF files are refused here with a reason; the
 * desktop importer (electron/import/parse-file.ts) reads those. Throws only ImportError.
 */
export async function parseFile(name: string, bytes: Uint8Array): Promise<ParsedDocument> {
  try {
    if (bytes.length === 0) throw new ImportError(name, 'the file is empty (0 bytes)');
    const sniffed = sniffBytes(bytes, extensionOf(name));
    if (sniffed.kind === 'unsupported') throw new ImportError(name, sniffed.reason);
    if (sniffed.kind === 'docx' || sniffed.kind === 'pdf') {
      throw new ImportError(name, `${sniffed.kind === 'docx' ? 'Word' : 'PDF'} files can only be imported in the desktop app`);
    }
    return parseTextDocument(name, bytes);
  } catch (err) {
    throw asImportError(name, err);
  }
}

/** Wraps anything thrown while parsing into an ImportError (unchanged if it already is one). */
export function asImportError(name: string, err: unknown): ImportError {
  if (err instanceof ImportError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ImportError(name, `could not be read (${message || 'unknown error'})`);
}
