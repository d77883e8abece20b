/** Codebook, codings, memos, retrieval, undo (the coding workspace). */
import { z } from 'zod';
import type { Code, CodeWithCounts, Coding } from '../../types/entities.js';
import type {
  DocumentCodings,
  ApplyWithCodeResult,
  CodeDeleteImpact,
  Extract,
  ExtractPage,
  MergeCodesResult,
  Memo,
  MemoHit,
  MoveCodingsResult,
  UndoResult,
  UndoState,
  WithChanges,
} from '../../types/coding.js';
import { color, id, change, changeReporting, method, name, none, offset } from './base.js';

export const codeFields = z
  .object({
    name,
    parentId: id.nullable(),
    color,
    definition: z.string().max(20000),
    inclusion: z.string().max(20000),
    exclusion: z.string().max(20000),
    example: z.string().max(20000),
  })
  .partial()
  .strict();

const nonEmpty = [(v: { start: number; end: number }) => v.end > v.start, { message: 'A coding must cover at least one character (end > start)' }] as const;

const ids = z.array(id).max(100_000);

const extractFilter = z
  .object({
    codeIds: ids.optional(),
    includeChildren: z.boolean().default(true),
    documentIds: ids.optional(),
    coderIds: ids.optional(),
    caseAttribute: z.object({ name: z.string().min(1).max(500), value: z.string().max(5000) }).strict().optional(),
    context: z.number().int().min(0).max(5000).optional(),
  })
  .strict();

export const memoTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('project') }).strict(),
  z.object({ kind: z.enum(['document', 'code', 'coding', 'theme', 'case']), id }).strict(),
]);

const memoText = z.string().max(1_000_000);

export const codingMethods = {
  'codes.list': method<CodeWithCounts[]>()(none),
  'codes.create': changeReporting<Code>()(codeFields.required({ name: true }).strict(), { undo: (_i, c) => `Create code ${c.name}` }),
  'codes.update': changeReporting<Code>()(z.object({ id, patch: codeFields }).strict(), { undo: (_i, c) => `Edit code ${c.name}` }),
  'codes.delete': changeReporting<null>()(z.object({ id }).strict(), { undo: 'Delete code' }),
  /** What deleting the code would remove (for the confirmation). */
  'codes.deleteImpact': method<CodeDeleteImpact>()(z.object({ id }).strict()),
  /** Nest/reorder: put the code under parentId (null = top level) at index among its siblings. */
  'codes.move': changeReporting<Code>()(z.object({ id, parentId: id.nullable(), index: z.number().int().nonnegative() }).strict(), { undo: (_i, c) => `Move code ${c.name}` }),
  /** Codings, memos, themes and sub-codes of source move to target (exact duplicates collapse); source is deleted. */
  'codes.merge': changeReporting<MergeCodesResult>()(z.object({ sourceId: id, targetId: id }).strict(), { undo: 'Merge codes' }),
  /** Ids of the codes the current coder applied most recently, newest first (at most 9). */
  'codes.recent': method<number[]>()(none),

  'codings.listByDocument': method<Coding[]>()(z.object({ documentId: id }).strict()),
  /** The same codings with their hash; `knownHash`: the hash of the codings the caller holds (then not sent again when they are current). */
  'codings.forDocument': method<DocumentCodings>()(z.object({ documentId: id, knownHash: z.string().max(200).optional() }).strict()),
  'codings.create': changeReporting<Coding>()(z.object({ documentId: id, codeId: id, start: offset, end: offset }).strict().refine(...nonEmpty), { undo: 'Apply code' }),
  /**
   * Applies a code given by name, creating it (under parentId) when it does not exist; inVivo labels the step.
   * parentPath (names going down from parentId, or from the top level) creates the missing parents too, in the same step.
   */
  'codings.createWithCode': changeReporting<ApplyWithCodeResult>()(
    z
      .object({
        documentId: id,
        start: offset,
        end: offset,
        name,
        parentId: id.nullable().optional(),
        parentPath: z.array(name).min(1).max(20).optional(),
        inVivo: z.boolean().optional(),
      })
      .strict()
      .refine(...nonEmpty),
    { undo: (_i, r) => `Apply ${r.code.name}` },
  ),
  /** New range for a coding (boundary adjustment). */
  'codings.update': changeReporting<Coding>()(z.object({ id, start: offset, end: offset }).strict().refine(...nonEmpty), { undo: 'Adjust coding' }),
  'codings.delete': changeReporting<null>()(z.object({ id }).strict(), { undo: 'Remove coding' }),
  /** Split: move codings to another code, or to a new code { name, parentId }. */
  'codings.move': changeReporting<MoveCodingsResult>()(
    z
      .object({ ids: ids.min(1), codeId: id.optional(), newCode: z.object({ name, parentId: id.nullable().optional() }).strict().optional() })
      .strict()
      .refine((v) => (v.codeId === undefined) !== (v.newCode === undefined), { message: 'Give either codeId or newCode' }),
    { undo: (i, r) => `Move ${i.ids.length} coding${i.ids.length === 1 ? '' : 's'} to ${r.code.name}` },
  ),

  'undo.state': method<UndoState>()(none),
  /** `changes`: what the undo or redo changed in codings, codes and their counts (as the coding mutations report it). */
  'undo.undo': change<WithChanges<UndoResult>>()(none, { undoControl: true }),
  'undo.redo': change<WithChanges<UndoResult>>()(none, { undoControl: true }),

  /** Every extract of the filter (exports and the CLI read this; a window shows `extracts.page`). */
  'extracts.list': method<Extract[]>()(extractFilter),
  /** One page of the same list in the same order: `limit` extracts (default 100) after `cursor` (the previous page's `nextCursor`). */
  'extracts.page': method<ExtractPage>()(
    extractFilter
      .extend({
        limit: z.number().int().min(1).max(100_000).optional(),
        cursor: z.string().max(100).optional(),
      })
      .strict(),
  ),

  /** Memos on a target (project = the reflexive journal), or all memos without a target. */
  'memos.list': method<Memo[]>()(z.object({ target: memoTarget.optional() }).strict()),
  /** Memos on the codings of one document. */
  'memos.listForDocumentCodings': method<Memo[]>()(z.object({ documentId: id }).strict()),
  'memos.create': change<Memo>()(z.object({ target: memoTarget, title: z.string().max(500).optional(), body: memoText }).strict(), { undo: 'Add memo' }),
  'memos.update': change<Memo>()(z.object({ id, title: z.string().max(500).optional(), body: memoText.optional() }).strict(), { undo: 'Edit memo' }),
  'memos.delete': change<null>()(z.object({ id }).strict(), { undo: 'Delete memo' }),
  'memos.search': method<MemoHit[]>()(z.object({ query: z.string().max(500) }).strict()),
} as const;
