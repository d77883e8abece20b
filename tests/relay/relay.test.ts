/**
 * The relay (electron/relay/) between a window and the service host, with a worker thread standing
 * in for Electron's utility process: the worker runs the real service host, AppService and
 * dispatcher on a real project file, and the test plays main (it hands over the ports) and the
 * window's preload (a RelayClient on a worker_threads MessagePort, which is an EventTarget like
 * the DOM's port the preload gets).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api/events';
import type { Result } from '../../shared/api/result';
import { RelayClient } from '../../electron/relay/client';
import { fromEventTargetPort, type EventTargetPort } from '../../electron/relay/ports';
import { SERVICE_DOWN, stoppedDuring } from '../../electron/relay/protocol';
import type { FromHost } from '../../electron/service-host/host';
import { healthyProject } from '../support/project-files';
import { useTempDir } from '../support/temp';
import { toneWav } from '../../shared/media/wav';
import Database from 'better-sqlite3';
import type { OpenedDocumentWithCodings } from '../../shared/types/entities';
import type { DocumentCodings } from '../../shared/types/coding';

const tempDir = useTempDir();
const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

/** Starts a service host in a worker; `connect` plays main handing a window its port. */
function startHost(dataDir: string) {
  const worker = new Worker(new URL('./service-worker-start.mjs', import.meta.url), { workerData: { dataDir } });
  workers.push(worker);
  const fromHost: FromHost[] = [];
  worker.on('message', (m: FromHost) => fromHost.push(m));
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  return {
    worker,
    fromHost,
    exited,
    send(message: unknown) {
      worker.postMessage({ message });
    },
    /** A window's client whose port goes to the host; calls made before `connect` wait in the port. */
    window() {
      const client = new RelayClient();
      const { port1, port2 } = new MessageChannel();
      client.attach(fromEventTargetPort(port1 as unknown as EventTargetPort));
      return {
        client,
        /** The window's end of the port (to watch what arrives). */
        port: port1,
        connect: (reconnected = false) => worker.postMessage({ message: { type: 'connect', reconnected }, ports: [port2] }, [port2]),
      };
    },
  };
}

function project() {
  const dir = tempDir();
  const path = join(dir, 'study.weft');
  healthyProject(path);
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  return { path, dataDir };
}

const value = <T>(r: Result<unknown>) => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

