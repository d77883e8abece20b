/**
 * The .qdpx import (as a new project) and export (to a path), and pseudonymised and re-identified
 * copies (pseudonymise/copy.ts), as background jobs on the one job
 * runner (../import-jobs.ts). The heavy part runs in a worker thread (worker-thread.ts) with its own
 * SQLite connection; this side checks the target before the job starts (so a refusal is the start
 * call's error), publishes the finished file — the only step that makes it appear — and removes
 * the temporary file whatever happens. Cancelling stops the worker: no file is left, and the open
 * project is never touched (an import writes a new file; an export only reads).
 */
import { randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ArchiveLimitsMb, ProjectExportJob, ProjectImportJob, ProjectImportPreview, PseudonymiseJob, ReidentifyJob, SpeakerDetection } from '../../../shared/types/exchange.js';
import type { DB } from '../../db/connection.js';
import { FORMAT_FILES } from '../../../shared/types/exchange.js';
import { checkWriteTarget, publishUserFile, temporaryBeside } from '../../fs/user-files.js';
import { importingPath, newProjectTarget, previewProjectImport, PROJECT_IMPORT_STEPS, publishImportedProject, removeDatabaseFiles } from '../exchange/workflows.js';
import type { ImportJobs, JobControl } from '../import-jobs.js';
import {
  planPseudonymisedCopy,
  planReidentifiedCopy,
  publishPseudonymisedCopy,
  publishReidentifiedCopy,
  removeTemporaryCopy,
  temporaryCopyPath,
  type PseudonymiseRequest,
  type ReidentifyRequest,
} from '../pseudonymise/copy.js';
import { runInWorker, type WorkerControl } from './worker-thread.js';

const workerControl = (control: JobControl<{ done: number; total: number; current: string | null }>): WorkerControl => ({
  onStep: (done, current, total) => {
    if (total !== undefined) control.job.total = total;
    control.job.done = done;
    control.job.current = current;
    control.changed();
  },
  onCancel: control.onCancel,
});

/** Below this size (a .qdpx compresses transcripts about 5×) a preview runs on the service's thread: starting a worker would cost more than reading the file. */
const SMALL_SOURCE_BYTES = 256 * 1024;

function sizeOf(input: string | Uint8Array): number {
  if (typeof input !== 'string') return input.length;
  try {
    return statSync(input).size;
  } catch {
    return 0; // the preview itself says what is wrong with the path
  }
}

/**
 * What importing the REFI-QDA project would create (`exchange.previewProject`): the same dry run
 * (previewProjectImport), in a worker thread when the file is large, since it reads and imports
 * the whole archive (into memory).
 */
export async function previewOffThread(input: string | Uint8Array, name: string, coderName: string, limits?: ArchiveLimitsMb): Promise<ProjectImportPreview> {
  if (sizeOf(input) < SMALL_SOURCE_BYTES) return previewProjectImport(input, name, coderName, limits);
  const end = await runInWorker({ op: 'projectPreview', input, name, coderName, ...(limits ? { limits } : {}) }, { onStep: () => undefined, onCancel: () => undefined });
  if (end?.type !== 'previewed') throw new Error('the preview stopped before it ended');
  return end.preview;
}

/** Starts importing a REFI-QDA project (path or bytes) into the new project file `target` (never overwritten). */
export function startProjectImport(jobs: ImportJobs, input: string | Uint8Array, name: string, target: string, coderName: string, detection: SpeakerDetection = {}, limits?: ArchiveLimitsMb): ProjectImportJob {
  const path = newProjectTarget(target);
  const job: ProjectImportJob = { id: randomUUID(), kind: 'projectImport', state: 'running', done: 0, total: PROJECT_IMPORT_STEPS, current: `Reading ${name}` };
  const tmp = importingPath(path, job.id.slice(0, 8));
  return jobs.run('projectImport', job, async (control) => {
    try {
      const end = await runInWorker({ op: 'projectImport', input, name, path, tmp, coderName, detection, ...(limits ? { limits } : {}) }, workerControl(control));
      if (end?.type !== 'imported') return false;
      publishImportedProject(tmp, path);
      job.done = job.total;
      job.result = { file: name, path, ...end.report };
      return true;
    } finally {
      removeDatabaseFiles(tmp);
    }
  });
}

