/**
 * The framed answer for opening a document (shared/api/frame.ts) gives back exactly the Result
 * the dispatcher returned: the text to the UTF-16 code unit (offsets are code units), the turns
 * with their nulls, the speakers' names; a text a browser's UTF-16 decoder would not keep (a lone
 * surrogate) is not framed at all, and a damaged frame is refused, never read as something else.
 */
import { describe, expect, it } from 'vitest';
import type { OpenedDocument, OpenedDocumentWithCodings, Turn } from '../types/entities';
import type { Result } from './result';
import { FRAME_TYPE, acceptFor, encodeUtf16, frameFor, joinFrame, readAnswer, readFrame } from './frame';

const TEXTS: Record<string, string> = {
  emoji: 'Interviewer: how was it? 😀👩🏽‍⚕️ fine 🇫🇷',
  cjk: '加油，慢慢来。괜찮아 頑張る',
  combining: 'cafe\u0301 nai\u0308ve A\u030A e\u0323\u0302',
  rtl: 'שלום עולם ‏مرحبا بالعالم‎ mixed',
  crlf: 'line one\r\nline two\r\n\r\nthree\rfour\n',
  bom: '\ufeffstarts with a byte order mark',
  nul: 'a\u0000b\u0085c\u2028d\u2029e\ufffd\uffff',
  astral: '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{10FFFF}',
  empty: '',
};

function documentWith(text: string, turns: Turn[] = []): OpenedDocument {
  return {
    id: 7,
    guid: 'g-7',
    name: 'Interview 7 “café” 😀',
    format: 'txt',
    length: text.length,
    words: 3,
    codings: 2,
    speakers: [{ id: 3, name: 'Interviewer' } as never],
    createdAt: '2026-01-01T00:00:00.000Z',
    text,
    contentHash: 'h',
    sourceName: null,
    turns,
  };
}

const turns: Turn[] = [
  { id: 1, speakerId: 3, speaker: 'Interviewer', start: 0, end: 12, beginMs: null, endMs: null },
  { id: 2, speakerId: 4, speaker: 'Ana “Ruiz” 😀', start: 12, end: 20, beginMs: 1500, endMs: 98_765_432 },
  { id: 3, speakerId: null, speaker: null, start: 20, end: 21, beginMs: 0, endMs: null },
  { id: 4, speakerId: 3, speaker: 'Interviewer', start: 21, end: 30, beginMs: null, endMs: 0 },
  { id: 5, speakerId: 9, speaker: null, start: 30, end: 31, beginMs: null, endMs: null },
];

const roundTrip = (method: 'documents.get' | 'documents.open', result: Result<unknown>) => readFrame(method, joinFrame(frameFor(method, result)!));

describe('the framed answer for opening a document', () => {
  it.each(Object.entries(TEXTS))('gives back the text exactly, code unit for code unit (%s)', (_kind, text) => {
    const result: Result<OpenedDocument> = { ok: true, value: documentWith(text, turns) };
    const back = roundTrip('documents.get', result) as Result<OpenedDocument>;
    expect(back).toEqual(result);
    expect(back.ok && back.value.text.length).toBe(text.length);
    expect(back.ok && [...back.value.text].map((c) => c.codePointAt(0))).toEqual([...text].map((c) => c.codePointAt(0)));
  });

  it('gives back documents.open: the document, its turns and nulls, and the codings as they were', () => {
    const value: OpenedDocumentWithCodings = {
      document: documentWith(Object.values(TEXTS).join('\n'), turns),
      codings: { documentId: 7, hash: 'c', codings: [{ id: 1, documentId: 7, codeId: 2, start: 3, end: 9 } as never] },
    };
    expect(roundTrip('documents.open', { ok: true, value })).toEqual({ ok: true, value });
    // opened again with the hashes held: no text, the codings unchanged
    const again: OpenedDocumentWithCodings = { document: { ...documentWith('', turns), unchanged: true }, codings: { documentId: 7, hash: 'c', codings: [], unchanged: true } };
    expect(roundTrip('documents.open', { ok: true, value: again })).toEqual({ ok: true, value: again });
  });

  it('sends the text as UTF-16 code units outside the JSON, and the turns as numbers', () => {
    const text = TEXTS.crlf!;
    const parts = frameFor('documents.get', { ok: true, value: documentWith(text, turns) })!;
    const header = new TextDecoder().decode(parts[0]!.subarray(4, 4 + new DataView(parts[0]!.buffer).getUint32(0, true)));
    expect(header).not.toContain('line one');
    expect(header).not.toContain('beginMs');
    expect(parts[1]!.byteLength).toBe(6 * 8 * turns.length);
    expect(parts[2]!.byteLength).toBe(2 * text.length);
    expect(parts[0]!.byteLength % 8).toBe(0);
  });

  it('does not frame a text with a lone surrogate (a browser would read U+FFFD), nor an error, nor another method', () => {
    for (const lone of ['a\ud800b', 'end\udfff', '\udc00', 'x\ud83d']) {
      expect(frameFor('documents.get', { ok: true, value: documentWith(lone) })).toBeNull();
      // and JSON, the way it goes instead, keeps it exactly
      expect((JSON.parse(JSON.stringify({ text: lone })) as { text: string }).text).toBe(lone);
    }
    expect(frameFor('documents.get', { ok: false, error: { code: 'NOT_FOUND', message: 'There is no document with id 9.' } })).toBeNull();
    expect(frameFor('documents.list', { ok: true, value: [] })).toBeNull();
    expect(acceptFor('documents.list')).toEqual({});
    expect(acceptFor('documents.open').Accept).toContain(FRAME_TYPE);
  });

  it('reads a frame that does not start on an 8-byte boundary in memory', () => {
    const result: Result<OpenedDocument> = { ok: true, value: documentWith(TEXTS.emoji!, turns) };
    const bytes = joinFrame(frameFor('documents.get', result)!);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(readFrame('documents.get', shifted.subarray(3))).toEqual(result);
  });

  it('refuses a truncated or padded frame, or one whose header is not one', () => {
    const bytes = joinFrame(frameFor('documents.get', { ok: true, value: documentWith(TEXTS.cjk!, turns) })!);
    expect(() => readFrame('documents.get', bytes.subarray(0, bytes.length - 2))).toThrow(/malformed: it has \d+ bytes, not the \d+/);
    expect(() => readFrame('documents.get', joinFrame([bytes, new Uint8Array(2)]))).toThrow(/malformed/);
    expect(() => readFrame('documents.get', bytes.subarray(0, 2))).toThrow(/malformed/);
    const notOne = new TextEncoder().encode('{"result":{"ok":false}}');
    const frame = new Uint8Array(4 + notOne.length);
    new DataView(frame.buffer).setUint32(0, notOne.length, true);
    frame.set(notOne, 4);
    expect(() => readFrame('documents.get', frame)).toThrow(/malformed: its header holds no answer/);
  });

  it('the portable UTF-16LE encoding is Node’s', () => {
    for (const text of Object.values(TEXTS)) expect(Buffer.from(encodeUtf16(text))).toEqual(Buffer.from(text, 'utf16le'));
  });

  it('readAnswer reads a framed answer by its Content-Type, and JSON otherwise', async () => {
    const result: Result<OpenedDocument> = { ok: true, value: documentWith(TEXTS.rtl!, turns) };
    const bytes = joinFrame(frameFor('documents.get', result)!);
    const framed = new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': FRAME_TYPE } });
    expect(await readAnswer('documents.get', framed)).toEqual(result);
    const json = new Response(JSON.stringify(result), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(await readAnswer('documents.get', json)).toEqual(result);
  });
});
