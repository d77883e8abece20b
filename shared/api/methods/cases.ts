/** Cases (participants), attributes, queries and search (analysis). */
import { z } from 'zod';
import type { Case } from '../../types/entities.js';
import type {
  AnalysisOptions,
  AttributeDef,
  AutoCodeResult,
  CaseRecord,
  CasesTable,
  CooccurrenceInstance,
  CooccurrenceResult,
  Extract,
  MatrixResult,
  RankingResult,
  SearchResult,
} from '../../analysis/types.js';
import { id, change, method, name, none, protectFormulas, visibleName } from './base.js';

const attributeKind = z.enum(['text', 'number', 'date', 'boolean', 'category']);
const attributeScope = z.enum(['case', 'document']);
const categories = z.array(visibleName(z.string().trim().min(1, 'A category cannot be empty').max(200))).max(500);
const value = z.string().max(10000).nullable();

export const analysisFilters = z
  .object({
    setIds: z.array(id).max(1000),
    documentIds: z.array(id).max(100000),
    coderIds: z.array(id).max(1000),
    themeId: id,
    attributes: z.array(z.object({ attributeId: id, values: z.array(z.string().max(10000)).min(1).max(1000) }).strict()).max(50),
    /** Leave out the interviewer's turns (absent: the project setting "exclude interviewer turns"). */
    excludeInterviewer: z.boolean(),
  })
  .partial()
  .strict();

const matrixQuery = z
  .object({
    attributeId: id,
    count: z.enum(['codings', 'documents', 'cases']).optional(),
    rows: z.enum(['codes', 'themes']).optional(),
    includeMissing: z.boolean().optional(),
    filters: analysisFilters.optional(),
  })
  .strict();

const cooccurrenceQuery = z
  .object({
    unit: z.enum(['overlap', 'turn', 'paragraph']).optional(),
    codeIds: z.array(id).max(5000).optional(),
    filters: analysisFilters.optional(),
  })
  .strict();

const exportTable = z
  .object({
    name: z.string().max(500),
    header: z.array(z.string().trim().min(1, 'Every column needs a heading').max(10000)).min(1, 'A table needs at least one column').max(10000),
    rows: z.array(z.array(z.union([z.string().max(1_000_000), z.number(), z.null()])).max(10000)).max(1_000_000),
  })
  .strict();

export const caseMethods = {
  'cases.list': method<Case[]>()(none),
  /** Everything the Cases & attributes table shows: attributes, cases, documents with speakers. */
  'cases.table': method<CasesTable>()(none),
  'cases.create': change<CaseRecord>()(z.object({ name, description: z.string().max(20000).optional() }).strict(), { undo: (i) => `Create participant ${i.name}` }),
  'cases.update': change<CaseRecord>()(
    z.object({ id, patch: z.object({ name, description: z.string().max(20000) }).partial().strict() }).strict(),
    { undo: (_i, c) => `Edit participant ${c.name}` },
  ),
  'cases.delete': change<null>()(z.object({ id }).strict(), { undo: 'Delete participant' }),
  /** Sets a case attribute value; null or '' clears it. Returns the stored value. */
  'cases.setAttribute': change<string | null>()(z.object({ caseId: id, attributeId: id, value }).strict(), { undo: 'Set attribute value' }),
  'cases.linkDocument': change<null>()(z.object({ caseId: id, documentId: id, linked: z.boolean().default(true) }).strict(), { undo: (i) => (i.linked ? 'Link document to participant' : 'Unlink document from participant') }),
  'cases.exportCsv': method<{ fileName: string; csv: string }>()(z.object({ protectFormulas }).strict()),

  'attributes.list': method<AttributeDef[]>()(none),
  'attributes.create': change<AttributeDef>()(z.object({ name, scope: attributeScope, kind: attributeKind, categories: categories.optional() }).strict(), { undo: (i) => `Create attribute ${i.name}` }),
  'attributes.update': change<AttributeDef>()(
    z
      .object({
        id,
        patch: z.object({ name, kind: attributeKind, categories, position: z.number().int().min(0) }).partial().strict(),
      })
      .strict(),
    { undo: (_i, a) => `Edit attribute ${a.name}` },
  ),
  'attributes.delete': change<null>()(z.object({ id }).strict(), { undo: 'Delete attribute' }),

  /** Sets a document attribute value; null or '' clears it. Returns the stored value. */
  'documents.setAttribute': change<string | null>()(z.object({ documentId: id, attributeId: id, value }).strict(), { undo: 'Set document attribute value' }),
  /** Links a speaker to a case (null unlinks) and/or marks it as the interviewer. */
  'speakers.link': change<null>()(z.object({ speakerId: id, caseId: id.nullable().optional(), isInterviewer: z.boolean().optional() }).strict(), { undo: 'Link speaker' }),

  'analysis.options': method<AnalysisOptions>()(none),
  'analysis.matrix': method<MatrixResult>()(matrixQuery),
  'analysis.matrixCell': method<Extract[]>()(matrixQuery.extend({ rowKey: z.string().max(100), value: z.string().max(10000).nullable() }).strict()),
  'analysis.ranking': method<RankingResult>()(matrixQuery.extend({ level: z.enum(['all', 'leaves', 'top']).optional() }).strict()),
  'analysis.cooccurrence': method<CooccurrenceResult>()(cooccurrenceQuery),
  'analysis.cooccurrenceCell': method<CooccurrenceInstance[]>()(cooccurrenceQuery.extend({ codeA: id, codeB: id }).strict()),
  /** Tables as an XLSX workbook (one sheet each), base64-encoded. */
  'analysis.exportXlsx': method<{ base64: string }>()(z.object({ tables: z.array(exportTable).min(1).max(50), protectFormulas }).strict()),

  /** The project setting "exclude interviewer turns" (default on): search, auto-code, theme review counts and agreement leave out the interviewer's words. */
  'settings.excludeInterviewer': method<boolean>()(none),
  'settings.setExcludeInterviewer': change<boolean>()(z.object({ exclude: z.boolean() }).strict(), { setting: true }),
  'search.query': method<SearchResult>()(
    z
      .object({
        query: z.string().trim().min(1, 'Type something to search for').max(2000),
        filters: analysisFilters.optional(),
        /** Hits in this page (default 500). */
        limit: z.number().int().min(1).max(100000).optional(),
        /** The `nextCursor` of the previous page (same query and filters). */
        cursor: z.string().max(100).optional(),
      })
      .strict(),
  ),
  'search.autoCode': change<AutoCodeResult>()(
    z
      .object({
        query: z.string().trim().min(1, 'Type something to search for').max(2000),
        /** An existing code… */
        codeId: id.optional(),
        /** …or a new one, created in the same undo step. */
        newCode: z.object({ name, parentId: id.nullable().optional() }).strict().optional(),
        scope: z.enum(['hit', 'sentence', 'paragraph', 'turn']),
        filters: analysisFilters.optional(),
      })
      .strict()
      .refine((v) => (v.codeId === undefined) !== (v.newCode === undefined), { message: 'Choose a code, or name a new one' }),
    { undo: 'Auto-code search hits' },
  ),
} as const;
