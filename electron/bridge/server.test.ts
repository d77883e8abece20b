import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { AppService } from '../services/app-service';
import { createDispatcher } from '../ipc/dispatch';
import { startBridge, type Bridge } from './server';
import { FRAME_TYPE, acceptFor, readAnswer } from '../../shared/api/frame';
import type { OpenedDocumentWithCodings } from '../../shared/types/entities';

const tempDir = useTempDir();
let bridge: Bridge | null = null;
afterEach(async () => {
  await bridge?.close();
  bridge = null;
});

async function start() {
  const service = new AppService({ host: 'browser', dataDir: tempDir() });
  bridge = await startBridge({ dispatcher: createDispatcher(service.handlers), staticDir: new URL('../../renderer/', import.meta.url).pathname });
  return bridge;
}

function post(b: Bridge, path: string, body: unknown, headers: Record<string, string>) {
  return new Promise<{ status: number; json: any; headers: Record<string, unknown> }>((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port: b.port, path, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : null, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

function get(b: Bridge, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: b.port, path, method: 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('loopback HTTP bridge', () => {
  it('serves the API to requests with the token and our origin', async () => {
    const b = await start();
    const r = await post(b, '/api/app.info', {}, { 'X-Weft-Token': b.token, Origin: b.origin });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, value: { host: 'browser' } });
    expect(b.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
  });

  it('refuses requests without the token, with a wrong token, from a foreign origin or Host', async () => {
    const b = await start();
    expect((await post(b, '/api/app.info', {}, {})).status).toBe(401);
    expect((await post(b, '/api/app.info', {}, { 'X-Weft-Token': 'nope' })).status).toBe(401);
    expect((await post(b, '/api/app.info', {}, { 'X-Weft-Token': b.token, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(b, '/api/app.info', {}, { 'X-Weft-Token': b.token, Host: 'evil.example' })).status).toBe(403);
  });

  it('validates payloads at the boundary and returns typed errors', async () => {
    const b = await start();
    const auth = { 'X-Weft-Token': b.token };
    const bad = await post(b, '/api/codings.create', { documentId: 'one', codeId: 1, start: 5, end: 2 }, auth);
    expect(bad.json.ok).toBe(false);
    expect(bad.json.error.code).toBe('VALIDATION');
    expect(bad.json.error.message).toMatch(/documentId/);
    const extra = await post(b, '/api/project.open', { path: '/x.weft', sneaky: true }, auth);
    expect(extra.json.error.code).toBe('VALIDATION');
    const unknown = await post(b, '/api/project.__proto__', {}, auth);
    expect(unknown.json.error.code).toBe('NOT_FOUND');
    const noProject = await post(b, '/api/documents.list', {}, auth);
    expect(noProject.json.error).toMatchObject({ code: 'NO_PROJECT' });
  });

  it('answers a malformed %-escape in the address with a 400 and a reason, not a 500', async () => {
    const b = await start();
    const auth = { 'X-Weft-Token': b.token };
    for (const path of ['/api/%E0%A4%A', '/api/codes.list%', '/%E0%A4%A', '/assets/%FF']) {
      const r = await get(b, path, auth);
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.text)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/malformed %-escape/) } });
    }
    const api = await post(b, '/api/%E0%A4%A', {}, auth);
    expect(api.status).toBe(400);
    // a well-formed escape still reaches the dispatcher
    expect((await post(b, '/api/app%2Einfo', {}, auth)).json).toMatchObject({ ok: true });
  });

  it('serves the renderer with a strict CSP and never outside its folder', async () => {
    const b = await start();
    const page = await get(b, '/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    const escape = await get(b, '/..%2f..%2fpackage.json');
    expect(escape.text).not.toContain('"name": "weft"');
  });

  it('opening a document: a client that asks for it gets the text and turns framed, the very Result the dispatcher returns; errors stay JSON', async () => {
    const service = new AppService({ host: 'browser', dataDir: tempDir() });
    const dispatch = createDispatcher(service.handlers);
    bridge = await startBridge({ dispatcher: dispatch });
    const b = bridge;
    const call = async (method: string, input: unknown) => {
      const r = await dispatch(method, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as any;
    };
    await call('project.create', { path: `${tempDir()}/framed.weft` });
    const text = 'Interviewer: Wie war’s? 😀 加油\n\nAna: שלום — cafe\u0301, naïve 👩🏽‍⚕️ ok\n';
    await call('documents.importFiles', { files: [{ name: 'interview.txt', base64: Buffer.from(text).toString('base64') }] });
    const [doc] = await call('documents.list', {});
    const codes = await call('codes.create', { name: 'Trust', parentId: null });
    await call('codings.create', { documentId: doc.id, codeId: codes.id, start: 0, end: 11 });
    const fetchApi = (method: string, input: unknown, headers: Record<string, string>) =>
      fetch(`${b.origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Weft-Token': b.token, ...headers }, body: JSON.stringify(input) });

    for (const [method, input] of [
      ['documents.open', { id: doc.id }],
      ['documents.get', { id: doc.id }],
    ] as const) {
      const expected = await dispatch(method, input);
      expect(expected.ok && JSON.stringify(expected.value)).toContain('😀');
      const framed = await fetchApi(method, input, acceptFor(method));
      expect(framed.headers.get('content-type'), method).toBe(FRAME_TYPE);
      expect(await readAnswer(method, framed)).toEqual(expected);
      // a client that does not ask gets JSON, as before
      const json = await fetchApi(method, input, {});
      expect(json.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await json.json()).toEqual(expected);
    }
    const opened = (await call('documents.open', { id: doc.id })) as OpenedDocumentWithCodings;
    expect(opened.document).toEqual(await call('documents.get', { id: doc.id }));
    expect(opened.codings).toEqual(await call('codings.forDocument', { documentId: doc.id }));
    expect(opened.codings.codings).toHaveLength(1);
    expect(opened.document.turns.filter((t) => t.speaker !== null).length).toBeGreaterThanOrEqual(2);
    // opened again with the hashes held: neither the text nor the codings, framed too
    const again = await fetchApi('documents.open', { id: doc.id, knownHash: opened.document.contentHash, knownCodingsHash: opened.codings.hash }, acceptFor('documents.open'));
    expect(await readAnswer('documents.open', again)).toMatchObject({ ok: true, value: { document: { unchanged: true, text: '' }, codings: { unchanged: true, codings: [] } } });

    const missing = await fetchApi('documents.open', { id: 999 }, acceptFor('documents.open'));
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const invalid = await fetchApi('documents.open', { id: doc.id, knownCodingsHash: 5 }, acceptFor('documents.open'));
    expect(await invalid.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/knownCodingsHash/) } });
    service.shutdown();
  });
});
