/** Browser mode streams a linked recording by ticket, with range requests, and nothing else. */
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { toneWav } from '../../shared/media/wav';
import { AppService } from '../services/app-service';
import { createDispatcher } from '../ipc/dispatch';
import { startBridge, type Bridge } from './server';

const tempDir = useTempDir();
let bridge: Bridge | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

function fetchRaw(b: Bridge, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: b.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function setUp() {
  const dir = tempDir();
  const service = new AppService({ host: 'browser', dataDir: tempDir() });
  const dispatch = createDispatcher(service.handlers);
  bridge = await startBridge({ dispatcher: dispatch, media: (t) => service.mediaTickets.resolve(t) });
  const b = bridge;
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as T;
  };
  await call('project.create', { path: join(dir, 'study.weft') });
  writeFileSync(join(dir, 'Interview.txt'), 'Amira: I trusted my mentor.\n');
  const wav = toneWav([{ ms: 2000, hz: 440 }]);
  writeFileSync(join(dir, 'Interview.wav'), wav);
  writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
  await call('documents.importPaths', { paths: [join(dir, 'Interview.txt')] });
  const [doc] = await call<{ id: number }[]>('documents.list', {});
  return { b, dir, wav, call, service, docId: doc!.id };
}

describe('media streaming in browser mode', () => {
  it('streams the linked file whole and by byte ranges, with its MIME type', async () => {
    const { b, wav, call, docId } = await setUp();
    const source = await call<{ ticket: string; status: string; path: string }>('media.get', { documentId: docId });
    expect(source).toMatchObject({ status: 'ok', path: 'Interview.wav' }); // linked on import: same base name beside it
    const whole = await fetchRaw(b, `/media/${source.ticket}`);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.body.equals(Buffer.from(wav))).toBe(true);

    const part = await fetchRaw(b, `/media/${source.ticket}`, { Range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${wav.length}`);
    expect(part.body.equals(Buffer.from(wav.subarray(100, 200)))).toBe(true);

    const tail = await fetchRaw(b, `/media/${source.ticket}`, { Range: 'bytes=-10' });
    expect(tail.body.equals(Buffer.from(wav.subarray(wav.length - 10)))).toBe(true);
    expect((await fetchRaw(b, `/media/${source.ticket}`, { Range: `bytes=${wav.length}-` })).status).toBe(416);
    const head = await fetchRaw(b, `/media/${source.ticket}`, {}, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, String(wav.length), 0]);
  });

  it('reaches no other file: not with a guessed ticket, a path, or after the project is closed', async () => {
    const { b, dir, call, docId, service } = await setUp();
    const source = await call<{ ticket: string }>('media.get', { documentId: docId });
    for (const path of [
      '/media/',
      `/media/${'A'.repeat(32)}`,
      `/media/${encodeURIComponent(join(dir, 'secret.txt'))}`,
      '/media/..%2F..%2Fetc%2Fpasswd',
      `/media/${source.ticket}/../secret.txt`,
      `/media/${source.ticket}%2F..%2Fsecret.txt`,
    ]) {
      const r = await fetchRaw(b, path);
      expect(r.status, path).toBe(403);
      expect(r.body.toString()).not.toContain('not for the browser');
    }
    // a ticket is given only through the token-checked API
    const noToken = await fetchRaw(b, '/api/media.get', {}, 'POST');
    expect(noToken.status).toBe(401);
    service.closeProject();
    expect((await fetchRaw(b, `/media/${source.ticket}`)).status).toBe(403);
  });

  it('refuses a request for another host, as for the API', async () => {
    const { b, call, docId } = await setUp();
    const source = await call<{ ticket: string }>('media.get', { documentId: docId });
    expect((await fetchRaw(b, `/media/${source.ticket}`, { Host: 'evil.example:80' })).status).toBe(403);
  });
});
