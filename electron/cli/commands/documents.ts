/** weft import / weft documents */
import { listDocuments } from '../../services/documents.js';
import { importPaths } from '../../services/importer.js';
import { importParticipantsCsv } from '../../services/participants.js';
import { readUserFile, USER_FILE_KINDS } from '../../fs/user-files.js';
import { basename } from 'node:path';
import { DomainError, EXIT, UsageError, coderOption, jsonOption, printJson, requireProjectArg, withProject, withProjectAsync, READ_ONLY, type Command } from '../command.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'import transcript files or whole folders',
  usage: 'weft import FILE.weft PATH... [--duplicates skip|import] [--no-speakers] [--json]',
  details:
    'Prints one line per file: imported, skipped or failed with the reason, and the speakers it created.\n' +
    'Speakers come from “Name:” labels only when the document shows a repeated dialogue pattern; --no-speakers\n' +
    'turns detection off for every file (subtitle timings are kept).\n' +
    'Exit status: 0 when every file was imported (or skipped), 1 when any failed (the others are still imported), 2 for usage errors.',
  options: { ...jsonOption, ...coderOption, duplicates: { type: 'string' }, 'no-speakers': { type: 'boolean' } },
  async run(ctx) {
    const project = requireProjectArg(ctx);
    const paths = ctx.positionals.slice(1);
    if (paths.length === 0) throw new UsageError('give at least one file or folder to import');
    const duplicates = ctx.values.duplicates ?? 'skip';
    if (duplicates !== 'skip' && duplicates !== 'import') throw new UsageError('--duplicates takes skip or import');
    const report = await withProjectAsync(ctx, project, (s) => importPaths(s, paths, { duplicates, ...(ctx.values['no-speakers'] ? { speakers: false } : {}) }), { writes: true });
    if (ctx.values.json) printJson(ctx, report);
    else {
      for (const f of report.files) {
        const note = f.outcome === 'imported' ? (f.detected ? ` (${f.detected})` : '') + (f.speakers?.length ? ` speakers: ${f.speakers.join(', ')}` : '') : `: ${f.reason}`;
        ctx.out(`${f.outcome.padEnd(8)} ${f.file}${note}\n`);
      }
      ctx.out(`${report.imported} imported, ${report.skipped} skipped, ${report.failed} failed\n`);
    }
    if (report.stopped) throw new DomainError(report.stopped.code, report.stopped.message);
    // Each failed file also gets its one line on standard error.
    for (const f of report.files) if (f.outcome === 'failed') ctx.err(`weft import: ${f.file}: ${f.reason}\n`);
    return report.failed > 0 ? EXIT.failed : EXIT.ok;
  },
};

export const documentsCommand: Command = {
  name: 'documents',
  summary: 'list the documents with their format, length and speakers',
  usage: 'weft documents FILE.weft [--json]',
  details: 'length is in UTF-16 code units (Weft’s offset unit); speakers lists each speaker’s turns and linked participant.',
  options: jsonOption,
  run(ctx) {
    const docs = withProject(ctx, requireProjectArg(ctx), (s) => listDocuments(s.db), READ_ONLY);
    if (ctx.values.json) {
      printJson(
        ctx,
        docs.map((d) => ({
          id: d.id,
          guid: d.guid,
          name: d.name,
          format: d.format,
          length: d.length,
          words: d.words,
          codings: d.codings,
          speakers: d.speakers.map((s) => ({ name: s.name, turns: s.turns, participant: s.participant, interviewer: s.isInterviewer })),
        })),
      );
    } else {
      for (const d of docs) {
        const speakers = d.speakers.map((s) => `${s.name} (${s.turns})`).join(', ');
        ctx.out(`${d.name}\t${d.format}\t${d.words} words\t${d.codings} codings${speakers ? `\t${speakers}` : ''}\n`);
      }
    }
    return EXIT.ok;
  },
};

const KINDS = ['text', 'number', 'date', 'boolean', 'category'] as const;
type Kind = (typeof KINDS)[number];

export const importCasesCommand: Command = {
  name: 'import-cases',
  summary: 'import participants (cases) with their attributes from a CSV table',
  usage: 'weft import-cases FILE.weft PARTICIPANTS.csv [--type COLUMN=text|number|date|boolean|category]... [--json]',
  details:
    'The CSV has one row per participant: a column headed name (or participant, pseudonym, case, speaker) and attribute\n' +
    'columns. Attribute types are inferred from the values; --type overrides one. Speakers whose label matches a\n' +
    'participant name are linked to that participant.',
  options: { ...jsonOption, type: { type: 'string', multiple: true } },
  run(ctx) {
    const project = requireProjectArg(ctx);
    const csv = ctx.positionals[1];
    if (!csv) throw new UsageError('give the participants CSV file');
    const kinds: Record<string, Kind> = {};
    for (const t of (ctx.values.type as string[] | undefined) ?? []) {
      const m = /^(.+)=(\w+)$/.exec(t);
      if (!m || !KINDS.includes(m[2] as Kind)) throw new UsageError(`--type takes COLUMN=${KINDS.join('|')}, not “${t}”`);
      kinds[m[1]!] = m[2] as Kind;
    }
    const bytes = readUserFile(csv, USER_FILE_KINDS.table);
    const result = withProject(ctx, project, (s) => importParticipantsCsv(s.db, basename(csv), bytes, kinds), { writes: true });
    if (ctx.values.json) printJson(ctx, result);
    else {
      ctx.out(`${result.created} participants added, ${result.updated} updated, ${result.linkedSpeakers} speakers linked by name\n`);
      for (const a of result.attributes) ctx.out(`  ${a.name}: ${a.kind}\n`);
      for (const w of result.warnings) ctx.out(`warning: ${w}\n`);
    }
    return EXIT.ok;
  },
};
