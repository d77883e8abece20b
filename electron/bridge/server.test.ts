import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { AppService } from '../services/app-service';
import { createDispatcher } from '../ipc/dispatch';
import { startBridge, type Bridge } from './server';

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
});
