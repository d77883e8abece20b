/** The shape of a `weft` subcommand and the helpers they share. */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DomainError } from '../../shared/api/errors.js';
import { explainSystemError } from '../../shared/api/system-errors.js';
import { ProjectSession } from '../services/project-session.js';
import { SettingsStore, defaultDataDir } from '../services/settings.js';

export { EXIT } from './exit-codes.js';

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Extra lines for --help. */
  details?: string;
  options?: ParseArgsConfig['options'];
  run(ctx: CommandContext): Promise<number> | number;
}

export interface CommandContext {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

export class UsageError extends Error {}

export const jsonOption = { json: { type: 'boolean' as const } };
export const coderOption = { coder: { type: 'string' as const } };

export function printJson(ctx: CommandContext, value: unknown) {
  ctx.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** The coder the CLI records on new codings: --coder, then WEFT_CODER, then the machine setting. */
export function coderName(ctx: CommandContext): string {
  const given = ctx.values.coder;
  if (typeof given === 'string' && given.trim()) return given.trim();
  if (process.env.WEFT_CODER) return process.env.WEFT_CODER;
  return new SettingsStore(defaultDataDir()).get().coderName;
}

export function requireProjectArg(ctx: CommandContext, index = 0): string {
  const path = ctx.positionals[index];
  if (!path) throw new UsageError('missing the project file (FILE.weft)');
  return path;
}

/** Reads a file given on the command line, with a specific error naming it. */
// INTEGRATE: read through electron/fs/user-files.ts (regular files only, size cap) once it lands.
export function readInputFile(file: string): Buffer {
  try {
    if (statSync(file).isDirectory()) throw new DomainError('VALIDATION', `“${file}” is a folder, not a file.`);
    return readFileSync(file);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DomainError('NOT_FOUND', `Cannot read “${file}”: the file does not exist.`);
    throw explainSystemError(err, file) ?? new DomainError('VALIDATION', `Cannot read “${file}”: ${(err as Error).message}.`);
  }
}

export function withProject<T>(ctx: CommandContext, path: string, fn: (s: ProjectSession) => T, options: { readonly?: boolean } = {}): T {
  const session = ProjectSession.open(path, coderName(ctx), options);
  try {
    return fn(session);
  } finally {
    session.close();
  }
}

export async function withProjectAsync<T>(ctx: CommandContext, path: string, fn: (s: ProjectSession) => Promise<T>): Promise<T> {
  const session = ProjectSession.open(path, coderName(ctx));
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}

export function parse(command: Command, argv: string[]) {
  return parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' }, ...(command.options ?? {}) },
    allowPositionals: true,
    strict: true,
  });
}

export { DomainError };
