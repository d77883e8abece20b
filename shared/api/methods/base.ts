/** Building blocks for the per-domain method lists in this folder. */
import { z } from 'zod';
import { nameProblem } from '../../domain/names.js';
import type { WithChanges } from '../../types/coding.js';

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

/**
 * How a changing method behaves for Undo, declared once with the method (`change<…>()(schema, undo)`):
 * - `{ undo: label }`: the dispatcher runs the method as one undo step (one transaction) named
 *   `label` (a string, or a function of the parsed input and the output, e.g.
 *   `(i, code) => \`Create code ${code.name}\``);
 * - `{ notUndoable: text }`: too large to undo; `text` is the confirmation the UI shows BEFORE
 *   doing it (running it clears the undo history);
 * - `{ undoControl: true }`: Undo and Redo themselves (not steps);
 * - `{ setting: true }`: a project setting about how things are shown (kept in `project_meta`,
 *   which Undo does not track), not an edit of the data: outside Undo, and it leaves the undo
 *   history as it is (tests/undo/every-change.test.ts checks that it writes no tracked table).
 */
export type UndoDecl<In, O> =
  | { undo: string | ((input: In, output: O) => string) }
  | { notUndoable: string }
  | { undoControl: true }
  | { setting: true };

export interface MethodSpec<I extends z.ZodType, O, H = O> {
  input: I;
  /** Phantom: only its type is used. */
  output: O;
  /** Phantom: what the handler returns (the output without `changes` for a method declared with changeReporting()). */
  handlerOutput: H;
  /** Whether the method changes the open project (refused where the project is open read-only). */
  mutates: boolean;
  /** For a changing method, how it behaves for Undo (see UndoDecl); null for a method that only reads. */
  history: UndoDecl<z.output<I>, H> | null;
  /** Declared with changeReporting(): the undo wrapper adds `changes` (what the call changed) to the handler's output. */
  reportsChanges?: true;
}

/** Declares a method that only reads: `method<OutputType>()(inputSchema)`. */
export function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input, output: undefined as O, handlerOutput: undefined as O, mutates: false, history: null });
}

/**
 * Declares a method that changes the open project, with its undo behaviour:
 * `change<OutputType>()(inputSchema, { undo: 'Label' })` (or `{ notUndoable: 'confirmation' }`).
 */
export function change<O>() {
  return <I extends z.ZodType>(input: I, history: UndoDecl<z.output<I>, O>): MethodSpec<I, O> => ({
    input,
    output: undefined as O,
    handlerOutput: undefined as O,
    mutates: true,
    history,
  });
}

/**
 * Declares an undoable change on the coding workspace's hot path whose output also says what it
 * changed: `changeReporting<O>()(schema, { undo })`. The handler returns O; the undo wrapper
 * (electron/services/undo-steps.ts) runs it as one step and adds `changes` (CodingChanges: the
 * codings created, changed and removed, the count deltas per code and document, the undo state
 * after it), so the window merges them instead of reloading its lists.
 */
export function changeReporting<O>() {
  return <I extends z.ZodType>(input: I, history: { undo: string | ((input: z.output<I>, output: O) => string) }): MethodSpec<I, WithChanges<O>, O> => ({
    input,
    output: undefined as unknown as WithChanges<O>,
    handlerOutput: undefined as O,
    mutates: true,
    history,
    reportsChanges: true,
  });
}

/** The label of an undo step for a method declared `{ undo }`. */
export function undoLabel<In, O>(decl: { undo: string | ((input: In, output: O) => string) }, input: In, output: O): string {
  return typeof decl.undo === 'function' ? decl.undo(input, output) : decl.undo;
}
