/**
 * Runs one exchange task (worker-protocol.ts) in a worker thread and waits for its answer, so the
 * service's event loop keeps answering other calls meanwhile. The built app starts the bundled
 * `exchange-worker.mjs` beside the running bundle (scripts/build.mjs); development and tests, which
 * run the TypeScript sources, start the .ts entry through tsx (ts-worker.mjs).
 */
import { Worker } from 'node:worker_threads';
import { DomainError } from '../../../shared/api/errors.js';
import type { WorkerData, WorkerMessage, WorkerTask } from './worker-protocol.js';

/** The worker's answer when it finished its task. */
export type WorkerEnd = Extract<WorkerMessage, { type: 'imported' | 'exported' | 'previewed' | 'checked' | 'pseudonymised' | 'reidentified' }>;

function startWorker(task: WorkerTask): Worker {
  const here = import.meta.url;
  if (/\.ts$/.test(new URL(here).pathname)) {
    const data: WorkerData = { task, entry: new URL('./exchange-worker.ts', here).href };
    return new Worker(new URL('./ts-worker.mjs', here), { workerData: data });
  }
  const data: WorkerData = { task };
  return new Worker(new URL('./exchange-worker.mjs', here), { workerData: data });
}

export interface WorkerControl {
  /** A step the worker reported. */
  onStep(done: number, current: string, total?: number): void;
  /** Registers what cancelling the job does (here: stopping the worker). */
  onCancel(stop: () => void): void;
}

/**
 * Resolves with the worker's end, or with null when the job was cancelled (the worker is then
 * stopped, and has stopped, before this resolves: its temporary file can be removed). Rejects with
 * the worker's error (a DomainError keeps its code).
 */
export function runInWorker(task: WorkerTask, control: WorkerControl): Promise<WorkerEnd | null> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(task);
    let settled = false;
    /** Stops the worker, then answers: a caller that removes the worker's file finds it no longer written. */
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate().then(fn, fn);
    };
    control.onCancel(() => settle(() => resolve(null)));
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      if (m.type === 'step') control.onStep(m.done, m.current, m.total);
      // a refusal keeps its code; anything else is an unexpected error, as if it had been thrown here
      else if (m.type === 'failed') settle(() => reject(m.error.code ? new DomainError(m.error.code, m.error.message, m.error.details) : new Error(m.error.message)));
      else {
        // done: answered at once (in this event's turn, so a cancel that arrives later finds the job finished)
        settled = true;
        resolve(m);
        void worker.terminate();
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the worker thread stopped unexpectedly (exit code ${code})`))));
  });
}
