/**
 * Weft project → ExchangeProject → QDA-XML (.qdpx / .qdc). Mapping decisions: shared/refi/MAPPING.md.
 */
import type { DB } from '../../db/connection.js';
import * as codeTable from '../../db/tables/codes.js';
import { guidTaken, spellings } from '../../db/tables/guids.js';
import * as coderTable from '../../db/tables/coders.js';
import * as memoTable from '../../db/tables/memos.js';
import * as mergeTable from '../../db/tables/merges.js';
import type { ThemeRow as ThemeTableRow } from '../../db/tables/themes.js';
import { readMeta } from '../../db/connection.js';
import { DomainError } from '../../../shared/api/errors.js';
import {
  composeAttributeDescription,
  composeCodeDescription,
  composeThemeDescription,
  deriveGuid,
  emptyExtension,
  emptyProject,
  emptySource,
  isEmptyExtension,
  serializeExtension,
  WEFT_EXTENSION_PATH,
  RefiExportError,
  knownGuids,
  isGuid,
  type GuidSet,
  serializeCodebook,
  serializeProjectParts,
  sourceFileText,
  syncPointsOfTurns,
  type ExchangeCode,
  type ExchangeCoding,
  type ExchangeSelection,
  type ExchangeLink,
  type ExchangeNote,
  type ExchangeProject,
  type ExchangeSet,
  type ExchangeSource,
  type ExchangeVariableValue,
  type VariableType,
  type WeftExtension,
} from '../../../shared/refi/index.js';
import { fstatSync } from 'node:fs';
import { DEFAULT_ZIP_LIMITS, writeQdpxParts } from '../../refi/qdpx.js';
import { listMedia } from '../media.js';
import { getMapLayout } from '../themes.js';
import { hasExcludeInterviewerSetting, readExcludeInterviewer } from '../analysis/interviewer-setting.js';
import type { MediaLink } from '../../../shared/types/media.js';
import { FileSink, MemorySink, type ByteSink } from '../../refi/zip-write.js';
import { writeUserFileWith, type WriteOptions } from '../../fs/user-files.js';
import { checkCancelled, type ProgressOptions } from './progress.js';
import type { AttributeKind } from '../cases.js';

export interface ExportOptions {
  /** The `origin` attribute, e.g. "Weft 0.1.0". */
  origin?: string;
  /** The project file's path, which linked recordings' paths are relative to (default: the database's file). */
  projectPath?: string;
}

const nowIso = () => new Date().toISOString();

type ThemeRow = Pick<ThemeTableRow, 'id' | 'guid' | 'parent_id' | 'name' | 'definition' | 'status' | 'color'>;

function codeTree(db: DB, memoRefs: Map<number, string[]>): { roots: ExchangeCode[]; guidOf: Map<number, string> } {
  const rows = codeTable.list(db);
  const nodes = new Map<number, ExchangeCode>();
  const guidOf = new Map<number, string>();
  for (const r of rows) {
    const code: ExchangeCode = { guid: r.guid, name: r.name, isCodable: r.is_codable === 1, ...(r.color_given === 1 ? { color: r.color } : {}), noteRefs: memoRefs.get(r.id) ?? [], children: [] };
    const description = composeCodeDescription(r);
    if (description !== '') code.description = description;
    nodes.set(r.id, code);
    guidOf.set(r.id, r.guid);
  }
  const roots: ExchangeCode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parent_id === null ? undefined : nodes.get(r.parent_id);
    (parent ? parent.children : roots).push(node);
  }
  return { roots, guidOf };
}

