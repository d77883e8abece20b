/**
 * File-level entry points: .qdpx / bare .qde / .qdc on disk or as bytes → Weft, and back.
 * A .qdpx is written as it is read, in one transaction (streamQdpxInto); a bare .qde, a codebook
 * and a .qdpx in another order are parsed and their texts resolved before the (single) write transaction.
 */
import { DomainError } from '../../../shared/api/errors.js';
import { hasZipMagic } from '../../../shared/import/sniff.js';
import { ImportError } from '../../../shared/import/types.js';
import {
  parseProjectXml,
  parseRefiXml,
  RefiXmlParser,
  rawTextOf,
  RefiFormatError,
  resolveNoteText,
  resolveProjectTexts,
  resolveSourceText,
  sourceLabel,
  sourceTextMissing,
  textSources,
  textSourcesOf,
  walkCodes,
  type ExchangeSource,
  type WeftExtension,
  parseExtension,
  WEFT_EXTENSION_PATH,
  type ExchangeProject,
} from '../../../shared/refi/index.js';
import { isCleanName } from '../../../shared/domain/names.js';
import { readUserFile, readUserFileHead, USER_FILE_KINDS } from '../../fs/user-files.js';
import { parseFile } from '../../import/parse-file.js';
import { ArchiveError, openQdpx, type QdpxArchive, type ZipLimits } from '../../refi/qdpx.js';
import type { ProjectSession } from '../project-session.js';
import { removeMediaCopies } from '../media.js';
import { discardExtractedMedia, extractRecording, extractRecordings } from './media-files.js';
import { checkCancelled, type ProgressOptions } from './progress.js';
import { importCodebookInto, importProjectInto, importReport, projectImporter, type ExchangeImportReport, type ProjectImporter, type ProjectImportOptions } from './import.js';

export interface LoadOptions extends ProgressOptions {
  limits?: Partial<ZipLimits>;
  /**
   * Extracts plain text from a rich-text file (.docx), used when a source's .txt is missing or
   * empty (NVivo for Mac 15 writes an empty .txt and the text only in the .docx). Defaults to
   * Weft's own file parser.
   */
  richText?: (name: string, bytes: Uint8Array) => Promise<string>;
}

/** Largest .qdc / bare .qde accepted. */
export const MAX_XML_BYTES = USER_FILE_KINDS.projectXml.maxBytes;

const defaultRichText = async (name: string, bytes: Uint8Array) => (await parseFile(name, bytes)).text;

function asDomainError(err: unknown, file: string): unknown {
  if (err instanceof RefiFormatError || err instanceof ArchiveError) return new DomainError('VALIDATION', `${file}: ${err.message}`);
  // a source's text file that is not text (shared/import/decode.ts): name the archive and the entry
  if (err instanceof ImportError) return new DomainError('VALIDATION', `${file}: the entry “${err.file}” ${err.message.replace(/^the file /, '')}`);
  return err;
}

/** Reads and parses a .qdpx and resolves every source's text and positions. Nothing is written. */
export async function loadQdpx(input: string | Uint8Array, options: LoadOptions = {}): Promise<ExchangeProject> {
  const label = typeof input === 'string' ? `“${input}”` : 'The archive';
  let archive;
  try {
    archive = openQdpx(input, options.limits);
  } catch (err) {
    throw asDomainError(err, label);
  }
  let project: ExchangeProject | undefined;
  try {
    // parsed as it is inflated: neither the whole .qde nor its whole element tree is ever held
    const parser = new RefiXmlParser({ expect: 'project' });
    try {
      await archive.readQde((bytes) => parser.writeBytes(bytes));
      project = parser.end();
    } catch (err) {
      throw asDomainError(err, err instanceof ArchiveError ? label : `${label} (${archive.qdeName})`);
    }
    project.warnings.unshift(...archive.warnings);
    await completeLoad(project, archive, options, readWeftExtension(archive, project.warnings));
    return project;
  } catch (err) {
    if (project !== undefined) discardExtractedMedia(project);
    // e.g. a source file that lies about its size, or fails its CRC
    throw asDomainError(err, label);
  } finally {
    archive.close();
  }
}

