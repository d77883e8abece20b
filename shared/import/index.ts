/**
 * The one entry point for turning a file's bytes into a document. Detects the format from the
 * content (and the extension as a hint) and dispatches to a parser. Never throws anything but
 * ImportError for bad input.
 */
import { decodeText } from './decode.js';
import { parsePlainText } from './plain-text.js';
import { ImportError, type ParsedDocument } from './types.js';

export { ImportError } from './types.js';
export type { ParsedDocument, ParsedTurn, SourceFormat } from './types.js';

const extensionOf = (name: string) => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

export async function parseFile(name: string, bytes: Uint8Array): Promise<ParsedDocument> {
  const ext = extensionOf(name);
  let doc: ParsedDocument;
  try {
    const { text, encoding } = decodeText(name, bytes);
    doc = parsePlainText(text, encoding, ext === 'md' || ext === 'markdown');
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(name, `could not be read: ${(err as Error).message}`);
  }
  if (doc.text.trim() === '') throw new ImportError(name, 'the file contains no text (only white space)');
  return doc;
}
