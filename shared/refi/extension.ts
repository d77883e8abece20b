/**
 * Weft's own data inside a .qdpx: what Weft knows and REFI-QDA 1.0 has no place for (speakers,
 * turns and their timings, interviewer flags, speaker ↔ case links, reading ticks, the theme map
 * layout and view, the merge history, a document's original format, the consensus coder and its
 * decisions, the project's "exclude interviewer turns" setting). It travels as
 * one extra archive entry, `weft/extension.json`, which other tools ignore (they read
 * `project.qde` and what it points at) and which leaves `project.qde` schema-valid.
 *
 * Everything is keyed by the REFI GUIDs written in `project.qde` (sources, users, codes, Sets of
 * themes, cases). Turn offsets are Weft's unit (UTF-16 code units, end-exclusive) over the text
 * file of the source, which Weft writes verbatim; each document carries the SHA-256 of that text
 * so a text changed by another tool is recognised and its Weft data left out.
 *
 * Reading is defensive: a missing entry means nothing; an unreadable, newer or malformed entry is
 * ignored with a warning; a malformed part (one document, one turn) is dropped with a warning and
 * the rest kept. See MAPPING.md, “Weft's own data”.
 */
import { isGuid, normalizeGuid } from './guid.js';

/** The archive entry that holds Weft's own data. */
export const WEFT_EXTENSION_PATH = 'weft/extension.json';
/** The format version written; a reader ignores a version it does not know (with a warning). */
export const WEFT_EXTENSION_VERSION = 1;
/** The value of the `format` field, so the file says what it is. */
export const WEFT_EXTENSION_FORMAT = 'weft-qdpx-extension';

export interface ExtensionSpeaker {
  guid: string;
  label: string;
  /** GUID of the `Case` the speaker is linked to. */
  case?: string;
  interviewer?: true;
}

export interface ExtensionTurn {
  /** GUID of one of the document's speakers; absent for a turn without a speaker. */
  speaker?: string;
  start: number;
  end: number;
  beginMs?: number;
  endMs?: number;
}

export interface ExtensionDocument {
  /** SHA-256 (hex) of the source's text as written in the archive (UTF-8). */
  contentHash: string;
  /** The format the document was imported from ("text", "docx", "vtt" …). */
  sourceFormat?: string;
  /** The original file name. */
  sourceName?: string;
  /** When the document was marked as read (familiarisation). */
  readAt?: string;
  speakers: ExtensionSpeaker[];
  turns: ExtensionTurn[];
}

export interface ExtensionMerge {
  sourceName: string;
  sourceGuid?: string;
  sourceFormat: 'weft' | 'qdpx';
  mergedBy?: string;
  summary: string;
  mergedAt: string;
}

/** A consensus decision (team consensus): which side was kept for one disagreement, and the codings it added. */
export interface ExtensionConsensusDecision {
  /** User GUIDs: the consensus coder and the two coders compared. */
  consensus: string;
  coderA: string;
  coderB: string;
  /** The TextSource GUID. */
  document: string;
  /** The disagreement's key (shared/types/team.ts Disagreement.key). */
  key: string;
  decision: 'a' | 'b' | 'both' | 'neither';
  decidedAt: string;
  /** GUIDs of the consensus coder's codings the decision added. */
  codings: string[];
}

const DECISIONS = ['a', 'b', 'both', 'neither'] as const;

export const ALIAS_KINDS = ['coder', 'code', 'case', 'attribute', 'theme', 'set', 'coding', 'memo', 'document', 'speaker'] as const;
export type AliasKind = (typeof ALIAS_KINDS)[number];

export interface ExtensionAlias {
  kind: AliasKind;
  foreign: string;
  local: string;
}

