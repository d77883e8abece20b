/**
 * The entry of a worker thread that runs one exchange job (worker-protocol.ts) off the service's
 * event loop: a .qdpx read and written into a new project file (or only previewed), or the open
 * project written as a .qdpx. Bundled as `exchange-worker.mjs` beside each backend bundle (scripts/build.mjs); in
 * development and tests started through ts-worker.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../../../shared/api/errors.js';
import { openProjectFile } from '../../db/connection.js';
import { buildImportedProject, previewProjectImport, renderProjectToFile } from '../exchange/workflows.js';
import type { WorkerData, WorkerMessage, WorkerTask } from './worker-protocol.js';

const port = parentPort!;
const send = (message: WorkerMessage) => port.postMessage(message);

async function run(task: WorkerTask): Promise<void> {
  switch (task.op) {
    case 'projectImport': {
      const report = await buildImportedProject(task.input, task.name, task.path, task.tmp, task.coderName, (done, current) => send({ type: 'step', done, current }));
      send({ type: 'imported', report });
      return;
    }
    case 'projectExport': {
      send({ type: 'step', done: 0, current: 'Writing the project' });
      const db = openProjectFile(task.projectPath, { readonly: true });
      try {
        // streamed: one document at a time into the temporary file (exchange/export.ts)
        const r = renderProjectToFile(db, task.origin, task.tmp, {}, { onProgress: (done, total) => done === total && send({ type: 'step', done: 1, current: 'Finishing the file' }) });
        send({ type: 'exported', written: { mimeType: r.mimeType, size: r.size, items: r.items, warnings: r.warnings } });
      } finally {
        db.close();
      }
      return;
    }
    case 'projectPreview':
      send({ type: 'previewed', preview: await previewProjectImport(task.input, task.name, task.coderName) });
  }
}

run((workerData as WorkerData).task).catch((err: unknown) => {
  const known = err instanceof DomainError;
  send({ type: 'failed', error: { code: known ? err.code : null, message: (err as Error)?.message ?? String(err), ...(known && err.details !== undefined ? { details: err.details } : {}) } });
});
