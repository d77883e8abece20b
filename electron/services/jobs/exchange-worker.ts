/**
 * The entry of a worker thread that runs one exchange job (worker-protocol.ts) off the service's
 * event loop: a .qdpx read and written into a new project file (or only previewed), or the open
 * project written as a .qdpx, or a pseudonymised (or re-identified) copy built. Bundled as `exchange-worker.mjs` beside each backend bundle (scripts/build.mjs); in
 * development and tests started through ts-worker.mjs.
 */
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../../../shared/api/errors.js';
import Database from 'better-sqlite3';
import { openProjectFile } from '../../db/connection.js';
import { integrityProblems } from '../../db/inspect.js';
import { buildImportedProject, previewProjectImport, renderProjectToFile } from '../exchange/workflows.js';
import { buildPseudonymisedCopy, buildReidentifiedCopy } from '../pseudonymise/copy.js';
import type { WorkerData, WorkerMessage, WorkerTask } from './worker-protocol.js';

const port = parentPort!;
const send = (message: WorkerMessage) => port.postMessage(message);

/**
 * Progress by documents, sent at most once per percent (a project of 10,000 documents does not
 * send 10,000 events): `phase` 0 reads the archive, 1 writes the project; the bar counts both.
 */
function documentProgress(label: (phase: number) => string, phases: number) {
  let last = -1;
  const forPhase = (phase: number) => ({
    onProgress: (done: number, total: number) => {
      if (total <= 0) return;
      const overall = phase * total + done;
      const percent = Math.floor((overall * 100) / (phases * total));
      if (percent === last) return;
      last = percent;
      send({ type: 'step', done: overall, total: phases * total, current: label(phase) });
    },
  });
  /** Whether a step by documents was sent (the coarse steps then say nothing: the bar never moves back). */
  const counting = () => last >= 0;
  return { forPhase, counting };
}

async function run(task: WorkerTask): Promise<void> {
  switch (task.op) {
    case 'projectImport': {
      const progress = documentProgress((phase) => (phase === 0 ? `Reading ${task.name}` : `Writing ${basename(task.path)}`), 2);
      const coarse = (done: number, current: string) => progress.counting() || send({ type: 'step', done, current });
      const report = await buildImportedProject(task.input, task.name, task.path, task.tmp, task.coderName, coarse, {
        reading: progress.forPhase(0),
        writing: progress.forPhase(1),
        ...(task.detection ? { detection: task.detection } : {}),
        ...(task.limits ? { limits: task.limits } : {}),
      });
      send({ type: 'imported', report });
      return;
    }
    case 'projectExport': {
      send({ type: 'step', done: 0, current: 'Writing the project' });
      const db = openProjectFile(task.projectPath, { readonly: true });
      try {
        // streamed: one document at a time into the temporary file (exchange/export.ts)
        const r = renderProjectToFile(db, task.origin, task.tmp, {}, documentProgress(() => 'Writing the project', 1).forPhase(0), task.projectPath);
        send({ type: 'exported', written: { mimeType: r.mimeType, size: r.size, items: r.items, warnings: r.warnings } });
      } finally {
        db.close();
      }
      return;
    }
    case 'projectPreview':
      send({ type: 'previewed', preview: await previewProjectImport(task.input, task.name, task.coderName, task.limits) });
      return;
    case 'pseudonymise':
    case 'reidentify': {
      // the project's committed state, read beside the service's connection; the copy is built in `temp` only
      const db = openProjectFile(task.projectPath, { readonly: true });
      try {
        if (task.op === 'pseudonymise') {
          // by documents: each text read and planned (phase 0), then written (phase 1)
          const progress = documentProgress((phase) => (phase === 0 ? 'Reading the texts' : 'Writing the pseudonymised copy'), 2);
          const step = (phase: 0 | 1, done: number, total: number) => progress.forPhase(phase).onProgress(done, total);
          send({ type: 'pseudonymised', built: await buildPseudonymisedCopy(db, task.projectPath, task.plan, task.temp, step) });
        } else {
          // by documents restored
          const progress = documentProgress(() => 'Writing the re-identified copy', 1).forPhase(0);
          send({ type: 'reidentified', counts: await buildReidentifiedCopy(db, task.projectPath, task.plan, task.temp, (_phase, done, total) => progress.onProgress(done, total)) });
        }
      } finally {
        db.close();
      }
      return;
    }
    case 'integrityCheck': {
      // in place, read-only: the service's connection has the file open (its -wal and -shm exist)
      const db = new Database(task.projectPath, { readonly: true, fileMustExist: true });
      try {
        send({ type: 'checked', problems: integrityProblems(db) });
      } finally {
        db.close();
      }
    }
  }
}

run((workerData as WorkerData).task).catch((err: unknown) => {
  const known = err instanceof DomainError;
  send({ type: 'failed', error: { code: known ? err.code : null, message: (err as Error)?.message ?? String(err), ...(known && err.details !== undefined ? { details: err.details } : {}) } });
});
