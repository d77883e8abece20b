/** weft themes / weft import-themes / weft export-report */
import { readUserFile, USER_FILE_KINDS } from '../../fs/user-files.js';
import { basename } from 'node:path';
import type { ThemeNode } from '../../../shared/types/themes.js';
import type { ReportFormat } from '../../../shared/types/themes.js';
import { listThemeTree, importThemesCsv } from '../../services/themes.js';
import { exportReport } from '../../services/reports/index.js';
import { EXIT, UsageError, coderOption, jsonOption, printJson, requireProjectArg, withProject, withProjectAsync, READ_ONLY, type Command } from '../command.js';

interface ThemeJson {
  name: string;
  definition: string;
  status: string;
  codes: string[];
  subthemes: ThemeJson[];
}

const toJson = (t: ThemeNode): ThemeJson => ({
  name: t.name,
  definition: t.definition,
  status: t.status,
  codes: t.codes.map((c) => c.path),
  subthemes: t.children.map(toJson),
});

export const themesCommand: Command = {
  name: 'themes',
  summary: 'list the themes with their definition, status, codes and sub-themes',
  usage: 'weft themes FILE.weft [--json]',
  details:
    'With --json: an array of {name, definition, status, codes, subthemes}; codes are code paths (Parent/Child),\n' +
    'subthemes has the same shape. Status is candidate, reviewed, final or discarded.',
  options: jsonOption,
  run(ctx) {
    const tree = withProject(ctx, requireProjectArg(ctx), (s) => listThemeTree(s.db), READ_ONLY);
    if (ctx.values.json) {
      printJson(ctx, tree.themes.map(toJson));
      return EXIT.ok;
    }
    const print = (list: ThemeNode[], depth: number) => {
      for (const t of list) {
        const pad = '  '.repeat(depth);
        ctx.out(`${pad}${t.name}  [${t.status}] ${t.totals.codings} extracts, ${t.totals.participants} participants, ${t.quotes.length} quotes\n`);
        if (t.definition) ctx.out(`${pad}  ${t.definition}\n`);
        for (const c of t.codes) ctx.out(`${pad}  - ${c.path}\n`);
        print(t.children, depth + 1);
      }
    };
    print(tree.themes, 0);
    if (tree.themes.length === 0) ctx.out('no themes yet\n');
    if (tree.unthemed.length) ctx.out(`not yet themed: ${tree.unthemed.map((c) => c.path).join(', ')}\n`);
    return EXIT.ok;
  },
};

export const importThemesCommand: Command = {
  name: 'import-themes',
  summary: 'import themes from a CSV of name and definition (explanation) columns',
  usage: 'weft import-themes FILE.weft CSV [--json]',
  details:
    'The CSV needs a header line. Columns: theme (or name), definition (or explanation); optional parent\n' +
    '(makes a sub-theme), status, and codes (code paths separated by ;). Existing themes of the same name\n' +
    'are updated. Everything is imported in one transaction.',
  options: { ...jsonOption, ...coderOption },
  run(ctx) {
    const project = requireProjectArg(ctx);
    const csvPath = ctx.positionals[1];
    if (!csvPath) throw new UsageError('missing the CSV file of themes');
    const bytes = readUserFile(csvPath, USER_FILE_KINDS.table);
    const report = withProject(ctx, project, (s) => s.transaction(() => importThemesCsv(s.db, basename(csvPath), bytes)), { writes: true });
    if (ctx.values.json) printJson(ctx, report);
    else {
      for (const n of report.created) ctx.out(`created  ${n}\n`);
      for (const n of report.updated) ctx.out(`updated  ${n}\n`);
      for (const p of report.problems) ctx.out(`problem  ${p}\n`);
      ctx.out(`${report.created.length} created, ${report.updated.length} updated, ${report.problems.length} problems\n`);
    }
    return EXIT.ok;
  },
};

const FORMATS: ReportFormat[] = ['docx', 'md', 'html'];

export const exportReportCommand: Command = {
  name: 'export-report',
  summary: 'write the thematic analysis report as Word (docx), Markdown or HTML',
  usage: 'weft export-report FILE.weft --format docx|md|html -o OUT [--title TEXT] [--all-participants] [--json]',
  details:
    'The report has a participants table (case attributes), a themes table (theme | explanation), a section\n' +
    'per theme with its definition, sub-themes and chosen illustrative quotes ("Name (role)"), and an\n' +
    'appendix codebook. Discarded themes are left out. The participants table lists the participants who appear\n' +
    'in the documents (linked to a document or to a speaker); --all-participants lists every participant.',
  options: { ...jsonOption, format: { type: 'string' }, output: { type: 'string', short: 'o' }, title: { type: 'string' }, 'all-participants': { type: 'boolean' } },
  async run(ctx) {
    const project = requireProjectArg(ctx);
    const format = ctx.values.format;
    if (typeof format !== 'string' || !FORMATS.includes(format as ReportFormat)) throw new UsageError('--format takes docx, md or html');
    const out = ctx.values.output;
    if (typeof out !== 'string' || !out) throw new UsageError('missing -o OUT, the file to write');
    const title = typeof ctx.values.title === 'string' ? ctx.values.title : undefined;
    const result = await withProjectAsync(ctx, project, (s) => exportReport(s.db, format as ReportFormat, out, { ...(title ? { title } : {}), ...(ctx.values['all-participants'] ? { participantsListed: 'all' as const } : {}) }, { overwrite: true, openProjectPath: project }), READ_ONLY);
    if (ctx.values.json) printJson(ctx, { ...result, format });
    else ctx.out(`wrote ${result.path} (${result.bytes} bytes)\n`);
    return EXIT.ok;
  },
};

export const themesCommands: Command[] = [themesCommand, importThemesCommand, exportReportCommand];
