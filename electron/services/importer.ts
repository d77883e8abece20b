/**
 * Import files into a project. Each file is parsed, then written in its own transaction, so a
 * failure or a cancel leaves only whole, completed files — never half a document.
 */
import { basename } from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import { checkUserFile, isFolder, listUserFolder, readUserFile, USER_FILE_KINDS } from '../fs/user-files.js';
import type { ImportFileReport, ImportReport, TranscriptImportPreview } from '../../shared/types/entities.js';
import type { DocumentSpeakers } from '../../shared/types/exchange.js';
import type { ParsedDocument } from '../../shared/import/index.js';
import { ImportError } from '../../shared/import/index.js';
import { withoutSpeakers } from '../../shared/import/plain-text.js';
import { explainSystemError } from '../../shared/api/system-errors.js';
import { parseFile, TRANSCRIPT_EXTENSIONS } from '../import/parse-file.js';
import { contentHash, findDocumentByHash, insertDocument, markLikelyInterviewers } from './documents.js';
import { linkSpeakersToCases } from './cases.js';
import { findMediaBeside, linkMedia } from './media.js';
import type { ProjectSession } from './project-session.js';

export interface ImportInput {
  /** Display name of the file (its base name). */
  name: string;
  /** The bytes, or a function that reads them when the file's turn comes (keeps memory flat). */
  bytes: Uint8Array | (() => Uint8Array);
  /** What the per-file report calls it (a full path for files given by path). */
  label?: string;
  /** The file's path on disk, for files given by path: a recording beside it with the same base name is linked. */
  path?: string;
}

export interface ImportOptions {
  /** What to do with a file whose text is already in the project. Default: skip. */
  duplicates?: 'skip' | 'import';
  /**
   * false: detect no speakers (`weft import --no-speakers`); `noSpeakersFor`: not in these files,
   * each named by its name (`interview.txt`) or its label (the path it was given by).
   */
  speakers?: boolean;
  noSpeakersFor?: string[];
  onProgress?: (done: number, total: number, file: string) => void;
  isCancelled?: () => boolean;
}

export const SUPPORTED_EXTENSIONS = TRANSCRIPT_EXTENSIONS;

const CANCELLED_REASON = 'not imported: the import was cancelled before this file';

const extOf = (name: string) => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
const stem = (name: string) => name.replace(/\.[^./\\]+$/, '') || name;

function uniqueName(session: ProjectSession, wanted: string): string {
  const taken = new Set(session.db.prepare('SELECT name FROM documents').pluck().all() as string[]);
  if (!taken.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!taken.has(`${wanted} (${i})`)) return `${wanted} (${i})`;
}