function themeSets(db: DB, codeGuid: Map<number, string>): ExchangeSet[] {
  const themes = db.prepare('SELECT id, guid, parent_id, name, definition, status, color FROM themes ORDER BY position, id').all() as ThemeRow[];
  const guidOf = new Map(themes.map((t) => [t.id, t.guid]));
  const members = db.prepare('SELECT code_id FROM theme_codes WHERE theme_id = ? ORDER BY position, code_id').pluck();
  // Parents first, so a reader that resolves in one pass finds them.
  const ordered: ThemeRow[] = [];
  const byParent = new Map<number | null, ThemeRow[]>();
  for (const t of themes) byParent.set(t.parent_id, [...(byParent.get(t.parent_id) ?? []), t]);
  const visit = (parent: number | null) => {
    for (const t of byParent.get(parent) ?? []) {
      ordered.push(t);
      visit(t.id);
    }
  };
  visit(null);
  return ordered.map((t) => ({
    guid: t.guid,
    name: t.name,
    description: composeThemeDescription({
      definition: t.definition,
      status: t.status,
      color: t.color,
      ...(t.parent_id !== null && guidOf.has(t.parent_id) ? { parent: guidOf.get(t.parent_id)! } : {}),
    }),
    memberCodes: (members.all(t.id) as number[]).map((id) => codeGuid.get(id)!).filter(Boolean),
    memberSources: [],
    memberNotes: [],
  }));
}

function plainSets(db: DB, codeGuid: Map<number, string>, docGuid: Map<number, string>): ExchangeSet[] {
  const sets = db.prepare('SELECT id, guid, name, description FROM sets ORDER BY id').all() as { id: number; guid: string; name: string; description: string }[];
  const members = db.prepare('SELECT document_id, code_id FROM set_members WHERE set_id = ? ORDER BY rowid');
  return sets.map((s) => {
    const rows = members.all(s.id) as { document_id: number | null; code_id: number | null }[];
    const set: ExchangeSet = {
      guid: s.guid,
      name: s.name,
      memberCodes: rows.flatMap((r) => (r.code_id !== null && codeGuid.has(r.code_id) ? [codeGuid.get(r.code_id)!] : [])),
      memberSources: rows.flatMap((r) => (r.document_id !== null && docGuid.has(r.document_id) ? [docGuid.get(r.document_id)!] : [])),
      memberNotes: [],
    };
    if (s.description !== '') set.description = s.description;
    return set;
  });
}

const BOOL_TRUE = /^(true|yes|y|1)$/i;
const BOOL_FALSE = /^(false|no|n|0)$/i;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

const BOOL_PAIRS: [string, string][] = [
  ['true', 'false'],
  ['yes', 'no'],
  ['y', 'n'],
  ['1', '0'],
];

/** The other half of a yes/no spelling, in the same letter case ("No" → "Yes", "N" → "Y"). */
function counterpart(word: string): string {
  const lower = word.toLowerCase();
  const pair = BOOL_PAIRS.find((p) => p.includes(lower)) ?? BOOL_PAIRS[0]!;
  const other = pair[0] === lower ? pair[1] : pair[0];
  if (word === word.toUpperCase() && word !== lower) return other.toUpperCase();
  if (word[0] === word[0]!.toUpperCase() && word !== lower) return other[0]!.toUpperCase() + other.slice(1);
  return other;
}

/** The REFI type that can carry every value of a Weft attribute, and each value in that type's syntax. */
function variableTypeFor(kind: string, values: string[]): { type: VariableType; convert: (v: string) => string } | null {
  const vs = values.map((v) => v.trim());
  switch (kind) {
    case 'number':
      if (vs.every((v) => INTEGER.test(v))) return { type: 'Integer', convert: (v) => v.trim() };
      if (vs.every((v) => DECIMAL.test(v))) return { type: 'Float', convert: (v) => v.trim() };
      return null;
    case 'boolean':
      if (vs.every((v) => BOOL_TRUE.test(v) || BOOL_FALSE.test(v))) return { type: 'Boolean', convert: (v) => (BOOL_TRUE.test(v.trim()) ? 'true' : 'false') };
      return null;
    case 'date':
      if (vs.every((v) => DATE.test(v))) return { type: 'Date', convert: (v) => v.trim() };
      if (vs.every((v) => DATETIME.test(v))) return { type: 'DateTime', convert: (v) => v.trim() };
      return null;
    default:
      return { type: 'Text', convert: (v) => v };
  }
}

/**
 * Builds the exchange model of the whole project. Positions stay Weft offsets (the serializer
 * converts them); anything that had to be adapted is listed in `warnings` of the result.
 */
