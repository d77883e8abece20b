/**
 * What the service and an exchange worker thread (exchange-worker.ts) say to each other. The
 * worker does the heavy part of a job with its own SQLite connection; the service keeps every
 * decision that must not be interrupted half-way (publishing the finished file), so terminating
 * the worker at any moment leaves only a temporary file, which the service removes.
 */
import type { ErrorCode } from '../../../shared/api/errors.js';
import type { ArchiveLimitsMb, ProjectImportPreview, SpeakerDetection } from '../../../shared/types/exchange.js';
import type { ExchangeImportReport } from '../exchange/import.js';
import type { BuiltPseudonymisedCopy, PseudonymisePlan, ReidentifyCounts, ReidentifyPlan } from '../pseudonymise/copy.js';

export type WorkerTask =
  /** Build the project imported from `input` in the new file `tmp` (to be published at `path`). */
  | { op: 'projectImport'; input: string | Uint8Array; name: string; path: string; tmp: string; coderName: string; detection?: SpeakerDetection; limits?: ArchiveLimitsMb }
  /** Write the project at `projectPath` as a .qdpx to the new file `tmp`. */
  | { op: 'projectExport'; projectPath: string; tmp: string; origin: string }
  /** What importing `input` would create (a dry run into an in-memory project: nothing is written). */
  | { op: 'projectPreview'; input: string | Uint8Array; name: string; coderName: string; limits?: ArchiveLimitsMb }
  /** The integrity check of the open project at `projectPath` (read-only, beside the service's connection). */
  | { op: 'integrityCheck'; projectPath: string }
  /** Build the pseudonymised copy of the project at `projectPath` (read-only) in the new file `temp` (pseudonymise/copy.ts). */
  | { op: 'pseudonymise'; projectPath: string; temp: string; plan: PseudonymisePlan }
  /** Build the re-identified copy of the project at `projectPath` (read-only) in the new file `temp`. */
  | { op: 'reidentify'; projectPath: string; temp: string; plan: ReidentifyPlan };

export interface ExportWritten {
  mimeType: string;
  size: number;
  items: number;
  warnings: string[];
}

export type WorkerMessage =
  /** A step: `done` of the job's total (`total` when the worker learns it, e.g. the number of documents). */
  | { type: 'step'; done: number; current: string; total?: number }
  | { type: 'imported'; report: ExchangeImportReport }
  | { type: 'exported'; written: ExportWritten }
  | { type: 'previewed'; preview: ProjectImportPreview }
  /** What the integrity check found wrong (none: the file is whole). */
  | { type: 'checked'; problems: string[] }
  /** The copy is built in `temp`; the key is not yet written (the service encrypts it and publishes both). */
  | { type: 'pseudonymised'; built: BuiltPseudonymisedCopy }
  | { type: 'reidentified'; counts: ReidentifyCounts }
  | { type: 'failed'; error: { code: ErrorCode | null; message: string; details?: unknown } };

/** What the worker thread receives: the task, and in development the TypeScript entry to run (ts-worker.mjs). */
export interface WorkerData {
  task: WorkerTask;
  entry?: string;
}
