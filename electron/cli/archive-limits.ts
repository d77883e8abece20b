/**
 * The caps on what a .qdpx may inflate to, as CLI flags: one place for `weft import-project` and
 * `weft merge` (the caps themselves: shared/types/exchange.ts; how they are enforced while
 * streaming: electron/refi/zip.ts).
 */
import { archiveLimitProblem, DEFAULT_ARCHIVE_LIMITS_MB, MAX_ARCHIVE_LIMITS_MB, type ArchiveLimitsMb } from '../../shared/types/exchange.js';
import { UsageError, type CommandContext } from './command.js';

export const archiveLimitOptions = { 'max-document-mb': { type: 'string' as const }, 'max-archive-mb': { type: 'string' as const } };

export const ARCHIVE_LIMITS_USAGE = '[--max-document-mb N] [--max-archive-mb N]';

/** The flags' lines for a command's --help. */
export const ARCHIVE_LIMITS_HELP = [
  `--max-document-mb N  refuse any file in the archive that inflates to more than N MB (MiB; default`,
  `          ${DEFAULT_ARCHIVE_LIMITS_MB.maxDocumentMb}, at most ${MAX_ARCHIVE_LIMITS_MB.maxDocumentMb}). Counted in bytes actually inflated, whatever the archive claims.`,
  `--max-archive-mb N   refuse the archive when everything read from it passes N MB (default`,
  `          ${DEFAULT_ARCHIVE_LIMITS_MB.maxArchiveMb}, at most ${MAX_ARCHIVE_LIMITS_MB.maxArchiveMb}). Raise either only for a file you trust.`,
].join('\n');

/** --max-document-mb / --max-archive-mb as archive caps (a usage error names a bad value). */
export function archiveLimitsOf(ctx: CommandContext): ArchiveLimitsMb {
  const limits: ArchiveLimitsMb = {};
  for (const [flag, key] of [
    ['max-document-mb', 'maxDocumentMb'],
    ['max-archive-mb', 'maxArchiveMb'],
  ] as const) {
    const raw = ctx.values[flag];
    if (raw === undefined) continue;
    const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
    const problem = archiveLimitProblem(key, value);
    if (problem) throw new UsageError(`--${flag} ${problem} (got “${String(raw)}”)`);
    limits[key] = value;
  }
  return limits;
}