export function exportProject(db: DB, options: ExportOptions = {}): ExchangeProject {
  const parts = projectParts(db, options);
  parts.project.sources = [...parts.sources()];
  return parts.project;
}

/**
 * The exchange model without its sources, which `sources()` builds one document at a time
 * (reading each text and its codings when it is reached), and `isSourceGuid` whether a GUID is
 * a source's or a selection's (for references), without reading any text.
 */
interface ProjectParts {
  project: ExchangeProject;
  sources(progress?: ProgressOptions): Generator<ExchangeSource>;
  isSourceGuid(guid: string): boolean;
  documents: number;
}

function projectParts(db: DB, options: ExportOptions): ProjectParts {
  const meta = readMeta(db);
  const p = emptyProject('project', meta.name ?? 'Weft project');
  const warnings = p.warnings;
  p.origin = options.origin ?? 'Weft';
  if (meta.created_at) p.creationDateTime = meta.created_at;
  p.modifiedDateTime = nowIso();
  if (meta.description) p.description = meta.description;
  p.guidSpellings = spellings(db);

  // Users
  const coders = coderTable.list(db);
  const coderGuid = new Map(coders.map((c) => [c.id, c.guid]));
  p.users = coders.map((c) => ({ guid: c.guid, name: c.name, ...(c.initials ? { id: c.initials } : {}) }));
  if (coders[0]) p.creatingUser = coders[0].guid;

  // Memos (needed first for NoteRefs)
  const memos = memoTable.list(db);
  const refsBy = (key: 'document_id' | 'code_id' | 'coding_id') => {
    const m = new Map<number, string[]>();
    for (const memo of memos) {
      const id = memo[key];
      if (id !== null) m.set(id, [...(m.get(id) ?? []), memo.guid]);
    }
    return m;
  };
  const codingMemos = new Map<number, typeof memos>();
  for (const memo of memos) if (memo.coding_id !== null) codingMemos.set(memo.coding_id, [...(codingMemos.get(memo.coding_id) ?? []), memo]);
  p.notes = memos.map((m): ExchangeNote => {
    const note: ExchangeNote = { guid: m.guid, text: m.body, noteRefs: [], creationDateTime: m.created_at, modifiedDateTime: m.updated_at };
    if (m.title !== '') note.name = m.title;
    const cu = m.coder_id !== null ? coderGuid.get(m.coder_id) : undefined;
    if (cu) note.creatingUser = cu;
    return note;
  });
  p.noteRefs = memos.filter((m) => m.document_id === null && m.code_id === null && m.theme_id === null && m.coding_id === null && m.case_id === null).map((m) => m.guid);

  // Codes
  const { roots, guidOf: codeGuid } = codeTree(db, refsBy('code_id'));
  p.codes = roots;

  // Attributes → variables
  const attributes = db.prepare('SELECT id, guid, name, scope, kind, categories FROM attributes ORDER BY position, id').all() as {
    id: number;
    guid: string;
    name: string;
    scope: 'case' | 'document';
    kind: string;
    categories: string | null;
  }[];
  const caseValues = db.prepare('SELECT case_id, attribute_id, value FROM case_attribute_values').all() as { case_id: number; attribute_id: number; value: string }[];
  const docValues = db.prepare('SELECT document_id, attribute_id, value FROM document_attribute_values').all() as { document_id: number; attribute_id: number; value: string }[];
  const converters = new Map<number, { guid: string; type: VariableType; convert: (v: string) => string }>();
  for (const a of attributes) {
    const values = (a.scope === 'case' ? caseValues : docValues).filter((v) => v.attribute_id === a.id).map((v) => v.value);
    let t = variableTypeFor(a.kind, values);
    let keepKind = false;
    if (!t) {
      keepKind = true;
      warnings.push(`The ${a.kind} attribute “${a.name}” has values that are not valid ${a.kind === 'number' ? 'numbers' : a.kind === 'date' ? 'dates (YYYY-MM-DD)' : 'yes/no values'}; it was exported as text.`);
      t = { type: 'Text', convert: (v) => v };
    }
    // Booleans are written true/false; Weft's own spelling (yes/no, Y/N …) rides along in the marker.
    let spelling: { true: string; false: string } | undefined;
    if (t?.type === 'Boolean') {
      const trues = new Set(values.map((v) => v.trim()).filter((v) => BOOL_TRUE.test(v)));
      const falses = new Set(values.map((v) => v.trim()).filter((v) => BOOL_FALSE.test(v)));
      if (trues.size > 1 || falses.size > 1) {
        warnings.push(`The yes/no attribute “${a.name}” spells its values in several ways; they were exported as true/false.`);
      } else {
        const yes = [...trues][0] ?? counterpart([...falses][0] ?? 'false');
        const no = [...falses][0] ?? counterpart(yes);
        if (yes !== 'true' || no !== 'false') spelling = { true: yes, false: no };
      }
    }
    let categories: string[] | undefined;
    if (a.kind === 'category' && a.categories) {
      try {
        const parsed: unknown = JSON.parse(a.categories);
        if (Array.isArray(parsed)) categories = parsed.map(String);
      } catch {
        // leave out unreadable category lists
      }
    }
    converters.set(a.id, { guid: a.guid, ...t });
    p.variables.push({ guid: a.guid, name: a.name, type: t.type, description: composeAttributeDescription({ scope: a.scope, ...(keepKind ? { kind: a.kind as AttributeKind } : {}), ...(spelling ? { spelling } : {}), ...(categories ? { categories } : {}) }) });
  }
  const valueOf = (attributeId: number, value: string): ExchangeVariableValue => {
    const c = converters.get(attributeId)!;
    return { variableGuid: c.guid, type: c.type, value: c.convert(value) };
  };

  // Documents → text sources, codings → one selection each: built one at a time when `sources()` is read.
  const documents = db.prepare('SELECT id, guid, name, description, created_by, created_at, updated_at FROM documents ORDER BY position, id').all() as {
    id: number;
    guid: string;
    name: string;
    description: string;
    created_by: number | null;
    created_at: string;
    updated_at: string;
  }[];
  const docGuid = new Map(documents.map((d) => [d.id, d.guid]));
  const docMemoRefs = refsBy('document_id');
  const valuesOfDoc = new Map<number, typeof docValues>();
  for (const v of docValues) valuesOfDoc.set(v.document_id, [...(valuesOfDoc.get(v.document_id) ?? []), v]);
  const textOf = db.prepare('SELECT text FROM documents WHERE id = ?').pluck();
  const turnsOf = db.prepare('SELECT start, end, begin_ms, end_ms FROM turns WHERE document_id = ? ORDER BY seq, start');
  const mediaOf = new Map(listMedia({ db, path: options.projectPath ?? db.name }).map((m) => [m.documentId, m]));
  // Rows as arrays: about half the cost of row objects over a hundred thousand codings.
  const codingsOf = db.prepare('SELECT id, guid, code_id, coder_id, start, end, created_at, updated_at FROM codings WHERE document_id = ? ORDER BY start, end, id').raw();
  type CodingRow = [id: number, guid: string, codeId: number, coderId: number, start: number, end: number, createdAt: string, updatedAt: string];
  function* sources(progress: ProgressOptions = {}): Generator<ExchangeSource> {
    let done = 0;
    for (const d of documents) {
      checkCancelled(progress, 'The export');
      const src = emptySource(d.guid);
      src.name = d.name;
      src.text = textOf.get(d.id) as string;
      if (d.description !== '') src.description = d.description;
      const cu = d.created_by !== null ? coderGuid.get(d.created_by) : undefined;
      if (cu) src.creatingUser = cu;
      src.creationDateTime = d.created_at;
      src.modifiedDateTime = d.updated_at;
      src.noteRefs = docMemoRefs.get(d.id) ?? [];
      src.values = (valuesOfDoc.get(d.id) ?? []).map((v) => valueOf(v.attribute_id, v.value));
      const media = mediaOf.get(d.id);
      if (media) recordingSource(src, media, turnsOf.all(d.id) as TurnTimes[], warnings);
      for (const [id, guid, codeId, coderId, start, end, createdAt, updatedAt] of codingsOf.all(d.id) as CodingRow[]) {
        const coder = coderGuid.get(coderId);
        const attached = codingMemos.get(id);
        const coding: ExchangeCoding = { guid, codeGuid: codeGuid.get(codeId)!, creationDateTime: createdAt, noteRefs: [] };
        const selection: ExchangeSelection = { guid: deriveGuid(guid), startPosition: start, endPosition: end, start, end, creationDateTime: createdAt, modifiedDateTime: updatedAt, codings: [coding], noteRefs: [] };
        if (coder) selection.creatingUser = coding.creatingUser = coder;
        if (attached) {
          // A copy of the coding memos for tools that read only the selection's Description (MAXQDA).
          selection.description = attached.map((m) => m.body).join('\n\n');
          selection.noteRefs = attached.map((m) => m.guid);
        }
        src.selections.push(selection);
      }
      yield src;
      progress.onProgress?.(++done, documents.length);
    }
  }
  /**
   * Whether `guid` is a source's or one of its selections' (every document has text; every coding
   * a place, and its selection's GUID is the coding's, derived, so a lookup by the coding's GUID
   * answers without deriving every selection's GUID up front).
   */
  const isSourceGuid = (guid: string): boolean => docGuids.has(guid) || (isGuid(guid) && guidTaken(db, 'codings', deriveGuid(guid)));
  const docGuids = new Set(docGuid.values());

  // Cases
  const cases = db.prepare('SELECT id, guid, name, description FROM cases ORDER BY name, id').all() as { id: number; guid: string; name: string; description: string }[];
  const caseDocs = db.prepare('SELECT document_id FROM document_cases WHERE case_id = ? ORDER BY document_id').pluck();
  for (const c of cases) {
    p.cases.push({
      guid: c.guid,
      name: c.name,
      ...(c.description !== '' ? { description: c.description } : {}),
      codeRefs: [],
      values: caseValues.filter((v) => v.case_id === c.id).map((v) => valueOf(v.attribute_id, v.value)),
      sourceRefs: (caseDocs.all(c.id) as number[]).map((id) => docGuid.get(id)!).filter(Boolean),
      selectionRefs: [],
    });
  }

  // Themes and sets
  p.sets = [...themeSets(db, codeGuid), ...plainSets(db, codeGuid, docGuid)];

  // Memos on things without NoteRef in the schema (themes, cases): a Link note → target.
  const themeGuid = new Map((db.prepare('SELECT id, guid FROM themes').all() as { id: number; guid: string }[]).map((t) => [t.id, t.guid]));
  const caseGuid = new Map(cases.map((c) => [c.id, c.guid]));
  for (const m of memos) {
    const target = m.theme_id !== null ? themeGuid.get(m.theme_id) : m.case_id !== null ? caseGuid.get(m.case_id) : undefined;
    if (!target) continue;
    const link: ExchangeLink = { guid: deriveGuid(m.guid), name: 'Memo', direction: 'OneWay', originGuid: m.guid, targetGuid: target, noteRefs: [] };
    p.links.push(link);
  }

  // Passages chosen as evidence for a theme (a Set cannot hold selections): a Link theme → selection.
  const quotes = db
    .prepare(
      `SELECT t.guid AS theme, k.guid AS coding FROM theme_quotes q JOIN themes t ON t.id = q.theme_id JOIN codings k ON k.id = q.coding_id
        ORDER BY t.position, t.id, q.position, k.id`,
    )
    .all() as { theme: string; coding: string }[];
  for (const q of quotes) {
    p.links.push({
      guid: deriveGuid(q.coding, parseInt(q.theme.slice(24), 16)),
      name: THEME_QUOTE_LINK,
      direction: 'OneWay',
      originGuid: q.theme,
      targetGuid: deriveGuid(q.coding),
      noteRefs: [],
    });
  }
  return { project: p, sources, isSourceGuid, documents: documents.length };
}

