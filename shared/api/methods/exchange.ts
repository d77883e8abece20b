/**
 * REFI-QDA and spreadsheet exchange (issue 6). Exports go to a path on this computer (the in-app
 * file dialog; an existing file is replaced only with `overwrite: true`, a project never) or come back as bytes (base64) for a browser download. Imports read a path or
 * uploaded bytes; every import has a preview (a dry run: nothing is written) with the same
 * counts and warnings the import will report.
 */
import { z } from 'zod';
import type {
  BackgroundJob,
  CodebookImportOutcome,
  ExportBytesResult,
  ExportToFileResult,
  ProjectImportPreview,
  ProjectImportResult,
  ProjectExportJob,
  ProjectImportJob,
} from '../../types/exchange.js';
import { MAX_ARCHIVE_LIMITS_MB } from '../../types/exchange.js';
import { id, change, method, none, overwrite, path, protectFormulas } from './base.js';

/** Caps on what a .qdpx may inflate to, in MiB (shared/types/exchange.ts ArchiveLimitsMb); unset ones keep their defaults. */
export const archiveLimits = z
  .object({
    maxDocumentMb: z.number().int().min(1).max(MAX_ARCHIVE_LIMITS_MB.maxDocumentMb).optional(),
    maxArchiveMb: z.number().int().min(1).max(MAX_ARCHIVE_LIMITS_MB.maxArchiveMb).optional(),
  })
  .strict()
  .optional();

/** A file to import: a path on this computer, or an uploaded file's name and bytes (base64). */
export const exchangeSource = z.union([
  path,
  z
    .object({
      name: z.string().min(1).max(1000),
      base64: z.string().max(700_000_000),
    })
    .strict(),
]);

export const codebookFormat = z.enum(['qdc', 'csv', 'xlsx', 'md', 'docx']);
export const extractsFormat = z.enum(['csv', 'xlsx']);

/** Optional filters for the coded extracts (all codings when absent). */
export const extractsFilter = z
  .object({
    /** Codes (their sub-codes included). */
    codeIds: z.array(id).max(100_000).optional(),
    coderIds: z.array(id).max(10_000).optional(),
    documentIds: z.array(id).max(100_000).optional(),
  })
  .strict();

export const exchangeMethods = {
  /** Writes the project as a .qdpx (atomically) to `path`. */
  'exchange.exportProject': method<ExportToFileResult>()(z.object({ path, overwrite }).strict()),
  /** The project as .qdpx bytes, for a download. */
  'exchange.exportProjectBytes': method<ExportBytesResult>()(none),
  /** Writes the codebook as .qdc, CSV, XLSX, Markdown or DOCX to `path`. */
  'exchange.exportCodebook': method<ExportToFileResult>()(z.object({ format: codebookFormat, path, overwrite, protectFormulas }).strict()),
  'exchange.exportCodebookBytes': method<ExportBytesResult>()(z.object({ format: codebookFormat, protectFormulas }).strict()),
  /** Writes the coded extracts as CSV or XLSX to `path`. */
  'exchange.exportExtracts': method<ExportToFileResult>()(z.object({ format: extractsFormat, path, filter: extractsFilter.optional(), overwrite, protectFormulas }).strict()),
  'exchange.exportExtractsBytes': method<ExportBytesResult>()(z.object({ format: extractsFormat, filter: extractsFilter.optional(), protectFormulas }).strict()),
  /** What importing a codebook (.qdc or .csv) into the open project would do. Nothing is written. */
  'exchange.previewCodebook': method<CodebookImportOutcome>()(z.object({ source: exchangeSource }).strict()),
  /** Adds a codebook (.qdc or .csv) to the open project: one transaction, one Undo step. */
  'exchange.importCodebook': change<CodebookImportOutcome>()(z.object({ source: exchangeSource }).strict(), { undo: 'Import codebook' }),
  /** What importing a .qdpx (or .qde) as a new project would create, and every warning. Nothing is written. */
  'exchange.previewProject': method<ProjectImportPreview>()(z.object({ source: exchangeSource, limits: archiveLimits }).strict()),
  /**
   * Creates the project file `target` (never overwriting one), imports the .qdpx into it in one
   * transaction, and opens it. On failure no file is left behind.
   */
  'exchange.importProjectAsNew': method<ProjectImportResult>()(z.object({ source: exchangeSource, target: path, limits: archiveLimits }).strict()),
  /**
   * The same import as a background job (in a worker thread: the service keeps answering other
   * calls): the file is published at `target` only when complete and is not opened (the window
   * opens `result.path`). Cancel leaves no file. Progress: `job.progress` events, `jobs.status`.
   */
  'exchange.startProjectImport': method<ProjectImportJob>()(
    z
      .object({
        source: exchangeSource,
        target: path,
        /** false: detect no speakers in any document. */
        speakers: z.boolean().optional(),
        /** Caps on what the archive may inflate to (MB). */
        limits: archiveLimits,
        /** Source GUIDs (from the preview's `speakers`) whose speakers are not detected. */
        noSpeakersFor: z.array(z.string().max(100)).max(100_000).optional(),
      })
      .strict(),
  ),
  /** `exchange.exportProject` as a background job (worker thread): the file appears only when complete; cancel leaves none. */
  'exchange.startProjectExport': method<ProjectExportJob>()(z.object({ path, overwrite }).strict()),
  /** Any background job's state (an import batch or an exchange job). */
  'jobs.status': method<BackgroundJob>()(z.object({ id: z.string().uuid() }).strict()),
  /** Cancels a background job: an import batch keeps its whole files; an exchange job leaves no file. */
  'jobs.cancel': method<BackgroundJob>()(z.object({ id: z.string().uuid() }).strict()),
} as const;
