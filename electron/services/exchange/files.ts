/**
 * File-level entry points: .qdpx / bare .qde / .qdc on disk or as bytes → Weft, and back.
 * Parsing and text resolution happen before the (single) write transaction.
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
  parseExtension,
  WEFT_EXTENSION_PATH,
  type ExchangeProject,
} from '../../../shared/refi/index.js';
import { readUserFile, readUserFileHead, USER_FILE_KINDS } from '../../fs/user-files.js';
import { parseFile } from '../../import/parse-file.js';
import { ArchiveError, openQdpx, type QdpxArchive, type ZipLimits } from '../../refi/qdpx.js';
import type { ProjectSession } from '../project-session.js';
import { discardExtractedMedia, extractRecordings } from './media-files.js';
import { checkCancelled, type ProgressOptions } from './progress.js';
import { importCodebookInto, importProjectInto, type ExchangeImportReport } from './import.js';

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
    readWeftExtension(project, archive);
    extractRecordings(project, archive);
    const richText = options.richText ?? defaultRichText;
    const sources = [...textSources(project)];
    let done = 0;
    for (const { source } of sources) {
      checkCancelled(options, 'The import');
      options.onProgress?.(done++, sources.length);
      let raw: string | undefined;
      try {
        raw = rawTextOf(project, source, archive.readFile);
      } catch (err) {
        // a text file that is binary data (shared/import/decode.ts): this source is skipped, the others imported
        if (!(err instanceof ImportError)) throw err;
        sourceTextMissing(project, source, `its text file ${err.file} ${err.message.replace(/^the file /, '')}`);
        continue;
      }
      let richProblem: string | undefined;
      if ((raw === undefined || raw.trim() === '') && source.richTextPath) {
        const bytes = archive.readFile(source.richTextPath);
        if (!bytes) richProblem = `its rich-text file ${source.richTextPath} is not in the archive either`;
        else {
          try {
            const text = await richText(source.richTextPath.replace(/^.*[/:]/, ''), bytes);
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
      if (raw === undefined || (raw.trim() === '' && richProblem)) {
        const plain = raw === undefined ? (source.plainTextPath ? `its text file ${source.plainTextPath} is not in the archive` : 'it has no text') : 'its plain-text file is empty';
        sourceTextMissing(project, source, richProblem ? `${plain} and ${richProblem}` : plain);
        continue;
      }
      resolveSourceText(project, source, raw);
    }
    options.onProgress?.(sources.length, sources.length);
    for (const note of project.notes) {
      try {
        resolveNoteText(project, note, archive.readFile);
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
        project.warnings.push(`The text of the note “${note.name ?? note.guid}” was not imported: its file ${err.file} ${err.message.replace(/^the file /, '')}.`);
      }
    }
    return project;
  } catch (err) {
    if (project !== undefined) discardExtractedMedia(project);
    // e.g. a source file that lies about its size, or fails its CRC
    throw asDomainError(err, label);
  } finally {
    archive.close();
  }
}

/** Weft's own data (weft/extension.json), when the archive has it; a problem with it is a warning, never a failure. */
function readWeftExtension(project: ExchangeProject, archive: QdpxArchive) {
  let bytes: Uint8Array | undefined;
  try {
    bytes = archive.readEntry(WEFT_EXTENSION_PATH);
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    project.warnings.push(`Weft's own data (${WEFT_EXTENSION_PATH}) could not be read (${err.message.replace(/\.$/, '')}); it was ignored.`);
    return;
  }
  if (!bytes) return;
  const { extension, warnings } = parseExtension(bytes);
  project.warnings.push(...warnings);
  if (extension) project.weft = extension;
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
export async function importQdpx(session: ProjectSession, input: string | Uint8Array, options: LoadOptions = {}): Promise<ExchangeImportReport> {
  return importProjectInto(session, await loadQdpx(input, options), options);
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
