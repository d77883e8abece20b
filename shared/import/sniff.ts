/**
 * Recognises file formats from their first bytes ("magic numbers"), so a file is handled by what
 * it contains, not by its name. Text formats are told apart later, in detect.ts.
 */

export type SniffResult =
  | { kind: 'text' }
  | { kind: 'docx' }
  | { kind: 'pdf' }
  /** Recognised, but not something Weft imports; `reason` says what it is and what to do. */
  | { kind: 'unsupported'; what: string; reason: string };

/** True when `bytes` (the start of a file) begin with the SQLite database header: the one test for it. */
export const hasSqliteMagic = (bytes: Uint8Array): boolean => ascii(bytes, 0, 'SQLite format 3\u0000');

/** True when `bytes` begin like a ZIP archive (a .qdpx, .docx, .xlsx…): a local file header or an empty archive. */
export const hasZipMagic = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);

/** True when `bytes` are XML text: after an optional UTF-8 BOM and white space, the first byte is “<”. */
export function startsLikeXml(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c; // '<'
}

/** A codebook file's format: REFI-QDA XML (.qdc, or a .qde project) or a CSV table; the name decides, else the content. */
export function codebookFormat(name: string, bytes: Uint8Array): 'qdc' | 'csv' {
  if (/\.(qdc|qde|xml)$/i.test(name)) return 'qdc';
  if (/\.(csv|tsv|txt)$/i.test(name)) return 'csv';
  return startsLikeXml(bytes) ? 'qdc' : 'csv';
}

function ascii(bytes: Uint8Array, at: number, s: string): boolean {
  if (at + s.length > bytes.length) return false;
  for (let i = 0; i < s.length; i++) if (bytes[at + i] !== s.charCodeAt(i)) return false;
  return true;
}

const hex = (bytes: Uint8Array, at: number, values: number[]) =>
  at + values.length <= bytes.length && values.every((v, i) => bytes[at + i] === v);

const u16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);

/**
 * Names of the entries of a ZIP archive, read from its local file headers and central directory.
 * Tolerates truncated archives (it reads whatever headers are present). At most `limit` names.
 */
export function zipEntryNames(bytes: Uint8Array, limit = 2000): string[] {
  const names = new Set<string>();
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i + 30 <= bytes.length && names.size < limit; i++) {
    if (bytes[i] !== 0x50 || bytes[i + 1] !== 0x4b) continue;
    let nameAt = -1;
    let nameLen = 0;
    if (bytes[i + 2] === 0x03 && bytes[i + 3] === 0x04) {
      nameLen = u16(bytes, i + 26);
      nameAt = i + 30;
    } else if (bytes[i + 2] === 0x01 && bytes[i + 3] === 0x02 && i + 46 <= bytes.length) {
      nameLen = u16(bytes, i + 28);
      nameAt = i + 46;
    }
    if (nameAt < 0 || nameLen === 0 || nameLen > 1024 || nameAt + nameLen > bytes.length) continue;
    const name = decoder.decode(bytes.subarray(nameAt, nameAt + nameLen));
    if (/^[\x20-\x7e\u00a0-\uffff]+$/.test(name) && !name.includes('\ufffd')) names.add(name);
  }
  return [...names];
}

function classifyZip(bytes: Uint8Array, ext: string): SniffResult {
  const entries = zipEntryNames(bytes);
  const has = (prefix: string) => entries.some((e) => e.startsWith(prefix));
  if (has('word/') || (ext === 'docx' && (entries.length === 0 || has('[Content_Types].xml')))) return { kind: 'docx' };
  if (has('xl/')) {
    return {
      kind: 'unsupported',
      what: 'Excel workbook',
      reason: 'this is an Excel workbook (.xlsx), not a transcript; to import participants, save the sheet as CSV',
    };
  }
  if (has('ppt/')) {
    return { kind: 'unsupported', what: 'PowerPoint presentation', reason: 'this is a PowerPoint presentation (.pptx), not a transcript' };
  }
  const mimetype = has('mimetype') ? new TextDecoder('utf-8').decode(bytes.subarray(30, 200)) : '';
  if (mimetype.includes('opendocument.text')) {
    return {
      kind: 'unsupported',
      what: 'OpenDocument text',
      reason: 'OpenDocument text files (.odt) are not supported; save it as Word (.docx) or plain text and import that',
    };
  }
  if (mimetype.includes('opendocument')) {
    return { kind: 'unsupported', what: 'OpenDocument file', reason: 'this is an OpenDocument spreadsheet or presentation, not a transcript' };
  }
  if (mimetype.includes('epub')) {
    return { kind: 'unsupported', what: 'EPUB e-book', reason: 'EPUB e-books are not supported; export the text as Word (.docx) or plain text' };
  }
  return {
    kind: 'unsupported',
    what: 'ZIP archive',
    reason: 'this is a ZIP archive, not a transcript; unzip it and import the files inside',
  };
}

