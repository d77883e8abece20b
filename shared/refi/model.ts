/**
 * The intermediate model for REFI-QDA exchange (QDA-XML 1.0: .qdpx projects and .qdc codebooks).
 *
 * It mirrors the shape of the XML closely (so nothing a producer writes is lost before the
 * importer decides what Weft can keep) but is already cleaned up:
 * - every GUID is normalised (`normalizeGuid`: braces stripped, lower case);
 * - text is decoded (entities, CDATA) and line endings are LF as XML requires;
 * - references are plain GUID strings (`noteRefs`, `codeGuid`, `sourceRefs` …).
 *
 * POSITIONS. A text selection carries two pairs of numbers:
 * - `startPosition` / `endPosition`: exactly as written in the file (the unit depends on the
 *   producer — see positions.ts). The serializer ignores them.
 * - `start` / `end`: Weft offsets — UTF-16 code units, end-exclusive, into `source.text`
 *   (LF line endings, no BOM). They are set once the source's text is known: by
 *   `resolveProjectTexts` on import, or by the Weft exporter. The serializer converts them to
 *   code points.
 */

import type { WeftExtension } from './extension.js';

export type VariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime';
export const VARIABLE_TYPES: readonly VariableType[] = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime'];

export type SourceKind = 'text' | 'pdf' | 'picture' | 'audio' | 'video';

/** Who did something, and when (all optional in the standard). */
export interface Stamps {
  creatingUser?: string;
  creationDateTime?: string;
  modifyingUser?: string;
  modifiedDateTime?: string;
}

export interface ExchangeUser {
  guid: string;
  name?: string;
  /** Free identifier (NVivo for Mac writes initials here). */
  id?: string;
}

export interface ExchangeCode {
  guid: string;
  name: string;
  isCodable: boolean;
  /** `#RRGGBB` (normalised on parse; invalid colours are dropped with a warning). */
  color?: string;
  description?: string;
  noteRefs: string[];
  children: ExchangeCode[];
}

export interface ExchangeVariable {
  guid: string;
  name: string;
  type: VariableType;
  description?: string;
}

export interface ExchangeVariableValue {
  variableGuid: string;
  /** Which value element was used (TextValue → 'Text' …). */
  type: VariableType;
  /** The value as written (trimmed for non-text types). */
  value: string;
}

export interface ExchangeCoding {
  guid: string;
  codeGuid: string;
  creatingUser?: string;
  creationDateTime?: string;
  noteRefs: string[];
}

export interface ExchangeSelection extends Stamps {
  guid: string;
  name?: string;
  /** As written in the file. */
  startPosition: number;
  endPosition: number;
  /** Weft offsets (UTF-16, end-exclusive) into the source's `text`; set once the text is resolved. */
  start?: number;
  end?: number;
  description?: string;
  codings: ExchangeCoding[];
  noteRefs: string[];
  /** Why the selection could not be placed in its text (set while resolving; start/end stay unset). */
  dropped?: string;
}

/** A selection Weft cannot represent (picture region, PDF region, audio/video span, transcript span). */
export interface ExchangeMediaSelection {
  guid: string;
  element: string;
  name?: string;
  description?: string;
  codings: ExchangeCoding[];
  noteRefs: string[];
}

/**
 * A `<SyncPoint>` of a Transcript: a place in the transcript's text tied to a time in the recording.
 * `position` is as written (the same unit as selection positions); `offset` is the Weft offset
 * (UTF-16, into the transcript's `text`) once resolved. Either number may be missing in a file.
 */
export interface ExchangeSyncPoint {
  guid: string;
  /** Milliseconds from the start of the recording. */
  timeStamp?: number;
  position?: number;
  offset?: number;
}

/** The recording of an Audio/VideoSource on this computer: a file to put in the archive (export) or one taken out of it (import). */
export interface ExchangeMediaFile {
  /** Absolute path on this computer. */
  file: string;
  /** False: too large (or not there) to be put in the archive; the source points at `file` by an `absolute:///` path. */
  embed: boolean;
}

export interface ExchangeSource extends Stamps {
  guid: string;
  kind: SourceKind;
  /** `TextSource`, `PDFSource`, `Representation`, `Transcript` … */
  element: string;
  name?: string;
  description?: string;
  plainTextPath?: string;
  richTextPath?: string;
  /** Media path (Picture/PDF/Audio/Video). */
  path?: string;
  currentPath?: string;
  /** Inline `<PlainTextContent>`. */
  plainTextContent?: string;
  /** The source's text as Weft stores it (LF, no BOM), once resolved. */
  text?: string;
  selections: ExchangeSelection[];
  mediaSelections: ExchangeMediaSelection[];
  /** Codings of the whole source (a `<Coding>` directly under the source). */
  codings: ExchangeCoding[];
  noteRefs: string[];
  values: ExchangeVariableValue[];
  /** PDFSource: its text representation (a TextSource). */
  representation?: ExchangeSource;
  /** Audio/VideoSource: transcripts (text with sync points). */
  transcripts: ExchangeSource[];
  /** Transcript: its sync points (a Weft document with a recording: one per timed turn boundary). */
  syncPoints?: ExchangeSyncPoint[];
  /** Audio/VideoSource: the recording's file (see ExchangeMediaFile). */
  mediaFile?: ExchangeMediaFile;
}