/**
 * The rest of reading a parsed .qdpx: Weft's own data (`weft`, read already), the recordings,
 * every source's text (and positions) and every note's.
 */
async function completeLoad(project: ExchangeProject, archive: QdpxArchive, options: LoadOptions, weft: WeftExtension | undefined) {
  if (weft) project.weft = weft;
  extractRecordings(project, archive);
  const richText = options.richText ?? defaultRichText;
  const sources = [...textSources(project)];
  let done = 0;
  for (const { source } of sources) {
    checkCancelled(options, 'The import');
    options.onProgress?.(done++, sources.length);
    const read = archiveText(project, source, archive);
    if (read === null) continue;
    let raw = read.raw;
    let richProblem: string | undefined;
    if (wantsRichText(source, raw)) {
      const bytes = archive.readFile(source.richTextPath!);
      if (!bytes) richProblem = `its rich-text file ${source.richTextPath} is not in the archive either`;
      else {
        try {
          const text = await richText(source.richTextPath!.replace(/^.*[/:]/, ''), bytes);
          if (text.trim() !== '') {
            project.warnings.push(
              `The ${sourceLabel(source)} has ${raw === undefined ? 'no plain-text file' : 'an empty plain-text file'}; its text was taken from the rich-text file${source.selections.length ? ', so its selections may not line up' : ''}.`,
            );
            raw = text;
          } else richProblem = 'its rich-text file has no text either';
        } catch (err) {
          richProblem = `its rich-text file could not be read (${(err as Error).message.replace(/\.$/, '')})`;
        }
      }
    }
    settleText(project, source, raw, richProblem);
  }
  options.onProgress?.(sources.length, sources.length);
  resolveNotes(project, archive);
}

function resolveNotes(project: ExchangeProject, archive: QdpxArchive) {
  for (const note of project.notes) {
    try {
      resolveNoteText(project, note, archive.readFile);
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      project.warnings.push(`The text of the note “${note.name ?? note.guid}” was not imported: its file ${err.file} ${err.message.replace(/^the file /, '')}.`);
    }
  }
}

/** A source's text as the archive has it (null when its file is not text: reported, and the source skipped). */
function archiveText(project: ExchangeProject, source: ExchangeSource, archive: QdpxArchive): { raw: string | undefined } | null {
  try {
    return { raw: rawTextOf(project, source, archive.readFile) };
  } catch (err) {
    // a text file that is binary data (shared/import/decode.ts): this source is skipped, the others imported
    if (!(err instanceof ImportError)) throw err;
    sourceTextMissing(project, source, `its text file ${err.file} ${err.message.replace(/^the file /, '')}`);
    return null;
  }
}

/** Whether a source's text is to be taken from its rich-text file (its plain text is missing or empty). */
const wantsRichText = (source: ExchangeSource, raw: string | undefined) => (raw === undefined || raw.trim() === '') && source.richTextPath !== undefined;

/** Gives a source its text (and its selections their offsets), or reports it missing. */
function settleText(project: ExchangeProject, source: ExchangeSource, raw: string | undefined, richProblem?: string) {
  if (raw === undefined || (raw.trim() === '' && richProblem)) {
    const plain = raw === undefined ? (source.plainTextPath ? `its text file ${source.plainTextPath} is not in the archive` : 'it has no text') : 'its plain-text file is empty';
    sourceTextMissing(project, source, richProblem ? `${plain} and ${richProblem}` : plain);
    return;
  }
  resolveSourceText(project, source, raw);
}

/** Weft's own data (weft/extension.json), when the archive has it; a problem with it is a warning (in `warnings`), never a failure. */
function readWeftExtension(archive: QdpxArchive, warnings: string[]): WeftExtension | undefined {
  let bytes: Uint8Array | undefined;
  try {
    bytes = archive.readEntry(WEFT_EXTENSION_PATH);
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    warnings.push(`Weft's own data (${WEFT_EXTENSION_PATH}) could not be read (${err.message.replace(/\.$/, '')}); it was ignored.`);
    return undefined;
  }
  if (!bytes) return undefined;
  const parsed = parseExtension(bytes);
  warnings.push(...parsed.warnings);
  return parsed.extension ?? undefined;
}