export interface WeftExtension {
  format: typeof WEFT_EXTENSION_FORMAT;
  version: typeof WEFT_EXTENSION_VERSION;
  /** Keyed by the `TextSource` GUID. */
  documents: Record<string, ExtensionDocument>;
  /** GUIDs of users that are Weft's consensus coder. */
  consensusCoders: string[];
  /** Coding GUID → its last change, when it differs from its creation (REFI has only the creation). */
  codingsUpdated: Record<string, string>;
  /**
   * Positions on the thematic map: theme (Set GUID) and code GUID → [x, y]; the "not in a theme"
   * bin's position and the saved viewport when set.
   */
  mapLayout: { themes: Record<string, [number, number]>; codes: Record<string, [number, number]>; bin?: [number, number]; view?: { x: number; y: number; scale: number } };
  /** Project settings stored in the project (a new project made from the file takes them). */
  settings?: { excludeInterviewer?: boolean };
  /** The team-merge history, oldest first. */
  merges: ExtensionMerge[];
  /** GUIDs a team merge remembered for things here (merge_aliases). */
  mergeAliases: ExtensionAlias[];
  /** Consensus decisions (optional addition to version 1; absent when there are none). */
  consensusDecisions?: ExtensionConsensusDecision[];
}

export function emptyExtension(): WeftExtension {
  return { format: WEFT_EXTENSION_FORMAT, version: WEFT_EXTENSION_VERSION, documents: {}, consensusCoders: [], codingsUpdated: {}, mapLayout: { themes: {}, codes: {} }, merges: [], mergeAliases: [] };
}

/** True when the extension carries nothing (then no entry is written). */
export function isEmptyExtension(e: WeftExtension): boolean {
  return (
    Object.keys(e.documents).length === 0 &&
    e.consensusCoders.length === 0 &&
    Object.keys(e.codingsUpdated).length === 0 &&
    Object.keys(e.mapLayout.themes).length === 0 &&
    Object.keys(e.mapLayout.codes).length === 0 &&
    e.mapLayout.bin === undefined &&
    e.mapLayout.view === undefined &&
    e.settings === undefined &&
    (e.consensusDecisions ?? []).length === 0 &&
    e.merges.length === 0 &&
    e.mergeAliases.length === 0
  );
}

/** The entry's text: JSON, two-space indented, keys in a fixed order (stable re-exports). */
export function serializeExtension(e: WeftExtension): string {
  return `${JSON.stringify(e, null, 2)}\n`;
}

// Reading ----------------------------------------------------------------------------------------

const LABEL = `the Weft data (${WEFT_EXTENSION_PATH})`;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isMs = isOffset;
const isCoord = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const guidOrNull = (v: unknown): string | null => (isStr(v) && isGuid(normalizeGuid(v)) ? normalizeGuid(v) : null);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const isIso = (v: unknown): v is string => isStr(v) && ISO.test(v);

export interface ParsedExtension {
  /** Undefined when the entry was unreadable or of an unknown version. */
  extension?: WeftExtension;
  warnings: string[];
}

/**
 * Reads `weft/extension.json` (bytes or text). Never throws: what cannot be used is reported in
 * `warnings` and left out. The result's GUIDs are normalised (lower case, no braces).
 */
