/**
 * weft commands for the exchange domain: export-codebook, export-project, import-project, and the
 * helpers that give `weft import-codebook` (.qdc) and `weft extracts` (--format csv|xlsx -o OUT)
 * their exchange formats (those two commands live in coding.ts).
 */
import { basename, extname, resolve } from 'node:path';
import type { ExtractsTable } from '../../../shared/exchange/index.js';
import { APP_VERSION } from '../../services/version.js';
import { writeUserFile } from '../../fs/user-files.js';
import {
  CODEBOOK_FORMATS,
  EXTRACTS_FORMATS,
  type CodebookFormat,
  type ExchangeCounts,
  type ExtractsFormat,
} from '../../../shared/types/exchange.js';
import {
  importCodebookFileBytes,
  importProjectAsNewFile,
  renderCodebook,
  renderExtractsTable,
  renderProjectToFile,
  type RenderedExport,
} from '../../services/exchange/workflows.js';
import { ARCHIVE_LIMITS_HELP, ARCHIVE_LIMITS_USAGE, archiveLimitOptions, archiveLimitsOf } from '../archive-limits.js';
import { EXIT, UsageError, coderName, jsonOption, printJson, requireProjectArg, withProject, withProjectAsync, READ_ONLY, type Command, type CommandContext } from '../command.js';

/** The `origin` written into REFI-QDA files. */
const origin = () => `Weft ${APP_VERSION}`;

const outputOption = { output: { type: 'string' as const, short: 'o' } };
const formatOption = { format: { type: 'string' as const } };

/** `--no-formula-protection` on every command that writes CSV or XLSX (shared/csv/writer.ts). */
export const formulaProtectionOption = { 'no-formula-protection': { type: 'boolean' as const } };
export const FORMULA_PROTECTION_HELP =
  '--no-formula-protection  write text that begins with =, +, -, @, a tab or CR exactly as it is. By default\n' +
  '          such a cell gets a \' in front so that a spreadsheet shows it as text instead of running it as a\n' +
  '          formula (OWASP\'s rule against CSV injection; values like "-2" or "- note" get the \' too).';
/** The writer options the command line asked for. */
export const sheetOptions = (ctx: CommandContext) => ({ protectFormulas: ctx.values['no-formula-protection'] !== true });

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The --format value, else the format named by OUT's extension, else a usage error. */
function formatOf<F extends string>(ctx: CommandContext, allowed: readonly F[], aliases: Record<string, F> = {}): F {
  const given = ctx.values.format;
  const out = ctx.values.output;
  if (typeof given === 'string') {
    const f = (aliases[given.toLowerCase()] ?? given.toLowerCase()) as F;
    if (!allowed.includes(f)) throw new UsageError(`--format must be one of ${allowed.join(', ')} (not “${given}”)`);
    return f;
  }
  if (typeof out === 'string' && out !== '-') {
    const ext = extname(out).slice(1).toLowerCase();
    const f = (aliases[ext] ?? ext) as F;
    if (allowed.includes(f)) return f;
  }
  throw new UsageError(`give --format ${allowed.join('|')}`);
}

const TEXT_FORMATS = new Set(['qdc', 'csv', 'md']);

/**
 * Writes an export to -o OUT (atomically), or to standard output for text formats when -o is
 * absent or "-". Warnings go to standard error. Returns the exit code. A file named on the command
 * line is the user's choice, so an existing ordinary file is replaced; a project (FILE.weft, any
 * .weft or its -wal/-shm, any database) never is.
 */
