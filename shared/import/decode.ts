/**
 * Bytes → text.
 *
 * Order of decisions:
 * 1. empty file → refused;
 * 2. a BOM decides (UTF-8, UTF-16 LE/BE);
 * 3. UTF-16 without a BOM is recognised from its pattern of zero bytes (ASCII-range text);
 * 4. any other NUL byte means binary data → refused;
 * 5. strict UTF-8; if that fails, bytes that are not valid UTF-8 are read as Windows-1252
 *    (a pure cp1252 file thus decodes exactly, and a UTF-8 file with a few stray cp1252 bytes
 *    such as 0x92 ’ keeps both its UTF-8 characters and the stray ones — no mojibake);
 * 6. text that is mostly control or unassigned characters is refused as binary.
 *
 * Pure: uses only TextDecoder for UTF-8/UTF-16 and its own Windows-1252 table.
 */
import { ImportError } from './types.js';

export type TextEncodingName =
  | 'UTF-8'
  | 'UTF-8 with BOM'
  | 'UTF-16 LE'
  | 'UTF-16 BE'
  | 'UTF-16 LE without BOM'
  | 'UTF-16 BE without BOM'
  | 'Windows-1252'
  | 'UTF-8 mixed with Windows-1252';

export interface DecodedText {
  /** Decoded text, BOM removed. Line endings are not yet normalised. */
  text: string;
  encoding: TextEncodingName;
  warnings: string[];
}

/** Windows-1252 bytes 0x80–0x9F (the rest of the code page equals Latin-1). Undefined bytes map to C1 controls, as browsers do. */
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

export function cp1252CodePoint(byte: number): number {
  return byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : byte;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there does not start one. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const b0 = b[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * Decodes bytes that are not strict UTF-8: valid UTF-8 sequences as UTF-8, every other byte as
 * Windows-1252. Returns the text and how many bytes of each kind were seen.
 */
export function decodeUtf8OrCp1252(bytes: Uint8Array): { text: string; utf8Sequences: number; cp1252Bytes: number } {
  let utf8Sequences = 0;
  let cp1252Bytes = 0;
  const parts: string[] = [];
  let runStart = 0; // start of a run of valid UTF-8, decoded in one go
  const flushUtf8 = (end: number) => {
    if (end > runStart) parts.push(new TextDecoder('utf-8').decode(bytes.subarray(runStart, end)));
  };
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i);
    if (n > 0) {
      if (n > 1) utf8Sequences++;
      i += n;
      continue;
    }
    flushUtf8(i);
    parts.push(String.fromCharCode(cp1252CodePoint(bytes[i]!)));
    cp1252Bytes++;
    i++;
    runStart = i;
  }
  flushUtf8(bytes.length);
  return { text: parts.join(''), utf8Sequences, cp1252Bytes };
}

/** Characters that do not occur in real text: C0/C1 controls (except tab, LF, VT, FF, CR), unassigned, private use, lone surrogates, U+FFFD. */
const GARBAGE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd\p{Cn}\p{Co}\p{Cs}]/gu;

/** Any character outside white space, printable ASCII, Latin-1, Latin Extended-A/B and general punctuation: all assigned, none GARBAGE. */
const NOT_PLAINLY_WRITING = /[^\t\n\v\f\r\u0020-\u007e\u00a0-\u024f\u2010-\u2027\u2030-\u205e]/;

/**
 * Runs of characters other than printable ASCII, tab, LF, VT, FF and CR: every GARBAGE character
 * is in one, so only they are searched with GARBAGE's large class (4× faster on mostly-Latin text;
 * bench figure 1a). Code points (u flag): a surrogate pair stays whole, a lone surrogate alone.
 */
const NOT_PLAIN_ASCII = /[^\t-\r\x20-\x7e]+/gu;

