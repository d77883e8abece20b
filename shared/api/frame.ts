/**
 * The compact answer for opening a document (bench figure 13), over the loopback bridge and Electron's relay:
 * the document's text and turns travel outside the JSON envelope, so neither side spends time on
 * JSON for 600,000 characters and thousands of turn objects. Everything else, and every error,
 * stays JSON. The decoded answer is the very Result the dispatcher returned (same fields, same
 * text to the code unit), so the renderer cannot tell which way it came.
 *
 * Asked for with `Accept: FRAME_TYPE` on POST /api/<method> of a FRAMED_METHODS method; the bridge
 * answers with Content-Type FRAME_TYPE when it framed the answer, else with JSON as always (an
 * error, or a text with a lone surrogate: see frameFor). Layout, little-endian:
 *
 *   u32 H · H bytes of UTF-8 JSON (the header) · zero bytes to a multiple of 8 ·
 *   6 × n float64 (the turns as columns: id, speakerId, start, end, beginMs, endMs; NaN = null) ·
 *   the text as UTF-16LE code units (offsets everywhere are UTF-16 code units: this is the text itself)
 *
 * The header is `{ result, turns: n, textUnits, speakers }`: the Result envelope with the
 * document's `text` '' and `turns` [], and the names of the turns' speakers as [id, name] pairs.
 * Electron's relay sends the same frame over its MessagePort (electron/relay/server.ts, as one
 * buffer), and its client reads it back (electron/relay/client.ts).
 */
import type { OpenedDocument, OpenedDocumentWithCodings, Turn } from '../types/entities.js';
import type { Result } from './result.js';

export const FRAME_TYPE = 'application/x-weft-frame';

/** The methods whose answer can be framed, and where the document is in their value. */
const FRAMED = {
  'documents.get': {
    document: (value: unknown) => value as OpenedDocument,
    withDocument: (value: unknown, document: OpenedDocument): unknown => document,
  },
  'documents.open': {
    document: (value: unknown) => (value as OpenedDocumentWithCodings).document,
    withDocument: (value: unknown, document: OpenedDocument): unknown => ({ ...(value as OpenedDocumentWithCodings), document }),
  },
} as const;

export type FramedMethod = keyof typeof FRAMED;
export const isFramedMethod = (method: string): method is FramedMethod => Object.prototype.hasOwnProperty.call(FRAMED, method);

const TURN_COLUMNS = 6;
/** A lone surrogate: UTF-16 text that is not well-formed (TextDecoder would turn it into U+FFFD). */
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (text: string): boolean => {
  const native = (text as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !LONE_SURROGATE.test(text);
};

interface FrameHeader {
  result: Result<unknown>;
  turns: number;
  textUnits: number;
  speakers: [number, string | null][];
}

/** The text as UTF-16LE bytes; the bridge passes Node's (a copy of the string's own bytes). */
export type Utf16Encoder = (text: string) => Uint8Array;

/** Portable UTF-16LE encoding (tests, and any runtime without a faster one). */
export const encodeUtf16: Utf16Encoder = (text) => {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  const bytes = new Uint8Array(units.buffer);
  // Uint16Array is in the platform's order: make it little-endian where the platform is not
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) for (let i = 0; i < bytes.length; i += 2) [bytes[i], bytes[i + 1]] = [bytes[i + 1]!, bytes[i]!];
  return bytes;
};

/**
 * The framed answer to `method` as the parts to write in order (no copy of the text into one
 * buffer), or null when it is answered as JSON: not a framed method, an error, or a text with a
 * lone surrogate (JSON escapes it exactly; the UTF-16 decoder of a browser would not keep it).
 */