function deliver(ctx: CommandContext, r: RenderedExport, what: string): number {
  const out = ctx.values.output;
  for (const w of r.warnings) ctx.err(`warning: ${w}\n`);
  if (typeof out !== 'string' || out === '-') {
    if (!TEXT_FORMATS.has(r.format)) throw new UsageError(`${r.format.toUpperCase()} is a binary format: give the file to write with -o OUT`);
    ctx.out(new TextDecoder('utf-8', { ignoreBOM: true }).decode(r.bytes)); // keep the CSV's BOM
    return EXIT.ok;
  }
  const path = writeUserFile(out, r.bytes, { overwrite: true, openProjectPath: ctx.positionals[0] ?? null });
  if (ctx.values.json) printJson(ctx, { path, format: r.format, items: r.items, bytes: r.bytes.length, warnings: r.warnings });
  else ctx.out(`wrote ${what} to ${path} (${r.format}, ${r.bytes.length} bytes)\n`);
  return EXIT.ok;
}

const CSV_NOTE =
  'CSV files are RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote, line break or\n' +
  'leading/trailing space in double quotes (quotes doubled), UTF-8 with a byte order mark so that\n' +
  'Excel reads the characters correctly.';

export const exportCodebookCommand: Command = {
  name: 'export-codebook',
  summary: 'write the codebook as REFI-QDA (.qdc), CSV, XLSX, Markdown or Word',
  usage: 'weft export-codebook FILE.weft --format qdc|csv|xlsx|md|docx -o OUT [--no-formula-protection] [--json]',
  details: [
    'qdc   REFI-QDA codebook (NVivo, ATLAS.ti, MAXQDA, QualCoder…): code tree, colours, GUIDs;',
    '      definition, criteria and example in each code’s description; themes as code sets.',
    'csv, xlsx, md, docx: one row (or section) per code with the columns path, definition, inclusion,',
    '      exclusion, example, themes, colour, codings, documents (counts include sub-codes).',
    '      The path joins the names from the top level down with "/"; weft import-codebook reads the CSV back.',
    CSV_NOTE,
    FORMULA_PROTECTION_HELP,
    '--format may be left out when OUT ends in the format’s extension. Text formats (qdc, csv, md)',
    'go to standard output when -o is absent or "-". --json prints {path, format, items, bytes, warnings}.',
  ].join('\n'),
  options: { ...jsonOption, ...formatOption, ...outputOption, ...formulaProtectionOption },
  async run(ctx) {
    const path = requireProjectArg(ctx);
    const format = formatOf<CodebookFormat>(ctx, CODEBOOK_FORMATS, { markdown: 'md', word: 'docx', excel: 'xlsx' });
    if (!TEXT_FORMATS.has(format) && (typeof ctx.values.output !== 'string' || ctx.values.output === '-')) {
      throw new UsageError(`${format.toUpperCase()} is a binary format: give the file to write with -o OUT`);
    }
    const o = origin();
    const r = await withProjectAsync(ctx, path, (s) => renderCodebook(s.db, format, o, sheetOptions(ctx)), READ_ONLY);
    return deliver(ctx, r, plural(r.items, 'code'));
  },
};

export const exportProjectCommand: Command = {
  name: 'export-project',
  summary: 'write the whole project as a REFI-QDA project (.qdpx) for other QDA programs',
  usage: 'weft export-project FILE.weft -o OUT.qdpx [--json]',
  details: [
    'Documents (plain text), codes, codings with their coders, cases, attributes, memos, sets and',
    'themes (as code sets), in REFI-QDA 1.0; positions in Unicode code points. The mapping and what',
    'other programs cannot hold are described in shared/refi/MAPPING.md.',
    '--json prints {path, format, items (documents), bytes, warnings}.',
  ].join('\n'),
  options: { ...jsonOption, ...outputOption },
  async run(ctx) {
    const path = requireProjectArg(ctx);
    const out = ctx.values.output;
    if (typeof out !== 'string' || out === '-') throw new UsageError('give the .qdpx file to write with -o OUT.qdpx');
    const o = origin();
    // streamed to the file (never the whole archive in memory)
    const r = await withProjectAsync(ctx, path, async (s) => renderProjectToFile(s.db, o, out, { overwrite: true, openProjectPath: ctx.positionals[0] ?? null }, {}, s.path), READ_ONLY);
    for (const w of r.warnings) ctx.err(`warning: ${w}\n`);
    if (ctx.values.json) printJson(ctx, { path: r.path, format: r.format, items: r.items, bytes: r.size, warnings: r.warnings });
    else ctx.out(`wrote the project (${plural(r.items, 'document')}) to ${r.path} (${r.format}, ${r.size} bytes)\n`);
    return EXIT.ok;
  },
};

