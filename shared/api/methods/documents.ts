import { z } from 'zod';
import type { DocumentSummary, ImportReport, SourceDocument } from '../../types/entities.js';
import { id, method, name, none, path } from './base.js';

export const importFile = z
  .object({
    name: z.string().min(1).max(1000),
    /** The file's bytes, base64-encoded. */
    base64: z.string().max(400_000_000),
  })
  .strict();

export const documentMethods = {
  'documents.list': method<DocumentSummary[]>()(none),
  'documents.get': method<SourceDocument>()(z.object({ id }).strict()),
  'documents.importFiles': method<ImportReport>()(z.object({ files: z.array(importFile).min(1).max(2000) }).strict()),
  'documents.importPaths': method<ImportReport>()(z.object({ paths: z.array(path).min(1).max(5000) }).strict()),
  'documents.rename': method<DocumentSummary>()(z.object({ id, name }).strict()),
  'documents.delete': method<null>()(z.object({ id }).strict()),
} as const;
