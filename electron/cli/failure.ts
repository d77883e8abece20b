/**
 * How `weft` reports a failure: one line (the message, named file included), the exit status for
 * it, and — only with --debug — the stack trace(s). Known system and SQLite errors (disk full,
 * read-only, "database is locked"…) get their plain-language message from
 * shared/api/system-errors.ts, like the app's.
 */
import { explainSystemError } from '../../shared/api/system-errors.js';
import { UsageError } from './command.js';
import { EXIT, exitCodeFor, type ExitCode } from './exit-codes.js';

export interface Failure {
  /** One line, without the "weft COMMAND: " prefix. */
  line: string;
  exitCode: ExitCode;
  /** Stack traces, with --debug only. */
  trace?: string;
}

export const DEBUG_HINT = 'run with --debug for details';

/** Messages may hold line breaks (lists of problems); a failure is still one line. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

function traceOf(e: unknown): string {
  const parts: string[] = [];
  for (let cur: unknown = e, depth = 0; cur !== undefined && cur !== null && depth < 5; depth++) {
    parts.push(cur instanceof Error ? (cur.stack ?? `${cur.name}: ${cur.message}`) : String(cur));
    cur = cur instanceof Error ? (cur as Error & { cause?: unknown }).cause : undefined;
    if (cur !== undefined && cur !== null) parts.push('caused by:');
  }
  return parts.join('\n');
}

export function describeFailure(e: unknown, debug: boolean): Failure {
  const trace = debug ? { trace: traceOf(e) } : {};
  if (e instanceof UsageError) return { line: oneLine(e.message), exitCode: EXIT.usage, ...trace };
  const known = explainSystemError(e);
  if (known) return { line: oneLine(known.message), exitCode: exitCodeFor(known.code), ...trace };
  const message = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  return { line: `unexpected error: ${oneLine(message)}${debug ? '' : ` (${DEBUG_HINT})`}`, exitCode: EXIT.internal, ...trace };
}