const COUNT_LABELS: [keyof ExchangeCounts, string, string][] = [
  ['documents', 'document', 'documents'],
  ['codes', 'code', 'codes'],
  ['codings', 'coding', 'codings'],
  ['coders', 'coder', 'coders'],
  ['cases', 'case', 'cases'],
  ['attributes', 'attribute', 'attributes'],
  ['attributeValues', 'attribute value', 'attribute values'],
  ['memos', 'memo', 'memos'],
  ['themes', 'theme', 'themes'],
  ['sets', 'set', 'sets'],
];

export const importProjectCommand: Command = {
  name: 'import-project',
  summary: 'create a new project from a REFI-QDA project (.qdpx) made by another program',
  usage: `weft import-project IN.qdpx NEW.weft [--no-speakers | --no-speakers-for DOC...] ${ARCHIVE_LIMITS_USAGE} [--json]`,
  details: [
    'Reads a .qdpx (or a bare .qde) from NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette, Weft… and writes',
    'it to NEW.weft, which must not exist yet (nothing is overwritten). Prints what was imported and',
    'every element that had to be dropped or repaired. On failure, no NEW.weft is left behind.',
    'Speakers are detected from “Name:” lines only when a document shows a repeated dialogue pattern (a project',
    'written by Weft restores its own); each document with speakers is listed. --no-speakers creates none;',
    '--no-speakers-for DOC creates none in that document (its name as listed, or its source GUID; repeat for more).',
    ARCHIVE_LIMITS_HELP,
    '--json prints {path, imported, matched, warnings, speakers}.',
  ].join('\n'),
  options: { ...jsonOption, 'no-speakers': { type: 'boolean' }, 'no-speakers-for': { type: 'string', multiple: true }, ...archiveLimitOptions },
  async run(ctx) {
    const input = ctx.positionals[0];
    const target = ctx.positionals[1];
    if (!input) throw new UsageError('missing the REFI-QDA project to import (IN.qdpx)');
    if (!target) throw new UsageError('missing the new project file to create (NEW.weft)');
    if (ctx.positionals.length > 2) throw new UsageError(`unexpected argument “${ctx.positionals[2]}”`);
    const limits = archiveLimitsOf(ctx);
    const noSpeakersFor = (ctx.values['no-speakers-for'] ?? []) as string[];
    if (noSpeakersFor.length && ctx.values['no-speakers']) throw new UsageError('give --no-speakers (every document) or --no-speakers-for (some documents), not both');
    const detection = ctx.values['no-speakers'] ? { speakers: false } : noSpeakersFor.length ? { noSpeakersFor } : null;
    const r = await importProjectAsNewFile(resolve(input), basename(input), target, coderName(ctx), { limits, ...(detection ? { detection } : {}) });
    // a name or GUID that matched no document is said (the project is written; nothing was turned off for it)
    if (noSpeakersFor.length) {
      const docs = withProject(ctx, r.path, (s) => s.db.prepare('SELECT name, guid FROM documents').all() as { name: string; guid: string }[], READ_ONLY);
      for (const f of noSpeakersFor) {
        if (!docs.some((d) => d.name === f || d.guid.toLowerCase() === f.toLowerCase())) ctx.err(`weft import-project: warning: --no-speakers-for “${f}” names no document of the project\n`);
      }
    }
    if (ctx.values.json) {
      printJson(ctx, { path: r.path, imported: r.imported, matched: r.matched, warnings: r.warnings, speakers: r.speakers ?? [] });
      return EXIT.ok;
    }
    ctx.out(`created ${r.path} from ${input}\n`);
    ctx.out('imported:\n');
    for (const [key, one, many] of COUNT_LABELS) ctx.out(`  ${plural(r.imported[key], one, many)}\n`);
    const withSpeakers = r.speakers ?? [];
    if (withSpeakers.length) {
      ctx.out(`speakers (${withSpeakers.length} ${withSpeakers.length === 1 ? 'document' : 'documents'}${ctx.values['no-speakers'] ? '' : '; --no-speakers to create none'}):\n`);
      for (const d of withSpeakers) ctx.out(`  ${d.document}: ${d.speakers.join(', ')}${d.from === 'restored' ? ' (from Weft)' : ''}\n`);
    }
    if (r.warnings.length === 0) ctx.out('nothing had to be dropped or repaired\n');
    else {
      ctx.out(`dropped or repaired (${r.warnings.length}):\n`);
      for (const w of r.warnings) ctx.out(`  - ${w.replace(/\n/g, '\n    ')}\n`);
    }
    return EXIT.ok;
  },
};

