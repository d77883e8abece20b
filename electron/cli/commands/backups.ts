/** weft backups list|restore|create: the automatic backups the app (and the CLI) keep of a project. */
import { basename } from 'node:path';
import type { BackupCounts, BackupInfo } from '../../../shared/types/backups.js';
import { alsoBeforeText } from '../../../shared/backups/also-before.js';
import { listBackups, restoreFromBackup } from '../../services/backups/restore.js';
import { EXIT, UsageError, cliBackupsDir, jsonOption, openProject, printJson, requireProjectArg, withProject, withProjectAsync, type Command, type CommandContext } from '../command.js';

const describeCounts = (c: BackupCounts) => `${c.documents} documents, ${c.codes} codes, ${c.codings} codings, ${c.themes} themes`;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const when = (iso: string) => iso.replace('T', ' ').slice(0, 19);

function list(ctx: CommandContext, path: string): number {
  const result = withProject(ctx, path, (s) => listBackups(s.db, s.path, cliBackupsDir()), { readonly: true });
  if (ctx.values.json) {
    printJson(ctx, result);
    return EXIT.ok;
  }
  ctx.out(`backups of ${basename(path)} in ${result.folder}\n`);
  ctx.out(`now: ${describeCounts(result.current)}\n`);
  if (result.backups.length === 0) ctx.out('no backups yet\n');
  for (const b of result.backups) {
    const also = alsoBeforeText(b);
    ctx.out(`${b.id}  ${when(b.createdAt)}  ${b.reason.padEnd(14)}  ${megabytes(b.size).padStart(8)}  ${describeCounts(b.counts)}${also ? `  (${also})` : ''}\n`);
  }
  return EXIT.ok;
}

async function restore(ctx: CommandContext, path: string, id: string): Promise<number> {
  const session = openProject(ctx, path);
  let result;
  try {
    result = await restoreFromBackup(session, id);
  } finally {
    session.close();
  }
  // Opening it checks it (and brings an older backup up to this version's format).
  withProject(ctx, path, () => undefined);
  if (ctx.values.json) printJson(ctx, result);
  else {
    ctx.out(`restored ${result.restored.id} (${when(result.restored.createdAt)}, ${describeCounts(result.restored.counts)}) into ${path}\n`);
    ctx.out(`the project as it was is backup ${result.safetyBackup.id}; to undo: weft backups restore ${path} ${result.safetyBackup.id}\n`);
  }
  return EXIT.ok;
}

async function create(ctx: CommandContext, path: string): Promise<number> {
  const info: BackupInfo = await withProjectAsync(ctx, path, (s) => s.backup('manual'));
  if (ctx.values.json) printJson(ctx, info);
  else ctx.out(`backed up ${path} as ${info.id} (${megabytes(info.size)}) in ${info.file}\n`);
  return EXIT.ok;
}

export const backupsCommand: Command = {
  name: 'backups',
  summary: 'list the automatic backups of a project, restore one, or make one now',
  usage: 'weft backups list FILE.weft [--json] | weft backups restore FILE.weft ID [--json] | weft backups create FILE.weft [--json]',
  details:
    'Weft backs a project up when it is opened, every 10 minutes while it changes, and before migrations,\n' +
    'imports and merges, into its data folder (backups/<project GUID>/). list shows each backup with its\n' +
    'counts of documents, codes, codings and themes next to the project now; --json prints\n' +
    '{folder, current, backups: [{id, createdAt, reason, size, counts, projectPath, file, alsoBefore?}]}.\n' +
    'restore first backs the project up as it is (reason before-restore; restoring that undoes the restore),\n' +
    'then puts a copy of backup ID in its place. Close the project in the app first.',
  options: jsonOption,
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    const sliced: CommandContext = { ...ctx, positionals: rest };
    if (sub === 'list') return list(sliced, requireProjectArg(sliced));
    if (sub === 'create') return create(sliced, requireProjectArg(sliced));
    if (sub === 'restore') {
      const path = requireProjectArg(sliced);
      const id = rest[1];
      if (!id) throw new UsageError('give the id of the backup to restore (see weft backups list FILE.weft)');
      return restore(sliced, path, id);
    }
    throw new UsageError(sub ? `unknown backups action “${sub}” (list, restore or create)` : 'say what to do: list, restore or create');
  },
};