/** Parses a bare project.qde (no archive): only inline <PlainTextContent> is available as text. */
export function loadQde(xml: string | Uint8Array): ExchangeProject {
  let project: ExchangeProject;
  try {
    project = parseProjectXml(xml);
  } catch (err) {
    throw asDomainError(err, 'The project file');
  }
  resolveProjectTexts(project);
  return project;
}

/** Imports a .qdpx (path or bytes) into the open project. One transaction; a failure writes nothing. */
export async function importQdpx(session: ProjectSession, input: string | Uint8Array, options: LoadOptions & ProjectImportOptions = {}): Promise<ExchangeImportReport> {
  const streamed = await streamQdpxInto(session, input, options);
  return streamed ? streamed.report : importProjectInto(session, await loadQdpx(input, options), options);
}

/** Thrown while a .qdpx is imported as it is read when the file is not in the order that needs: the import is rolled back and the file read whole. */
class WholeModelNeeded extends Error {}

/** Runs `fn` with `project.warnings` being `list` (the warnings of one step, put in their place in the report at the end). */
function warningsInto(project: ExchangeProject, list: string[], fn: () => void) {
  const saved = project.warnings;
  project.warnings = list;
  try {
    fn();
  } finally {
    project.warnings = saved;
  }
}

/**
 * Imports a .qdpx into the open project AS its project.qde is read (ProjectImporter.storeSource):
 * each source is stored with its codings as soon as its element closes, then let go of, so only
 * the GUID → row maps grow with the project, never its texts or selections. All of it runs in ONE
 * transaction, begun before the first source is stored and committed after the last step: a
 * failure, a damaged file or a cancel leaves the project unchanged. The session is the import's
 * own until the promise settles (the transaction stays open while the archive is read): import
 * into a fresh project, as every caller does (a new file, a merge's temporary project).
 *
 * The importer needs the file's users and codebook before its sources, which is where Weft and
 * most producers write them. When they are not there (or a source needs what only the whole file
 * tells: a rich-text file, a name to clean, a transcript that is also a text source), the file is
 * imported whole instead (loadQdpx + importProjectInto): without being read twice when that is
 * known at the first source, else after rolling back what was stored. A project that already has
 * documents (it may be the open project, serving other calls meanwhile) is never imported into this
 * way: undefined at once. Returns the report and the project's remaining model (its sources let go
 * of), or undefined when it was not or was rolled back, to be imported whole by the caller.
 */
