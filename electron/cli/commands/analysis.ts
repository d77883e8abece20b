/** weft report / weft search — the analysis queries from the command line. */
import { writeUserFile } from '../../fs/user-files.js';
import { toCsv } from '../../../shared/csv/writer.js';
import { cooccurrenceTable, matrixTable, rankingTable, tableRows } from '../../../shared/analysis/tables.js';
import type { AnalysisFilters, AttributeScope, AutoCodeScope, CooccurrenceUnit, CountMode, ExportTable, RowKind } from '../../../shared/analysis/types.js';
import type { DB } from '../../db/connection.js';
import type { RankLevel } from '../../../shared/analysis/matrix.js';
import { findAttributeByName } from '../../services/cases.js';
import { codePaths } from '../../services/codes.js';
import { cooccurrenceQuery, matrixQuery, rankingQuery } from '../../services/analysis/queries.js';
import { autoCode, searchUpTo } from '../../services/analysis/search.js';
import { tablesToXlsx } from '../../services/analysis/export.js';
import { FORMULA_PROTECTION_HELP, formulaProtectionOption, sheetOptions } from './exchange.js';
import { EXIT, UsageError, coderOption, jsonOption, printJson, requireProjectArg, withProject, DomainError, READ_ONLY, type Command, type CommandContext } from '../command.js';

function choice<T extends string>(ctx: CommandContext, flag: string, allowed: readonly T[], fallback: T): T {
  const v = ctx.values[flag];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new UsageError(`--${flag} takes ${allowed.join(', ')}`);
  return v as T;
}

function outputFormat(ctx: CommandContext): 'csv' | 'json' | 'xlsx' {
  if (ctx.values.json) return 'json';
  const f = choice(ctx, 'format', ['csv', 'json', 'xlsx'] as const, 'csv');
  if (f === 'xlsx' && typeof ctx.values.output !== 'string') throw new UsageError('--format xlsx needs --output FILE.xlsx');
  return f;
}

/** --output FILE: replaced when it exists (named on the command line), never a project. */
const writeOutput = (ctx: CommandContext, path: string, bytes: Uint8Array | string) =>
  writeUserFile(path, bytes, { overwrite: true, openProjectPath: ctx.positionals[0] ?? null });

async function emitTable(ctx: CommandContext, format: 'csv' | 'xlsx', table: ExportTable) {
  if (format === 'xlsx') {
    const path = ctx.values.output as string;
    writeOutput(ctx, path, await tablesToXlsx([table], sheetOptions(ctx)));
    ctx.err(`wrote ${path}\n`);
    return;
  }
  const csv = toCsv(tableRows(table), { bom: false, ...sheetOptions(ctx) });
  if (typeof ctx.values.output === 'string') writeOutput(ctx, ctx.values.output, csv);
  else ctx.out(csv);
}

/** --set NAME, --coder NAME, --theme NAME and --where ATTRIBUTE=VALUE as query filters. */
function filtersFrom(ctx: CommandContext, db: DB): AnalysisFilters {
  const filters: AnalysisFilters = {};
  const byName = (table: 'sets' | 'coders' | 'themes', what: string, name: string): number => {
    const ids = db.prepare(`SELECT id FROM ${table} WHERE name = ? OR lower(name) = lower(?)`).pluck().all(name, name) as number[];
    if (ids.length === 0) throw new DomainError('NOT_FOUND', `There is no ${what} called “${name}” in this project.`);
    return ids[0]!;
  };
  if (typeof ctx.values.set === 'string') filters.setIds = [byName('sets', 'document set', ctx.values.set)];
  if (typeof ctx.values['by-coder'] === 'string') filters.coderIds = [byName('coders', 'coder', ctx.values['by-coder'])];
  if (typeof ctx.values.theme === 'string') filters.themeId = byName('themes', 'theme', ctx.values.theme);
  const where = ctx.values.where;
  for (const w of Array.isArray(where) ? where : typeof where === 'string' ? [where] : []) {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new UsageError('--where takes ATTRIBUTE=VALUE');
    const attr = findAttributeByName(db, w.slice(0, eq).trim());
    (filters.attributes ??= []).push({ attributeId: attr.id, values: [w.slice(eq + 1).trim()] });
  }
  return filters;
}

