/** Building blocks for the per-domain method lists in this folder. */
import { z } from 'zod';
import { nameProblem } from '../../domain/names.js';

export const id = z.number().int().positive();
export const offset = z.number().int().nonnegative();
export const path = z.string().min(1, 'A file path is required').max(4096);
/**
 * For methods that write a file at `path`: replace an existing file (after the user confirmed).
 * Without it, an existing file is a CONFLICT with `details.exists`; a project is never replaced.
 */
export const overwrite = z.boolean().default(false);
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
  /** Whether the method changes the open project (refused where the project is open read-only). */
  mutates: boolean;
}

/** Declares a method that only reads: `method<OutputType>()(inputSchema)`. */
export function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input, output: undefined as O, mutates: false });
}

/** Declares a method that changes the open project: `change<OutputType>()(inputSchema)`. */
export function change<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input, output: undefined as O, mutates: true });
}