type TurnTimes = { start: number; end: number; begin_ms: number | null; end_ms: number | null };

/**
 * Makes a document's source an AudioSource/VideoSource with its transcript (MAPPING.md
 * “Recordings”): the recording goes into the archive when it is there and no larger than what an
 * archive entry may be on import (DEFAULT_ZIP_LIMITS.maxEntryBytes); otherwise the source points at
 * it by its absolute path, with a warning. Each turn's beginning and end, when timed, is a sync point.
 */
function recordingSource(src: ExchangeSource, media: MediaLink, turns: TurnTimes[], warnings: string[]) {
  src.kind = media.kind;
  src.element = media.kind === 'video' ? 'VideoSource' : 'AudioSource';
  const embed = media.status !== 'missing' && media.size <= DEFAULT_ZIP_LIMITS.maxEntryBytes;
  if (media.status === 'missing') warnings.push(`The recording of “${src.name}” was not found at “${media.absolutePath}”; the export refers to that path instead of containing it.`);
  else if (!embed) warnings.push(`The recording of “${src.name}” (${Math.round(media.size / 1024 ** 2)} MB) is larger than an archive entry may be (${DEFAULT_ZIP_LIMITS.maxEntryBytes / 1024 ** 2} MB); the export refers to “${media.absolutePath}” instead of containing it.`);
  src.mediaFile = { file: media.absolutePath, embed };
  src.syncPoints = syncPointsOfTurns(
    src.guid,
    turns.map((t) => ({ start: t.start, end: t.end, beginMs: t.begin_ms, endMs: t.end_ms })),
  );
}

