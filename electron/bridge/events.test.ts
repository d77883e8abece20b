/** GET /api/events: the service's pushed events as Server-Sent Events, behind the same checks as the API. */
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { AppService } from '../services/app-service';
import { createDispatcher } from '../ipc/dispatch';
import { startBridge, type Bridge } from './server';

const tempDir = useTempDir();
let bridge: Bridge | null = null;
let service: AppService | null = null;
afterEach(async () => {
  await bridge?.close();
  service?.shutdown();
  bridge = null;
  service = null;
});

function open(b: Bridge, headers: Record<string, string>) {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: b.port, path: '/api/events', method: 'GET', headers }, resolve);
    req.on('error', reject);
    req.end();
  });
}

describe('event stream', () => {
  it('refuses a request without the token or from a foreign origin', async () => {
    service = new AppService({ host: 'browser', dataDir: tempDir() });
    bridge = await startBridge({ dispatcher: createDispatcher(service.handlers), events: (l) => service!.onEvent(l) });
    const noToken = await open(bridge, {});
    expect(noToken.statusCode).toBe(401);
    noToken.resume();
    const foreign = await open(bridge, { 'X-Weft-Token': bridge.token, Origin: 'http://evil.example' });
    expect(foreign.statusCode).toBe(403);
    foreign.resume();
  });

  it('pushes project.changedElsewhere when another connection changes the open project', async () => {
    service = new AppService({ host: 'browser', dataDir: tempDir() });
    bridge = await startBridge({ dispatcher: createDispatcher(service.handlers), events: (l) => service!.onEvent(l) });
    const path = join(tempDir(), 'study.weft');
    service.createProject(path);
    const res = await open(bridge, { 'X-Weft-Token': bridge.token, Origin: bridge.origin });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    let text = '';
    const got = new Promise<string>((resolve) => {
      res.on('data', (d) => {
        text += d;
        const block = text.split('\n\n').find((b) => b.startsWith('event: project.changedElsewhere'));
        if (block) resolve(block);
      });
    });
    const other = new Database(path);
    other.prepare("INSERT INTO codes (guid, name, color, position, created_at, updated_at) VALUES ('g', 'Elsewhere', '#123456', 0, 'x', 'x')").run();
    other.close();
    const block = await got;
    expect(JSON.parse(block.split('\n').find((l) => l.startsWith('data: '))!.slice(6))).toEqual({ path, undoCleared: false });
    res.destroy();
  });
});
