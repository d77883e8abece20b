/** The shape of a `weft` subcommand and the helpers they share. */
import { resolve } from 'node:path';
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

export interface ProjectAccess {
  /** Open the SQLite file read-only. */
  readonly?: boolean;
  /**
   * The command changes the project: it takes the project lock for its run, and is refused
   * (READ_ONLY, exit status 75) when another door — the app, another command — holds it.
   */
  writes?: boolean;
}

/** For commands that only read: the file is opened read-only and never changed (not even migrated). */
export const READ_ONLY: ProjectAccess = { readonly: true };

function openForCommand(ctx: CommandContext, path: string, options: ProjectAccess): ProjectSession {
  if (options.writes) return ProjectSession.openForDoor(resolve(path), coderName(ctx), 'cli', 'refuse');
  return ProjectSession.open(path, coderName(ctx), { readonly: options.readonly ?? false });
}

export function withProject<T>(ctx: CommandContext, path: string, fn: (s: ProjectSession) => T, options: ProjectAccess = {}): T {
  const session = openForCommand(ctx, path, options);
  try {
    return fn(session);
  } finally {
    session.close();
  }
}

export async function withProjectAsync<T>(ctx: CommandContext, path: string, fn: (s: ProjectSession) => Promise<T>, options: ProjectAccess = {}): Promise<T> {
  const session = openForCommand(ctx, path, options);
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