/**
 * What Weft knows that REFI-QDA cannot carry, keyed by the GUIDs written in project.qde
 * (shared/refi/extension.ts; MAPPING.md “Weft's own data”).
 */
export function weftExtension(db: DB): WeftExtension {
  const e = emptyExtension();
  const docs = db.prepare('SELECT d.id, d.guid, d.content_hash, d.source_format, d.source_name, r.read_at FROM documents d LEFT JOIN document_reading r ON r.document_id = d.id ORDER BY d.position, d.id').all() as {
    id: number;
    guid: string;
    content_hash: string;
    source_format: string;
    source_name: string | null;
    read_at: string | null;
  }[];
  const speakersOf = db.prepare('SELECT s.id, s.guid, s.label, s.is_interviewer, c.guid AS case_guid FROM speakers s LEFT JOIN cases c ON c.id = s.case_id WHERE s.document_id = ? ORDER BY s.id');
  // Rows as arrays (about half the cost of row objects over a hundred thousand turns).
  const turnsOf = db.prepare('SELECT speaker_id, start, end, begin_ms, end_ms FROM turns WHERE document_id = ? ORDER BY seq, start').raw();
  for (const d of docs) {
    const speakers = speakersOf.all(d.id) as { id: number; guid: string; label: string; is_interviewer: number; case_guid: string | null }[];
    const speakerGuid = new Map(speakers.map((s) => [s.id, s.guid]));
    e.documents[d.guid] = {
      contentHash: d.content_hash,
      sourceFormat: d.source_format,
      ...(d.source_name !== null ? { sourceName: d.source_name } : {}),
      ...(d.read_at !== null ? { readAt: d.read_at } : {}),
      speakers: speakers.map((s) => ({ guid: s.guid, label: s.label, ...(s.case_guid ? { case: s.case_guid } : {}), ...(s.is_interviewer === 1 ? { interviewer: true as const } : {}) })),
      turns: (turnsOf.all(d.id) as [speakerId: number | null, start: number, end: number, beginMs: number | null, endMs: number | null][]).map(([speakerId, start, end, beginMs, endMs]) => {
        // Keys in this order (speaker, start, end, beginMs, endMs): the JSON is written as built.
        const speaker = speakerId !== null ? speakerGuid.get(speakerId) : undefined;
        const turn: WeftExtension['documents'][string]['turns'][number] = speaker !== undefined ? { speaker, start, end } : { start, end };
        if (beginMs !== null) turn.beginMs = beginMs;
        if (endMs !== null) turn.endMs = endMs;
        return turn;
      }),
    };
  }
  e.consensusCoders = db.prepare('SELECT guid FROM coders WHERE is_consensus = 1 ORDER BY id').pluck().all() as string[];
  for (const k of db.prepare('SELECT guid, updated_at FROM codings WHERE updated_at <> created_at ORDER BY id').all() as { guid: string; updated_at: string }[]) e.codingsUpdated[k.guid] = k.updated_at;
  const layout = db
    .prepare('SELECT t.guid AS theme, c.guid AS code, l.x, l.y FROM theme_map_layout l LEFT JOIN themes t ON t.id = l.theme_id LEFT JOIN codes c ON c.id = l.code_id ORDER BY l.id')
    .all() as { theme: string | null; code: string | null; x: number; y: number }[];
  for (const l of layout) {
    if (l.theme !== null) e.mapLayout.themes[l.theme] = [l.x, l.y];
    else if (l.code !== null) e.mapLayout.codes[l.code] = [l.x, l.y];
  }
  const decisions = db
    .prepare(
      `SELECT x.id, s.guid AS consensus, a.guid AS coder_a, b.guid AS coder_b, d.guid AS document, x.item_key, x.decision, x.decided_at
         FROM consensus_decisions x JOIN coders s ON s.id = x.consensus_id JOIN coders a ON a.id = x.coder_a_id JOIN coders b ON b.id = x.coder_b_id
         JOIN documents d ON d.id = x.document_id ORDER BY x.id`,
    )
    .all() as { id: number; consensus: string; coder_a: string; coder_b: string; document: string; item_key: string; decision: 'a' | 'b' | 'both' | 'neither'; decided_at: string }[];
  const decisionCodings = db.prepare('SELECT k.guid FROM consensus_decision_codings c JOIN codings k ON k.id = c.coding_id WHERE c.decision_id = ? ORDER BY k.guid').pluck();
  if (decisions.length) {
    e.consensusDecisions = decisions.map((x) => ({
      consensus: x.consensus,
      coderA: x.coder_a,
      coderB: x.coder_b,
      document: x.document,
      key: x.item_key,
      decision: x.decision,
      decidedAt: x.decided_at,
      codings: decisionCodings.all(x.id) as string[],
    }));
  }
  const map = getMapLayout(db);
  if (map.positions.bin) e.mapLayout.bin = [map.positions.bin.x, map.positions.bin.y];
  if (map.view) e.mapLayout.view = map.view;
  if (hasExcludeInterviewerSetting(db)) e.settings = { excludeInterviewer: readExcludeInterviewer(db) };
  const merges = mergeTable.list(db);
  e.merges = merges.map((m) => ({
    sourceName: m.source_name,
    ...(m.source_guid !== null ? { sourceGuid: m.source_guid } : {}),
    sourceFormat: m.source_format,
    ...(m.merged_by !== null ? { mergedBy: m.merged_by } : {}),
    summary: m.summary,
    mergedAt: m.merged_at,
  }));
  e.mergeAliases = (db.prepare('SELECT kind, foreign_guid, local_guid FROM merge_aliases ORDER BY kind, foreign_guid').all() as { kind: WeftExtension['mergeAliases'][number]['kind']; foreign_guid: string; local_guid: string }[]).map((a) => ({
    kind: a.kind,
    foreign: a.foreign_guid,
    local: a.local_guid,
  }));
  return e;
}

