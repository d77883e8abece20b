/** weft check — integrity, orphan rows, full-text index, codings and schema identity of a project file. */
import { checkProjectFile, type CheckResult, type ProjectCheckReport } from '../../services/project-check.js';
import { EXIT, jsonOption, printJson, requireProjectArg, type Command, type CommandContext } from '../command.js';

/** `weft check`'s own exit status when it found problems that remain (after --repair, if given). */
export const EXIT_PROBLEMS_FOUND = 3;

const TITLES: Record<string, string> = {
  schema: 'schema identity (structure is Weft’s)',
  integrity: 'SQLite integrity',
  'foreign-keys': 'foreign keys (orphan rows)',
  'full-text-index': 'full-text search index',
  codings: 'codings inside their documents, on character boundaries',
};

function printCheck(ctx: CommandContext, c: CheckResult) {
  ctx.out(`${c.ok ? 'ok     ' : 'PROBLEM'}  ${TITLES[c.name] ?? c.name}\n`);
  for (const p of c.problems) ctx.out(`           - ${p}\n`);
  for (const r of c.repaired ?? []) ctx.out(`           repaired: ${r}\n`);
}

function printReport(ctx: CommandContext, r: ProjectCheckReport) {
  ctx.out(`Checking ${r.file}\n`);
  for (const c of r.checks) printCheck(ctx, c);
  if (r.backup) ctx.out(`A copy of the file as it was before the repair: ${r.backup}\n`);
  if (r.notRepaired) ctx.out(`Not repaired: ${r.notRepaired}\n`);
  const failed = r.checks.filter((c) => !c.ok).length;
  ctx.out(r.ok ? 'No problems found.\n' : `${failed} of ${r.checks.length} checks found problems.${r.backup || r.notRepaired ? '' : ' weft check --repair repairs those marked “--repair”.'}\n`);
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'check a project file for damage and, with --repair, repair what is safe to repair',
  usage: 'weft check FILE.weft [--repair] [--json]',
  details: [
    'Checks, without changing the file: SQLite integrity_check; foreign keys (orphan rows that point at',
    'something that no longer exists); the full-text search index against the documents; every coding',
    'inside its document’s text and on character boundaries; and that the file’s structure (tables,',
    'indexes, views, triggers, columns) is exactly what Weft writes. A file whose structure is not Weft’s',
    'is not read further: its tables could run what the file contains.',
    '--repair  repairs what can be repaired safely, in one transaction, after keeping a copy beside the',
    '          file (NAME.before-repair-TIMESTAMP.weft): rebuilds the search index, removes orphan rows',
    '          (or clears their reference, as the schema declares), widens a coding that splits a',
    '          character. Codings outside their text are reported, not guessed at.',
    '--json    prints {file, ok, checks: [{name, ok, problems: [...], repaired?: [...]}], backup?, notRepaired?}',
    `Exit status: 0 no problems (after repairing, with --repair); ${EXIT_PROBLEMS_FOUND} problems found (and not all repaired);`,
    '1 the file is not a Weft project this Weft can read; 2 usage error.',
  ].join('\n'),
  options: { ...jsonOption, repair: { type: 'boolean' } },
  async run(ctx) {
    const path = requireProjectArg(ctx);
    const report = await checkProjectFile(path, { repair: ctx.values.repair === true });
    if (ctx.values.json) printJson(ctx, report);
    else printReport(ctx, report);
    return report.ok ? EXIT.ok : EXIT_PROBLEMS_FOUND;
  },
};