const reportCommand: Command = {
  name: 'report',
  summary: 'code × attribute matrix, ranked code frequencies, or code co-occurrence',
  usage: 'weft report FILE.weft matrix|ranking|cooccurrence --by ATTRIBUTE [--count codings|documents|cases] [--format csv|json|xlsx] [--no-formula-protection]',
  details: [
    'matrix        rows are codes (a parent counts its sub-codes) or themes (--rows themes), columns the',
    '              values of the attribute (an ordered category in its own order), cells the count.',
    'ranking       per attribute value, the codes ranked by count; ties share a rank (1, 2, 2, 4).',
    '              JSON: an object keyed by value, each an array of {rank, code, path, count} in rank order.',
    'cooccurrence  how often two codes overlap (--unit overlap, the default) or occur in the same speaker',
    '              turn or paragraph (--unit turn|paragraph); --by is not needed.',
    '',
    'Options:',
    '  --by ATTRIBUTE          a case or document attribute, by name (--scope case|document if both exist)',
    '  --count MODE            codings (default), documents or cases',
    '  --rows codes|themes     rows of the matrix and ranking (default codes)',
    '  --level all|leaves|top  which codes a ranking lists. Default: leaves (the codes that were applied, without',
    '                          their category parents, whose totals would outrank every topic) when no code with',
    '                          sub-codes was applied itself; all when one was; all for --rows themes',
    '  --percent row|column    matrix cells as row or column percentages (CSV)',
    '  --missing               add a "(no value)" column for codings without a value',
    '  --format csv|json|xlsx  output (default csv; --json is the same as --format json)',
    '  --output FILE           write to FILE instead of standard output (needed for xlsx)',
    `  ${FORMULA_PROTECTION_HELP}`,
    '  --set NAME, --by-coder NAME, --theme NAME, --where ATTRIBUTE=VALUE (repeatable)',
    '                          count only codings in that document set / by that coder / of that',
    '                          theme\'s codes / with that attribute value',
    '',
    'How a coding gets a value: a case attribute from the case of the speaker whose turn the coding is in,',
    'else from the cases the document is linked to; a document attribute from the coding’s document.',
  ].join('\n'),
  options: {
    ...jsonOption,
    by: { type: 'string' },
    count: { type: 'string' },
    format: { type: 'string' },
    rows: { type: 'string' },
    scope: { type: 'string' },
    unit: { type: 'string' },
    level: { type: 'string' },
    percent: { type: 'string' },
    missing: { type: 'boolean' },
    output: { type: 'string' },
    set: { type: 'string' },
    'by-coder': { type: 'string' },
    theme: { type: 'string' },
    where: { type: 'string', multiple: true },
    ...formulaProtectionOption,
  },
  async run(ctx) {
    const path = requireProjectArg(ctx);
    const kind = ctx.positionals[1];
    if (kind !== 'matrix' && kind !== 'ranking' && kind !== 'cooccurrence') throw new UsageError('say which report: matrix, ranking or cooccurrence');
    if (ctx.positionals.length > 2) throw new UsageError(`unexpected argument “${ctx.positionals[2]}”`);
    const format = outputFormat(ctx);
    const count = choice<CountMode>(ctx, 'count', ['codings', 'documents', 'cases'], 'codings');
    const rows = choice<RowKind>(ctx, 'rows', ['codes', 'themes'], 'codes');
    const scope = ctx.values.scope === undefined ? undefined : choice<AttributeScope>(ctx, 'scope', ['case', 'document'], 'case');
    const includeMissing = ctx.values.missing === true;

    if (kind === 'cooccurrence') {
      const unit = choice<CooccurrenceUnit>(ctx, 'unit', ['overlap', 'turn', 'paragraph'], 'overlap');
      const result = withProject(ctx, path, (s) => cooccurrenceQuery(s.db, { unit, filters: filtersFrom(ctx, s.db) }), READ_ONLY);
      if (format === 'json') {
        const pairs = [];
        for (let i = 0; i < result.codes.length; i++) {
          for (let j = i + 1; j < result.codes.length; j++) {
            const n = result.counts[i]![j]!;
            if (n > 0) pairs.push({ a: result.codes[i]!.name, b: result.codes[j]!.name, count: n });
          }
        }
        printJson(ctx, { unit, codes: result.codes.map((c) => c.name), paths: result.codes.map((c) => c.path), counts: result.counts, pairs });
      } else await emitTable(ctx, format, cooccurrenceTable(result));
      return EXIT.ok;
    }

    const by = ctx.values.by;
    if (typeof by !== 'string' || !by.trim()) throw new UsageError(`${kind} needs --by ATTRIBUTE`);
    if (kind === 'matrix') {
      const percent = choice(ctx, 'percent', ['none', 'row', 'column'] as const, 'none');
      const m = withProject(ctx, path, (s) => matrixQuery(s.db, { attributeId: findAttributeByName(s.db, by, scope).id, count, rows, includeMissing, filters: filtersFrom(ctx, s.db) }), READ_ONLY);
      if (format === 'json') {
        const labels = m.columns.map((c) => c.label);
        const keyed = <T>(values: T[]) => Object.fromEntries(labels.map((l, i) => [l, values[i]]));
        printJson(ctx, {
          attribute: m.attribute.name,
          scope: m.attribute.scope,
          count: m.count,
          rows: m.rowKind,
          columns: labels,
          data: m.rows.map((r) => ({
            code: r.name,
            path: r.path,
            depth: r.depth,
            counts: keyed(r.cells.map((c) => c.count)),
            rowPercent: keyed(r.cells.map((c) => c.rowPct)),
            columnPercent: keyed(r.cells.map((c) => c.colPct)),
            total: r.total,
          })),
          columnTotals: keyed(m.columnTotals),
          total: m.grandTotal,
        });
      } else await emitTable(ctx, format, matrixTable(m, percent));
      return EXIT.ok;
    }

    const level = ctx.values.level === undefined ? undefined : choice<RankLevel>(ctx, 'level', ['all', 'leaves', 'top'], 'all');
    const r = withProject(
      ctx,
      path,
      (s) => rankingQuery(s.db, { attributeId: findAttributeByName(s.db, by, scope).id, count, rows, includeMissing, ...(level ? { level } : {}), filters: filtersFrom(ctx, s.db) }),
      READ_ONLY,
    );
    if (format === 'json') {
      printJson(ctx, Object.fromEntries(r.columns.map((c) => [c.label, c.items.map((i) => ({ rank: i.rank, code: i.code, path: i.path, count: i.count }))])));
    } else await emitTable(ctx, format, rankingTable(r));
    return EXIT.ok;
  },
};

