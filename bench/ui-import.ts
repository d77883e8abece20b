/**
 * "One small file imported through the UI path (job start → document listed)": what the window
 * does in browser mode (renderer/store/imports.ts) — `imports.start` with the file's bytes, wait
 * for the job's end pushed on GET /api/events (`job.progress`), then `documents.list` — timed over
 * the real loopback bridge. Baseline, in turn with each: the same kind of file imported by one call
 * without a job (`documents.importFiles`). For comparison, the way the window did it before the
 * push channel: polling `imports.status` every 150 ms.
 */
import type { ImportJob } from '../shared/types/entities.js';
import type { ApiEvents } from '../shared/api/events.js';
import { sseSplitter } from '../shared/api/sse.js';
import type { ApiClient, BackendInfo } from './api-client.js';

/** The backend's pushed events as the browser receives them (fetch on GET /api/events). */
class EventStream {
  private readonly controller = new AbortController();
  private readonly finished = new Map<string, ImportJob>();
  private readonly waiting = new Map<string, (job: ImportJob) => void>();

  static async open(info: BackendInfo): Promise<EventStream> {
    const stream = new EventStream();
    const response = await fetch(`${info.origin}/api/events`, { headers: { 'X-Weft-Token': info.token }, signal: stream.controller.signal });
    if (!response.ok || !response.body) throw new Error(`GET /api/events answered ${response.status}`);
    void stream.read(response.body.getReader());
    return stream;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder();
    const feed = sseSplitter();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        for (const message of feed(decoder.decode(value, { stream: true }))) {
          if (message.event !== 'job.progress') continue;
          const event = JSON.parse(message.data) as ApiEvents['job.progress'];
          if (event.kind !== 'import' || event.job.state === 'running') continue;
          const job = event.job;
          this.finished.set(job.id, job);
          this.waiting.get(job.id)?.(job);
        }
      }
    } catch {
      // closed
    }
  }

  /** The job's final event (it may have arrived before its start call answered). */
  end(id: string, timeoutMs = 30_000): Promise<ImportJob> {
    const known = this.finished.get(id);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no job.progress end for import ${id} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(id, (job) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(job);
      });
    });
  }

  close() {
    this.controller.abort();
  }
}

export interface UiImportResult {
  /** job start → final event → document listed, ms. */
  pushed: number[];
  /** documents.importFiles, one call, ms (baseline). */
  oneCall: number[];
  /** job start → polling imports.status every 150 ms → document listed, ms (the old way). */
  polled: number[];
}

const POLL_MS = 150;
const now = () => performance.now();

/**
 * Imports `rounds` small files each way into the open project (a fresh one: the files add up),
 * after `warmup` unmeasured rounds. `text` is one small transcript; each file gets its own last
 * line so none is skipped as a duplicate. The old polling way runs `polledRounds` times only.
 */
export async function measureUiImport(info: BackendInfo, api: ApiClient, text: string, rounds: number, polledRounds: number, warmup = 2): Promise<UiImportResult> {
  const events = await EventStream.open(info);
  const result: UiImportResult = { pushed: [], oneCall: [], polled: [] };
  let n = 0;
  const file = () => {
    n++;
    return { name: `ui-import-${n}.txt`, base64: Buffer.from(`${text}\nInterviewer: That was take ${n}.\n`, 'utf8').toString('base64') };
  };
  const listed = async (id: number | undefined) => {
    const docs = await api.call<{ id: number }[]>('documents.list');
    if (id === undefined || !docs.some((d) => d.id === id)) throw new Error('the imported document is not listed');
  };
  const imported = (job: ImportJob) => {
    if (job.state !== 'done' || job.report.imported !== 1) throw new Error(`the import job ended ${job.state} with ${job.report.imported} imported`);
    return job.report.files[0]!.documentId;
  };
  try {
    for (let i = 0; i < warmup + rounds; i++) {
      const measured = i >= warmup;

      const one = file();
      const t0 = now();
      const started = await api.call<ImportJob>('imports.start', { files: [one] });
      const end = await events.end(started.id);
      await listed(imported(end));
      const t1 = now();

      const two = file();
      const t2 = now();
      const report = await api.call<{ imported: number; files: { documentId?: number }[] }>('documents.importFiles', { files: [two] });
      await listed(report.files[0]?.documentId);
      const t3 = now();

      if (measured) {
        result.pushed.push(t1 - t0);
        result.oneCall.push(t3 - t2);
      }

      if (measured && result.polled.length < polledRounds) {
        const three = file();
        const t4 = now();
        let job = await api.call<ImportJob>('imports.start', { files: [three] });
        while (job.state === 'running') {
          await new Promise((r) => setTimeout(r, POLL_MS));
          job = await api.call<ImportJob>('imports.status', { id: job.id });
        }
        await listed(imported(job));
        result.polled.push(now() - t4);
      }
    }
  } finally {
    events.close();
  }
  return result;
}
