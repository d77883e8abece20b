/**
 * The media-serving rule both doors use (the bridge's /media/<ticket> and the Electron window's
 * weft-media: protocol), on real files: only what a ticket resolves to, one byte range, HEAD,
 * refusals in words — without a server and without Electron.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { toneWav } from '../../shared/media/wav';
import { MediaTickets } from '../services/media';
import { answerMediaRequest, parseRange, type MediaAnswer } from './media-response';

const tempDir = useTempDir();

async function bytesOf(answer: MediaAnswer): Promise<Buffer> {
  if (answer.body === null) return Buffer.alloc(0);
  if (typeof answer.body === 'string') return Buffer.from(answer.body);
  const chunks: Buffer[] = [];
  for await (const chunk of answer.body as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function setUp() {
  const dir = tempDir();
  const wav = join(dir, 'Interview.wav');
  const bytes = Buffer.from(toneWav([{ ms: 500, hz: 440 }]));
  writeFileSync(wav, bytes);
  writeFileSync(join(dir, 'secret.txt'), 'not a recording');
  const tickets = new MediaTickets();
  const ticket = tickets.issue(wav, 'audio/wav');
  return { dir, wav, bytes, tickets, ticket, resolve: (t: string) => tickets.resolve(t) };
}

describe('answering a request for a linked recording', () => {
  it('sends the whole file, or one byte range with 206 and its Content-Range', async () => {
    const { bytes, ticket, resolve } = setUp();
    const whole = await answerMediaRequest(ticket, resolve, { method: 'GET' });
    expect(whole.status).toBe(200);
    expect(whole.headers).toMatchObject({ 'Content-Type': 'audio/wav', 'Accept-Ranges': 'bytes', 'Content-Length': String(bytes.length), 'X-Content-Type-Options': 'nosniff' });
    expect((await bytesOf(whole)).equals(bytes)).toBe(true);

    const part = await answerMediaRequest(ticket, resolve, { method: 'GET', range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers['Content-Range']).toBe(`bytes 100-199/${bytes.length}`);
    expect(part.headers['Content-Length']).toBe('100');
    expect((await bytesOf(part)).equals(bytes.subarray(100, 200))).toBe(true);

    const tail = await answerMediaRequest(ticket, resolve, { method: 'GET', range: 'bytes=-10' });
    expect((await bytesOf(tail)).equals(bytes.subarray(bytes.length - 10))).toBe(true);
  });

  it('answers HEAD with the headers only, and a range outside the file with 416', async () => {
    const { bytes, ticket, resolve } = setUp();
    const head = await answerMediaRequest(ticket, resolve, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect(head.headers['Content-Length']).toBe(String(bytes.length));
    const outside = await answerMediaRequest(ticket, resolve, { method: 'GET', range: `bytes=${bytes.length}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers['Content-Range']).toBe(`bytes */${bytes.length}`);
    expect(outside.body).toBeNull();
  });

  it('refuses malformed, unknown and expired tickets, and other methods, reaching no file', async () => {
    const { tickets, ticket, resolve } = setUp();
    let asked = 0;
    const counting = (t: string) => {
      asked++;
      return resolve(t);
    };
    for (const bad of ['../secret.txt', '..%2Fsecret.txt', 'short', '', 'x'.repeat(65), 'a/b/c/d/e/f/g/h/i/j']) {
      const a = await answerMediaRequest(bad, counting, { method: 'GET' });
      expect(a.status, bad).toBe(403);
    }
    expect(asked).toBe(0); // a malformed ticket is not even looked up
    expect((await answerMediaRequest('A'.repeat(32), counting, { method: 'GET' })).status).toBe(403);
    expect((await answerMediaRequest(ticket, resolve, { method: 'POST' })).status).toBe(405);
    tickets.clear();
    const expired = await answerMediaRequest(ticket, resolve, { method: 'GET' });
    expect(expired.status).toBe(403);
    expect(expired.body).toMatch(/expired or is not valid/);
  });

  it('says when the linked file is gone or is not an ordinary file; an async resolver (the Electron door) works the same', async () => {
    const { dir } = setUp();
    const tickets = new MediaTickets();
    const gone = tickets.issue(join(dir, 'moved.wav'), 'audio/wav');
    const folder = join(dir, 'folder.wav');
    mkdirSync(folder);
    const notFile = tickets.issue(folder, 'audio/wav');
    const later = (t: string) => Promise.resolve(tickets.resolve(t));
    const a = await answerMediaRequest(gone, later, { method: 'GET' });
    expect([a.status, a.body]).toEqual([404, 'The recording is no longer where it was linked.']);
    const b = await answerMediaRequest(notFile, later, { method: 'GET' });
    expect([b.status, b.body]).toEqual([404, 'The recording is not an ordinary file.']);
  });
});

describe('parseRange', () => {
  it('reads one byte range within the size', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=10-20', 100)).toEqual({ start: 10, end: 20 });
    expect(parseRange('bytes=90-200', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-30', 100)).toEqual({ start: 70, end: 99 });
    expect(parseRange('bytes=0-1, 5-6', 100)).toEqual({ start: 0, end: 1 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 100)).toBe('unsatisfiable');
    expect(parseRange('items=1-2', 100)).toBeNull();
  });
});
