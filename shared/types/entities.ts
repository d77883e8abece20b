/**
 * Entities as the API returns them. Offsets (start/end) are UTF-16 code units into the
 * document's text, end-exclusive; see shared/domain/offsets.ts.
 */
import type { ProjectUpgrade } from '../domain/project-upgrade.js';
import type { ErrorCode } from '../api/errors.js';
import type { DocumentSpeakers } from './exchange.js';
import type { DocumentCodings } from './coding.js';

export type Id = number;

export interface ProjectInfo {
  path: string;
  name: string;
  guid: string;
  schemaVersion: number;
  /** Why this project is open read-only here (null: open for changes). */
  readOnly: ReadOnlyReason | null;
  /** Set when opening upgraded an older file: from which format, and where the copy of it as it was is (upgradeNotice words it). */
  upgraded?: ProjectUpgrade;
}

/** Which door holds a project: the desktop app, browser mode or the `weft` command line. */
export type ProjectDoor = 'app' | 'browser' | 'cli';

/** Who holds a project's lock file (`<file>.weft.lock`). */
export interface LockHolder {
  pid: number;
  hostname: string;
  door: ProjectDoor;
  user: string;
  /** ISO time the holder opened the project. */
  startedAt: string;
}

export interface ReadOnlyReason {
  /** in-use: another door holds the project; not-writable: the file or its folder cannot be written. */
  reason: 'in-use' | 'not-writable';
  /** The banner text, e.g. “Open in Weft on host (process 12) since 14:05 on 2026-12-04 — read-only here.” */
  message: string;
  holder?: LockHolder;
}

export interface RecentProject {
  path: string;
  name: string;
  openedAt: string;
  exists: boolean;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser' | 'cli';
  dataDir: string;
  coderName: string;
  sampleProjectPath: string;
}

export interface ProjectSummary {
  documents: number;
  words: number;
  codes: number;
  codings: number;
  coders: number;
  cases: number;
  themes: number;
  memos: number;
}

export interface Coder {
  id: Id;
  guid: string;
  name: string;
  isConsensus: boolean;
}

export interface SpeakerSummary {
  id: Id;
  name: string;
  turns: number;
  participant: string | null;
  isInterviewer: boolean;
}

export interface DocumentSummary {
  id: Id;
  guid: string;
  name: string;
  format: string;
  length: number;
  words: number;
  codings: number;
  speakers: SpeakerSummary[];
  createdAt: string;
}

export interface Turn {
  id: Id;
  speakerId: Id | null;
  speaker: string | null;
  start: number;
  end: number;
  beginMs: number | null;
  endMs: number | null;
}

export interface SourceDocument extends DocumentSummary {
  text: string;
  contentHash: string;
  sourceName: string | null;
  turns: Turn[];
}

/**
 * `documents.get`'s answer. Given the `knownHash` the caller's copy of the text has, and that is
 * still the document's `contentHash`, the text is not sent again: `unchanged` is true and `text`
 * is empty (use the copy). Everything else is always sent.
 */
export type OpenedDocument = SourceDocument & { unchanged?: true };

/** `documents.open`'s answer: the document as documents.get gives it and its codings as codings.forDocument does. */
export interface OpenedDocumentWithCodings {
  document: OpenedDocument;
  codings: DocumentCodings;
}

export interface Code {
  id: Id;
  guid: string;
  parentId: Id | null;
  name: string;
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  position: number;
}

export interface CodeWithCounts extends Code {
  codings: number;
  documents: number;
}

export interface Coding {
  id: Id;
  guid: string;
  documentId: Id;
  codeId: Id;
  coderId: Id;
  coder: string;
  start: number;
  end: number;
  createdAt: string;
  updatedAt: string;
}

/** A named group of documents (REFI-QDA "Set"), as the document list shows it. */
export interface DocumentSet {
  id: Id;
  name: string;
  documentIds: Id[];
}

export interface Case {
  id: Id;
  guid: string;
  name: string;
  description: string;
  attributes: Record<string, string>;
}

/** `linked`: a recording chosen with the transcript of its base name, linked to that document (not imported itself). */
export type FileOutcome = 'imported' | 'skipped' | 'failed' | 'linked';

export interface ImportFileReport {
  file: string;
  outcome: FileOutcome;
  /** What was detected (e.g. "plain text (UTF-8 with BOM)") when imported. */
  detected?: string;
  /** Why it was skipped or failed. */
  reason?: string;
  documentId?: Id;
  /** Set when skipped because the same text is already in the project (that document's name). */
  duplicateOf?: string;
  /** Things the parser noticed but could handle (e.g. an extension that did not match the content). */
  warnings?: string[];
  /** When imported: the speakers created for the document (none when speaker detection was off or found no evidence). */
  speakers?: string[];
  /** The recording found beside the file (same base name) and linked to the document, as stored (relative to the project); on a `linked` recording's own entry, where it is linked from. */
  media?: string;
  /** On a `linked` recording's entry: the name of the document it was linked to. */
  linkedTo?: string;
}

export interface ImportReport {
  files: ImportFileReport[];
  imported: number;
  skipped: number;
  failed: number;
  /** Recordings chosen with their transcripts and linked to them (their entries' outcome is `linked`). */
  linked: number;
  /** Set when the project itself refused (in use elsewhere, disk full…): the files after that one were not tried. */
  stopped?: { code: ErrorCode; message: string };
}

/**
 * What an import of transcripts would do about speakers, before anything is written
 * (`imports.preview`): the files that would get speakers, each with their names. `source` is the
 * key `imports.start`'s `noSpeakersFor` takes back (the path for files given by path, else the name).
 */
export interface TranscriptImportPreview {
  /** How many files were read. */
  files: number;
  speakers: DocumentSpeakers[];
}

export interface DirectoryListing {
  path: string;
  parent: string | null;
  entries: { name: string; path: string; kind: 'directory' | 'file' }[];
}

/** `failed`: the job stopped before its files (e.g. the backup before importing could not be written); `error` says why. */
export type ImportJobState = 'running' | 'done' | 'cancelled' | 'failed';

/** A batch import running in the background. Cancel keeps whole, completed files only. */
export interface ImportJob {
  id: string;
  state: ImportJobState;
  /** Files finished so far and in all. */
  done: number;
  total: number;
  /** The file being imported now. */
  current: string | null;
  /** Per-file results so far (complete when state is done or cancelled). */
  report: ImportReport;
  /** Why Weft cancelled the job itself (e.g. the project was closed); absent when the user cancelled. */
  cancelledBecause?: string;
  /** Why the job failed (state `failed` only). */
  error?: { code: ErrorCode; message: string };
}

export interface ParticipantsPreview {
  nameColumn: string;
  participants: string[];
  attributes: { name: string; kind: 'text' | 'number' | 'date' | 'boolean' | 'category'; values: string[] }[];
  warnings: string[];
}

export interface ParticipantsImportResult {
  /** The column that names the participants. */
  nameColumn: string;
  /** Participants (cases) added, and existing ones updated. */
  created: number;
  updated: number;
  /** Every attribute column with the kind it has in the project (an existing attribute keeps its kind). */
  attributes: { name: string; kind: 'text' | 'number' | 'date' | 'boolean' | 'category' }[];
  /** Names of the case attributes this import created. */
  attributesCreated: string[];
  /** Attribute values written (empty cells leave a value as it was). */
  valuesSet: number;
  /** Speakers newly linked to a participant of the same name. */
  linkedSpeakers: number;
  warnings: string[];
}
