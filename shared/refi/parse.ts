/**
 * Tolerant readers for QDA-XML: `project.qde` (root `<Project>`) and `.qdc` (root `<CodeBook>`).
 *
 * Tolerance rules (see NOTES in the reference material and MAPPING.md):
 * - elements are matched on their local name, in no namespace or in any `urn:QDA-XML:` namespace
 *   (ATLAS.ti writes `urn:QDA-XML:codebook:0:4`); elements of other namespaces are ignored;
 * - element order is not enforced; unknown elements are skipped and reported once per kind;
 * - GUIDs may have braces and any case; invalid ones are kept (the importer assigns new ones);
 * - `MemberCode` may use `guid=` (codebook schema) or `targetGUID=` (project schema);
 * - colours are normalised to `#rrggbb`; `#RGB`, `#AARRGGBB` and `rgb()` are repaired;
 * - selections without usable positions and codings without a CodeRef are dropped.
 * Every dropped or repaired element adds a line to `project.warnings`.
 */
import { isGuid, normalizeGuid, sourceSpelling } from './guid.js';
import {
  emptyProject,
  emptySource,
  walkCodes,
  VARIABLE_TYPES,
  type ExchangeCase,
  type ExchangeCode,
  type ExchangeCoding,
  type ExchangeLink,
  type ExchangeMediaSelection,
  type ExchangeSyncPoint,
  type ExchangeNote,
  type ExchangeProject,
  type ExchangeSelection,
  type ExchangeSet,
  type ExchangeSource,
  type ExchangeVariable,
  type ExchangeVariableValue,
  type SourceKind,
  type Stamps,
  type VariableType,
} from './model.js';
import { RefiFormatError, XmlReader, type XmlElement } from './xml-read.js';
import { cleanImportedName, cleanImportedNames, isCleanName } from '../domain/names.js';

export { RefiFormatError } from './xml-read.js';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';
const QDA_PREFIX = 'urn:qda-xml:';

const XSD_DATETIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** Normalises a colour to `#rrggbb`. Returns undefined for anything unreadable. */
export function normalizeColor(raw: string | undefined): { color?: string; repaired: boolean } {
  if (raw === undefined) return { repaired: false };
  const v = raw.trim();
  let m = /^#?([0-9a-f]{6})$/i.exec(v);
  if (m) return { color: `#${m[1]!.toLowerCase()}`, repaired: !v.startsWith('#') };
  m = /^#?([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(v);
  if (m) return { color: `#${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}`.toLowerCase(), repaired: false };
  m = /^#?([0-9a-f]{8})$/i.exec(v);
  if (m) {
    const hex = m[1]!.toLowerCase();
    // #AARRGGBB (.NET, Qt) unless it clearly is #RRGGBBAA (alpha last and fully opaque).
    const rgb = hex.endsWith('ff') && !hex.startsWith('ff') ? hex.slice(0, 6) : hex.slice(2);
    return { color: `#${rgb}`, repaired: true };
  }
  m = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+\s*)?\)$/i.exec(v);
  if (m) {
    const parts = [m[1], m[2], m[3]].map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0'));
    return { color: `#${parts.join('')}`, repaired: true };
  }
  return { repaired: true };
}

/** Counts of ignored elements by kind; a nested map keeps its place for a level read as a stream (see Reader.slot). */
type Ignored = Map<string, number | Map<string, number>>;

class Reader {
  readonly warnings: string[] = [];
  private readonly unknown: Ignored = new Map();
  private readonly foreign: Ignored = new Map();
  private placeholder = 0;
  private slots = 0;

  constructor(readonly project: ExchangeProject) {}

  warn(message: string) {
    this.warnings.push(message);
  }

  isQda(el: XmlElement): boolean {
    return el.ns === undefined || el.ns.toLowerCase().startsWith(QDA_PREFIX);
  }

  /**
   * A place, taken now, for the ignored children of an element whose children are read one by
   * one as they arrive (the project's, its sources'): their warnings come where they would if
   * all of its children had been looked at first, as for every other element.
   */
  slot(): { unknown: Map<string, number>; foreign: Map<string, number> } {
    const key = `\0${++this.slots}`;
    const unknown = new Map<string, number>();
    const foreign = new Map<string, number>();
    this.unknown.set(key, unknown);
    this.foreign.set(key, foreign);
    return { unknown, foreign };
  }

