/** The shape of a `weft` subcommand and the helpers they share. */
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DomainError } from '../../shared/api/errors.js';
import { upgradeNotice } from '../../shared/domain/project-upgrade.js';
import { ProjectSession } from '../services/project-session.js';
import { SettingsStore, defaultDataDir } from '../services/settings.js';
import { storageWarningFor } from '../services/backups/local-copy.js';

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

/** Where the CLI keeps (and finds) automatic backups: the same folder as the app's browser mode. */
export const cliBackupsDir = () => join(defaultDataDir(), 'backups');

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

/**
 * Opens a project for a command: one line on stderr when it is in a synced or network folder.
 * A writing command holds the project lock; every read-write open keeps automatic backups.
 */
export function openProject(ctx: CommandContext, path: string, options: ProjectAccess = {}): ProjectSession {
  const warning = storageWarningFor(path);
  if (warning) ctx.err(`weft: warning: ${warning.message}\n`);
  const session = options.writes
    ? ProjectSession.openForDoor(resolve(path), coderName(ctx), 'cli', 'refuse', { backupsDir: cliBackupsDir() })
    : ProjectSession.open(path, coderName(ctx), options.readonly ? { readonly: true } : { backupsDir: cliBackupsDir() });
  if (session.upgrade) ctx.err(`weft: ${upgradeNotice(path, session.upgrade)}\n`);
  return session;
}

export function withProject<T>(ctx: CommandContext, path: string, fn: (s: ProjectSession) => T, options: ProjectAccess = {}): T {
  const session = openProject(ctx, path, options);
  try {
    return fn(session);
  } finally {
    session.close();
  }
}

export async function withProjectAsync<T>(ctx: CommandContext, path: string, fn: (s: ProjectSession) => Promise<T>, options: ProjectAccess = {}): Promise<T> {
  const session = openProject(ctx, path, options);
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