/** The name of the Link that ties a theme's Set to a quoted passage (see MAPPING.md). */
export const THEME_QUOTE_LINK = 'Theme quote';

export interface QdpxExport {
  warnings: string[];
  counts: { documents: number; codes: number; codings: number; cases: number; memos: number; coders: number; themes: number; sets: number };
  /** Bytes of the archive. */
  size: number;
}

/** An export kept in memory (a download). */
export interface QdpxBytesExport extends QdpxExport {
  bytes: Uint8Array;
}

/** An export written to a file. */
export interface QdpxFileExport extends QdpxExport {
  /** The absolute path written. */
  path: string;
}

export interface QdpxExportOptions extends ExportOptions, ProgressOptions {
  /** How a path is written (writeUserFile's rules); by default an existing file is replaced. */
  write?: WriteOptions;
}

/**
 * The whole project as a .qdpx, written as it is read: one document (its text and codings) at a
 * time, inside one read transaction so the archive is one consistent state of the project.
 * With `path` the archive streams to a temporary file beside it that replaces the target only
 * when complete (writeUserFileWith); without, it is returned as bytes (a download).
 * `onProgress`/`isCancelled` are called between documents; a cancelled export writes nothing.
 */
export function exportQdpx(db: DB, path?: undefined, options?: QdpxExportOptions): QdpxBytesExport;
export function exportQdpx(db: DB, path: string, options?: QdpxExportOptions): QdpxFileExport;
export function exportQdpx(db: DB, path?: string, options: QdpxExportOptions = {}): QdpxBytesExport | QdpxFileExport {
  return db.transaction(() => {
    const parts = projectParts(db, options);
    const project = parts.project;
    const warnings: string[] = [];
    const others = knownGuids(project, []);
    const known: GuidSet = { has: (guid) => others.has(guid) || parts.isSourceGuid(guid) };
    const docId = new Map((db.prepare('SELECT guid, id FROM documents').all() as { guid: string; id: number }[]).map((d) => [d.guid, d.id]));
    const textOf = db.prepare('SELECT text FROM documents WHERE id = ?').pluck();
    const extension = weftExtension(db);
    const extra = isEmptyExtension(extension) ? [] : [{ path: WEFT_EXTENSION_PATH, text: serializeExtension(extension) }];
    const write = (sink: ByteSink) => {
      try {
        writeQdpxParts(sink, serializeProjectParts(project, parts.sources(options), known, warnings), (f) => sourceFileText(textOf.get(docId.get(f.sourceGuid)) as string), extra);
      } catch (err) {
        if (err instanceof RefiExportError) throw new DomainError('VALIDATION', err.message);
        throw err;
      }
    };
    const one = (sql: string) => db.prepare(sql).pluck().get() as number;
    const result = (size: number): QdpxExport => ({
      warnings: [...project.warnings, ...warnings],
      size,
      counts: {
        documents: parts.documents,
        codes: one('SELECT count(*) FROM codes'),
        codings: one('SELECT count(*) FROM codings'),
        cases: project.cases.length,
        memos: project.notes.length,
        coders: project.users.length,
        themes: one('SELECT count(*) FROM themes'),
        sets: one('SELECT count(*) FROM sets'),
      },
    });
    if (path === undefined) {
      const sink = new MemorySink();
      write(sink);
      const bytes = sink.bytes();
      return { ...result(bytes.length), bytes };
    }
    let size = 0;
    const written = writeUserFileWith(
      path,
      (fd) => {
        const sink = new FileSink(fd);
        write(sink);
        size = fstatSync(fd).size;
      },
      options.write ?? { overwrite: true },
    );
    return { ...result(size), path: written };
  })();
}

/**
 * The codebook as a .qdc document: codes (with definition/criteria/example in <Description>),
 * themes as Sets of MemberCode, and the code members of Weft sets.
 * Throws DomainError VALIDATION when there is no code (a .qdc must contain one).
 */
export function exportCodebook(db: DB, options: ExportOptions = {}): string {
  return exportCodebookWithWarnings(db, options).xml;
}

/** `exportCodebook`, with what had to be adapted (invalid colours, control characters). */
export function exportCodebookWithWarnings(db: DB, options: ExportOptions = {}): { xml: string; warnings: string[] } {
  const { roots, guidOf } = codeTree(db, new Map());
  const p = emptyProject('codebook', readMeta(db).name ?? 'Weft codebook');
  p.origin = options.origin ?? 'Weft';
  p.codes = roots;
  p.guidSpellings = spellings(db);
  p.sets = [...themeSets(db, guidOf), ...plainSets(db, guidOf, new Map()).filter((s) => s.memberCodes.length > 0)];
  try {
    return serializeCodebook(p);
  } catch (err) {
    if (err instanceof RefiExportError) throw new DomainError('VALIDATION', err.message);
    throw err;
  }
}