  /** Whether `c`, a child of `el`, is a QDA element in `known`; reports it (in `slot`, when given) when not. */
  kid(el: XmlElement, c: XmlElement, known: readonly string[], slot?: { unknown: Map<string, number>; foreign: Map<string, number> }): boolean {
    if (!this.isQda(c)) {
      const key = `<${c.name}> (namespace ${c.ns}) inside <${el.name}>`;
      const map = slot?.foreign ?? this.foreign;
      map.set(key, ((map.get(key) as number | undefined) ?? 0) + 1);
      return false;
    }
    if (!known.includes(c.name)) {
      const key = `<${c.name}> inside <${el.name}>`;
      const map = slot?.unknown ?? this.unknown;
      map.set(key, ((map.get(key) as number | undefined) ?? 0) + 1);
      return false;
    }
    return true;
  }

  /** QDA children of `el`; reports children not in `known`. */
  kids(el: XmlElement, known: readonly string[]): XmlElement[] {
    return el.children.filter((c) => this.kid(el, c, known));
  }

  finish() {
    const flat = (ignored: Ignored) => {
      const out = new Map<string, number>();
      const add = (key: string, n: number) => out.set(key, (out.get(key) ?? 0) + n);
      for (const [key, v] of ignored) {
        if (typeof v === 'number') add(key, v);
        else for (const [k, n] of v) add(k, n);
      }
      return out;
    };
    for (const [key, n] of flat(this.unknown)) this.warn(`Ignored ${n === 1 ? 'an unknown element' : `${n} unknown elements`} ${key}.`);
    for (const [key, n] of flat(this.foreign)) this.warn(`Ignored ${n === 1 ? 'an element' : `${n} elements`} of another vocabulary: ${key}.`);
  }

  guid(el: XmlElement, what: string, attr = 'guid'): string {
    const raw = el.attrs[attr];
    if (raw === undefined || raw.trim() === '') {
      this.warn(`${what} has no ${attr}; a new one will be assigned.`);
      return `missing-guid-${++this.placeholder}`;
    }
    const g = normalizeGuid(raw);
    if (!isGuid(g)) this.warn(`${what} has an invalid GUID “${raw}”; a new one will be assigned.`);
    // The spelling of the element's own GUID (the first, when the file repeats it), for export.
    const spelled = sourceSpelling(raw);
    if (spelled !== undefined) {
      const spellings = (this.project.guidSpellings ??= {});
      spellings[g] ??= spelled;
    }
    return g;
  }

  ref(el: XmlElement, what: string): string | undefined {
    const raw = el.attrs.targetGUID ?? el.attrs.guid;
    if (raw === undefined || raw.trim() === '') {
      this.warn(`${what} has no target GUID; it was dropped.`);
      return undefined;
    }
    return normalizeGuid(raw);
  }

