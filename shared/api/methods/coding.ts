/** Codebook, codings, memos, retrieval, undo (the coding workspace). */
import { z } from 'zod';
import type { Code, CodeWithCounts, Coding } from '../../types/entities.js';
import { color, id, method, name, none, offset } from './base.js';

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

export const codingMethods = {
  'codes.list': method<CodeWithCounts[]>()(none),
  'codes.create': method<Code>()(codeFields.required({ name: true }).strict()),
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
} as const;
