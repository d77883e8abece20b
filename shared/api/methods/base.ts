/** Building blocks for the per-domain method lists in this folder. */
import { z } from 'zod';
import { nameProblem } from '../../domain/names.js';

export const id = z.number().int().positive();
export const offset = z.number().int().nonnegative();
export const path = z.string().min(1, 'A file path is required').max(4096);
/** Refuses control and bidirectional-override characters (shared/domain/names.ts) with a message naming the character. */
export const visibleName = <S extends z.ZodString>(schema: S): S =>
  schema.check((ctx) => {
    const problem = nameProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: `The name ${problem}.`, input: ctx.value });
  });
/** Any name a researcher gives (code, theme, case, attribute, coder, document): one line of visible text. */
export const name = visibleName(z.string().trim().min(1, 'A name is required').max(500));
export const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is written #RRGGBB');
export const none = z.object({}).strict();
/** Spreadsheet exports (CSV, XLSX): put a ' before text that begins like a formula (= + - @ tab CR); default true. */
export const protectFormulas = z.boolean().optional();

export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom: only its type is used. */
  output: O;
}

/** Declares a method: `method<OutputType>()(inputSchema)`. */
export function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input, output: undefined as O });
}
