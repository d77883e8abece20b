/** Building blocks for the per-domain method lists in this folder. */
import { z } from 'zod';

export const id = z.number().int().positive();
export const offset = z.number().int().nonnegative();
export const path = z.string().min(1, 'A file path is required').max(4096);
/**
 * For methods that write a file at `path`: replace an existing file (after the user confirmed).
 * Without it, an existing file is a CONFLICT with `details.exists`; a project is never replaced.
 */
export const overwrite = z.boolean().default(false);
export const name = z.string().trim().min(1, 'A name is required').max(500);
export const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is written #RRGGBB');
export const none = z.object({}).strict();

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
