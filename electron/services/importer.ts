/**
 * Import files into a project. Files are parsed, then written a batch at a time (one transaction
 * per batch; a file that fails makes its batch be written again file by file), so a failure or a
 * cancel leaves only whole, completed files — never half a document, and a batch the project
 * refuses leaves nothing of itself.
 */
import { basename, dirname } from 'node:path';
import { DomainError, UserInputError } from '../../shared/api/errors.js';
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
import { formatOfName } from '../../shared/media/formats.js';
import { findMediaBeside, linkMedia, linkUploadedMedia, withMediaCopies } from './media.js';
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

/**
 * Whether a file chosen for import is a recording (by its name: an audio or video extension
 * Weft knows, playable or not). A recording is not imported: it is linked to the transcript of
 * the same base name chosen with it (`pairRecordings`).
 */
export const isRecordingName = (name: string) => !SUPPORTED_EXTENSIONS.includes(extOf(name)) && formatOfName(name) !== null;

/** A transcript of the batch and the recording chosen with it (same base name; same folder for files given by path). */
interface Paired {
  transcript: ImportInput;
  recording: ImportInput | null;
}

/**
 * Splits a batch into transcripts, each with the recording of the same base name chosen with it
 * (files given by path: in the same folder; uploaded files: by name alone), and the recordings
 * left without one (reported as skipped). The first of several recordings of one name is taken.
 */
export function pairRecordings(inputs: ImportInput[]): { transcripts: Paired[]; unpaired: ImportFileReport[] } {
  const keyOf = (i: ImportInput) => `${i.path !== undefined ? dirname(i.path) : ''}\u0000${stem(i.name)}`;
  const recordings = new Map<string, ImportInput[]>();
  for (const i of inputs) if (isRecordingName(i.name)) recordings.set(keyOf(i), [...(recordings.get(keyOf(i)) ?? []), i]);
  const used = new Set<ImportInput>();
  const transcripts = inputs
    .filter((i) => !isRecordingName(i.name))
    .map((transcript) => {
      const recording = recordings.get(keyOf(transcript))?.find((r) => !used.has(r)) ?? null;
      if (recording) used.add(recording);
      return { transcript, recording };
    });
  const unpaired = inputs
    .filter((i) => isRecordingName(i.name) && !used.has(i))
    .map((i): ImportFileReport => ({ file: i.label ?? i.name, outcome: 'skipped', reason: `a recording, not a transcript: no transcript named “${stem(i.name)}” was imported with it (link it to a document with “Link recording…”)` }));
  return { transcripts, unpaired };
}

/** How many documents a batch would import (its recordings are linked, not imported): the progress total. */
export const transcriptCount = (inputs: ImportInput[]) => inputs.filter((i) => !isRecordingName(i.name)).length;

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

/** A name no document has yet: `wanted`, else `wanted (2)`, `wanted (3)`… (looked up by the documents_name index). */
function uniqueName(session: ProjectSession, wanted: string): string {
  const taken = session.db.prepare('SELECT 1 FROM documents WHERE name = ? LIMIT 1').pluck();
  if (!taken.get(wanted)) return wanted;
  for (let i = 2; ; i++) if (!taken.get(`${wanted} (${i})`)) return `${wanted} (${i})`;
}

/**
 * How many parsed files are written in one transaction at most (a batch), by characters of text
 * and by files. A commit is an fsync (synchronous=FULL) and makes the full-text indexes write a
 * segment that is merged later, so a batch is faster than a transaction per file (bench figure
 * 1a). The service's thread is held while a batch is written (storing runs at about 7M characters
 * a second of CPU with both full-text indexes), so a batch stays small enough that any other call
 * made meanwhile waits well under issue 12's 50 ms (a single longer file still takes its own time).
 */
const IMPORT_BATCH_CHARS = 200_000;
export const IMPORT_BATCH_FILES = 64;