export function parseExtension(input: string | Uint8Array): ParsedExtension {
  const warnings: string[] = [];
  let raw: unknown;
  try {
    const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const why = err instanceof SyntaxError ? 'it is not valid JSON' : 'it is not UTF-8 text';
    return { warnings: [`Weft's own data in this file could not be read (${why}); speakers, reading ticks, the map layout and the merge history were not restored from it.`] };
  }
  if (!isObj(raw) || raw.format !== WEFT_EXTENSION_FORMAT) {
    return { warnings: [`${cap(LABEL)} is not in Weft's format; it was ignored.`] };
  }
  if (raw.version !== WEFT_EXTENSION_VERSION) {
    return {
      warnings: [
        typeof raw.version === 'number' && raw.version > WEFT_EXTENSION_VERSION
          ? `${cap(LABEL)} was written by a newer Weft (format version ${raw.version}; this one reads version ${WEFT_EXTENSION_VERSION}); it was ignored.`
          : `${cap(LABEL)} has an unknown format version (${JSON.stringify(raw.version)}); it was ignored.`,
      ],
    };
  }
  const e = emptyExtension();
  let dropped = 0;
  const drop = (what: string) => {
    dropped++;
    if (dropped <= 5) warnings.push(`${cap(LABEL)}: ${what}; it was left out.`);
  };

  if (isObj(raw.documents)) {
    for (const [key, value] of Object.entries(raw.documents)) {
      const guid = guidOrNull(key);
      const doc = guid ? readDocument(value, (why) => drop(`the entry for the source ${key} ${why}`)) : undefined;
      if (!guid) drop(`a document key (${JSON.stringify(key)}) is not a GUID`);
      else if (doc) e.documents[guid] = doc;
    }
  } else if (raw.documents !== undefined) drop('“documents” is not an object');

  if (Array.isArray(raw.consensusCoders)) {
    for (const g of raw.consensusCoders) {
      const guid = guidOrNull(g);
      if (guid) e.consensusCoders.push(guid);
      else drop(`a consensus coder (${JSON.stringify(g)}) is not a GUID`);
    }
  }
  if (isObj(raw.codingsUpdated)) {
    for (const [k, v] of Object.entries(raw.codingsUpdated)) {
      const guid = guidOrNull(k);
      if (guid && isIso(v)) e.codingsUpdated[guid] = v;
      else drop(`the change date of a coding (${k}) is not a GUID with a date`);
    }
  }
  if (isObj(raw.mapLayout)) {
    for (const part of ['themes', 'codes'] as const) {
      const m = raw.mapLayout[part];
      if (!isObj(m)) continue;
      for (const [k, v] of Object.entries(m)) {
        const guid = guidOrNull(k);
        if (guid && Array.isArray(v) && v.length === 2 && isCoord(v[0]) && isCoord(v[1])) e.mapLayout[part][guid] = [v[0], v[1]];
        else drop(`a map position (${k}) is not a GUID with [x, y]`);
      }
    }
    const { bin, view } = raw.mapLayout;
    if (Array.isArray(bin) && bin.length === 2 && isCoord(bin[0]) && isCoord(bin[1])) e.mapLayout.bin = [bin[0], bin[1]];
    else if (bin !== undefined) drop('the map position of the bin is not [x, y]');
    if (isObj(view) && isCoord(view.x) && isCoord(view.y) && isCoord(view.scale) && view.scale > 0) e.mapLayout.view = { x: view.x, y: view.y, scale: view.scale };
    else if (view !== undefined) drop('the map view is not {x, y, scale}');
  }
  if (isObj(raw.settings)) {
    if (typeof raw.settings.excludeInterviewer === 'boolean') e.settings = { excludeInterviewer: raw.settings.excludeInterviewer };
    else if (raw.settings.excludeInterviewer !== undefined) drop('the setting “excludeInterviewer” is not true or false');
  } else if (raw.settings !== undefined) drop('“settings” is not an object');
  if (Array.isArray(raw.merges)) {
    for (const m of raw.merges) {
      if (isObj(m) && isStr(m.sourceName) && (m.sourceFormat === 'weft' || m.sourceFormat === 'qdpx') && isStr(m.summary) && isIso(m.mergedAt)) {
        const sourceGuid = m.sourceGuid === undefined ? undefined : guidOrNull(m.sourceGuid);
        e.merges.push({
          sourceName: m.sourceName,
          ...(sourceGuid ? { sourceGuid } : {}),
          sourceFormat: m.sourceFormat,
          ...(isStr(m.mergedBy) ? { mergedBy: m.mergedBy } : {}),
          summary: m.summary,
          mergedAt: m.mergedAt,
        });
      } else drop('a merge in the history is incomplete');
    }
  }
  if (Array.isArray(raw.mergeAliases)) {
    for (const a of raw.mergeAliases) {
      const foreign = isObj(a) ? guidOrNull(a.foreign) : null;
      const local = isObj(a) ? guidOrNull(a.local) : null;
      if (isObj(a) && (ALIAS_KINDS as readonly unknown[]).includes(a.kind) && foreign && local) e.mergeAliases.push({ kind: a.kind as AliasKind, foreign, local });
      else drop('a remembered merge GUID is incomplete');
    }
  }
  if (Array.isArray(raw.consensusDecisions)) {
    for (const d of raw.consensusDecisions) {
      const g = (k: string) => (isObj(d) ? guidOrNull(d[k]) : null);
      const [consensus, coderA, coderB, document] = [g('consensus'), g('coderA'), g('coderB'), g('document')];
      const codings = isObj(d) && Array.isArray(d.codings) ? d.codings.map(guidOrNull) : null;
      if (
        isObj(d) && consensus && coderA && coderB && document && isStr(d.key) && d.key !== '' &&
        (DECISIONS as readonly unknown[]).includes(d.decision) && isIso(d.decidedAt) && codings && codings.every((c) => c !== null)
      ) {
        (e.consensusDecisions ??= []).push({ consensus, coderA, coderB, document, key: d.key, decision: d.decision as ExtensionConsensusDecision['decision'], decidedAt: d.decidedAt, codings: codings as string[] });
      } else drop('a consensus decision is incomplete');
    }
  }
  if (dropped > 5) warnings.push(`${cap(LABEL)}: ${dropped - 5} more malformed parts were left out.`);
  return { extension: e, warnings };
}