export async function importInputs(session: ProjectSession, inputs: ImportInput[], options: ImportOptions = {}): Promise<ImportReport> {
  const files: ImportFileReport[] = [];
  if (inputs.length > 0) await session.backupBefore('import');
  for (const [i, input] of inputs.entries()) {
    if (options.isCancelled?.()) {
      for (const rest of inputs.slice(i)) {
        files.push({ file: rest.label ?? rest.name, outcome: 'skipped', reason: CANCELLED_REASON });
      }
      break;
    }
    options.onProgress?.(i, inputs.length, input.name);
    const outcome = await importOne(session, input, options);
    if ('stop' in outcome) {
      // The project itself refused (locked by another program, disk full, read-only): the files
      // before this one are imported, whole; trying the others would only fail the same way.
      const { stop } = outcome;
      files.push({ file: input.label ?? input.name, outcome: 'failed', reason: stop.message });
      for (const rest of inputs.slice(i + 1)) files.push({ file: rest.label ?? rest.name, outcome: 'skipped', reason: 'not imported: the import stopped at an earlier file' });
      options.onProgress?.(inputs.length, inputs.length, '');
      return { ...summarise(files), stopped: { code: stop.code, message: stop.message } };
    }
    files.push(outcome);
    // Let other requests (status calls, cancel; progress events go out) through between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
  options.onProgress?.(inputs.length, inputs.length, '');
  return summarise(files);
}

/** Whether speakers are detected in this file: on unless turned off for the batch or for it (by name or label). */
function detectsSpeakers(input: ImportInput, options: Pick<ImportOptions, 'speakers' | 'noSpeakersFor'>): boolean {
  if (options.speakers === false) return false;
  const off = options.noSpeakersFor;
  return !off || !(off.includes(input.name) || (input.label !== undefined && off.includes(input.label)));
}

/** The speakers a parsed file has, in order of first turn. */
const speakersOf = (parsed: ParsedDocument): string[] => [...new Set(parsed.turns.flatMap((t) => (t.speaker ? [t.speaker] : [])))];

/**
 * The speakers an import would create in each file, before anything is written (the import
 * preview): each file is parsed as the import parses it (one rule, `hasSpeakerEvidence`), and the
 * files with speakers are listed. `source` is what `noSpeakersFor` takes back: the file's label
 * (its path) when it has one, else its name. Files that cannot be read or parsed are left to the
 * import's report.
 */
export async function previewSpeakers(inputs: ImportInput[]): Promise<TranscriptImportPreview> {
  const speakers: DocumentSpeakers[] = [];
  for (const input of inputs) {
    try {
      const parsed = await parseFile(input.name, typeof input.bytes === 'function' ? input.bytes() : input.bytes);
      const names = speakersOf(parsed);
      if (names.length) speakers.push({ source: input.label ?? input.name, document: input.name, speakers: names, from: 'detected' });
    } catch {
      // reported by the import itself, with its reason
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { files: inputs.length, speakers };
}

/** Failures of the project rather than of one file: the import stops there. */
function projectFailure(err: unknown): DomainError | null {
  const known = explainSystemError(err);
  return known && (known.code === 'IN_USE' || known.code === 'IO') ? known : null;
}

async function importOne(session: ProjectSession, input: ImportInput, options: ImportOptions): Promise<ImportFileReport | { stop: DomainError }> {
  const file = input.label ?? input.name;
  try {
    let bytes: Uint8Array;
    try {
      bytes = typeof input.bytes === 'function' ? input.bytes() : input.bytes;
    } catch (err) {
      return { file, outcome: 'failed', reason: err instanceof DomainError ? err.message : `could not be read: ${explainSystemError(err, file)?.message ?? (err as Error).message}` };
    }
    let parsed = await parseFile(input.name, bytes);
    if (!detectsSpeakers(input, options)) parsed = withoutSpeakers(parsed);
    // Parsing awaited: the project may have been closed meanwhile (its import cancelled). No await
    // from here to the write, so an import never touches a closed project.
    if (!session.db.open) return { file, outcome: 'skipped', reason: CANCELLED_REASON };
    const hash = contentHash(parsed.text);
    const dup = findDocumentByHash(session.db, hash);
    if (dup && options.duplicates !== 'import') {
      return { file, outcome: 'skipped', duplicateOf: dup.name, reason: `the same text is already in the project as “${dup.name}”` };
    }
    const coderId = session.coderId();
    const recording = input.path ? findMediaBeside(input.path) : null;
    let media: string | undefined;
    const documentId = session.transaction(() => {
      const id = insertDocument(session.db, parsed, { name: uniqueName(session, stem(input.name)), sourceName: input.name, coderId, contentHash: hash });
      linkSpeakersToCases(session.db, id);
      markLikelyInterviewers(session.db, id);
      if (recording) {
        try {
          media = linkMedia(session, id, recording).path;
        } catch {
          // the recording went away or changed since it was found: the transcript is imported without it
        }
      }
      return id;
    });
    return {
      file,
      outcome: 'imported',
      detected: parsed.detected,
      documentId,
      speakers: speakersOf(parsed),
      ...(media ? { media } : {}),
      ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}),
    };
  } catch (err) {
    const stop = projectFailure(err);
    if (stop) return { stop };
    const reason = err instanceof ImportError ? err.message : `unexpected error: ${(err as Error).message}`;
    return { file, outcome: 'failed', reason };
  }
}

export function summarise(files: ImportFileReport[]): ImportReport {
  return {
    files,
    imported: files.filter((f) => f.outcome === 'imported').length,
    skipped: files.filter((f) => f.outcome === 'skipped').length,
    failed: files.filter((f) => f.outcome === 'failed').length,
  };
}

/**
 * Expands paths (files and folders, recursively) into files to import, plus reports for what
 * cannot be. Only ordinary files are taken: a FIFO, a device or a socket is reported (skipped in a
 * folder, failed when named) and never opened.
 */
export function collectPaths(paths: string[]): { files: string[]; problems: ImportFileReport[] } {
  const files: string[] = [];
  const problems: ImportFileReport[] = [];
  const take = (p: string, explicit: boolean) => {
    if (explicit || SUPPORTED_EXTENSIONS.includes(extOf(p))) files.push(p);
    else problems.push({ file: p, outcome: 'skipped', reason: `“.${extOf(p)}” files are not a supported transcript format` });
  };
  const walk = (dir: string) => {
    let listing;
    try {
      listing = listUserFolder(dir);
    } catch (err) {
      problems.push({ file: dir, outcome: 'failed', reason: `the folder could not be read: ${(err as Error).message}` });
      return;
    }
    for (const s of listing.skipped) problems.push({ file: s.path, outcome: 'skipped', reason: `not imported: ${s.reason}` });
    for (const e of listing.entries) {
      if (e.kind === 'directory') walk(e.path);
      else take(e.path, false);
    }
  };
  for (const p of paths) {
    if (isFolder(p)) {
      walk(p);
      continue;
    }
    try {
      checkUserFile(p, USER_FILE_KINDS.transcript);
      take(p, true);
    } catch (err) {
      const missing = err instanceof DomainError && err.code === 'NOT_FOUND';
      problems.push({ file: p, outcome: 'failed', reason: missing ? 'no such file or folder' : (err as Error).message });
    }
  }
  return { files, problems };
}

/** Inputs for files on disk, read one at a time when their turn comes (ordinary files within the transcript cap). */
export function pathInputs(files: string[]): ImportInput[] {
  return files.map((f) => ({ name: basename(f), label: f, path: f, bytes: () => readUserFile(f, USER_FILE_KINDS.transcript) }));
}

export async function importPaths(session: ProjectSession, paths: string[], options: ImportOptions = {}): Promise<ImportReport> {
  const { files, problems } = collectPaths(paths);
  const report = await importInputs(session, pathInputs(files), options);
  return { ...summarise([...problems, ...report.files]), ...(report.stopped ? { stopped: report.stopped } : {}) };
}
