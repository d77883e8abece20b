/** Types of the exchange API (issue 6): REFI-QDA projects and codebooks, spreadsheets, documents. */
import type { ErrorCode } from '../api/errors.js';
import type { ImportJob, ImportJobState, ProjectInfo } from './entities.js';
import type { PseudonymiseResult, ReidentifyResult } from './pseudonymise.js';

export type CodebookFormat = 'qdc' | 'csv' | 'xlsx' | 'md' | 'docx';
export type ExtractsFormat = 'csv' | 'xlsx';

export const CODEBOOK_FORMATS: readonly CodebookFormat[] = ['qdc', 'csv', 'xlsx', 'md', 'docx'];
export const EXTRACTS_FORMATS: readonly ExtractsFormat[] = ['csv', 'xlsx'];

/** File name extension and MIME type of each export format. */
export const FORMAT_FILES: Record<CodebookFormat | 'qdpx', { extension: string; mimeType: string; label: string }> = {
  qdpx: { extension: 'qdpx', mimeType: 'application/zip', label: 'REFI-QDA project (.qdpx)' },
  qdc: { extension: 'qdc', mimeType: 'application/xml', label: 'REFI-QDA codebook (.qdc)' },
  csv: { extension: 'csv', mimeType: 'text/csv', label: 'CSV (.csv)' },
  xlsx: { extension: 'xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel workbook (.xlsx)' },
  md: { extension: 'md', mimeType: 'text/markdown', label: 'Markdown (.md)' },
  docx: { extension: 'docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word document (.docx)' },
};

export interface ExchangeCounts {
  coders: number;
  codes: number;
  documents: number;
  codings: number;
  cases: number;
  attributes: number;
  attributeValues: number;
  memos: number;
  sets: number;
  themes: number;
}

/** What an import created, what it reused, and every element it dropped or repaired. */
export interface ExchangeReport {
  imported: ExchangeCounts;
  matched: Pick<ExchangeCounts, 'coders' | 'codes' | 'cases' | 'attributes' | 'sets' | 'themes'>;
  warnings: string[];
  /** A project import: the speakers of each imported document that has some (detected from its text, or restored from Weft's own data). */
  speakers?: DocumentSpeakers[];
}

/** The speakers an imported document has (or would have, in a preview). */
export interface DocumentSpeakers {
  /** The source's GUID in the file (what `noSpeakersFor` names). */
  source: string;
  /** The document's name in the project. */
  document: string;
  speakers: string[];
  /** `detected` from “Name:” lines of the text; `restored` from Weft's own data (weft/extension.json). */
  from: 'detected' | 'restored';
}

/**
 * Speaker detection for an import: on by default; off for the whole batch, or for some documents
 * (of a project: source GUIDs or the documents' names in the new project; of transcripts: file
 * names or the paths they were given by).
 */
export interface SpeakerDetection {
  speakers?: boolean;
  noSpeakersFor?: string[];
}

/** What was written by an export. */
export interface ExportSummary {
  /** The file name to offer (browser downloads) or the path written. */
  fileName: string;
  format: CodebookFormat | 'qdpx';
  mimeType: string;
  /** Size of the file in bytes. */
  size: number;
  /** Number of rows/items: codes for a codebook, codings for extracts, documents for a project. */
  items: number;
  /** What had to be adapted (e.g. colours, characters XML cannot carry, names with "/"). */
  warnings: string[];
}

export interface ExportToFileResult extends ExportSummary {
  path: string;
}

export interface ExportBytesResult extends ExportSummary {
  base64: string;
}

export interface CodebookImportOutcome extends ExchangeReport {
  format: 'qdc' | 'csv';
  /** The file's name. */
  file: string;
  /** Paths ("Parent/Child") of the codes that are (or would be) created. */
  newCodes: string[];
  /** A CSV codebook only: paths of its codes that were already there (kept as they are). */
  existingCodes?: string[];
  /** True for a preview: nothing was written. */
  dryRun: boolean;
}

export interface ProjectImportPreview extends ExchangeReport {
  file: string;
  /** The project's name in the file. */
  projectName: string;
  /** The program that wrote it (`origin`), when it says. */
  origin: string | null;
  /** A file name for the new project, from the project's name. */
  suggestedFileName: string;
}

export interface ProjectImportResult extends ExchangeReport {
  file: string;
  project: ProjectInfo;
}

/** What a project import job wrote: the new project file (not opened: the window opens it). */
export interface ProjectImportFileResult extends ExchangeReport {
  file: string;
  path: string;
}

/**
 * A .qdpx import or export running in the background (exchange.startProjectImport /
 * startProjectExport): followed like an import batch (`job.progress` events, `jobs.status`),
 * cancelled with `jobs.cancel`. `done` of `total` steps; `current` says what it is doing now.
 */
interface ExchangeJobBase {
  id: string;
  state: ImportJobState;
  done: number;
  total: number;
  current: string | null;
  /** Why the job failed (state `failed` only). */
  error?: { code: ErrorCode; message: string };
}

export interface ProjectImportJob extends ExchangeJobBase {
  kind: 'projectImport';
  /** Set when the job is done. */
  result?: ProjectImportFileResult;
}

export interface ProjectExportJob extends ExchangeJobBase {
  kind: 'projectExport';
  /** Set when the job is done. */
  result?: ExportToFileResult;
}

/** A pseudonymised copy and its key written in the background (`pseudonymise.start`): cancel leaves neither. */
export interface PseudonymiseJob extends ExchangeJobBase {
  kind: 'pseudonymise';
  /** Set when the job is done. */
  result?: PseudonymiseResult;
}

/** A re-identified copy written in the background (`pseudonymise.startReidentify`): cancel leaves no file. */
export interface ReidentifyJob extends ExchangeJobBase {
  kind: 'reidentify';
  /** Set when the job is done. */
  result?: ReidentifyResult;
}

/** A job that writes a file of its own (never the open project), in a worker thread: cancel leaves no file. */
export type ExchangeJob = ProjectImportJob | ProjectExportJob | PseudonymiseJob | ReidentifyJob;

/** Any background job: an import batch (no `kind`) or an exchange job. */
export type BackgroundJob = ImportJob | ExchangeJob;

/**
 * Caps on what a .qdpx archive may inflate to, in MiB (1 MiB = 1 048 576 bytes): one document
 * (any entry of the archive), and everything read from the archive together. Counted in bytes
 * actually inflated (electron/refi/zip.ts). A user raises them for a file they trust:
 * `weft import-project` / `weft merge --max-document-mb N --max-archive-mb N`, or “Limits” in the import or merge dialog.
 */
export interface ArchiveLimitsMb {
  maxDocumentMb?: number;
  maxArchiveMb?: number;
}

export const DEFAULT_ARCHIVE_LIMITS_MB = { maxDocumentMb: 128, maxArchiveMb: 1024 } as const;

/** The highest caps accepted (a document above 1 GiB cannot be held as one text; the archive's declared total is refused above 8 GiB). */
export const MAX_ARCHIVE_LIMITS_MB = { maxDocumentMb: 1024, maxArchiveMb: 8192 } as const;

/** Why `value` cannot be the cap `key` (a whole number of MiB from 1 to the maximum), or null. */
export function archiveLimitProblem(key: keyof ArchiveLimitsMb, value: number): string | null {
  const max = MAX_ARCHIVE_LIMITS_MB[key];
  if (!Number.isInteger(value) || value < 1 || value > max) return `must be a whole number of MB from 1 to ${max}`;
  return null;
}