export function frameFor(method: string, result: Result<unknown>, utf16: Utf16Encoder = encodeUtf16): Uint8Array[] | null {
  if (!isFramedMethod(method) || !result.ok) return null;
  const framed = FRAMED[method];
  const doc = framed.document(result.value);
  if (!wellFormed(doc.text)) return null;
  const n = doc.turns.length;
  const columns = new Float64Array(TURN_COLUMNS * n);
  const speakers = new Map<number, string | null>();
  const orNaN = (v: number | null) => (v === null ? NaN : v);
  for (let i = 0; i < n; i++) {
    const t = doc.turns[i]!;
    columns[i] = t.id;
    columns[n + i] = orNaN(t.speakerId);
    columns[2 * n + i] = t.start;
    columns[3 * n + i] = t.end;
    columns[4 * n + i] = orNaN(t.beginMs);
    columns[5 * n + i] = orNaN(t.endMs);
    if (t.speakerId !== null && !speakers.has(t.speakerId)) speakers.set(t.speakerId, t.speaker);
  }
  const header: FrameHeader = {
    result: { ok: true, value: framed.withDocument(result.value, { ...doc, text: '', turns: [] }) },
    turns: n,
    textUnits: doc.text.length,
    speakers: [...speakers],
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil((4 + json.length) / 8) * 8;
  const head = new Uint8Array(padded);
  new DataView(head.buffer).setUint32(0, json.length, true);
  head.set(json, 4);
  return [head, new Uint8Array(columns.buffer), utf16(doc.text)];
}

/** A frame's parts as one buffer of its own (for a port: a view into a shared pool would carry the whole pool). */
export function joinFrame(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  return all;
}

/** Reads a framed answer to `method` back into the Result the dispatcher returned. Throws on a truncated or malformed frame. */
export function readFrame(method: FramedMethod, bytes: Uint8Array): Result<unknown> {
  const fail = (why: string): never => {
    throw new Error(`The backend's framed answer is malformed: ${why}.`);
  };
  if (bytes.length < 4) fail('it is shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = view.getUint32(0, true);
  if (4 + h > bytes.length) fail('its header runs past its end');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + h))) as FrameHeader;
  const { result, turns: n, textUnits, speakers } = header;
  const value = result?.ok ? result.value : fail('its header holds no answer');
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(textUnits) || !Array.isArray(speakers)) fail('its header is not one');
  const start = Math.ceil((4 + h) / 8) * 8;
  const textStart = start + TURN_COLUMNS * 8 * n;
  if (textStart + 2 * textUnits !== bytes.length) fail(`it has ${bytes.length} bytes, not the ${textStart + 2 * textUnits} its header says`);
  // a view needs the columns aligned to 8 bytes in memory: copy them when they are not
  const at = bytes.byteOffset + start;
  const columns = at % 8 === 0 ? new Float64Array(bytes.buffer, at, TURN_COLUMNS * n) : new Float64Array(bytes.slice(start, textStart).buffer);
  const names = new Map(speakers);
  const orNull = (v: number) => (Number.isNaN(v) ? null : v);
  const turns: Turn[] = new Array<Turn>(n);
  for (let i = 0; i < n; i++) {
    const speakerId = orNull(columns[n + i]!);
    turns[i] = {
      id: columns[i]!,
      speakerId,
      speaker: speakerId === null ? null : (names.get(speakerId) ?? null),
      start: columns[2 * n + i]!,
      end: columns[3 * n + i]!,
      beginMs: orNull(columns[4 * n + i]!),
      endMs: orNull(columns[5 * n + i]!),
    };
  }
  // ignoreBOM: a text that begins with U+FEFF keeps it (by default the decoder drops it, shifting every offset)
  const text = new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(textStart));
  const framed = FRAMED[method];
  return { ok: true, value: framed.withDocument(value, { ...framed.document(value), text, turns }) };
}

/** The headers an HTTP client of the bridge adds to its call of `method`: a framed answer is welcome where there is one. */
export const acceptFor = (method: string): Record<string, string> => (isFramedMethod(method) ? { Accept: `${FRAME_TYPE}, application/json` } : {});

/** The parts of a fetch Response that readAnswer reads (shared/ has no DOM types). */
export interface AnswerResponse {
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
  json(): Promise<unknown>;
}

/** The Result in the bridge's answer to `method`: framed or JSON, as its Content-Type says. */
export async function readAnswer(method: string, response: AnswerResponse): Promise<Result<unknown>> {
  if (isFramedMethod(method) && (response.headers.get('content-type') ?? '').startsWith(FRAME_TYPE)) {
    return readFrame(method, new Uint8Array(await response.arrayBuffer()));
  }
  return (await response.json()) as Result<unknown>;
}
