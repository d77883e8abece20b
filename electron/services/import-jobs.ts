/**
 * Batch imports that run in the background so the app stays responsive: the UI starts a job,
 * follows its progress and may cancel it. Every progress step and the end are pushed to `onChange`
 * (the service sends them to the window as `job.progress` events, shared/api/events.ts);
 * `status` answers the same for callers that poll. Cancelling keeps the files already imported,
 * each of them whole (every file is written in its own transaction), and imports nothing after
 * them; the final report lists the files that were not imported as skipped.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../shared/api/errors.js';
import { explainSystemError } from '../../shared/api/system-errors.js';
import type { ImportFileReport, ImportJob } from '../../shared/types/entities.js';
import { collectPaths, importInputs, pathInputs, summarise, type ImportInput } from './importer.js';
import type { ProjectSession } from './project-session.js';

interface JobRecord {
  job: ImportJob;
  cancelled: boolean;
  finished: Promise<void>;
}

export class ImportJobs {
  private readonly jobs = new Map<string, JobRecord>();

  /** `onChange` receives a copy of the job (as `status` returns it) at every step and at the end. */
  constructor(private readonly onChange: (job: ImportJob) => void = () => undefined) {}

  private changed(record: JobRecord) {
    try {
      this.onChange(copyOf(record.job));
    } catch (err) {
      // a listener's failure never stops the import
      console.error('Weft: an import progress listener failed:', (err as Error).message);
    }
  }

  start(session: ProjectSession, source: { paths?: string[]; inputs?: ImportInput[] }, duplicates: 'skip' | 'import'): ImportJob {
    let problems: ImportFileReport[] = [];
    let inputs: ImportInput[] = source.inputs ?? [];
    if (source.paths) {
      const collected = collectPaths(source.paths);
      problems = collected.problems;
      inputs = [...inputs, ...pathInputs(collected.files)];
    }
    const id = randomUUID();
    const job: ImportJob = { id, state: 'running', done: 0, total: inputs.length, current: inputs[0]?.name ?? null, report: summarise(problems) };
    const record: JobRecord = { job, cancelled: false, finished: Promise.resolve() };
    record.finished = (async () => {
      let failure: ImportJob['error'] | undefined;
      try {
        const report = await importInputs(session, inputs, {
          duplicates,
          isCancelled: () => record.cancelled,
          onProgress: (done, _total, file) => {
            job.done = done;
            job.current = file || null;
            if (file) this.changed(record);
          },
        });
        job.report = { ...summarise([...problems, ...report.files]), ...(report.stopped ? { stopped: report.stopped } : {}) };
        job.done = report.files.filter((f) => !/cancelled/.test(f.reason ?? '')).length;
      } catch (err) {
        // e.g. the backup before importing could not be written: nothing was imported
        const known = explainSystemError(err);
        failure = known ? { code: known.code, message: known.message } : { code: 'INTERNAL', message: `The import failed: ${(err as Error).message}` };
        if (!known) console.error('Weft: an import job failed:', err);
      } finally {
        job.current = null;
        job.state = failure ? 'failed' : record.cancelled ? 'cancelled' : 'done';
        if (failure) job.error = failure;
        this.changed(record);
      }
    })();
    this.jobs.set(id, record);
    // Forget finished jobs after a while.
    void record.finished.then(() => setTimeout(() => this.jobs.delete(id), 10 * 60_000).unref?.());
    return { ...job };
  }

  status(id: string): ImportJob {
    const record = this.jobs.get(id);
    if (!record) throw new DomainError('NOT_FOUND', 'That import is not known (it may have finished long ago).');
    return copyOf(record.job);
  }

  cancel(id: string): ImportJob {
    const record = this.jobs.get(id);
    if (!record) throw new DomainError('NOT_FOUND', 'That import is not known (it may have finished long ago).');
    record.cancelled = true;
    return this.status(id);
  }

  /**
   * Cancels every running job (each keeps the files it finished, whole) and waits until they have
   * stopped: called before the project they write to is closed. `reason` is shown to the user.
   */
  async cancelAll(reason: string): Promise<void> {
    const running = [...this.jobs.values()].filter((r) => r.job.state === 'running');
    for (const r of running) {
      if (!r.cancelled) r.job.cancelledBecause = reason;
      r.cancelled = true;
    }
    await Promise.all(running.map((r) => r.finished));
  }

  /** Waits for a job to end (tests, CLI). */
  async wait(id: string): Promise<ImportJob> {
    const record = this.jobs.get(id);
    if (!record) throw new DomainError('NOT_FOUND', 'That import is not known.');
    await record.finished;
    return this.status(id);
  }
}

/** A copy that later steps of the job do not change (what `status` and the events hand out). */
function copyOf(job: ImportJob): ImportJob {
  return { ...job, report: { ...job.report } };
}