function readDocument(value: unknown, bad: (why: string) => void): ExtensionDocument | undefined {
  if (!isObj(value)) return bad('is not an object'), undefined;
  if (!isStr(value.contentHash) || !/^[0-9a-f]{64}$/i.test(value.contentHash)) return bad('has no content hash'), undefined;
  const doc: ExtensionDocument = { contentHash: value.contentHash.toLowerCase(), speakers: [], turns: [] };
  if (isStr(value.sourceFormat) && value.sourceFormat.trim() !== '') doc.sourceFormat = value.sourceFormat;
  if (isStr(value.sourceName)) doc.sourceName = value.sourceName;
  if (isIso(value.readAt)) doc.readAt = value.readAt;
  else if (value.readAt !== undefined) return bad('has a reading date that is not a date'), undefined;
  const speakers = Array.isArray(value.speakers) ? value.speakers : [];
  const labels = new Set<string>();
  for (const s of speakers) {
    const guid = isObj(s) ? guidOrNull(s.guid) : null;
    if (!isObj(s) || !guid || !isStr(s.label) || s.label.trim() === '') return bad('has a speaker without a GUID or a label'), undefined;
    if (labels.has(s.label) || doc.speakers.some((x) => x.guid === guid)) return bad(`has the speaker “${s.label}” twice`), undefined;
    labels.add(s.label);
    const kase = s.case === undefined ? undefined : guidOrNull(s.case);
    doc.speakers.push({ guid, label: s.label, ...(kase ? { case: kase } : {}), ...(s.interviewer === true ? { interviewer: true } : {}) });
  }
  const turns = Array.isArray(value.turns) ? value.turns : [];
  let previousEnd = 0;
  for (const t of turns) {
    if (!isObj(t) || !isOffset(t.start) || !isOffset(t.end) || t.end < t.start) return bad('has a turn without a valid range'), undefined;
    if (t.start < previousEnd) return bad('has overlapping or unordered turns'), undefined;
    previousEnd = t.end;
    const speaker = t.speaker === undefined || t.speaker === null ? undefined : guidOrNull(t.speaker);
    if (t.speaker !== undefined && t.speaker !== null && (!speaker || !doc.speakers.some((s) => s.guid === speaker))) return bad('has a turn by a speaker it does not list'), undefined;
    if ((t.beginMs !== undefined && !isMs(t.beginMs)) || (t.endMs !== undefined && !isMs(t.endMs))) return bad('has a turn with an invalid timing'), undefined;
    doc.turns.push({ ...(speaker ? { speaker } : {}), start: t.start, end: t.end, ...(t.beginMs !== undefined ? { beginMs: t.beginMs as number } : {}), ...(t.endMs !== undefined ? { endMs: t.endMs as number } : {}) });
  }
  return doc;
}

/**
 * Whether a document's turns fit its text: inside it and never splitting a surrogate pair. The
 * content hash already says the text is the one the turns were written for; this guards against
 * a file edited by hand.
 */
export function turnsFitText(turns: ExtensionTurn[], text: string): boolean {
  const inside = (i: number) => i <= text.length && !(i > 0 && i < text.length && /[\uD800-\uDBFF]/.test(text[i - 1]!) && /[\uDC00-\uDFFF]/.test(text[i]!));
  return turns.every((t) => inside(t.start) && inside(t.end));
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
