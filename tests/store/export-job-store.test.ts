/**
 * "Save project to a file…" runs as a background job the window can cancel (issue 12): the real
 * store (renderer/store), through a preload whose API functions call the real dispatcher on the
 * real sample project, with the service's pushed events routed to it as session.ts does. While the
 * export runs the store holds the job (the view shows its progress and *Cancel export*); a cancel
 * writes no file and says so as a notice, not as an error; a finished export is reported.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { openQdpx } from '../../electron/refi/qdpx';
import { AppService } from '../../electron/services/app-service';
import type { ExchangeJob } from '../../shared/types/exchange';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
let app: AppService;

beforeAll(async () => {
  // the service's data folder (with the sample project) lives for the whole file
  const dataDir = mkdtempSync(join(tmpdir(), 'weft-export-job-'));
  app = new AppService({ host: 'browser', dataDir });
  app.openSample();
  const call = createDispatcher(app.handlers, () => {});
  const api = new Proxy({} as Record<string, (input: unknown) => Promise<unknown>>, {
    get: (_t, method: string) => (input: unknown) => call(method, input),
  });
  const preload = { host: 'electron', api, dialogs: {}, onEvent: () => () => {} };
  Object.assign(globalThis, {
    window: { weft: preload, getSelection: () => null, confirm: () => true, setTimeout, clearTimeout },
  });
  const { useAppStore } = await import('../../renderer/store/index');
  app.onEvent((e) => {
    if (e.type === 'job.progress' && e.payload.kind !== 'import') useAppStore.getState().exchangeJobProgressed(e.payload.job as ExchangeJob);
  });
  return () => {
    app.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  };
});

async function store() {
  const { useAppStore } = await import('../../renderer/store/index');
  const notices: { kind: string; title: string; text: string }[] = [];
  const errors: unknown[] = [];
  useAppStore.setState({
    notify: (kind: string, title: string, text: string) => void notices.push({ kind, title, text }),
    notifyError: (err: unknown) => void errors.push(err),
  } as never);
  return { s: useAppStore, notices, errors };
}

/** Resolves once the store holds a running export job. */
async function runningJob(s: Awaited<ReturnType<typeof store>>['s']) {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const job = s.getState().projectExportJob;
    if (job) return job;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error('the store never held the export job');
}

describe('saving the project as a .qdpx in the background', () => {
  it('Cancel export: no file is written, a notice (not an error) says so, the job is gone', async () => {
    const { s, notices, errors } = await store();
    const out = tempDir();
    const path = join(out, 'cancelled.qdpx');
    const outcome = s.getState().exportProject({ kind: 'path', path });
    const job = await runningJob(s);
    expect(job.kind).toBe('projectExport');
    expect(job.state).toBe('running');
    await s.getState().cancelProjectExportJob();
    expect(await outcome).toBe('failed');
    expect(errors).toEqual([]);
    expect(notices).toContainEqual(expect.objectContaining({ kind: 'info', title: 'Export cancelled' }));
    expect(s.getState().projectExportJob).toBeNull();
    expect(s.getState().exchangeBusy).toBeNull();
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a finished export is reported and the job is gone', async () => {
    const { s, notices, errors } = await store();
    const path = join(tempDir(), 'study.qdpx');
    const outcome = s.getState().exportProject({ kind: 'path', path });
    const job = await runningJob(s);
    expect(job.state).toBe('running');
    expect({ outcome: await outcome, errors: errors.map(String) }).toEqual({ outcome: 'saved', errors: [] });
    expect(notices).toContainEqual(expect.objectContaining({ kind: 'info', title: 'Exported' }));
    expect(s.getState().projectExportJob).toBeNull();
    expect(s.getState().lastExport).toMatchObject({ kind: 'project', path });
    expect(openQdpx(readFileSync(path)).entryNames).toContain('project.qde');
  });
});