export async function importInputs(session: ProjectSession, inputs: ImportInput[], options: ImportOptions = {}): Promise<ImportReport> {
  const files: ImportFileReport[] = [];
  const { transcripts, unpaired } = pairRecordings(inputs);
  /** The report of a transcript, then (when one was chosen with it) its recording's. */
  const push = (imported: Imported, recording: ImportInput | null) => {
    files.push(imported.report);
    if (recording) files.push(recordingReport(recording, imported));
  };
  const notImported = (rest: Paired[], reason: string) => {
    for (const p of rest) push({ report: { file: p.transcript.label ?? p.transcript.name, outcome: 'skipped', reason } }, p.recording);
  };
  if (transcripts.length > 0) await session.backupBefore('import');
  /** Files read and parsed, waiting for their batch's write (in the order given). */
  let pending: Prepared[] = [];
  let pendingChars = 0;
  /** Writes the pending files; a DomainError when the project itself refused (then none of them is written). */
  const flush = (): DomainError | null => {
    const batch = pending;
    if (batch.length === 0) return null;
    pending = [];
    pendingChars = 0;
    // Parsing awaited: the project may have been closed meanwhile (its import cancelled).
    if (!session.db.open) {
      for (const p of batch) push(p.ready ? { report: { file: p.file, outcome: 'skipped', reason: CANCELLED_REASON } } : p.done, p.paired.recording);
      return null;
    }
    // The project itself refused (locked by another program, disk full, read-only): what was
    // committed before is imported, whole; trying the other files would only fail the same way.
    const { results, stop } = writeBatch(session, batch, options);
    results.forEach((imported, k) => push(imported, batch[k]!.paired.recording));
    return stop;
  };
  for (const [i, paired] of transcripts.entries()) {
    if (options.isCancelled?.()) {
      // the files whose turn came before the cancel are imported, whole; none after them
      const stop = flush();
      if (stop) return stopped(stop, i);
      notImported(transcripts.slice(i), CANCELLED_REASON);
      break;
    }
    options.onProgress?.(i, transcripts.length, paired.transcript.name);
    const prepared = await prepare(paired, options);
    pending.push(prepared);
    if (prepared.ready) pendingChars += prepared.parsed.text.length;
    if (pendingChars >= IMPORT_BATCH_CHARS || pending.length >= IMPORT_BATCH_FILES) {
      const stop = flush();
      if (stop) return stopped(stop, i + 1);
    }
    // Let other requests (status calls, cancel; progress events go out) through between files.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const stop = flush();
  if (stop) return stopped(stop, transcripts.length);
  options.onProgress?.(transcripts.length, transcripts.length, '');
  return summarise([...files, ...unpaired]);

  function stopped(stop: DomainError, next: number): ImportReport {
    notImported(transcripts.slice(next), 'not imported: the import stopped at an earlier file');
    options.onProgress?.(transcripts.length, transcripts.length, '');
    return { ...summarise([...files, ...unpaired]), stopped: { code: stop.code, message: stop.message } };
  }
}

/** What became of a recording chosen with a transcript: linked to its document, or why not. */
function recordingReport(recording: ImportInput, { report, name, mediaProblem }: Imported): ImportFileReport {
  const file = recording.label ?? recording.name;
  if (report.outcome === 'imported' && report.media !== undefined && report.documentId !== undefined) {
    return { file, outcome: 'linked', documentId: report.documentId, media: report.media, ...(name ? { linkedTo: name } : {}) };
  }
  if (report.outcome === 'imported') return { file, outcome: 'failed', reason: `not linked to “${name ?? stem(recording.name)}”: ${mediaProblem ?? 'the recording could not be read'}` };
  return { file, outcome: 'skipped', reason: `not linked: its transcript “${basename(report.file)}” was not imported` };
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
  const transcripts = inputs.filter((i) => !isRecordingName(i.name));
  for (const input of transcripts) {
    try {
      const parsed = await parseFile(input.name, typeof input.bytes === 'function' ? input.bytes() : input.bytes);
      const names = speakersOf(parsed);
      if (names.length) speakers.push({ source: input.label ?? input.name, document: input.name, speakers: names, from: 'detected' });
    } catch {
      // reported by the import itself, with its reason
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { files: transcripts.length, speakers };
}

/** Failures of the project rather than of one file: the import stops there. */
function projectFailure(err: unknown): DomainError | null {
  const known = explainSystemError(err);
  return known && (known.code === 'IN_USE' || known.code === 'IO') ? known : null;
}

/** A file's report, with the document's name and why its recording was not linked (for the recording's own report). */
type Imported = { report: ImportFileReport; name?: string; mediaProblem?: string };

/** A transcript read and parsed, ready for its batch's write; or its report when it could not be (`done`). */
type Prepared = { paired: Paired; file: string } & ({ ready: true; parsed: ParsedDocument } | { ready: false; done: Imported });

/** Reads and parses a transcript (nothing is written). */
async function prepare(paired: Paired, options: ImportOptions): Promise<Prepared> {
  const input = paired.transcript;
  const file = input.label ?? input.name;
  const failed = (reason: string): Prepared => ({ paired, file, ready: false, done: { report: { file, outcome: 'failed', reason } } });
  let bytes: Uint8Array;
  try {
    bytes = typeof input.bytes === 'function' ? input.bytes() : input.bytes;
  } catch (err) {
    return failed(err instanceof DomainError ? err.message : `could not be read: ${explainSystemError(err, file)?.message ?? (err as Error).message}`);
  }
  try {
    const parsed = await parseFile(input.name, bytes);
    return { paired, file, ready: true, parsed: detectsSpeakers(input, options) ? parsed : withoutSpeakers(parsed) };
  } catch (err) {
    return failed(err instanceof ImportError ? err.message : `unexpected error: ${(err as Error).message}`);
  }
}

/**
 * Writes a batch of parsed files in one transaction (no savepoint per file: a statement journal
 * for each would cost more than the batch saves). When a file fails, the batch is rolled back and
 * its files are written again one at a time, each in its own transaction, so only that file fails.
 * A failure of the project itself (locked, disk full, read-only) stops the import: what the failed
 * transaction held is reported with it (`stop`); files committed before it stay imported.
 */
function writeBatch(session: ProjectSession, batch: Prepared[], options: ImportOptions): { results: Imported[]; stop: DomainError | null } {
  const failed = (p: Prepared, reason: string): Imported => (p.ready ? { report: { file: p.file, outcome: 'failed', reason } } : p.done);
  const unexpected = (err: unknown) => `unexpected error: ${(err as Error).message}`;
  // no file of the batch could be read or parsed: nothing to write (not even the coder)
  const unread = batch.flatMap((p) => (p.ready ? [] : [p.done]));
  if (unread.length === batch.length) return { results: unread, stop: null };
  try {
    // a failure after a recording was copied into the media folder removes the copy with the rollback
    const results = withMediaCopies((copies) =>
      session.transaction(() => batch.map((p) => (p.ready ? storeOne(session, p.paired, p.parsed, { copies }, options) : p.done))),
    );
    return { results, stop: null };
  } catch (err) {
    const stop = projectFailure(err);
    if (stop) return { results: batch.map((p) => failed(p, stop.message)), stop };
    if (batch.filter((p) => p.ready).length <= 1) return { results: batch.map((p) => failed(p, unexpected(err))), stop: null };
  }
  const results: Imported[] = [];
  for (const [k, p] of batch.entries()) {
    if (!p.ready) {
      results.push(p.done);
      continue;
    }
    try {
      results.push(withMediaCopies((copies) => session.transaction(() => storeOne(session, p.paired, p.parsed, { copies }, options))));
    } catch (err) {
      const stop = projectFailure(err);
      if (stop) return { results: [...results, ...batch.slice(k).map((q) => failed(q, stop.message))], stop };
      results.push(failed(p, unexpected(err)));
    }
  }
  return { results, stop: null };
}

/** Stores one parsed file (call in a transaction): its document, its speakers linked to participants, its recording. */
/**
 * Stores one parsed file inside the batch's transaction. The current coder is found (or added) only
 * when a document is written, in the same transaction: a batch whose files are all skipped as
 * duplicates, or that is rolled back, leaves the project without a new coder.
 */
function storeOne(session: ProjectSession, { transcript: input, recording: chosen }: Paired, parsed: ParsedDocument, { copies }: { copies: string[] }, options: ImportOptions): Imported {
  const file = input.label ?? input.name;
  const hash = contentHash(parsed.text);
  // the files before it in its batch are written already (in this transaction), so they count too
  const dup = findDocumentByHash(session.db, hash);
  if (dup && options.duplicates !== 'import') {
    return { report: { file, outcome: 'skipped', duplicateOf: dup.name, reason: `the same text is already in the project as “${dup.name}”` } };
  }
  // the recording chosen with it (a path, or bytes uploaded by the window), else one beside it
  const beside = chosen === null && input.path ? findMediaBeside(input.path) : null;
  let media: string | undefined;
  let mediaProblem: string | undefined;
  const name = uniqueName(session, stem(input.name));
  const documentId = insertDocument(session.db, parsed, { name, sourceName: input.name, coderId: session.coderId(), contentHash: hash });
  linkSpeakersToCases(session.db, documentId);
  markLikelyInterviewers(session.db, documentId);
  const project = { db: session.db, path: session.path, copies };
  try {
    if (chosen?.path !== undefined) media = linkMedia(project, documentId, chosen.path).path;
    else if (chosen) media = linkUploadedMedia(project, documentId, { name: chosen.name, bytes: typeof chosen.bytes === 'function' ? chosen.bytes() : chosen.bytes }).path;
    else if (beside) media = linkMedia(project, documentId, beside).path;
  } catch (err) {
    // the transcript is imported without it; a recording chosen with it is reported with why
    if (err instanceof DomainError || err instanceof UserInputError) mediaProblem = err.message;
    else throw err;
  }
  const warnings = [...parsed.warnings];
  if (beside && mediaProblem) warnings.push(`The recording beside it, “${basename(beside)}”, was not linked: ${mediaProblem}`);
  return {
    report: {
      file,
      outcome: 'imported',
      detected: parsed.detected,
      documentId,
      speakers: speakersOf(parsed),
      ...(media ? { media } : {}),
      ...(warnings.length ? { warnings } : {}),
    },
    name,
    ...(mediaProblem ? { mediaProblem } : {}),
  };
}

export function summarise(files: ImportFileReport[]): ImportReport {
  return {
    files,
    imported: files.filter((f) => f.outcome === 'imported').length,
    skipped: files.filter((f) => f.outcome === 'skipped').length,
    failed: files.filter((f) => f.outcome === 'failed').length,
    linked: files.filter((f) => f.outcome === 'linked').length,
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
    // recordings are taken too: each is linked to the transcript of its base name in the batch
    if (explicit || SUPPORTED_EXTENSIONS.includes(extOf(p)) || isRecordingName(p)) files.push(p);
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
      checkUserFile(p, isRecordingName(p) ? USER_FILE_KINDS.media : USER_FILE_KINDS.transcript);
      take(p, true);
    } catch (err) {
      const missing = err instanceof DomainError && err.code === 'NOT_FOUND';
      problems.push({ file: p, outcome: 'failed', reason: missing ? 'no such file or folder' : (err as Error).message });
    }
  }
  return { files, problems };
}

/** Inputs for files on disk, read one at a time when their turn comes (ordinary files within the transcript cap; a recording is linked by its path, never read whole). */
export function pathInputs(files: string[]): ImportInput[] {
  return files.map((f) => ({ name: basename(f), label: f, path: f, bytes: () => readUserFile(f, isRecordingName(f) ? USER_FILE_KINDS.media : USER_FILE_KINDS.transcript) }));
}

export async function importPaths(session: ProjectSession, paths: string[], options: ImportOptions = {}): Promise<ImportReport> {
  const { files, problems } = collectPaths(paths);
  const report = await importInputs(session, pathInputs(files), options);
  return { ...summarise([...problems, ...report.files]), ...(report.stopped ? { stopped: report.stopped } : {}) };
}
