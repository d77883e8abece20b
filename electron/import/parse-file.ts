/**
 * Node-side entry point for parsing an imported file. Text formats are parsed by the pure parsers
 * in shared/import; formats that need a Node library (docx, pdf) are handled here.
 */
import { parseFile as parseTextFile, type ParsedDocument } from '../../shared/import/index.js';

export async function parseFile(name: string, bytes: Uint8Array): Promise<ParsedDocument> {
  return parseTextFile(name, bytes);
}
