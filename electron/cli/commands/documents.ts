/** weft import / weft documents */
import { listDocuments } from '../../services/documents.js';
import { linkMedia, listMedia } from '../../services/media.js';
import { collectPaths, importPaths, pathInputs, previewSpeakers } from '../../services/importer.js';
import { importParticipantsCsv } from '../../services/participants.js';
import { readUserFile, USER_FILE_KINDS } from '../../fs/user-files.js';
import { basename, resolve } from 'node:path';
import type { MediaLink } from '../../../shared/types/media.js';
import { countOf } from '../../../shared/domain/plural.js';
import { DomainError, EXIT, UsageError, coderOption, jsonOption, printJson, requireProjectArg, withProject, withProjectAsync, READ_ONLY, type Command } from '../command.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'import transcript files or whole folders',
  usage: 'weft import FILE.weft PATH... [--duplicates skip|import] [--no-speakers | --no-speakers-for FILE...] [--dry-run] [--json]',
  details:
    'Prints one line per file: imported, skipped or failed with the reason, and the speakers it created.\n' +
    'Speakers come from “Name:” labels only when the document shows a repeated dialogue pattern; --no-speakers\n' +
    'turns detection off for every file (subtitle timings are kept), --no-speakers-for FILE for that file only\n' +
    '(its name, e.g. comments.txt, or its path; repeat the flag for more files).\n' +
    '--dry-run  write nothing: list the speakers each file would get ({files, speakers: [{source, document, speakers}]} with --json)\n' +
    'Exit status: 0 when every file was imported (or skipped), 1 when any failed (the others are still imported), 2 for usage errors.',
  options: {
    ...jsonOption,
    ...coderOption,
    duplicates: { type: 'string' },
    'no-speakers': { type: 'boolean' },
    'no-speakers-for': { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
  },
  async run(ctx) {
    const project = requireProjectArg(ctx);
    const paths = ctx.positionals.slice(1);
    if (paths.length === 0) throw new UsageError('give at least one file or folder to import');
    const duplicates = ctx.values.duplicates ?? 'skip';
    if (duplicates !== 'skip' && duplicates !== 'import') throw new UsageError('--duplicates takes skip or import');
    const noSpeakersFor = (ctx.values['no-speakers-for'] ?? []) as string[];
    if (noSpeakersFor.length && ctx.values['no-speakers']) throw new UsageError('give --no-speakers (every file) or --no-speakers-for (some files), not both');
    const files = collectPaths(paths).files;
    for (const f of noSpeakersFor) {
      if (!files.some((p) => basename(p) === f || resolve(p) === resolve(f))) throw new UsageError(`--no-speakers-for “${f}” names none of the files to import`);
    }
    // a path given in another spelling (relative, absolute) is matched by the file's own path
    const off = files.filter((p) => noSpeakersFor.some((f) => basename(p) === f || resolve(p) === resolve(f)));
    const detection = ctx.values['no-speakers'] ? { speakers: false } : off.length ? { noSpeakersFor: off } : {};
    if (ctx.values['dry-run']) {
      const preview = await withProjectAsync(ctx, project, () => previewSpeakers(pathInputs(files)), READ_ONLY);
      const shown = { files: preview.files, speakers: preview.speakers.map((d) => ({ ...d, speakers: detection.speakers === false || off.includes(d.source) ? [] : d.speakers })) };
      if (ctx.values.json) printJson(ctx, shown);
      else {
        for (const d of shown.speakers) ctx.out(`${d.source}: ${d.speakers.length ? d.speakers.join(', ') : '(speakers turned off)'}\n`);
        ctx.out(`${shown.speakers.filter((d) => d.speakers.length).length} of ${preview.files} files would get speakers; nothing was written\n`);
      }
      return EXIT.ok;
    }
    const report = await withProjectAsync(ctx, project, (s) => importPaths(s, paths, { duplicates, ...detection }), { writes: true });
    if (ctx.values.json) printJson(ctx, report);
    else {
      for (const f of report.files) {
        const note =
          f.outcome === 'imported'
            ? (f.detected ? ` (${f.detected})` : '') + (f.speakers?.length ? ` speakers: ${f.speakers.join(', ')}` : '')
            : f.outcome === 'linked'
              ? ` → ${f.linkedTo ?? ''}`
              : `: ${f.reason}`;
        ctx.out(`${f.outcome.padEnd(8)} ${f.file}${note}\n`);
      }
      ctx.out(`${report.imported} imported, ${report.skipped} skipped, ${report.failed} failed${report.linked ? `, ${countOf(report.linked, 'recording')} linked` : ''}\n`);
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
  details:
    'length is in UTF-16 code units (Weft’s offset unit); speakers lists each speaker’s turns and linked participant;\n' +
    'media is the linked recording {path, kind, copied, status} (status ok, missing or changed) or null.',
  options: jsonOption,
  run(ctx) {
    const { docs, media } = withProject(ctx, requireProjectArg(ctx), (s) => ({ docs: listDocuments(s.db), media: new Map(listMedia(s).map((m) => [m.documentId, m])) }), READ_ONLY);
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
          media: mediaJson(media.get(d.id)),
        })),
      );
    } else {
      for (const d of docs) {
        const speakers = d.speakers.map((s) => `${s.name} (${s.turns})`).join(', ');
        const m = media.get(d.id);
        const recording = m ? `\trecording: ${m.path}${m.status === 'ok' ? '' : ` (${m.status})`}` : '';
        ctx.out(`${d.name}\t${d.format}\t${d.words} words\t${d.codings} codings${speakers ? `\t${speakers}` : ''}${recording}\n`);
      }
    }
    return EXIT.ok;
  },
};

