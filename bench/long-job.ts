/**
 * Figure 10: any API call while a long job runs. Over the loopback bridge, `codes.list` on the
 * open project is timed one call after another while a .qdpx is imported as a new project in the
 * background (`exchange.startProjectImport`, a worker thread of the service); only calls that
 * began and ended while the job was running count. Baseline: the same call while nothing runs,
 * in the same backend just before.
 */
import { rmSync } from 'node:fs';
import type { ApiClient } from './api-client.js';

export const LONG_JOB_LABEL = 'Any API call while a long job runs: codes.list during a .qdpx import job, p99';

export interface LongJobResult {
  idle: number[];
  during: number[];
  /** How long the job ran (start call → its end seen). */
  jobMs: number;
  state: string;
}

const now = () => performance.now();

async function timed(api: ApiClient): Promise<number> {
  const t = now();
  await api.call('codes.list');
  return now() - t;
}

export async function measureCallsDuringJob(api: ApiClient, qdpx: string, target: string, idleCalls: number): Promise<LongJobResult> {
  for (let i = 0; i < 10; i++) await timed(api);
  const idle: number[] = [];
  for (let i = 0; i < idleCalls; i++) idle.push(await timed(api));

  rmSync(target, { force: true });
  const t0 = now();
  const job = await api.call<{ id: string; state: string }>('exchange.startProjectImport', { source: qdpx, target, limits: { maxDocumentMb: 1024 } });
  let state = job.state;
  let ended = 0;
  // the job's state, followed alongside (a slow poll: the calls measured are the codes.list ones)
  const follow = (async () => {
    while (state === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      state = (await api.call<{ state: string }>('jobs.status', { id: job.id })).state;
    }
    ended = now();
  })();
  const during: number[] = [];
  while (state === 'running') {
    const ms = await timed(api);
    if (state === 'running') during.push(ms);
  }
  await follow;
  rmSync(target, { force: true });
  return { idle, during, jobMs: ended - t0, state };
}
