/**
 * Long jobs that run in the background so the app stays responsive: the UI starts a job, follows
 * its progress and may cancel it. Every progress step and the end are pushed to `onChange` (the
 * service sends them to the window as `job.progress` events, shared/api/events.ts, with the job's
 * `kind`); `status` answers the same for callers that poll. One runner for every kind of job:
 *
 * - `import`: a batch of transcripts into the open project (`start`). Cancelling keeps the files
 *   already imported, each of them whole (files are written a batch per transaction; the files
 *   parsed before the cancel are written), and
 *   imports nothing after them; the final report lists the files that were not imported as skipped.
 * - `projectImport` / `projectExport`: a .qdpx read into a new project file, or the open project
 *   written as a .qdpx, in a worker thread (jobs/exchange-jobs.ts). Cancelling stops the worker and
 *   leaves no file.
 * - `pseudonymise` / `reidentify`: a pseudonymised copy of the open project and its key, or a
 *   re-identified copy, built in a worker thread (jobs/exchange-jobs.ts). Cancelling stops the
 *   worker and leaves no copy, no key and no temporary file.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../shared/api/errors.js';
import type { ApiEvents } from '../../shared/api/events.js';
import { explainSystemError } from '../../shared/api/system-errors.js';
import type { BackgroundJob } from '../../shared/types/exchange.js';
import type { ImportFileReport, ImportJob } from '../../shared/types/entities.js';
import { collectPaths, importInputs, isRecordingName, pathInputs, summarise, transcriptCount, type ImportInput } from './importer.js';
import type { ProjectSession } from './project-session.js';

/** A job's pushed picture: its kind and its state (the `job.progress` event's payload). */
export type JobEvent = ApiEvents['job.progress'];
export type JobKind = JobEvent['kind'];
export type JobOf<K extends JobKind> = Extract<JobEvent, { kind: K }>['job'];

/** What a job's body is given: its live picture, and how to report and follow a cancel. */
export interface JobControl<J> {
  /** The job's picture: the body updates `done`, `current`, its result; `changed()` pushes it. */
  readonly job: J;
  changed(): void;
  isCancelled(): boolean;
  /** What cancelling does besides setting the flag (e.g. stop a worker thread). */
  onCancel(stop: () => void): void;
}

interface JobRecord {
  event: JobEvent;
  cancelled: boolean;
  stop: () => void;
  finished: Promise<void>;
}

export class ImportJobs {
  private readonly jobs = new Map<string, JobRecord>();

  /** `onChange` receives a copy of the job (as `status` returns it) at every step and at the end. */
  constructor(private readonly onChange: (event: JobEvent) => void = () => undefined) {}

  private changed(record: JobRecord) {
    try {
      this.onChange({ kind: record.event.kind, job: copyOf(record.event.job) } as JobEvent);
    } catch (err) {
      // a listener's failure never stops the job
      console.error('Weft: a job progress listener failed:', (err as Error).message);
    }
  }

  /**
   * Runs `body` as a background job: `job` is its first picture (state `running`). The body
   * resolves true when it ran to its end (state `done`), false when it stopped for a cancel
   * (`cancelled`); a throw ends the job `failed` with the error. Returns the first picture.
   */
  run<K extends JobKind>(kind: K, job: JobOf<K>, body: (control: JobControl<JobOf<K>>) => Promise<boolean>): JobOf<K> {
    const record: JobRecord = { event: { kind, job } as JobEvent, cancelled: false, stop: () => undefined, finished: Promise.resolve() };
    const control: JobControl<JobOf<K>> = {
      job,
      changed: () => this.changed(record),
      isCancelled: () => record.cancelled,
      onCancel: (stop) => {
        record.stop = stop;
        if (record.cancelled) stop();
      },
    };
    record.finished = (async () => {
      let failure: ImportJob['error'] | undefined;
      let completed = false;
      try {
        completed = await body(control);
      } catch (err) {
        failure = failureOf(err, kind);
      } finally {
        job.current = null;
        job.state = failure ? 'failed' : completed ? 'done' : 'cancelled';
        if (failure) job.error = failure;
        this.changed(record);
      }
    })();
    this.jobs.set(job.id, record);
    // Forget finished jobs after a while.
    void record.finished.then(() => setTimeout(() => this.jobs.delete(job.id), 10 * 60_000).unref?.());
    return copyOf(job);
  }