  refs(els: XmlElement[], name: string, what: string): string[] {
    const out: string[] = [];
    for (const e of els) {
      if (e.name !== name) continue;
      const r = this.ref(e, `A <${name}> in ${what}`);
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  optGuidAttr(el: XmlElement, attr: string): string | undefined {
    const raw = el.attrs[attr];
    if (raw === undefined || raw.trim() === '') return undefined;
    return normalizeGuid(raw);
  }

  dateTime(el: XmlElement, attr: string, what: string): string | undefined {
    const raw = el.attrs[attr]?.trim();
    if (!raw) return undefined;
    if (XSD_DATETIME.test(raw)) return raw;
    this.warn(`${what}: the ${attr} “${raw}” is not a date-time; it was ignored.`);
    return undefined;
  }

  stamps(el: XmlElement, what: string): Stamps {
    const s: Stamps = {};
    const cu = this.optGuidAttr(el, 'creatingUser');
    if (cu) s.creatingUser = cu;
    const cd = this.dateTime(el, 'creationDateTime', what);
    if (cd) s.creationDateTime = cd;
    const mu = this.optGuidAttr(el, 'modifyingUser');
    if (mu) s.modifyingUser = mu;
    const md = this.dateTime(el, 'modifiedDateTime', what);
    if (md) s.modifiedDateTime = md;
    return s;
  }

  bool(el: XmlElement, attr: string, fallback: boolean, what: string): boolean {
    const raw = el.attrs[attr]?.trim().toLowerCase();
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.warn(`${what}: ${raw === undefined ? `no ${attr}` : `${attr}="${el.attrs[attr]}" is not a boolean`}; assumed ${fallback}.`);
    return fallback;
  }

  textOf(els: XmlElement[], name: string): string | undefined {
    const e = els.find((c) => c.name === name);
    return e === undefined ? undefined : e.text;
  }
}

const label = (kind: string, name: string | undefined, guid: string) => (name ? `${kind} “${name}”` : `${kind} ${guid}`);

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

// ---------------------------------------------------------------------------------------------
// Codes, users, variables

function readCode(r: Reader, el: XmlElement, trail: string): ExchangeCode {
  const rawName = (el.attrs.name ?? '').trim();
  const where = trail ? `under “${trail}”` : 'at the top level';
  const guid = r.guid(el, rawName ? `The code “${rawName}”` : `A code without a name ${where}`);
  let codeName = rawName;
  if (codeName === '') {
    codeName = '(unnamed code)';
    r.warn(`A code without a name ${where} (${guid}) was named “${codeName}”.`);
  }
  const what = `The code “${codeName}”`;
  const kids = r.kids(el, ['Description', 'NoteRef', 'Code']);
  const { color, repaired } = normalizeColor(el.attrs.color);
  if (repaired && el.attrs.color !== undefined) {
    r.warn(color ? `${what}: colour “${el.attrs.color}” was read as ${color}.` : `${what}: colour “${el.attrs.color}” is not a colour; it was ignored.`);
  }
  const code: ExchangeCode = {
    guid,
    name: codeName,
    isCodable: r.bool(el, 'isCodable', true, what),
    noteRefs: r.refs(kids, 'NoteRef', what),
    children: [],
  };
  if (color) code.color = color;
  const description = nonEmpty(r.textOf(kids, 'Description'));
  if (description !== undefined) code.description = description;
  const path = trail ? `${trail}/${codeName}` : codeName;
  for (const c of kids) if (c.name === 'Code') code.children.push(readCode(r, c, path));
  return code;
}

function readCodes(r: Reader, el: XmlElement): ExchangeCode[] {
  return r.kids(el, ['Code']).map((c) => readCode(r, c, ''));
}

function readSets(r: Reader, el: XmlElement): ExchangeSet[] {
  const sets: ExchangeSet[] = [];
  const kids = r.kids(el, ['Set']);
  if (kids.length === 0) r.warn('An empty <Sets/> element was ignored (the schema requires at least one <Set>).');
  for (const s of kids) {
    const guid = r.guid(s, `The set “${s.attrs.name ?? ''}”`);
    const what = label('The set', s.attrs.name, guid);
    const sk = r.kids(s, ['Description', 'MemberCode', 'MemberSource', 'MemberNote']);
    let name = (s.attrs.name ?? '').trim();
    if (!name) {
      name = '(unnamed set)';
      r.warn(`The set ${guid} has no name; it was named “${name}”.`);
    }
    const set: ExchangeSet = {
      guid,
      name,
      memberCodes: r.refs(sk, 'MemberCode', what),
      memberSources: r.refs(sk, 'MemberSource', what),
      memberNotes: r.refs(sk, 'MemberNote', what),
    };
    const d = nonEmpty(r.textOf(sk, 'Description'));
    if (d !== undefined) set.description = d;
    sets.push(set);
  }
  return sets;
}

function readVariableValue(r: Reader, el: XmlElement, what: string): ExchangeVariableValue | undefined {
  const kids = r.kids(el, ['VariableRef', ...VARIABLE_TYPES.map((t) => `${t}Value`)]);
  const ref = kids.find((k) => k.name === 'VariableRef');
  const variableGuid = ref ? r.ref(ref, `A <VariableRef> in ${what}`) : undefined;
  if (!variableGuid) {
    if (!ref) r.warn(`A <VariableValue> in ${what} has no <VariableRef>; it was dropped.`);
    return undefined;
  }
  const valueEl = kids.find((k) => k.name !== 'VariableRef');
  if (!valueEl) return undefined; // a variable without a value: nothing to keep
  const type = valueEl.name.replace(/Value$/, '') as VariableType;
  return { variableGuid, type, value: type === 'Text' ? valueEl.text : valueEl.text.trim() };
}

function readValues(r: Reader, kids: XmlElement[], what: string): ExchangeVariableValue[] {
  const out: ExchangeVariableValue[] = [];
  for (const k of kids) {
    if (k.name !== 'VariableValue') continue;
    const v = readVariableValue(r, k, what);
    if (v) out.push(v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sources

function readCoding(r: Reader, el: XmlElement, where: string): ExchangeCoding | undefined {
  const guid = r.guid(el, `A coding in ${where}`);
  const kids = r.kids(el, ['CodeRef', 'NoteRef']);
  const refs = r.refs(kids, 'CodeRef', `the coding ${guid} in ${where}`);
  if (refs.length === 0) {
    r.warn(`The coding ${guid} in ${where} has no <CodeRef>; it was dropped.`);
    return undefined;
  }
  if (refs.length > 1) r.warn(`The coding ${guid} in ${where} has ${refs.length} <CodeRef>s; only the first was kept.`);
  const coding: ExchangeCoding = { guid, codeGuid: refs[0]!, noteRefs: r.refs(kids, 'NoteRef', `the coding ${guid}`) };
  const cu = r.optGuidAttr(el, 'creatingUser');
  if (cu) coding.creatingUser = cu;
  const cd = r.dateTime(el, 'creationDateTime', `The coding ${guid}`);
  if (cd) coding.creationDateTime = cd;
  return coding;
}

function readCodings(r: Reader, kids: XmlElement[], where: string): ExchangeCoding[] {
  const out: ExchangeCoding[] = [];
  for (const k of kids) {
    if (k.name !== 'Coding') continue;
    const c = readCoding(r, k, where);
    if (c) out.push(c);
  }
  return out;
}

function intAttr(el: XmlElement, attr: string): number | undefined {
  const raw = el.attrs[attr];
  if (raw === undefined || !/^\s*[+-]?\d+\s*$/.test(raw)) return undefined;
  const n = Number(raw.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

function readTextSelection(r: Reader, el: XmlElement, where: string): ExchangeSelection | undefined {
  const guid = r.guid(el, `A text selection in ${where}`);
  const kids = r.kids(el, ['Description', 'Coding', 'NoteRef']);
  const startPosition = intAttr(el, 'startPosition');
  const endPosition = intAttr(el, 'endPosition');
  if (startPosition === undefined || endPosition === undefined) {
    r.warn(
      `The selection ${guid} in ${where} has no usable startPosition/endPosition (“${el.attrs.startPosition ?? ''}”, “${el.attrs.endPosition ?? ''}”); it was dropped with its codings.`,
    );
    return undefined;
  }
  const sel: ExchangeSelection = {
    guid,
    startPosition,
    endPosition,
    codings: readCodings(r, kids, `${where}, selection ${startPosition}–${endPosition}`),
    noteRefs: r.refs(kids, 'NoteRef', `the selection ${guid}`),
    ...r.stamps(el, `The selection ${guid}`),
  };
  const name = nonEmpty(el.attrs.name);
  if (name !== undefined) sel.name = name;
  const d = nonEmpty(r.textOf(kids, 'Description'));
  if (d !== undefined) sel.description = d;
  return sel;
}

function readMediaSelection(r: Reader, el: XmlElement, where: string): ExchangeMediaSelection {
  const guid = r.guid(el, `A <${el.name}> in ${where}`);
  const kids = r.kids(el, ['Description', 'Representation', 'Coding', 'NoteRef']);
  const sel: ExchangeMediaSelection = {
    guid,
    element: el.name,
    codings: readCodings(r, kids, where),
    noteRefs: r.refs(kids, 'NoteRef', `the selection ${guid}`),
  };
  const name = nonEmpty(el.attrs.name);
  if (name !== undefined) sel.name = name;
  const d = nonEmpty(r.textOf(kids, 'Description'));
  if (d !== undefined) sel.description = d;
  return sel;
}

/**
 * A TranscriptSelection spans the text between two sync points (`fromSyncPoint`, `toSyncPoint`):
 * when both have a position it is read as a text selection over the transcript (positions in the
 * unit of PlainTextSelection), else kept as a media selection (reported, not imported).
 */
function readTranscriptSelection(r: Reader, el: XmlElement, where: string, points: Map<string, ExchangeSyncPoint>): ExchangeSelection | ExchangeMediaSelection {
  const media = readMediaSelection(r, el, where);
  const from = points.get(normalizeGuid(el.attrs.fromSyncPoint ?? ''));
  const to = points.get(normalizeGuid(el.attrs.toSyncPoint ?? ''));
  if (from?.position === undefined || to?.position === undefined) return media;
  const sel: ExchangeSelection = {
    guid: media.guid,
    startPosition: from.position,
    endPosition: to.position,
    codings: media.codings,
    noteRefs: media.noteRefs,
    ...r.stamps(el, `The selection ${media.guid}`),
  };
  if (media.name !== undefined) sel.name = media.name;
  if (media.description !== undefined) sel.description = media.description;
  return sel;
}

const SOURCE_KINDS: Record<string, SourceKind> = {
  TextSource: 'text',
  PDFSource: 'pdf',
  PictureSource: 'picture',
  AudioSource: 'audio',
  VideoSource: 'video',
};

const SELECTION_OF: Record<SourceKind, string> = {
  text: 'PlainTextSelection',
  pdf: 'PDFSelection',
  picture: 'PictureSelection',
  audio: 'AudioSelection',
  video: 'VideoSelection',
};

/** TextSource, Note, Representation and Transcript share this reader (TextSourceType/TranscriptType). */
function readTextLike(r: Reader, el: XmlElement, kind: SourceKind, element: string): ExchangeSource {
  const guid = r.guid(el, `A <${element}> “${el.attrs.name ?? ''}”`);
  const src = emptySource(guid, kind, element);
  const what = label(`The ${element === 'TextSource' ? 'text source' : element}`, el.attrs.name, guid);
  const known =
    element === 'Transcript'
      ? ['Description', 'PlainTextContent', 'SyncPoint', 'TranscriptSelection', 'NoteRef']
      : ['Description', 'PlainTextContent', 'PlainTextSelection', 'Coding', 'NoteRef', 'VariableValue'];
  const kids = r.kids(el, known);
  Object.assign(src, r.stamps(el, what));
  const name = nonEmpty(el.attrs.name);
  if (name !== undefined) src.name = name;
  const ptp = nonEmpty(el.attrs.plainTextPath?.trim());
  if (ptp !== undefined) src.plainTextPath = ptp;
  const rtp = nonEmpty(el.attrs.richTextPath?.trim());
  if (rtp !== undefined) src.richTextPath = rtp;
  const d = nonEmpty(r.textOf(kids, 'Description'));
  if (d !== undefined) src.description = d;
  const content = r.textOf(kids, 'PlainTextContent');
  if (content !== undefined) src.plainTextContent = content;
  if (content !== undefined && ptp !== undefined) {
    r.warn(`${what} has both <PlainTextContent> and a plainTextPath; the plainTextPath file is used when present.`);
  }
  const syncPoints = new Map<string, ExchangeSyncPoint>();
  if (element === 'Transcript') {
    src.syncPoints = [];
    for (const k of kids) {
      if (k.name !== 'SyncPoint') continue;
      const point: ExchangeSyncPoint = { guid: r.guid(k, `A sync point in ${what}`) };
      const timeStamp = intAttr(k, 'timeStamp');
      if (timeStamp !== undefined && timeStamp >= 0) point.timeStamp = timeStamp;
      const position = intAttr(k, 'position');
      if (position !== undefined) point.position = position;
      src.syncPoints.push(point);
      syncPoints.set(point.guid, point);
    }
  }
  for (const k of kids) {
    if (k.name === 'PlainTextSelection') {
      const s = readTextSelection(r, k, what);
      if (s) src.selections.push(s);
    } else if (k.name === 'TranscriptSelection') {
      const s = readTranscriptSelection(r, k, what, syncPoints);
      if ('startPosition' in s) src.selections.push(s);
      else src.mediaSelections.push(s);
    }
  }
  src.codings = readCodings(r, kids, what);
  src.noteRefs = r.refs(kids, 'NoteRef', what);
  src.values = readValues(r, kids, what);
  return src;
}

function readSource(r: Reader, el: XmlElement): ExchangeSource {
  const kind = SOURCE_KINDS[el.name]!;
  if (kind === 'text') return readTextLike(r, el, 'text', 'TextSource');
  const guid = r.guid(el, `A <${el.name}> “${el.attrs.name ?? ''}”`);
  const what = label(`The ${kind.toUpperCase() === 'PDF' ? 'PDF' : kind} source`, el.attrs.name, guid);
  const src = emptySource(guid, kind, el.name);
  const selectionName = SELECTION_OF[kind];
  const kids = r.kids(el, ['Description', selectionName, 'Representation', 'Transcript', 'Coding', 'NoteRef', 'VariableValue']);
  Object.assign(src, r.stamps(el, what));
  const name = nonEmpty(el.attrs.name);
  if (name !== undefined) src.name = name;
  const p = nonEmpty(el.attrs.path?.trim());
  if (p !== undefined) src.path = p;
  const cp = nonEmpty(el.attrs.currentPath?.trim());
  if (cp !== undefined) src.currentPath = cp;
  const d = nonEmpty(r.textOf(kids, 'Description'));
  if (d !== undefined) src.description = d;
  for (const k of kids) {
    if (k.name === selectionName) src.mediaSelections.push(readMediaSelection(r, k, what));
    else if (k.name === 'Representation' && kind === 'pdf') src.representation = readTextLike(r, k, 'text', 'Representation');
    else if (k.name === 'Transcript' && (kind === 'audio' || kind === 'video')) src.transcripts.push(readTextLike(r, k, 'text', 'Transcript'));
  }
  src.codings = readCodings(r, kids, what);
  src.noteRefs = r.refs(kids, 'NoteRef', what);
  src.values = readValues(r, kids, what);
  return src;
}

// ---------------------------------------------------------------------------------------------
// Project parts

function readUsers(r: Reader, el: XmlElement) {
  for (const u of r.kids(el, ['User'])) {
    const user = { guid: r.guid(u, `The user “${u.attrs.name ?? ''}”`) } as ExchangeProject['users'][number];
    const name = nonEmpty(u.attrs.name?.trim());
    if (name !== undefined) user.name = name;
    const id = nonEmpty(u.attrs.id?.trim());
    if (id !== undefined) user.id = id;
    r.project.users.push(user);
  }
}

function readVariables(r: Reader, el: XmlElement) {
  for (const v of r.kids(el, ['Variable'])) {
    const guid = r.guid(v, `The variable “${v.attrs.name ?? ''}”`);
    const raw = v.attrs.typeOfVariable?.trim() ?? '';
    let type = VARIABLE_TYPES.find((t) => t.toLowerCase() === raw.toLowerCase());
    if (!type) {
      r.warn(`The variable “${v.attrs.name ?? guid}” has type “${raw}”; it was read as Text.`);
      type = 'Text';
    }
    const variable: ExchangeVariable = { guid, name: (v.attrs.name ?? '').trim() || `Variable ${guid.slice(0, 8)}`, type };
    const d = nonEmpty(r.textOf(r.kids(v, ['Description']), 'Description'));
    if (d !== undefined) variable.description = d;
    r.project.variables.push(variable);
  }
}

function readCases(r: Reader, el: XmlElement) {
  for (const c of r.kids(el, ['Case'])) {
    const guid = r.guid(c, `A case “${c.attrs.name ?? ''}”`);
    const what = label('The case', c.attrs.name, guid);
    const kids = r.kids(c, ['Description', 'CodeRef', 'VariableValue', 'SourceRef', 'SelectionRef']);
    const kase: ExchangeCase = {
      guid,
      codeRefs: r.refs(kids, 'CodeRef', what),
      values: readValues(r, kids, what),
      sourceRefs: r.refs(kids, 'SourceRef', what),
      selectionRefs: r.refs(kids, 'SelectionRef', what),
    };
    const name = nonEmpty(c.attrs.name?.trim());
    if (name !== undefined) kase.name = name;
    const d = nonEmpty(r.textOf(kids, 'Description'));
    if (d !== undefined) kase.description = d;
    r.project.cases.push(kase);
  }
}

function readNotes(r: Reader, el: XmlElement) {
  for (const n of r.kids(el, ['Note'])) {
    const src = readTextLike(r, n, 'text', 'Note');
    const note: ExchangeNote = { guid: src.guid, noteRefs: src.noteRefs };
    for (const k of ['name', 'description', 'plainTextContent', 'plainTextPath', 'creatingUser', 'creationDateTime', 'modifyingUser', 'modifiedDateTime'] as const) {
      if (src[k] !== undefined) note[k] = src[k];
    }
    if (note.plainTextContent !== undefined) note.text = note.plainTextContent;
    if (src.selections.length || src.codings.length) r.warn(`${label('The note', note.name, note.guid)} has selections or codings; they were ignored.`);
    r.project.notes.push(note);
  }
}

function readLinks(r: Reader, el: XmlElement) {
  for (const l of r.kids(el, ['Link'])) {
    const guid = r.guid(l, 'A link');
    const link: ExchangeLink = { guid, noteRefs: r.refs(r.kids(l, ['NoteRef']), 'NoteRef', `the link ${guid}`) };
    const name = nonEmpty(l.attrs.name);
    if (name !== undefined) link.name = name;
    const dir = l.attrs.direction?.trim();
    if (dir === 'Associative' || dir === 'OneWay' || dir === 'Bidirectional') link.direction = dir;
    const { color } = normalizeColor(l.attrs.color);
    if (color) link.color = color;
    const o = r.optGuidAttr(l, 'originGUID');
    if (o) link.originGuid = o;
    const t = r.optGuidAttr(l, 'targetGUID');
    if (t) link.targetGuid = t;
    r.project.links.push(link);
  }
}

function readProjectAttrs(r: Reader, root: XmlElement) {
  const p = r.project;
  const name = root.attrs.name?.trim();
  if (!name) {
    r.warn('The project has no name.');
    p.unnamed = true;
  } else p.name = name;
  const origin = nonEmpty(root.attrs.origin?.trim());
  if (origin !== undefined) p.origin = origin;
  const basePath = nonEmpty(root.attrs.basePath);
  if (basePath !== undefined) p.basePath = basePath;
  const cu = r.optGuidAttr(root, 'creatingUserGUID');
  if (cu) p.creatingUser = cu;
  const mu = r.optGuidAttr(root, 'modifyingUserGUID');
  if (mu) p.modifyingUser = mu;
  const cd = r.dateTime(root, 'creationDateTime', 'The project');
  if (cd) p.creationDateTime = cd;
  const md = r.dateTime(root, 'modifiedDateTime', 'The project');
  if (md) p.modifiedDateTime = md;
}

const PROJECT_PARTS = ['Users', 'CodeBook', 'Variables', 'Cases', 'Sources', 'Notes', 'Links', 'Sets', 'Graphs', 'Description', 'NoteRef'];
const SOURCE_ELEMENTS = Object.keys(SOURCE_KINDS);

/** One child of <Project> (its sources were read as they came: see parseRefiXml). */
function readProjectPart(r: Reader, k: XmlElement) {
  const p = r.project;
  switch (k.name) {
    case 'Users':
      readUsers(r, k);
      break;
    case 'CodeBook':
      for (const cb of r.kids(k, ['Codes', 'Sets'])) {
        if (cb.name === 'Codes') p.codes.push(...readCodes(r, cb));
        else p.sets.push(...readSets(r, cb));
      }
      break;
    case 'Variables':
      readVariables(r, k);
      break;
    case 'Cases':
      readCases(r, k);
      break;
    case 'Notes':
      readNotes(r, k);
      break;
    case 'Links':
      readLinks(r, k);
      break;
    case 'Sets':
      p.sets.push(...readSets(r, k));
      break;
    case 'Graphs':
      p.graphCount += r.kids(k, ['Graph']).length;
      break;
    case 'Description':
      if (k.text !== '') p.description = k.text;
      break;
    case 'NoteRef': {
      const ref = r.ref(k, 'A project <NoteRef>');
      if (ref) p.noteRefs.push(ref);
      break;
    }
  }
}

function finishProject(r: Reader) {
  const p = r.project;
  if (p.graphCount > 0) {
    r.warn(`${p.graphCount} graph${p.graphCount === 1 ? '' : 's'} (network views) will not be imported: Weft has no graphs.`);
  }
}

function readCodebookRoot(r: Reader, root: XmlElement) {
  const p = r.project;
  const origin = nonEmpty(root.attrs.origin?.trim());
  if (origin !== undefined) p.origin = origin;
  const kids = r.kids(root, ['Codes', 'Sets']);
  if (!kids.some((k) => k.name === 'Codes')) r.warn('The codebook has no <Codes> element.');
  for (const k of kids) {
    if (k.name === 'Codes') p.codes.push(...readCodes(r, k));
    else p.sets.push(...readSets(r, k));
  }
}

export interface ParseOptions {
  /** Which root is expected; by default either is accepted. */
  expect?: 'project' | 'codebook';
  /**
   * Called as each source of a project closes (it is in `project.sources` already), with the
   * children of <Project> read before it (`Users`, `CodeBook`…): a caller may store it and let go
   * of its heavy parts (see streamQdpxInto in electron/services/exchange/files.ts).
   */
  onSource?: (source: ExchangeSource, partsBefore: ReadonlySet<string>) => void;
  /** Called as each child of <Project> other than <Sources> has been read. */
  onPart?: (name: string) => void;
}

/**
 * Parses a `project.qde` or a `.qdc`. Throws RefiFormatError when the file is not well-formed XML
 * or its root is neither `<Project>` nor `<CodeBook>`; everything else is tolerated and reported
 * in `warnings`.
 */
export function parseRefiXml(input: string | Uint8Array, options: ParseOptions = {}): ExchangeProject {
  const parser = new RefiXmlParser(options);
  if (typeof input === 'string') parser.write(input);
  else parser.writeBytes(input);
  return parser.end();
}

/**
 * The parser of parseRefiXml, fed in chunks (a project.qde inflated piece by piece): each child
 * of <Project> is read when it closes and then let go of, and each source as soon as it closes,
 * so neither the whole text nor the whole element tree is ever held, only the model (and, with
 * `onSource`, not even all of it). A file that turns out not to be well-formed further on still
 * throws (an import that stored sources already rolls them back).
 */
export class RefiXmlParser {
  private readonly xml: XmlReader;
  private r: Reader | undefined;
  private kind: 'project' | 'codebook' | undefined;
  /** Why the file is refused (its root), thrown at the end unless the XML is not well-formed first. */
  private refusal: RefiFormatError | undefined;
  /** The children of <Project> read so far (Sources counted when it opens). */
  private readonly parts = new Set<string>();

  constructor(private readonly options: ParseOptions = {}) {
    let root: XmlElement | undefined;
    let rootSlot: ReturnType<Reader['slot']> | undefined;
    /** The <Sources> being read, with the place of its ignored children. */
    let sources: { el: XmlElement; slot: ReturnType<Reader['slot']> } | undefined;
    this.xml = new XmlReader({
      open: (el, parent, depth) => {
        if (depth === 0) {
          root = el;
          try {
            this.begin(el);
          } catch (err) {
            if (!(err instanceof RefiFormatError)) throw err;
            this.refusal = err;
          }
          if (this.kind === 'project') {
            rootSlot = this.r!.slot();
            readProjectAttrs(this.r!, el);
          }
        } else if (depth === 1 && this.kind === 'project' && el.name === 'Sources' && this.r!.isQda(el) && this.r!.kid(root!, el, PROJECT_PARTS, rootSlot)) {
          sources = { el, slot: this.r!.slot() };
          this.parts.add('Sources');
        }
      },
      close: (el, parent, depth) => {
        if (this.refusal) return false; // refused: read on only to check that it is XML
        if (this.kind !== 'project') return true; // a codebook is small: read whole at the end
        const r = this.r!;
        if (depth === 2 && sources && parent === sources.el) {
          if (r.kid(sources.el, el, SOURCE_ELEMENTS, sources.slot)) {
            const source = readSource(r, el);
            r.project.sources.push(source);
            this.options.onSource?.(source, this.parts);
          }
          return false;
        }
        if (depth === 1) {
          if (el === sources?.el) sources = undefined; // its sources were read already, and it was counted at its start
          else if (r.kid(root!, el, PROJECT_PARTS, rootSlot)) {
            readProjectPart(r, el);
            this.parts.add(el.name);
            this.options.onPart?.(el.name);
          }
          return false;
        }
        return true;
      },
    });
  }

  write(text: string) {
    this.xml.write(text);
  }

  writeBytes(bytes: Uint8Array) {
    this.xml.writeBytes(bytes);
  }

  /** The project being read (once its root has opened), before `end` finishes it. */
  get project(): ExchangeProject | undefined {
    return this.kind === 'project' ? this.r?.project : undefined;
  }

  end(): ExchangeProject {
    const { root, warnings } = this.xml.end();
    if (this.refusal) throw this.refusal;
    const r = this.r!;
    if (this.kind === 'project') finishProject(r);
    else readCodebookRoot(r, root);
    r.finish();
    const project = r.project;
    // the reader's own warnings (DOCTYPE, undeclared prefixes, entities) come first
    project.warnings.push(...warnings, ...r.warnings);
    cleanNames(project);
    return project;
  }

  /** The root element opened: which kind of file this is, or a refusal. */
  private begin(root: XmlElement) {
    const kind = root.name === 'Project' ? 'project' : root.name === 'CodeBook' ? 'codebook' : null;
    if (!kind) {
      throw new RefiFormatError(`This is not a REFI-QDA file: its root element is <${root.name}>, expected <Project> or <CodeBook>.`);
    }
    if (this.options.expect && this.options.expect !== kind) {
      throw new RefiFormatError(
        this.options.expect === 'codebook'
          ? 'This is a REFI-QDA project (<Project>), not a codebook (.qdc). Import it as a project instead.'
          : 'This is a REFI-QDA codebook (<CodeBook>), not a project. Import it as a codebook instead.',
      );
    }
    const project = emptyProject(kind, kind === 'project' ? 'Imported project' : 'Imported codebook');
    const r = new Reader(project);
    const expectedNs = kind === 'project' ? PROJECT_NS : CODEBOOK_NS;
    if (root.ns === undefined) {
      r.warn(`The file declares no namespace (expected ${expectedNs}); it was read by element names.`);
    } else if (!root.ns.toLowerCase().startsWith(QDA_PREFIX)) {
      throw new RefiFormatError(`This is not a REFI-QDA file: its root element is in the namespace “${root.ns}”, expected ${expectedNs}.`);
    } else if (root.ns !== expectedNs) {
      r.warn(`The file uses the namespace “${root.ns}” instead of ${expectedNs}; it was read as QDA-XML 1.0.`);
    }
    this.kind = kind;
    this.r = r;
  }
}

/** Names with control or bidirectional-override characters are cleaned, with a warning (shared/domain/names.ts). */
function cleanNames(project: ExchangeProject) {
  const w = project.warnings;
  if (!isCleanName(project.name)) project.name = cleanImportedName(project.name, w, 'The project name', project.kind === 'project' ? 'Imported project' : 'Imported codebook');
  cleanImportedNames([...walkCodes(project.codes)].map((x) => x.code), w, 'The code', 'Unnamed code');
  cleanImportedNames(project.users, w, 'The user', 'Unnamed user');
  cleanImportedNames(project.variables, w, 'The variable', 'Unnamed variable');
  cleanImportedNames(project.cases, w, 'The case', 'Unnamed case');
  cleanImportedNames(project.sets, w, 'The set', 'Unnamed set');
  cleanImportedNames(project.sources, w, 'The source', 'Unnamed source');
}

export const parseProjectXml = (input: string | Uint8Array) => parseRefiXml(input, { expect: 'project' });
export const parseCodebookXml = (input: string | Uint8Array) => parseRefiXml(input, { expect: 'codebook' });
