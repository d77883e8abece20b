/**
 * The one rule for streaming a linked recording to a window, used by both doors:
 *  - browser mode: the bridge's GET/HEAD /media/<ticket> (electron/bridge/server.ts);
 *  - the Electron window: the `weft-media://recording/<ticket>` protocol (electron/main/media-protocol.ts).
 *
 * A ticket (handed out by the token-checked `media.get`, electron/services/media.ts MediaTickets)
 * stands for one linked file; anything else — a malformed or unknown ticket, an expired one — is
 * refused, so no other file is reachable. The file is opened once and must be an ordinary file
 * (a swap after the check is not followed). One byte range of a `Range: bytes=…` header is
 * answered with 206 (seeking), a range outside the file with 416, HEAD with the headers only.
 * No Node HTTP or Electron types here: the doors turn the answer into their own response.
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** What a ticket looks like (MediaTickets issues 24 random bytes, base64url). */
export const MEDIA_TICKET = /^[A-Za-z0-9_-]{16,64}$/;

/** The file a ticket stands for (null: unknown or expired). */
export type MediaResolver = (ticket: string) => { path: string; mime: string } | null | Promise<{ path: string; mime: string } | null>;

export interface MediaAnswer {
  status: number;
  headers: Record<string, string>;
  /** The bytes to send: a stream of the file (or the range), a plain-text message, or nothing (HEAD, 416, an empty file). */
  body: Readable | string | null;
}

/** Headers every media answer carries, whatever the door. */
export const MEDIA_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The one byte range asked for by a `Range: bytes=…` header, within a file of `size` bytes:
 * null when there is no usable header (send the whole file), 'unsatisfiable' when it lies outside.
 * Several ranges at once are answered with the first only.
 */
export function parseRange(header: string | null | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const m = header ? /^bytes=(\d*)-(\d*)(?:,.*)?$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

const text = (status: number, message: string): MediaAnswer => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', ...MEDIA_SECURITY_HEADERS },
  body: message,
});

/** Answers a request for the recording behind `ticket` (method GET or HEAD; `range` the Range header, if any). */
export async function answerMediaRequest(ticket: string, resolve: MediaResolver, request: { method: string; range?: string | null }): Promise<MediaAnswer> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed');
  const file = MEDIA_TICKET.test(ticket) ? await resolve(ticket) : null;
  if (!file) return text(403, 'This recording link has expired or is not valid: reopen the document.');
  let handle;
  try {
    handle = await open(file.path, 'r');
  } catch {
    return text(404, 'The recording is no longer where it was linked.');
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    return text(404, 'The recording is not an ordinary file.');
  }
  const range = parseRange(request.range, st.size);
  const headers: Record<string, string> = { 'Content-Type': file.mime, 'Accept-Ranges': 'bytes', ...MEDIA_SECURITY_HEADERS };
  if (range === 'unsatisfiable') {
    await handle.close();
    return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${st.size}` }, body: null };
  }
  const { start, end } = range ?? { start: 0, end: st.size - 1 };
  const status = range ? 206 : 200;
  headers['Content-Length'] = String(Math.max(0, end - start + 1));
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
  if (request.method === 'HEAD' || st.size === 0) {
    await handle.close();
    return { status, headers, body: null };
  }
  // the handle closes with the stream: at its end, or when the window stops reading (destroyed)
  return { status, headers, body: handle.createReadStream({ start, end }) };
}