const searchCommand: Command = {
  name: 'search',
  summary: 'full-text search across all documents; optionally code every hit',
  usage: 'weft search FILE.weft QUERY [--json] [--limit N] [--include-interviewer] [--code CODE --scope hit|sentence|paragraph|turn]',
  details: [
    'QUERY: words (all must occur in a document), "a phrase", prefix* and OR; case and accents are ignored.',
    'Each hit is printed as document, offsets (UTF-16, end-exclusive) and its context.',
    'With --code, every hit (or its sentence, paragraph or speaker turn: --scope, default hit) is coded with',
    'CODE (a name or Parent/Child path) in one transaction; passages already coded are skipped.',
    'Hits lying only in interviewer turns are left out when the project setting "exclude interviewer turns" is on',
    '(the default); --include-interviewer finds and codes them anyway.',
  ].join('\n'),
  options: { ...jsonOption, ...coderOption, limit: { type: 'string' }, code: { type: 'string' }, scope: { type: 'string' }, 'include-interviewer': { type: 'boolean' } },
  run(ctx) {
    const path = requireProjectArg(ctx);
    const query = ctx.positionals.slice(1).join(' ');
    if (!query.trim()) throw new UsageError('give the text to search for');
    const filters: AnalysisFilters = ctx.values['include-interviewer'] ? { excludeInterviewer: false } : {};
    if (typeof ctx.values.code === 'string') {
      const scope = choice<AutoCodeScope>(ctx, 'scope', ['hit', 'sentence', 'paragraph', 'turn'], 'hit');
      const codeName = ctx.values.code;
      const result = withProject(ctx, path, (s) => {
        const paths = codePaths(s.db);
        const matches = [...paths].filter(([, p]) => p === codeName || p.split('/').pop() === codeName);
        if (matches.length === 0) throw new DomainError('NOT_FOUND', `There is no code called “${codeName}” in this project.`);
        if (matches.length > 1) throw new DomainError('VALIDATION', `“${codeName}” names several codes (${matches.map(([, p]) => p).join(', ')}); give its path.`);
        return autoCode(s, { query, codeId: matches[0]![0], scope, filters });
      }, { writes: true });
      if (ctx.values.json) printJson(ctx, result);
      else ctx.out(`${result.hits} hits: coded ${result.created} passages (${result.scope}) with “${result.code}”, ${result.skipped} already coded\n`);
      return EXIT.ok;
    }
    const limit = ctx.values.limit === undefined ? 500 : Number(ctx.values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit takes a positive whole number');
    const result = withProject(ctx, path, (s) => searchUpTo(s.db, { query, limit, filters }), READ_ONLY);
    if (ctx.values.json) printJson(ctx, result);
    else {
      for (const h of result.hits) ctx.out(`${h.documentName}\t${h.start}-${h.end}\t${h.before}[${h.match}]${h.after}\n`);
      const more = result.complete ? '' : '+';
      ctx.out(`${result.total}${more} hits in ${result.documents}${more} documents${result.truncated ? ` (first ${result.hits.length} shown)` : ''}\n`);
    }
    return EXIT.ok;
  },
};

export const analysisCommands: Command[] = [reportCommand, searchCommand];
