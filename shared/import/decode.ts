/**
 * Bytes → text. Honours a BOM (UTF-8, UTF-16 LE/BE), otherwise tries strict UTF-8 and falls back
 * to Windows-1252. Refuses binary data (NUL bytes) and empty files with specific reasons.
 */
import { ImportError } from './types.js';

export interface DecodedText {
  text: string;
  encoding: 'UTF-8' | 'UTF-8 with BOM' | 'UTF-16 LE' | 'UTF-16 BE' | 'Windows-1252';
}

export function decodeText(file: string, bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new ImportError(file, 'the file is empty (0 bytes)');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16 LE' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16 BE' };
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const nul = body.indexOf(0);
  if (nul !== -1) {
    throw new ImportError(
      file,
      `the file contains binary data (a NUL byte at position ${nul + (hasBom ? 3 : 0)}), so it is not a text transcript`,
    );
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { text, encoding: hasBom ? 'UTF-8 with BOM' : 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'Windows-1252' };
  }
}