/** Share (0–1) of characters in `text` that look like binary data rather than writing. */
export function garbageRatio(text: string): number {
  if (text.length === 0) return 0;
  // most text has only characters none of which GARBAGE matches (one quick pass, no Unicode tables)
  if (!NOT_PLAINLY_WRITING.test(text)) return 0;
  let n = 0;
  NOT_PLAIN_ASCII.lastIndex = 0;
  for (let run = NOT_PLAIN_ASCII.exec(text); run !== null; run = NOT_PLAIN_ASCII.exec(text)) {
    GARBAGE.lastIndex = 0;
    while (GARBAGE.exec(run[0]) !== null) n++;
  }
  return n / text.length;
}

const MAX_GARBAGE = 0.05;

/** Recognises BOM-less UTF-16 from zero bytes in every other position (text in the ASCII/Latin range). */
function sniffUtf16WithoutBom(bytes: Uint8Array): 'le' | 'be' | null {
  if (bytes.length < 8 || bytes.indexOf(0) === -1) return null; // no zero byte: not UTF-16 (and the usual case, found natively)
  let evenZeros = 0;
  let oddZeros = 0;
  const pairs = Math.floor(bytes.length / 2);
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= pairs * 0.4 && evenZeros <= pairs * 0.02) return 'le';
  if (evenZeros >= pairs * 0.4 && oddZeros <= pairs * 0.02) return 'be';
  return null;
}

function refuseIfGarbage(file: string, text: string): void {
  const ratio = garbageRatio(text);
  if (ratio > MAX_GARBAGE) {
    throw new ImportError(
      file,
      `the file looks like binary data, not text (${Math.round(ratio * 100)}% of its characters are control or invalid characters)`,
    );
  }
}

export function decodeText(file: string, bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) throw new ImportError(file, 'the file is empty (0 bytes)');
  const warnings: string[] = [];

  const utf16 = (le: boolean, body: Uint8Array, encoding: TextEncodingName): DecodedText => {
    if (body.length % 2 === 1) warnings.push('the UTF-16 text has an odd number of bytes; the last byte was ignored');
    const even = body.subarray(0, body.length - (body.length % 2));
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(even);
    const nul = text.indexOf('\u0000');
    if (nul !== -1) {
      throw new ImportError(file, `the file contains binary data (a NUL character at character ${nul}), so it is not a text transcript`);
    }
    refuseIfGarbage(file, text);
    return { text, encoding, warnings };
  };

  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(true, bytes.subarray(2), 'UTF-16 LE');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(false, bytes.subarray(2), 'UTF-16 BE');

  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;

  if (!hasBom) {
    const bomless = sniffUtf16WithoutBom(body);
    if (bomless) {
      try {
        return utf16(bomless === 'le', body, bomless === 'le' ? 'UTF-16 LE without BOM' : 'UTF-16 BE without BOM');
      } catch {
        // not UTF-16 after all: fall through to the NUL check, which gives the binary-data reason
        warnings.length = 0;
      }
    }
  }

  const nul = body.indexOf(0);
  if (nul !== -1) {
    throw new ImportError(
      file,
      `the file contains binary data (a NUL byte at position ${nul + (hasBom ? 3 : 0)}), so it is not a text transcript`,
    );
  }

  let text: string;
  let encoding: TextEncodingName;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    encoding = hasBom ? 'UTF-8 with BOM' : 'UTF-8';
  } catch {
    const mixed = decodeUtf8OrCp1252(body);
    text = mixed.text;
    if (mixed.utf8Sequences > 0) {
      encoding = 'UTF-8 mixed with Windows-1252';
      warnings.push(
        `${mixed.cp1252Bytes} byte${mixed.cp1252Bytes === 1 ? ' was' : 's were'} not valid UTF-8 and ${mixed.cp1252Bytes === 1 ? 'was' : 'were'} read as Windows-1252`,
      );
    } else {
      encoding = 'Windows-1252';
    }
  }
  refuseIfGarbage(file, text);
  return { text, encoding, warnings };
}
