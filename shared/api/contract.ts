/**
 * The one typed API contract. Every method the renderer (and the HTTP bridge) may call is listed
 * here with a zod validator for its input and a phantom type for its output. The dispatcher
 * validates every payload against these schemas before a handler runs.
 */
import { z } from 'zod';
import type {
  AppInfo,
  Code,
  CodeWithCounts,
  Coding,
  DirectoryListing,
  DocumentSummary,
  ImportReport,
  ProjectInfo,
  ProjectSummary,
  RecentProject,
  SourceDocument,
  Case,
} from '../types/entities.js';

const id = z.number().int().positive();
const offset = z.number().int().nonnegative();
const path = z.string().min(1, 'A file path is required').max(4096);
const name = z.string().trim().min(1, 'A name is required').max(500);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is written #RRGGBB');
const none = z.object({}).strict();

interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom: only its type is used. */
  output: O;
}

function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input, output: undefined as O });
}

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

export const importFile = z
  .object({
    name: z.string().min(1).max(1000),
    /** The file's bytes, base64-encoded. */
    base64: z.string().max(400_000_000),
  })
  .strict();

export const contract = {
  'app.info': method<AppInfo>()(none),

  'project.current': method<ProjectInfo | null>()(none),
  'project.create': method<ProjectInfo>()(z.object({ path }).strict()),
  'project.open': method<ProjectInfo>()(z.object({ path }).strict()),
  'project.openSample': method<ProjectInfo>()(z.object({ reset: z.boolean().optional() }).strict()),
  'project.close': method<null>()(none),
  'project.recent': method<RecentProject[]>()(none),
  'project.summary': method<ProjectSummary>()(none),

  'files.list': method<DirectoryListing>()(z.object({ path: path.optional() }).strict()),

  'documents.list': method<DocumentSummary[]>()(none),
  'documents.get': method<SourceDocument>()(z.object({ id }).strict()),
  'documents.importFiles': method<ImportReport>()(
    z.object({ files: z.array(importFile).min(1).max(2000) }).strict(),
  ),
  'documents.importPaths': method<ImportReport>()(
    z.object({ paths: z.array(path).min(1).max(5000) }).strict(),
  ),
  'documents.rename': method<DocumentSummary>()(z.object({ id, name }).strict()),
  'documents.delete': method<null>()(z.object({ id }).strict()),

  'codes.list': method<CodeWithCounts[]>()(none),
  'codes.create': method<Code>()(
    codeFields.required({ name: true }).strict(),
  ),
  'codes.update': method<Code>()(z.object({ id, patch: codeFields }).strict()),
  'codes.delete': method<null>()(z.object({ id }).strict()),

  'codings.listByDocument': method<Coding[]>()(z.object({ documentId: id }).strict()),
  'codings.create': method<Coding>()(
    z
      .object({ documentId: id, codeId: id, start: offset, end: offset })
      .strict()
      .refine((v) => v.end > v.start, { message: 'A coding must cover at least one character (end > start)' }),
  ),
  'codings.delete': method<null>()(z.object({ id }).strict()),

  'cases.list': method<Case[]>()(none),
} as const;

export type Contract = typeof contract;
export type ApiMethod = keyof Contract;
export type Input<M extends ApiMethod> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends ApiMethod> = z.output<Contract[M]['input']>;
export type Output<M extends ApiMethod> = Contract[M]['output'];

export const API_METHODS = Object.keys(contract) as ApiMethod[];

export function isApiMethod(value: unknown): value is ApiMethod {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

/** Server-side handlers: a method without a handler fails to compile. */
export type Handlers = { [M in ApiMethod]: (input: ParsedInput<M>) => Promise<Output<M>> | Output<M> };