  start(session: ProjectSession, source: { paths?: string[]; inputs?: ImportInput[] }, duplicates: 'skip' | 'import', detection: { speakers?: boolean; noSpeakersFor?: string[] } = {}): ImportJob {
    let problems: ImportFileReport[] = [];
    let inputs: ImportInput[] = source.inputs ?? [];
    if (source.paths) {
      const collected = collectPaths(source.paths);
      problems = collected.problems;
      inputs = [...inputs, ...pathInputs(collected.files)];
    }
    // recordings chosen with their transcripts are linked, not imported: the count is of transcripts
    const job: ImportJob = { id: randomUUID(), state: 'running', done: 0, total: transcriptCount(inputs), current: inputs.find((i) => !isRecordingName(i.name))?.name ?? null, report: summarise(problems) };
    return this.run('import', job, async (control) => {
      const report = await importInputs(session, inputs, {
        duplicates,
        ...detection,
        isCancelled: control.isCancelled,
        onProgress: (done, _total, file) => {
          job.done = done;
          job.current = file || null;
          if (file) control.changed();
        },
      });
      job.report = { ...summarise([...problems, ...report.files]), ...(report.stopped ? { stopped: report.stopped } : {}) };
      job.done = report.files.filter((f) => f.outcome !== 'linked' && !isRecordingName(f.file) && !/cancelled/.test(f.reason ?? '')).length;
      return !control.isCancelled();
    });
  }

  /** An import batch's state (`imports.status`). */
  status(id: string): ImportJob {
    const record = this.jobs.get(id);
    if (!record || record.event.kind !== 'import') throw notKnown();
    return copyOf(record.event.job);
  }

  /** An import batch cancelled (`imports.cancel`). */
  cancel(id: string): ImportJob {
    this.status(id);
    this.cancelJob(id);
    return this.status(id);
  }

  /** Any job's state (`jobs.status`). */
  jobStatus(id: string): BackgroundJob {
    const record = this.jobs.get(id);
    if (!record) throw notKnown('job');
    return copyOf(record.event.job);
  }

  /** Cancels any job (`jobs.cancel`); a job that has ended stays as it ended. */
  cancelJob(id: string): BackgroundJob {
    const record = this.jobs.get(id);
    if (!record) throw notKnown('job');
    if (!record.cancelled && record.event.job.state === 'running') {
      record.cancelled = true;
      record.stop();
    }
    return this.jobStatus(id);
  }

  /**
   * Cancels every running import batch (each keeps the files it finished, whole) and waits until
   * they have stopped: called before the project they write to is closed. `reason` is shown to the
   * user. Exchange jobs go on: they write files of their own, not the open project.
   */
  async cancelAll(reason: string): Promise<void> {
    const running = [...this.jobs.values()].filter((r) => r.event.kind === 'import' && r.event.job.state === 'running');
    for (const r of running) {
      if (!r.cancelled && r.event.kind === 'import') r.event.job.cancelledBecause = reason;
      r.cancelled = true;
      r.stop();
    }
    await Promise.all(running.map((r) => r.finished));
  }

  /** Cancels every running job of every kind (the service is shutting down) and waits until they have stopped. */
  async stopAll(reason: string): Promise<void> {
    const running = [...this.jobs.keys()].filter((id) => this.jobs.get(id)!.event.job.state === 'running');
    await this.cancelAll(reason);
    for (const id of running) this.cancelJob(id);
    await Promise.all(running.map((id) => this.jobs.get(id)!.finished));
  }

  /** Waits for a job to end (tests, CLI). */
  async wait(id: string): Promise<ImportJob> {
    await this.finished(id);
    return this.status(id);
  }

  /** Waits for any job to end and returns its final state. */
  async finished(id: string): Promise<BackgroundJob> {
    const record = this.jobs.get(id);
    if (!record) throw new DomainError('NOT_FOUND', 'That job is not known.');
    await record.finished;
    return this.jobStatus(id);
  }
}

const notKnown = (what = 'import') => new DomainError('NOT_FOUND', `That ${what} is not known (it may have finished long ago).`);

/** Why a job failed, as the user reads it. */
function failureOf(err: unknown, kind: JobKind): NonNullable<ImportJob['error']> {
  if (err instanceof DomainError) return { code: err.code, message: err.message };
  // e.g. the backup before importing could not be written: nothing was imported
  const known = explainSystemError(err);
  if (known) return { code: known.code, message: known.message };
  console.error(`Weft: a background ${kind} job failed:`, err);
  const what = { import: 'import', projectImport: 'import', projectExport: 'export', pseudonymise: 'pseudonymised copy', reidentify: 're-identified copy' }[kind];
  return { code: 'INTERNAL', message: `The ${what} failed: ${(err as Error).message}` };
}

/** A copy that later steps of the job do not change (what `status` and the events hand out). */
function copyOf<J extends BackgroundJob>(job: J): J {
  return 'report' in job ? { ...job, report: { ...job.report } } : { ...job };
}