export interface ExchangeCase {
  guid: string;
  name?: string;
  description?: string;
  codeRefs: string[];
  values: ExchangeVariableValue[];
  sourceRefs: string[];
  selectionRefs: string[];
}

export interface ExchangeNote extends Stamps {
  guid: string;
  name?: string;
  description?: string;
  plainTextContent?: string;
  plainTextPath?: string;
  /** The note's body once resolved (inline content, or the .txt it points to). */
  text?: string;
  noteRefs: string[];
}

export interface ExchangeLink {
  guid: string;
  name?: string;
  direction?: 'Associative' | 'OneWay' | 'Bidirectional';
  color?: string;
  originGuid?: string;
  targetGuid?: string;
  noteRefs: string[];
}

export interface ExchangeSet {
  guid: string;
  name: string;
  description?: string;
  memberCodes: string[];
  memberSources: string[];
  memberNotes: string[];
}

export interface ExchangeProject {
  /** Which root the file had: `<Project>` (.qde inside a .qdpx) or `<CodeBook>` (.qdc). */
  kind: 'project' | 'codebook';
  /** `Project@name` (cleaned, shared/domain/names.ts); a placeholder when the file gave none (`unnamed`). */
  name: string;
  /** True when the file gave no name and `name` is a placeholder. */
  unnamed?: true;
  /** The producer, e.g. "NVivo for Windows 12.6", "MAXQDA 24 (Release 24.7.0)". */
  origin?: string;
  description?: string;
  basePath?: string;
  creatingUser?: string;
  creationDateTime?: string;
  modifyingUser?: string;
  modifiedDateTime?: string;
  users: ExchangeUser[];
  /** Top-level codes; children nest. */
  codes: ExchangeCode[];
  variables: ExchangeVariable[];
  cases: ExchangeCase[];
  sources: ExchangeSource[];
  notes: ExchangeNote[];
  links: ExchangeLink[];
  sets: ExchangeSet[];
  /** Notes about the project as a whole. */
  noteRefs: string[];
  /** Number of `<Graph>` elements read (Weft has no graphs; reported, not imported). */
  graphCount: number;
  /**
   * GUIDs the file spelled other than in plain lower case (e.g. MAXQDA's upper case): lower-case
   * GUID → the file's spelling (braces removed). GUIDs are compared in lower case everywhere; on
   * parse this says how the source wrote them, and on serialise every GUID listed is written so.
   */
  guidSpellings?: Record<string, string>;
  /** Problems met while parsing/resolving: every dropped or repaired element. */
  warnings: string[];
  /** Weft's own data (`weft/extension.json` of a .qdpx written by Weft), when present and readable. */
  weft?: WeftExtension;
}

export function emptyProject(kind: ExchangeProject['kind'], name: string): ExchangeProject {
  return {
    kind,
    name,
    users: [],
    codes: [],
    variables: [],
    cases: [],
    sources: [],
    notes: [],
    links: [],
    sets: [],
    noteRefs: [],
    graphCount: 0,
    warnings: [],
  };
}

export function emptySource(guid: string, kind: SourceKind = 'text', element = 'TextSource'): ExchangeSource {
  return { guid, kind, element, selections: [], mediaSelections: [], codings: [], noteRefs: [], values: [], transcripts: [] };
}

/** Depth-first walk over a code tree (parents before children). */
export function* walkCodes(codes: ExchangeCode[], parent: ExchangeCode | null = null): Generator<{ code: ExchangeCode; parent: ExchangeCode | null }> {
  for (const code of codes) {
    yield { code, parent };
    yield* walkCodes(code.children, code);
  }
}

/**
 * Every text-bearing source: TextSources, PDF text representations, and media transcripts —
 * except a transcript whose text file is also a TextSource's (ATLAS.ti lists the same .txt both
 * ways), which would otherwise be imported twice.
 */
export function* textSources(project: ExchangeProject): Generator<{ source: ExchangeSource; owner: ExchangeSource | null }> {
  const textPaths = new Set(
    project.sources.filter((s) => s.kind === 'text' && s.plainTextPath).map((s) => s.plainTextPath!.toLowerCase()),
  );
  for (const s of project.sources) for (const source of textSourcesOf(s, textPaths)) yield { source, owner: source === s ? null : s };
}

/**
 * The text sources of one source of the file, in the order of textSources: itself when it is a
 * TextSource, a PDF's representation, a recording's transcripts but those whose plainTextPath is
 * one of `textPaths` (lower case: the TextSources' paths).
 */
export function* textSourcesOf(s: ExchangeSource, textPaths: ReadonlySet<string>): Generator<ExchangeSource> {
  if (s.kind === 'text') yield s;
  if (s.representation) yield s.representation;
  for (const t of s.transcripts) if (!(t.plainTextPath && textPaths.has(t.plainTextPath.toLowerCase()))) yield t;
}