/**
 * `weft import-codebook FILE.weft IN.qdc|IN.csv` (the command is in coding.ts): adds a codebook
 * through the same service as the app (importCodebookFileBytes) and prints what it did.
 */
export async function importCodebookFile(ctx: CommandContext, path: string, file: string, bytes: Uint8Array): Promise<number> {
  const r = await withProjectAsync(
    ctx,
    path,
    async (s) => {
      await s.backupBefore('import');
      return importCodebookFileBytes(s, basename(file), bytes);
    },
    { writes: true },
  );
  if (r.format === 'csv') {
    const existing = r.existingCodes ?? [];
    if (ctx.values.json) printJson(ctx, { created: r.newCodes, existing, warnings: r.warnings });
    else {
      for (const w of r.warnings) ctx.out(`warning: ${w}\n`);
      ctx.out(`${r.newCodes.length} codes created, ${existing.length} already there\n`);
    }
    return EXIT.ok;
  }
  if (ctx.values.json) {
    printJson(ctx, { format: r.format, created: r.newCodes, imported: r.imported, matched: r.matched, warnings: r.warnings });
    return EXIT.ok;
  }
  for (const w of r.warnings) ctx.out(`warning: ${w}\n`);
  const extras = [
    r.imported.themes || r.matched.themes ? `${plural(r.imported.themes, 'theme')} created, ${r.matched.themes} already there` : '',
    r.imported.sets || r.matched.sets ? `${plural(r.imported.sets, 'set')} created, ${r.matched.sets} already there` : '',
  ].filter(Boolean);
  ctx.out(`${r.imported.codes} codes created, ${r.matched.codes} already there${extras.length ? `; ${extras.join('; ')}` : ''}\n`);
  return EXIT.ok;
}

// ----- `weft extracts --format csv|xlsx -o OUT` (the command itself is in coding.ts) -----

export const extractsExportOptions = { ...formatOption, ...outputOption, ...formulaProtectionOption };

export interface ExtractsExportRequest {
  format: ExtractsFormat;
  output: string | null;
}

/** The export asked for with --format / -o, or null for the usual listing. */
export function extractsExportRequest(ctx: CommandContext): ExtractsExportRequest | null {
  if (ctx.values.format === undefined && ctx.values.output === undefined) return null;
  const format = formatOf<ExtractsFormat>(ctx, EXTRACTS_FORMATS);
  const out = ctx.values.output;
  const output = typeof out === 'string' && out !== '-' ? out : null;
  if (format === 'xlsx' && output === null) throw new UsageError('XLSX is a binary format: give the file to write with -o OUT');
  return { format, output };
}

/** Writes the extracts table (read while the project was open) as asked. */
export async function writeExtractsExport(ctx: CommandContext, table: ExtractsTable, request: ExtractsExportRequest, title: string): Promise<number> {
  const r = await renderExtractsTable(table, request.format, title, sheetOptions(ctx));
  return deliver(ctx, r, plural(r.items, 'extract'));
}

export const exchangeCommands: Command[] = [exportCodebookCommand, exportProjectCommand, importProjectCommand];
