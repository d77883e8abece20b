/**
 * Long jobs push their progress: over the real loopback bridge (as browser mode runs it), a window
 * subscribed to GET /api/events sees an import job's steps and its end as `job.progress` events,
 * each carrying the job as `imports.status` returns it, without polling.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../shared/api/events';
import { sseSplitter } from '../../shared/api/sse';
import type { DocumentSummary, ImportJob } from '../../shared/types/entities';
import { startBridge, type Bridge } from '../../electron/bridge/server';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import { FIXTURES, useTempDir } from '../support/temp';

const tempDir = useTempDir();
let bridge: Bridge | null = null;
let service: AppService | null = null;
let stream: IncomingMessage | null = null;
afterEach(async () => {
  stream?.destroy();
  await bridge?.close();
  service?.shutdown();
  stream = null;
  bridge = null;
  service = null;
});

async function start(backupsDir?: string) {
  service = new AppService({ host: 'browser', dataDir: join(tempDir(), 'data'), ...(backupsDir ? { backupsDir } : {}) });
  const s = service;
  bridge = await startBridge({ dispatcher: createDispatcher(s.handlers, () => undefined), events: (l) => s.onEvent(l) });
  const b = bridge;
  const call = async <T,>(method: string, input: unknown = {}): Promise<T> => {
    const response = await fetch(`${b.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Weft-Token': b.token, Origin: b.origin },
      body: JSON.stringify(input),
    });
    const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value;
  };
  return { bridge: b, call };
}

/** Subscribes to GET /api/events and collects the `job.progress` payloads as they arrive. */
async function subscribe(b: Bridge) {
  stream = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: b.port, path: '/api/events', method: 'GET', headers: { 'X-Weft-Token': b.token, Origin: b.origin } }, resolve);
    req.on('error', reject);
    req.end();
  });
  expect(stream.statusCode).toBe(200);
  const events: ApiEvents['job.progress'][] = [];
  const feed = sseSplitter();
  let wake: (() => void) | null = null;
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    for (const message of feed(chunk)) {
      if (message.event !== 'job.progress') continue;
      events.push(JSON.parse(message.data) as ApiEvents['job.progress']);
      wake?.();
    }
  });
  /** Waits (at most 10 s) until the job's final event (state no longer `running`) has arrived. */
  const untilFinished = async (id: string): Promise<ImportJob> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const end = events.find((e) => e.job.id === id && e.job.state !== 'running');
      if (end?.kind === 'import') return end.job;
      if (Date.now() > deadline) throw new Error(`no final job.progress event for ${id}; got ${JSON.stringify(events.map((e) => e.job.state))}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 200);
      });
    }
  };
  return { events, untilFinished };
}

const fixture = (name: string) => ({ name, base64: readFileSync(join(FIXTURES, 'coaching-study', 'transcripts', name)).toString('base64') });

describe('job events over the bridge', () => {
  it('an import job pushes every step and its end, with the counts imports.status reports', async () => {
    const { bridge: b, call } = await start();
    await call('project.create', { path: join(tempDir(), 'study.weft') });
    const { events, untilFinished } = await subscribe(b);

    const job = await call<ImportJob>('imports.start', { files: [fixture('samantha-otter.txt'), fixture('dan.srt')] });
    const end = await untilFinished(job.id);

    const mine = events.filter((e) => e.job.id === job.id);
    expect(mine.every((e) => e.kind === 'import')).toBe(true);
    // one event as each file starts, then the end
    const steps = mine.filter((e) => e.job.state === 'running').map((e) => [e.job.done, e.job.total, e.job.current]);
    expect(steps).toEqual([
      [0, 2, 'samantha-otter.txt'],
      [1, 2, 'dan.srt'],
    ]);
    expect(mine.at(-1)!.job).toEqual(end);
    expect(end).toMatchObject({ state: 'done', done: 2, total: 2, current: null, report: { imported: 2, skipped: 0, failed: 0 } });
    // the event says what the status call says
    expect(await call<ImportJob>('imports.status', { id: job.id })).toEqual(end);
    // and the documents are there when it arrives
    const ids = end.report.files.map((f) => f.documentId);
    expect((await call<DocumentSummary[]>('documents.list')).map((d) => d.id).sort()).toEqual(ids.sort());
  });

  it('a duplicate-only import ends with done and the skip; a cancelled one with a cancelled event', async () => {
    const { bridge: b, call } = await start();
    await call('project.create', { path: join(tempDir(), 'study.weft') });
    const { untilFinished } = await subscribe(b);

    const first = await call<ImportJob>('imports.start', { files: [fixture('lea-windows.txt')] });
    await untilFinished(first.id);
    const again = await call<ImportJob>('imports.start', { files: [fixture('lea-windows.txt')] });
    expect(await untilFinished(again.id)).toMatchObject({ state: 'done', report: { imported: 0, skipped: 1 } });

    // cancelled before its first file (started and cancelled in one turn, so no race with the import)
    const inputs = ['cat-zoom.vtt', 'dan.srt', 'fabiana-teams.vtt'].map((name) => ({ name, bytes: Buffer.from(fixture(name).base64, 'base64') }));
    const cancelled = service!.importJobs.start(service!.current(), { inputs }, 'skip');
    service!.importJobs.cancel(cancelled.id);
    const end = await untilFinished(cancelled.id);
    expect(end).toMatchObject({ state: 'cancelled', report: { imported: 0, skipped: 3 } });
    expect(await call<ImportJob>('imports.status', { id: cancelled.id })).toEqual(end);
  });

  it('a job that cannot run (the backup before importing cannot be written) ends with a failed event saying why, and imports nothing', async () => {
    const notAFolder = join(tempDir(), 'backups');
    writeFileSync(notAFolder, 'a file where the backups folder should be');
    const { bridge: b, call } = await start(notAFolder);
    await call('project.create', { path: join(tempDir(), 'study.weft') });
    const { untilFinished } = await subscribe(b);

    const job = await call<ImportJob>('imports.start', { files: [fixture('dan.srt')] });
    const end = await untilFinished(job.id);
    expect(end).toMatchObject({ state: 'failed', done: 0, report: { imported: 0 } });
    expect(end.error?.message).toMatch(/could not back up the project/);
    expect(await call<ImportJob>('imports.status', { id: job.id })).toEqual(end);
    expect(await call<DocumentSummary[]>('documents.list')).toEqual([]);
  });
});