const media = (what: string): SniffResult => ({
  kind: 'unsupported',
  what,
  reason: `this is ${what}, not a transcript; Weft imports transcripts, so transcribe the recording first (for example with Otter, Zoom or Teams) and import the transcript`,
});
const image = (what: string): SniffResult => ({
  kind: 'unsupported',
  what,
  reason: `this is ${what}, not a transcript; Weft imports text, so copy the text out of the image (or run it through OCR) first`,
});
const archive = (what: string): SniffResult => ({
  kind: 'unsupported',
  what,
  reason: `this is ${what}, not a transcript; unpack it and import the files inside`,
});

/** Identifies the container format of a file from its bytes, using the extension only to break ties. */
export function sniffBytes(bytes: Uint8Array, ext = ''): SniffResult {
  const b = bytes;
  if (hex(b, 0, [0x50, 0x4b, 0x03, 0x04]) || hex(b, 0, [0x50, 0x4b, 0x05, 0x06]) || hex(b, 0, [0x50, 0x4b, 0x07, 0x08])) {
    return classifyZip(b, ext);
  }
  // %PDF- may be preceded by a little junk (the PDF specification allows up to 1024 bytes).
  const head = b.subarray(0, Math.min(b.length, 1024));
  for (let i = 0; i + 5 <= head.length; i++) if (ascii(head, i, '%PDF-')) return { kind: 'pdf' };

  if (hex(b, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const which = ext === 'doc' ? 'an old Word 97–2003 document (.doc)' : 'an old-style Microsoft Office file (Word, Excel or PowerPoint 97–2003)';
    return {
      kind: 'unsupported',
      what: 'Office 97–2003 file',
      reason: `this is ${which}, which Weft cannot read; open it in Word and save it as .docx (or plain text), then import that`,
    };
  }
  if (ascii(b, 0, '{\\rtf')) {
    return {
      kind: 'unsupported',
      what: 'RTF document',
      reason: 'this is a Rich Text Format (.rtf) document, which Weft cannot read; save it as Word (.docx) or plain text, then import that',
    };
  }
  if (hasSqliteMagic(b)) {
    return {
      kind: 'unsupported',
      what: 'SQLite database',
      reason: 'this is a database file (perhaps a Weft project), not a transcript; open a project with File → Open instead of importing it',
    };
  }
  // images
  if (hex(b, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('a PNG image');
  if (hex(b, 0, [0xff, 0xd8, 0xff])) return image('a JPEG image');
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return image('a GIF image');
  if (hex(b, 0, [0x49, 0x49, 0x2a, 0x00]) || hex(b, 0, [0x4d, 0x4d, 0x00, 0x2a])) return image('a TIFF image');
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return image('a WebP image');
  if (ascii(b, 4, 'ftyp') && /^(heic|heix|mif1|avif)/.test(String.fromCharCode(...b.subarray(8, 12)))) return image('a HEIC/AVIF image');
  // audio and video
  if (ascii(b, 0, 'ID3') || hex(b, 0, [0xff, 0xfb]) || hex(b, 0, [0xff, 0xf3]) || hex(b, 0, [0xff, 0xf2])) return media('an MP3 audio file');
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return media('a WAV audio file');
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'AVI ')) return media('an AVI video');
  if (ascii(b, 0, 'OggS')) return media('an Ogg audio file');
  if (ascii(b, 0, 'fLaC')) return media('a FLAC audio file');
  if (ascii(b, 0, '#!AMR')) return media('an AMR audio recording');
  if (ascii(b, 4, 'ftyp')) return media('an MP4/M4A/MOV audio or video file');
  if (hex(b, 0, [0x1a, 0x45, 0xdf, 0xa3])) return media('a WebM/Matroska video');
  // archives and programs
  if (hex(b, 0, [0x1f, 0x8b])) return archive('a gzip-compressed file');
  if (hex(b, 0, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return archive('a 7-Zip archive');
  if (ascii(b, 0, 'Rar!\u001a\u0007')) return archive('a RAR archive');
  if (hex(b, 0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return archive('an XZ-compressed file');
  if (hex(b, 0, [0x7f, 0x45, 0x4c, 0x46])) {
    return { kind: 'unsupported', what: 'program', reason: 'this is a program (an ELF executable), not a transcript' };
  }
  if (ascii(b, 0, 'MZ') && b.length > 64 && b.includes(0)) {
    return { kind: 'unsupported', what: 'program', reason: 'this is a Windows program or library (.exe/.dll), not a transcript' };
  }
  return { kind: 'text' };
}