export async function streamQdpxInto(
  session: ProjectSession,
  input: string | Uint8Array,
  options: LoadOptions & ProjectImportOptions = {},
): Promise<{ report: ExchangeImportReport; project: ExchangeProject } | undefined> {
  // only into a project that is the import's own (a new file, a merge's temporary project): one with
  // documents may be the open project, whose other calls must not run inside this open transaction
  if (session.db.inTransaction || session.db.prepare('SELECT EXISTS (SELECT 1 FROM documents)').pluck().get() === 1) return undefined;
  const label = typeof input === 'string' ? `“${input}”` : 'The archive';
  let archive: QdpxArchive;
  try {
    archive = openQdpx(input, options.limits);
  } catch (err) {
    throw asDomainError(err, label);
  }
  const db = session.db;
  const warned = { extension: [] as string[], recordings: [] as string[], texts: [] as string[] };
  const copies: string[] = [];
  let importer: ProjectImporter | undefined;
  let streaming: boolean | undefined;
  let parser: RefiXmlParser | undefined;
  try {
    const weft = readWeftExtension(archive, warned.extension);
    /** The TextSources' paths so far, and the transcripts' stored as documents (see textSources). */
    const textPaths = new Set<string>();
    const transcriptPaths = new Set<string>();
    let inflated = 0;
    let seen = 0;
    // how many text sources the file has, estimated from how much of it was inflated (never less than before: the bar does not move back)
    let estimate = 0;
    const total = () => (estimate = Math.max(estimate, seen, Math.round((seen * archive.qdeSize) / Math.max(1, inflated))));
    const clean = (name: string | undefined) => name === undefined || isCleanName(name);
    const p = new RefiXmlParser({
      expect: 'project',
      onSource: (source, before) => {
        const project = p.project!;
        streaming ??=
          before.has('Users') &&
          before.has('CodeBook') &&
          !db.inTransaction &&
          project.users.every((u) => clean(u.name)) &&
          [...walkCodes(project.codes)].every(({ code }) => clean(code.name));
        if (!streaming) return;
        if (!importer) {
          if (weft) project.weft = weft;
          importer = projectImporter(session, project, options);
          importer.mediaCopies = copies;
          db.exec('BEGIN');
          importer.startStream(total);
        }
        if (![source, source.representation, ...source.transcripts].every((s) => s === undefined || clean(s.name))) throw new WholeModelNeeded();
        if (source.kind === 'text' && source.plainTextPath) {
          const path = source.plainTextPath.toLowerCase();
          if (transcriptPaths.has(path)) throw new WholeModelNeeded();
          textPaths.add(path);
        }
        warningsInto(project, warned.recordings, () => extractRecording(project, archive, source));
        for (const t of textSourcesOf(source, textPaths)) {
          seen++;
          if (t.element === 'Transcript' && t.plainTextPath) transcriptPaths.add(t.plainTextPath.toLowerCase());
          warningsInto(project, warned.texts, () => {
            const read = archiveText(project, t, archive);
            if (read === null) return;
            if (wantsRichText(t, read.raw)) throw new WholeModelNeeded();
            settleText(project, t, read.raw);
          });
        }
        importer.storeSource(source, textPaths);
      },
      onPart: (name) => {
        if (importer && (name === 'Users' || name === 'CodeBook')) throw new WholeModelNeeded();
      },
    });
    parser = p;
    let project: ExchangeProject;
    try {
      await archive.readQde((bytes) => {
        inflated += bytes.length;
        p.writeBytes(bytes);
      });
      project = p.end();
    } catch (err) {
      throw asDomainError(err, err instanceof ArchiveError ? label : `${label} (${archive.qdeName})`);
    }
    project.warnings.unshift(...archive.warnings);
    project.warnings.push(...warned.extension);
    if (!importer) {
      // not in the order a streamed import needs: read whole, as loadQdpx does
      await completeLoad(project, archive, options, weft);
      return { report: importProjectInto(session, project, options), project };
    }
    project.warnings.push(...warned.recordings, ...warned.texts);
    resolveNotes(project, archive);
    importer.finishStream();
    options.onProgress?.(seen, seen);
    db.exec('COMMIT');
    return { report: importReport(project, importer), project };
  } catch (err) {
    if (importer && db.inTransaction) db.exec('ROLLBACK');
    removeMediaCopies(copies);
    if (err instanceof WholeModelNeeded) return undefined;
    throw asDomainError(err, label);
  } finally {
    if (parser?.project) discardExtractedMedia(parser.project);
    archive.close();
  }
}

/**
 * Imports a REFI-QDA project file by path: a .qdpx archive (also when named .zip), or a bare
 * .qde / .xml project (whose sources then have no text unless it is inline).
 */
export async function importProjectFile(session: ProjectSession, path: string, options: LoadOptions = {}): Promise<ExchangeImportReport> {
  const head = readUserFileHead(path, 4, USER_FILE_KINDS.archive);
  if (hasZipMagic(head)) return importQdpx(session, path, options);
  return importProjectInto(session, loadQde(readUserFile(path, USER_FILE_KINDS.projectXml)));
}

/** Parses a codebook (.qdc); a project (.qde) is accepted too and its codebook taken. */
export function loadCodebook(xml: string | Uint8Array): ExchangeProject {
  try {
    return parseRefiXml(xml);
  } catch (err) {
    throw asDomainError(err, 'The codebook');
  }
}

/**
 * Merges a codebook into the open project: codes by GUID, then by name path; themes and code
 * sets from Sets. One transaction.
 */
export function importCodebook(session: ProjectSession, xml: string | Uint8Array): ExchangeImportReport {
  return importCodebookInto(session, loadCodebook(xml));
}

export function importCodebookFile(session: ProjectSession, path: string): ExchangeImportReport {
  return importCodebook(session, readUserFile(path, USER_FILE_KINDS.codebook));
}