describe('the relay to a service host in another thread', () => {
  it('answers concurrent calls as each is done, not in the order they were sent', async () => {
    const { path, dataDir } = project();
    const host = startHost(dataDir);
    const { client, connect } = host.window();
    const done: string[] = [];
    const call = (label: string, method: string, input: unknown) =>
      client.call(method, input).then((r) => {
        done.push(label);
        return r;
      });
    // All sent before the host starts reading the port: a backup (it writes a file, so it cannot
    // finish at once) and then quick reads of the same project.
    const opened = call('open', 'project.open', { path });
    const backup = call('backup', 'backups.create', {});
    const reads = [1, 2, 3, 4, 5].map((i) => call(`codes ${i}`, 'codes.list', {}));
    const current = call('current', 'project.current', {});
    connect();

    expect(value<{ path: string }>(await opened).path).toBe(path);
    for (const r of await Promise.all(reads)) expect(value<{ name: string }[]>(r).map((c) => c.name).sort()).toEqual(['greeting', 'place']);
    expect(value<{ path: string }>(await current).path).toBe(path);
    const made = value<{ id: string }>(await backup);
    expect(made.id).toBeTruthy();
    // The quick calls sent after the backup were answered before it.
    expect(done.indexOf('backup')).toBeGreaterThan(done.indexOf('current'));
    expect(done.at(-1)).toBe('backup');
    // main learnt which project is open (it reopens it after a restart)
    expect(host.fromHost).toContainEqual({ type: 'project', path });
  });

  it('pushes events to the window while calls are in flight, each reply still reaching its own call', async () => {
    const { path, dataDir } = project();
    const files = tempDir();
    const paths = [1, 2, 3, 4, 5, 6].map((i) => {
      const file = join(files, `interview ${i}.txt`);
      writeFileSync(file, `Interview ${i}.\n${'We talked about work and coping. '.repeat(200)}`);
      return file;
    });
    const host = startHost(dataDir);
    const { client, connect } = host.window();
    connect();
    value(await client.call('project.open', { path }));

    const events: { event: ApiEvent; waiting: number }[] = [];
    client.onEvent((event) => events.push({ event, waiting: client.waiting }));
    let finished = false;
    client.onEvent((event) => {
      if (event.type === 'job.progress' && event.payload.job.state !== 'running') finished = true;
    });
    const started = await client.call('imports.start', { paths });
    const jobId = value<{ id: string }>(started).id;
    // Keep two calls in flight at every moment until the import ends: a new one is sent as soon
    // as one is answered, so every event arrives while calls wait.
    let answered = 0;
    const pump = async (kind: 'codes' | 'status') => {
      while (!finished) {
        if (kind === 'codes') expect(value<unknown[]>(await client.call('codes.list', {}))).toHaveLength(2);
        else expect(value<{ id: string }>(await client.call('imports.status', { id: jobId })).id).toBe(jobId);
        answered++;
      }
    };
    await Promise.all([pump('codes'), pump('status')]);

    const progress = events.filter((e) => e.event.type === 'job.progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.waiting > 0)).toBe(true);
    expect(answered).toBeGreaterThan(0);
    const last = progress.at(-1)!.event;
    expect(last.type === 'job.progress' && last.payload.job.state).toBe('done');
    const documents = value<unknown[]>(await client.call('documents.list', {}));
    expect(documents).toHaveLength(1 + paths.length);
  });

  it('answers a call waiting when the host is killed with a clear UNAVAILABLE error, and refuses calls until a new port comes', async () => {
    const { path, dataDir } = project();
    const host = startHost(dataDir);
    const { client, connect } = host.window();
    connect();
    value(await client.call('project.open', { path }));

    const pending = client.call('backups.create', {});
    await host.worker.terminate();
    // No answer will come: the port's other end is gone, and the call says so (it does not hang).
    expect(await pending).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: stoppedDuring('backups.create') } });
    expect(await client.call('codes.list', {})).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: SERVICE_DOWN } });
    expect(client.waiting).toBe(0);
  });

  it('a restarted host reopens the project and tells the reconnected window to reload it', async () => {
    const { path, dataDir } = project();
    const first = startHost(dataDir);
    const window = first.window();
    window.connect();
    value(await window.client.call('project.open', { path }));
    const opened = first.fromHost.at(-1);
    await first.worker.terminate();
    // A killed utility process is another process id, so its lock is stale and is taken over; a
    // worker thread shares the test's, so the stale lock is removed here instead.
    expect(existsSync(`${path}.lock`)).toBe(true);
    rmSync(`${path}.lock`);

    // main's part: start a new host, reopen what the last one reported, give the window a new port
    const second = startHost(dataDir);
    expect(opened).toEqual({ type: 'project', path });
    second.send({ type: 'reopen', path });
    const { port1, port2 } = new MessageChannel();
    const events: ApiEvent[] = [];
    window.client.onEvent((e) => events.push(e));
    window.client.attach(fromEventTargetPort(port1 as unknown as EventTargetPort));
    second.worker.postMessage({ message: { type: 'connect', reconnected: true }, ports: [port2] }, [port2]);

    const current = value<{ path: string; readOnly: unknown }>(await window.client.call('project.current', {}));
    expect(current.path).toBe(path);
    expect(value<unknown[]>(await window.client.call('codes.list', {}))).toHaveLength(2);
    expect(events).toContainEqual({ type: 'project.changedElsewhere', payload: { path, undoCleared: false } });
  });

  it('closes the project when main says closeProject, and exits when it says shutdown', async () => {
    const { path, dataDir } = project();
    const host = startHost(dataDir);
    const { client, connect } = host.window();
    connect();
    value(await client.call('project.open', { path }));
    expect(existsSync(`${path}.lock`)).toBe(true);
    host.send({ type: 'closeProject' });
    await expect.poll(() => existsSync(`${path}.lock`)).toBe(false);
    await expect.poll(() => host.fromHost.at(-1)).toEqual({ type: 'project', path: null });
    value(await client.call('project.open', { path }));
    expect(existsSync(`${path}.lock`)).toBe(true);
    host.send({ type: 'shutdown' });
    expect(await host.exited).toBe(0);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('tells main which file a media ticket stands for (the Electron window’s weft-media: protocol), and nothing for another ticket', async () => {
    const { path, dataDir } = project();
    const wav = join(dataDir, '..', 'interview.wav');
    writeFileSync(wav, toneWav([{ ms: 300, hz: 440 }]));
    const host = startHost(dataDir);
    const { client, connect } = host.window();
    connect();
    value(await client.call('project.open', { path }));
    const [doc] = value<{ id: number }[]>(await client.call('documents.list', {}));
    value(await client.call('media.link', { documentId: doc!.id, path: wav, copy: false }));
    const { ticket } = value<{ ticket: string }>(await client.call('media.get', { documentId: doc!.id }));
    host.send({ type: 'resolveMedia', id: 7, ticket });
    await expect.poll(() => host.fromHost.find((m) => m.type === 'media' && m.id === 7)).toEqual({ type: 'media', id: 7, file: { path: wav, mime: 'audio/wav' } });
    host.send({ type: 'resolveMedia', id: 8, ticket: 'A'.repeat(32) });
    await expect.poll(() => host.fromHost.find((m) => m.type === 'media' && m.id === 8)).toEqual({ type: 'media', id: 8, file: null });
    // closing the project drops its tickets
    host.send({ type: 'closeProject' });
    await expect.poll(() => host.fromHost.at(-1)).toEqual({ type: 'project', path: null });
    host.send({ type: 'resolveMedia', id: 9, ticket });
    await expect.poll(() => host.fromHost.find((m) => m.type === 'media' && m.id === 9)).toEqual({ type: 'media', id: 9, file: null });
  });

  it('holds calls made before the window has its port, and refuses an input that cannot be sent', async () => {
    const { dataDir } = project();
    const host = startHost(dataDir);
    const client = new RelayClient();
    const early = client.call('app.info', {});
    expect(client.waiting).toBe(1);
    const { port1, port2 } = new MessageChannel();
    client.attach(fromEventTargetPort(port1 as unknown as EventTargetPort));
    host.worker.postMessage({ message: { type: 'connect', reconnected: false }, ports: [port2] }, [port2]);
    expect(value<{ host: string; dataDir: string }>(await early)).toMatchObject({ host: 'electron', dataDir });

    const refused = await client.call('codes.create', { name: 'x', color: () => 'red' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.code).toBe('VALIDATION');
    expect(!refused.ok && refused.error.message).toMatch(/^Invalid request for codes\.create: it cannot be sent/);
    // the service validates every payload, as for every door
    const invalid = await client.call('codes.create', { name: 42 });
    expect(!invalid.ok && invalid.error.code).toBe('VALIDATION');
  });

  it('opening a document: the text and turns come framed over the port, and the window gets exactly the stored document', async () => {
    const { path, dataDir } = project();
    const host = startHost(dataDir);
    const { client, connect, port } = host.window();
    const replies: string[] = [];
    port.on('message', (message: unknown) => {
      const data = message as { kind?: string; frame?: unknown; result?: unknown };
      if (data.kind === 'reply') replies.push(data.frame instanceof Uint8Array ? 'frame' : 'result');
    });
    connect();
    value(await client.call('project.open', { path }));
    const text = 'Interviewer: Wie war’s? 😀 加油\n\nAna: שלום — cafe\u0301, naïve 👩🏽‍⚕️\n\nInterviewer: 𝔘𝔫𝔦 ok\n';
    value(await client.call('documents.importFiles', { files: [{ name: 'framed.txt', base64: Buffer.from(text).toString('base64') }] }));
    const doc = value<{ id: number; name: string }[]>(await client.call('documents.list', {})).find((d) => d.name.startsWith('framed'))!;
    const code = value<{ id: number }>(await client.call('codes.create', { name: 'Framed', parentId: null }));
    value(await client.call('codings.create', { documentId: doc.id, codeId: code.id, start: 0, end: 12 }));

    replies.length = 0;
    const opened = value<OpenedDocumentWithCodings>(await client.call('documents.open', { id: doc.id }));
    const codings = value<DocumentCodings>(await client.call('codings.forDocument', { documentId: doc.id }));
    expect(replies).toEqual(['frame', 'result']);
    expect(opened.codings).toEqual(codings);
    // the stored text and turns, read from the project file itself
    const db = new Database(path, { readonly: true });
    try {
      expect(opened.document.text).toBe(db.prepare('SELECT text FROM documents WHERE id = ?').pluck().get(doc.id));
      const turns = db.prepare('SELECT id, start, end FROM turns WHERE document_id = ? ORDER BY seq').all(doc.id);
      expect(opened.document.turns.map(({ id, start, end }) => ({ id, start, end }))).toEqual(turns);
      expect(opened.document.turns.filter((t) => t.speaker !== null).length).toBeGreaterThanOrEqual(2);
    } finally {
      db.close();
    }
    // opened again with the hashes held: nothing resent
    const again = value<OpenedDocumentWithCodings>(
      await client.call('documents.open', { id: doc.id, knownHash: opened.document.contentHash, knownCodingsHash: opened.codings.hash }),
    );
    expect(again).toMatchObject({ document: { unchanged: true, text: '' }, codings: { unchanged: true, codings: [] } });
    // an error is a Result as before
    expect(await client.call('documents.open', { id: 99_999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
