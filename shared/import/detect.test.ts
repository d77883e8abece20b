import { describe, expect, it } from 'vitest';
import { detectTextFormat, extensionOf } from './detect.js';
import { parseFile, parseTextDocument } from './index.js';
import { sniffBytes, zipEntryNames } from './sniff.js';
import { ImportError } from './types.js';

const enc = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(enc(p)) : p)));

/** A minimal stored (uncompressed) ZIP local file header for `name`. */
const zipEntry = (name: string, content = '') => {
  const n = enc(name);
  const c = enc(content);
  const h = new Uint8Array(30 + n.length + c.length);
  h.set([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0]);
  new DataView(h.buffer).setUint32(18, c.length, true);
  new DataView(h.buffer).setUint32(22, c.length, true);
  new DataView(h.buffer).setUint16(26, n.length, true);
  h.set(n, 30);
  h.set(c, 30 + n.length);
  return Array.from(h);
};

describe('detectTextFormat', () => {
  it('tells formats apart by content, the extension only breaking ties', () => {
    expect(detectTextFormat('WEBVTT\n\n00:00.000 --> 00:01.000\nhi', 'txt')).toBe('vtt');
    expect(detectTextFormat('1\n00:00:00,000 --> 00:00:01,000\nhi', 'txt')).toBe('srt');
    expect(detectTextFormat('00:00:00.000 --> 00:00:01.000\nhi', '')).toBe('vtt');
    expect(detectTextFormat('00:00:00.000 --> 00:00:01.000\nhi', 'srt')).toBe('srt');
    expect(detectTextFormat('1\n00:00:00,000 --> 00:00:01,000\nhi', 'vtt')).toBe('vtt');
    expect(detectTextFormat('Ana  0:00\nHi.\n\nBen  0:03\nHello.\n', 'txt')).toBe('otter');
    expect(detectTextFormat('Interviewer: hi\nDan: hello', 'md')).toBe('markdown');
    expect(detectTextFormat('# A\n\ntext\n\n## B\n', 'txt')).toBe('markdown');
    expect(detectTextFormat('Interviewer: hi\nDan: hello', 'srt')).toBe('text');
    expect(detectTextFormat('<!DOCTYPE html><html>', 'txt')).toBe('html');
  });

  it('extensionOf', () => {
    expect(extensionOf('a/b/C.VTT')).toBe('vtt');
    expect(extensionOf('noext')).toBe('');
    expect(extensionOf('dir.d/file')).toBe('');
  });

  it('notes a misleading extension', () => {
    const doc = parseTextDocument('notes.srt', enc('Interviewer: a\nDan: b'));
    expect(doc.format).toBe('text');
    expect(doc.warnings).toEqual(['the file is named .srt but contains no caption timings, so it was imported as plain text']);
    expect(parseTextDocument('x.docx', enc('Interviewer: a\nDan: b')).warnings).toEqual([
      'the file is named .docx but contains text; it was imported by its content',
    ]);
  });
});

describe('sniffBytes', () => {
  it('recognises Word documents from their ZIP entries, whatever the name', () => {
    const docx = bytes(zipEntry('[Content_Types].xml', '<x/>'), zipEntry('word/document.xml', '<w/>'));
    expect(zipEntryNames(docx)).toEqual(['[Content_Types].xml', 'word/document.xml']);
    expect(sniffBytes(docx, 'txt')).toEqual({ kind: 'docx' });
    expect(sniffBytes(bytes(zipEntry('[Content_Types].xml')), 'docx')).toEqual({ kind: 'docx' });
  });

  it('names other ZIP-based formats', () => {
    expect(sniffBytes(bytes(zipEntry('xl/workbook.xml')))).toMatchObject({ kind: 'unsupported', what: 'Excel workbook' });
    expect(sniffBytes(bytes(zipEntry('ppt/presentation.xml')))).toMatchObject({ what: 'PowerPoint presentation' });
    expect(sniffBytes(bytes(zipEntry('mimetype', 'application/vnd.oasis.opendocument.text')))).toMatchObject({ what: 'OpenDocument text' });
    expect(sniffBytes(bytes(zipEntry('photos/a.jpg')))).toMatchObject({ what: 'ZIP archive' });
  });

  it('recognises PDF, old Office, RTF, media, images and archives', () => {
    expect(sniffBytes(bytes('%PDF-1.7\n'))).toEqual({ kind: 'pdf' });
    expect(sniffBytes(bytes('junk\n%PDF-1.4\n'))).toEqual({ kind: 'pdf' });
    expect(sniffBytes(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'doc')).toMatchObject({
      reason: expect.stringContaining('old Word 97–2003 document (.doc)'),
    });
    expect(sniffBytes(bytes('{\\rtf1\\ansi hello}'))).toMatchObject({ what: 'RTF document' });
    expect(sniffBytes(bytes('ID3', [3, 0, 0]))).toMatchObject({ what: 'an MP3 audio file' });
    expect(sniffBytes(bytes([0, 0, 0, 0x20], 'ftypM4A '))).toMatchObject({ what: 'an MP4/M4A/MOV audio or video file' });
    expect(sniffBytes(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toMatchObject({ what: 'a WAV audio file' });
    expect(sniffBytes(bytes([0x89], 'PNG\r\n', [0x1a, 0x0a]))).toMatchObject({ what: 'a PNG image' });
    expect(sniffBytes(bytes([0x1f, 0x8b, 8]))).toMatchObject({ what: 'a gzip-compressed file' });
    expect(sniffBytes(bytes('SQLite format 3', [0]))).toMatchObject({ what: 'SQLite database' });
    expect(sniffBytes(bytes('Interviewer: hello'))).toEqual({ kind: 'text' });
  });
});

describe('shared parseFile', () => {
  it('rejects unsupported and Node-only formats with an ImportError', async () => {
    const mp3 = parseFile('talk.mp3', bytes('ID3', [4, 0, 0, 0, 0, 0]));
    await expect(mp3).rejects.toBeInstanceOf(ImportError);
    await expect(mp3).rejects.toThrow(/MP3 audio file, not a transcript; .* transcribe the recording first/);
    await expect(parseFile('a.pdf', bytes('%PDF-1.4'))).rejects.toThrow('PDF files can only be imported in the desktop app');
  });

  it('parses text transcripts', async () => {
    const doc = await parseFile('a.txt', enc('Interviewer: a\nDan: b'));
    expect(doc.turns).toHaveLength(2);
  });
});