const mediaJson = (m: MediaLink | undefined) => (m ? { path: m.path, kind: m.kind, copied: m.copied, status: m.status, ...(m.problem ? { problem: m.problem } : {}) } : null);

export const linkMediaCommand: Command = {
  name: 'link-media',
  summary: 'link a recording (audio or video) to a document, or re-link a moved one',
  usage: 'weft link-media FILE.weft DOCUMENT MEDIA [--copy] [--json]',
  details:
    'DOCUMENT is the document’s name (or id). The path is kept relative to the project file, so a folder moved together\n' +
    'with its recordings still finds them. --copy copies the recording into the media folder beside the project\n' +
    '("study media/" for study.weft) and links the copy. Recordings Weft plays: mp3, m4a/aac, wav, ogg/opus, flac, mp4, webm.\n' +
    '--json prints {document, path, kind, copied, status}.',
  options: { ...jsonOption, copy: { type: 'boolean' } },
  run(ctx) {
    const project = requireProjectArg(ctx);
    const [, document, mediaPath] = ctx.positionals;
    if (!document || !mediaPath || ctx.positionals.length > 3) throw new UsageError('give the document and the recording: weft link-media FILE.weft DOCUMENT MEDIA');
    const { name, link } = withProject(
      ctx,
      project,
      (s) => {
        const docs = s.db.prepare('SELECT id, name FROM documents ORDER BY position, id').all() as { id: number; name: string }[];
        const doc = docs.find((d) => d.name === document) ?? (/^\d+$/.test(document) ? docs.find((d) => d.id === Number(document)) : undefined);
        if (!doc) throw new DomainError('NOT_FOUND', `There is no document named “${document}” in ${project}.`);
        return { name: doc.name, link: s.transaction(() => linkMedia(s, doc.id, mediaPath, { copy: ctx.values.copy === true })) };
      },
      { writes: true },
    );
    if (ctx.values.json) printJson(ctx, { document: name, ...mediaJson(link) });
    else ctx.out(`linked ${link.path} to ${name}${link.copied ? ' (copied beside the project)' : ''}\n`);
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