/**
 * Starts writing the project at `projectPath` (the open one) as a .qdpx to `path`: checked first
 * like any export (writeUserFile's rules: never over a project, an existing file only with `overwrite`).
 */
export function startProjectExport(jobs: ImportJobs, projectPath: string, path: string, overwrite: boolean, origin: string): ProjectExportJob {
  const target = checkWriteTarget(path, { overwrite, openProjectPath: projectPath });
  const tmp = temporaryBeside(target.path, 'exporting');
  const job: ProjectExportJob = { id: randomUUID(), kind: 'projectExport', state: 'running', done: 0, total: 2, current: 'Reading the project' };
  return jobs.run('projectExport', job, async (control) => {
    try {
      const end = await runInWorker({ op: 'projectExport', projectPath, tmp, origin }, workerControl(control));
      if (end?.type !== 'exported') return false;
      publishUserFile(tmp, target, path);
      job.done = job.total;
      job.result = { path: target.path, fileName: basename(target.path), format: 'qdpx', ...end.written, mimeType: FORMAT_FILES.qdpx.mimeType };
      return true;
    } finally {
      rmSync(tmp, { force: true });
    }
  });
}

/**
 * Starts writing a pseudonymised copy of the open project and its key (`pseudonymise.start`):
 * everything is checked first (terms, passphrase, both targets: a refusal is the start call's
 * error); the worker copies the project into a temporary file beside the copy and rewrites it in one
 * transaction, by documents; only then are the key written and the copy renamed into place.
 * Cancelled or failed: no copy, no key, no temporary file.
 */
export function startPseudonymise(jobs: ImportJobs, db: DB, projectPath: string, req: PseudonymiseRequest): PseudonymiseJob {
  const plan = planPseudonymisedCopy(db, projectPath, req);
  const temp = temporaryCopyPath(plan.out);
  const job: PseudonymiseJob = { id: randomUUID(), kind: 'pseudonymise', state: 'running', done: 0, total: 2, current: 'Copying the project' };
  return jobs.run('pseudonymise', job, async (control) => {
    try {
      const end = await runInWorker({ op: 'pseudonymise', projectPath, temp, plan }, workerControl(control));
      if (end?.type !== 'pseudonymised') return false;
      job.result = publishPseudonymisedCopy(projectPath, plan, req, temp, end.built);
      job.done = job.total;
      return true;
    } finally {
      removeTemporaryCopy(temp);
    }
  });
}

/**
 * Starts writing a re-identified copy of the open (pseudonymised) project (`pseudonymise.startReidentify`):
 * the key is read first (a wrong passphrase or another copy's key is the start call's error); the
 * copy is built in a worker thread and renamed into place when whole. Cancelled: no file.
 */
export function startReidentify(jobs: ImportJobs, db: DB, projectPath: string, req: ReidentifyRequest): ReidentifyJob {
  const plan = planReidentifiedCopy(db, projectPath, req);
  const temp = temporaryCopyPath(plan.out);
  const job: ReidentifyJob = { id: randomUUID(), kind: 'reidentify', state: 'running', done: 0, total: 1, current: 'Copying the project' };
  return jobs.run('reidentify', job, async (control) => {
    try {
      const end = await runInWorker({ op: 'reidentify', projectPath, temp, plan }, workerControl(control));
      if (end?.type !== 'reidentified') return false;
      job.result = publishReidentifiedCopy(plan, temp, end.counts);
      job.done = job.total;
      return true;
    } finally {
      removeTemporaryCopy(temp);
    }
  });
}
