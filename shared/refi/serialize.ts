/**
 * ExchangeProject → QDA-XML 1.0, valid against Project.xsd / Codebook.xsd:
 * exact namespace URNs, children in xsd:sequence order, no empty wrapper elements, `#rrggbb`
 * colours, escaped text, lower-case GUIDs, or as their source spelled them (`guidSpellings`). Text sources are written as
 * `sources/<guid>.txt` (UTF-8, no BOM, LF) referenced as `internal://<guid>.txt`, and selection
 * positions as Unicode code points over that text (spec §10.2).
 */
import { OffsetMap } from '../domain/offsets.js';
import { deriveGuid, isGuid } from './guid.js';
import type {
  ExchangeCase,
  ExchangeCode,
  ExchangeCoding,
  ExchangeNote,
  ExchangeProject,
  ExchangeSelection,
  ExchangeSet,
  ExchangeSource,
  ExchangeSyncPoint,
  ExchangeVariableValue,
  Stamps,
} from './model.js';
import { CODEBOOK_NS, normalizeColor, PROJECT_NS } from './parse.js';
import { hasAstral } from './positions.js';
import { attr, closeTagLine, el, elementLines, elementParts, emptyTagLine, openTagLine, renderXml, renderXmlPart, XML_DECLARATION, type XmlNode } from './xml-write.js';
import { xmlSafe } from '../xml/text.js';

export class RefiExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefiExportError';
  }
}

export interface SerializedFile {
  /** Path inside the archive, e.g. `sources/<guid>.txt`. */
  path: string;
  bytes: Uint8Array;
}

export interface SerializedProject {
  /** The `project.qde` document. */
  xml: string;
  files: SerializedFile[];
  warnings: string[];
}

/** The GUIDs references may point at (`knownGuids`, or a lookup that answers the same). */
export type GuidSet = Pick<ReadonlySet<string>, 'has'>;

const XSD_DATETIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** One part of a project written in parts: XML text of project.qde, or a source's text file. */
export type ProjectPart = { xml: string } | { file: SourceTextFile } | { media: SourceMediaFile };

/** A recording to put in the archive as `sources/<guid>.<ext>` (REFI-QDA §8.4), read from `file` on disk. */
export interface SourceMediaFile {
  path: string;
  sourceGuid: string;
  /** Absolute path of the recording on this computer. */
  file: string;
}

/** The salt of the Transcript GUID derived from its Audio/VideoSource's GUID (deriveGuid). */
export const TRANSCRIPT_GUID_SALT = 0x7a5c_71b7_0000;
/** The salts of the sync points derived from a selection's GUID at its start and its end. */
const SELECTION_START_SALT = 0x5f00_0000_0001;
const SELECTION_END_SALT = 0x5f00_0000_0002;

export interface SourceTextFile {
  /** Path inside the archive, e.g. `sources/<guid>.txt`. */
  path: string;
  sourceGuid: string;
  /** The text as the file holds it (see `sourceFileText`). */
  text: string;
}

/** A source's text as its `sources/<guid>.txt` holds it: LF line ends (a text without CR is returned as it is, unscanned by the regex). */
export const sourceFileText = (text: string) => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);

class Writer {
  /** The spellings (a Map: looking a fresh string up as an object key costs far more). */
  private readonly spellingOf: Map<string, string>;
  /** References already found valid and known, as written (codes and users are referred to over and over). */
  private readonly knownRefs = new Map<string, string>();

  constructor(
    readonly knownGuids: GuidSet,
    readonly warnings: string[] = [],
    /** GUIDs written as their source spelled them (ExchangeProject.guidSpellings). */
    spellings: Readonly<Record<string, string>> = {},
  ) {
    this.spellingOf = new Map(Object.entries(spellings));
  }

  /** The GUID as written: the source's spelling when it had one, else as is (lower case). */
  private spelled(g: string): string {
    if (this.spellingOf.size === 0) return g;
    const s = this.spellingOf.get(g);
    return s !== undefined && s.toLowerCase() === g ? s : g;
  }

  guid(g: string, what: string): string {
    if (!isGuid(g)) throw new RefiExportError(`${what} has an invalid GUID “${g}”.`);
    return this.spelled(g);
  }

  /** A reference attribute value, or undefined (with a warning) when it points at nothing exported. */
  ref(g: string | undefined, what: string): string | undefined {
    if (g === undefined) return undefined;
    const known = this.knownRefs.get(g);
    if (known !== undefined) return known;
    if (!isGuid(g) || !this.knownGuids.has(g)) {
      this.warnings.push(`${what} refers to ${g}, which is not in the export; the reference was left out.`);
      return undefined;
    }
    const written = this.spelled(g);
    this.knownRefs.set(g, written);
    return written;
  }

  text(s: string | undefined, what: string): string | undefined {
    if (s === undefined) return undefined;
    const { value, changed } = xmlSafe(s);
    if (changed) this.warnings.push(`${what} contained characters XML cannot store (control characters); they were removed.`);
    return value;
  }

  dateTime(v: string | undefined): string | undefined {
    return v !== undefined && XSD_DATETIME.test(v) ? v : undefined;
  }

  stamps(s: Stamps, what: string) {
    return {
      creatingUser: this.ref(s.creatingUser, what),
      creationDateTime: this.dateTime(s.creationDateTime),
      modifyingUser: this.ref(s.modifyingUser, what),
      modifiedDateTime: this.dateTime(s.modifiedDateTime),
    };
  }

  color(c: string | undefined, what: string): string | undefined {
    if (c === undefined || c === '') return undefined;
    const { color } = normalizeColor(c);
    if (!color) this.warnings.push(`${what}: the colour “${c}” is not #RRGGBB; it was left out.`);
    return color;
  }

  noteRefs(refs: string[], what: string): XmlNode[] {
    return refs.flatMap((r) => {
      const t = this.ref(r, `A note reference of ${what}`);
      return t ? [el('NoteRef', { targetGUID: t })] : [];
    });
  }
}

function descriptionNode(w: Writer, text: string | undefined, what: string): XmlNode[] {
  const t = w.text(text, `The description of ${what}`);
  return t === undefined || t === '' ? [] : [el('Description', {}, [], t)];
}

function codeNode(w: Writer, code: ExchangeCode, withNoteRefs: boolean): XmlNode {
  const what = `the code “${code.name}”`;
  const children: XmlNode[] = [...descriptionNode(w, code.description, what)];
  if (withNoteRefs) children.push(...w.noteRefs(code.noteRefs, what));
  for (const c of code.children) children.push(codeNode(w, c, withNoteRefs));
  return el(
    'Code',
    {
      guid: w.guid(code.guid, `The code “${code.name}”`),
      name: w.text(code.name, what),
      isCodable: code.isCodable ? 'true' : 'false',
      color: w.color(code.color, `The code “${code.name}”`),
    },
    children,
  );
}

/**
 * Sources are written as lines directly (`elementLines`, `attr`), not as element trees: a project
 * has a hundred thousand selections and codings, and the trees cost more than the XML. Each
 * function below writes what `renderXmlPart` would write for the tree of the same element at
 * `depth`, calling the Writer in the same order (so warnings come in the same order).
 */
function codingLines(w: Writer, c: ExchangeCoding, what: string, depth: number): string {
  const target = w.ref(c.codeGuid, `A coding in ${what}`);
  if (!target) return '';
  const guid = w.guid(c.guid, `A coding in ${what}`);
  const creatingUser = w.ref(c.creatingUser, `A coding in ${what}`);
  const body = elementLines('CodeRef', attr('targetGUID', target), '', depth + 1) + nodesLines(w.noteRefs(c.noteRefs, `a coding in ${what}`), depth + 1);
  return elementLines('Coding', attr('guid', guid) + attr('creatingUser', creatingUser) + attr('creationDateTime', w.dateTime(c.creationDateTime)), body, depth);
}

/** Elements built as trees (descriptions, note references, values) as lines at `depth`. */
const nodesLines = (nodes: XmlNode[], depth: number) => {
  let out = '';
  for (const n of nodes) out += renderXmlPart(n, depth);
  return out;
};

/** The stamps' attributes (`Writer.stamps`), in the schema's order. */
function stampAttrs(w: Writer, s: Stamps, what: string): string {
  const t = w.stamps(s, what);
  return attr('creatingUser', t.creatingUser) + attr('creationDateTime', t.creationDateTime) + attr('modifyingUser', t.modifyingUser) + attr('modifiedDateTime', t.modifiedDateTime);
}

function valueNodes(w: Writer, values: ExchangeVariableValue[], what: string): XmlNode[] {
  return values.flatMap((v) => {
    const ref = w.ref(v.variableGuid, `A variable value of ${what}`);
    if (!ref) return [];
    return [el('VariableValue', {}, [el('VariableRef', { targetGUID: ref }), el(`${v.type}Value`, {}, [], w.text(v.value, `A value of ${what}`) ?? '')])];
  });
}

/** A selection's children (its description, codings and note references) as lines at `depth`. */
function selectionBody(w: Writer, sel: ExchangeSelection, what: string, depth: number): string {
  let body = nodesLines(descriptionNode(w, sel.description, `a selection in ${what}`), depth);
  for (const c of sel.codings) body += codingLines(w, c, what, depth);
  return body + nodesLines(w.noteRefs(sel.noteRefs, `a selection in ${what}`), depth);
}

function selectionLines(w: Writer, sel: ExchangeSelection, map: OffsetMap, what: string, depth: number): string {
  if (sel.start === undefined || sel.end === undefined) {
    if (!sel.dropped) w.warnings.push(`A selection in ${what} has no position in the text; it was left out.`);
    return '';
  }
  let startPosition: number;
  let endPosition: number;
  try {
    startPosition = map.toCodePoint(sel.start);
    endPosition = map.toCodePoint(sel.end);
  } catch (err) {
    w.warnings.push(`The selection ${sel.start}–${sel.end} in ${what} is not a valid range of its text (${(err as Error).message}); it was left out.`);
    return '';
  }
  const body = selectionBody(w, sel, what, depth + 1);
  const attrs =
    attr('guid', w.guid(sel.guid, `A selection in ${what}`)) +
    attr('name', w.text(sel.name, `A selection name in ${what}`)) +
    attr('startPosition', startPosition) +
    attr('endPosition', endPosition) +
    stampAttrs(w, sel, `A selection in ${what}`);
  return elementLines('PlainTextSelection', attrs, body, depth);
}

const encoder = new TextEncoder();

/** A source's element as lines at `depth`, in parts, or null (with a warning) when it cannot be exported. */
function sourceParts(w: Writer, src: ExchangeSource, files: SourceTextFile[], media: SourceMediaFile[], depth: number): string[] | null {
  const what = `the document “${src.name ?? src.guid}”`;
  if (src.kind === 'audio' || src.kind === 'video') {
    const lines = mediaSourceLines(w, src, files, media, depth);
    return lines === null ? null : [lines];
  }
  if (src.kind !== 'text') {
    w.warnings.push(`The ${src.kind} source “${src.name ?? src.guid}” was left out: only text sources are exported.`);
    return null;
  }
  if (src.text === undefined) {
    w.warnings.push(`${what[0]!.toUpperCase()}${what.slice(1)} has no text; it was left out.`);
    return null;
  }
  const guid = w.guid(src.guid, what);
  const text = sourceFileText(src.text);
  files.push({ path: `sources/${guid}.txt`, sourceGuid: src.guid, text });
  const map = new OffsetMap(text);
  // The children stay separate strings: joined, one character outside Latin-1 anywhere (an en dash
  // in the document's name) would make the whole document's XML a two-byte string, slower to encode.
  const body: string[] = [];
  const add = (lines: string) => {
    if (lines !== '') body.push(lines);
  };
  add(nodesLines(descriptionNode(w, src.description, what), depth + 1));
  for (const sel of src.selections) add(selectionLines(w, sel, map, what, depth + 1));
  for (const c of src.codings) add(codingLines(w, c, what, depth + 1));
  add(nodesLines(w.noteRefs(src.noteRefs, what), depth + 1));
  add(nodesLines(valueNodes(w, src.values, what), depth + 1));
  const attrs = attr('guid', guid) + attr('name', w.text(src.name, what)) + attr('plainTextPath', `internal://${guid}.txt`) + stampAttrs(w, src, what);
  return elementParts('TextSource', attrs, body, depth);
}

/** The extension of a media file's name, lower case, or '' (the archive entry is `<guid>.<ext>`). */
const extensionOf = (file: string) => /\.([A-Za-z0-9]{1,8})$/.exec(file)?.[1]?.toLowerCase() ?? '';

/** `absolute:///<path>` with forward slashes (§8.3). */
export const absoluteUrl = (file: string) => `absolute:///${file.replace(/\\/g, '/').replace(/^\/+/, '')}`;

/**
 * A document with a recording: an AudioSource/VideoSource whose `path` is the recording
 * (`internal://<guid>.<ext>`, or `absolute:///…` when it is not embedded) with one Transcript:
 * the document's text as `sources/<transcript guid>.txt`, its sync points (`src.syncPoints`, Weft
 * offsets → code points like every position), and each selection as a TranscriptSelection from
 * the sync point at its start to the one at its end (added where no sync point is).
 */
function mediaSourceLines(w: Writer, src: ExchangeSource, files: SourceTextFile[], media: SourceMediaFile[], depth: number): string | null {
  const what = `the document “${src.name ?? src.guid}”`;
  if (src.text === undefined || !src.mediaFile) {
    w.warnings.push(`The ${src.kind} source “${src.name ?? src.guid}” has no transcript or no recording; it was left out.`);
    return null;
  }
  const guid = w.guid(src.guid, what);
  const transcriptGuid = deriveGuid(guid, TRANSCRIPT_GUID_SALT);
  const text = sourceFileText(src.text);
  files.push({ path: `sources/${transcriptGuid}.txt`, sourceGuid: src.guid, text });
  const ext = extensionOf(src.mediaFile.file);
  let path: string;
  if (src.mediaFile.embed) {
    const name = ext ? `${guid}.${ext}` : guid;
    media.push({ path: `sources/${name}`, sourceGuid: src.guid, file: src.mediaFile.file });
    path = `internal://${name}`;
  } else path = absoluteUrl(src.mediaFile.file);
  const map = new OffsetMap(text);
  const points: ExchangeSyncPoint[] = [...(src.syncPoints ?? [])];
  const at = new Map<number, ExchangeSyncPoint>();
  for (const p of points) if (p.offset !== undefined && !at.has(p.offset)) at.set(p.offset, p);
  const pointAt = (offset: number, guidIfNew: string) => {
    const known = at.get(offset);
    if (known) return known;
    const p: ExchangeSyncPoint = { guid: guidIfNew, offset };
    points.push(p);
    at.set(offset, p);
    return p;
  };
  let selections = '';
  for (const sel of src.selections) {
    if (sel.start === undefined || sel.end === undefined) {
      if (!sel.dropped) w.warnings.push(`A selection in ${what} has no position in the text; it was left out.`);
      continue;
    }
    if (sel.start < 0 || sel.end > text.length || sel.end < sel.start) {
      w.warnings.push(`The selection ${sel.start}–${sel.end} in ${what} is not a valid range of its text; it was left out.`);
      continue;
    }
    const from = pointAt(sel.start, deriveGuid(sel.guid, SELECTION_START_SALT));
    const to = pointAt(sel.end, deriveGuid(sel.guid, SELECTION_END_SALT));
    const body = selectionBody(w, sel, what, depth + 3);
    const attrs =
      attr('guid', w.guid(sel.guid, `A selection in ${what}`)) +
      attr('name', w.text(sel.name, `A selection name in ${what}`)) +
      attr('fromSyncPoint', from.guid) +
      attr('toSyncPoint', to.guid) +
      stampAttrs(w, sel, `A selection in ${what}`);
    selections += elementLines('TranscriptSelection', attrs, body, depth + 2);
  }
  let syncs = '';
  for (const p of points) {
    let position: number | undefined;
    try {
      position = p.offset === undefined ? undefined : map.toCodePoint(p.offset);
    } catch (err) {
      w.warnings.push(`A sync point at ${p.offset} in ${what} is not a valid place in its text (${(err as Error).message}); its position was left out.`);
    }
    syncs += elementLines('SyncPoint', attr('guid', w.guid(p.guid, `A sync point in ${what}`)) + attr('timeStamp', p.timeStamp) + attr('position', position), '', depth + 2);
  }
  const transcriptAttrs = attr('guid', transcriptGuid) + attr('name', w.text(src.name, what)) + attr('plainTextPath', `internal://${transcriptGuid}.txt`) + stampAttrs(w, src, what);
  let body = nodesLines(descriptionNode(w, src.description, what), depth + 1) + elementLines('Transcript', transcriptAttrs, syncs + selections, depth + 1);
  for (const c of src.codings) body += codingLines(w, c, what, depth + 1);
  body += nodesLines(w.noteRefs(src.noteRefs, what), depth + 1);
  body += nodesLines(valueNodes(w, src.values, what), depth + 1);
  const attrs = attr('guid', guid) + attr('name', w.text(src.name, what)) + attr('path', path) + stampAttrs(w, src, what);
  return elementLines(src.kind === 'video' ? 'VideoSource' : 'AudioSource', attrs, body, depth);
}

function noteNode(w: Writer, n: ExchangeNote): XmlNode {
  const what = `the note “${n.name ?? n.guid}”`;
  const body = n.text ?? n.plainTextContent ?? '';
  const children = [...descriptionNode(w, n.description, what), el('PlainTextContent', {}, [], w.text(body, what) ?? '')];
  return el('Note', { guid: w.guid(n.guid, what), name: w.text(n.name, what), ...w.stamps(n, what) }, children);
}

function caseNode(w: Writer, c: ExchangeCase): XmlNode {
  const what = `the case “${c.name ?? c.guid}”`;
  const children: XmlNode[] = [...descriptionNode(w, c.description, what)];
  for (const r of c.codeRefs) {
    const t = w.ref(r, `A code reference of ${what}`);
    if (t) children.push(el('CodeRef', { targetGUID: t }));
  }
  children.push(...valueNodes(w, c.values, what));
  for (const r of c.sourceRefs) {
    const t = w.ref(r, `A source reference of ${what}`);
    if (t) children.push(el('SourceRef', { targetGUID: t }));
  }
  for (const r of c.selectionRefs) {
    const t = w.ref(r, `A selection reference of ${what}`);
    if (t) children.push(el('SelectionRef', { targetGUID: t }));
  }
  return el('Case', { guid: w.guid(c.guid, what), name: w.text(c.name, what) }, children);
}

function setNode(w: Writer, s: ExchangeSet, codebook: boolean): XmlNode {
  const what = `the set “${s.name}”`;
  const children: XmlNode[] = [...descriptionNode(w, s.description, what)];
  for (const m of s.memberCodes) {
    const t = w.ref(m, `A member of ${what}`);
    if (t) children.push(el('MemberCode', codebook ? { guid: t } : { targetGUID: t }));
  }
  if (!codebook) {
    for (const m of s.memberSources) {
      const t = w.ref(m, `A member of ${what}`);
      if (t) children.push(el('MemberSource', { targetGUID: t }));
    }
    for (const m of s.memberNotes) {
      const t = w.ref(m, `A member of ${what}`);
      if (t) children.push(el('MemberNote', { targetGUID: t }));
    }
  }
  return el('Set', { guid: w.guid(s.guid, what), name: w.text(s.name, what) }, children);
}

/**
 * Every GUID a reference may point at. For a project written in parts, `sources` gives the
 * GUIDs of the text sources that have text and of their placed selections instead of `p.sources`.
 */
export function knownGuids(p: ExchangeProject, sources?: Iterable<string>): Set<string> {
  const set = allGuids(p, true, sources === undefined);
  if (sources) for (const g of sources) set.add(g);
  return set;
}

function allGuids(p: ExchangeProject, includeSources: boolean, withSourceList = true): Set<string> {
  const set = new Set<string>();
  const walk = (codes: ExchangeCode[]) => {
    for (const c of codes) {
      set.add(c.guid);
      walk(c.children);
    }
  };
  walk(p.codes);
  if (!includeSources) return set;
  for (const u of p.users) set.add(u.guid);
  for (const v of p.variables) set.add(v.guid);
  for (const c of p.cases) set.add(c.guid);
  if (withSourceList) for (const s of p.sources) {
    if (s.text === undefined || (s.kind !== 'text' && !(s.mediaFile && (s.kind === 'audio' || s.kind === 'video')))) continue;
    set.add(s.guid);
    for (const sel of s.selections) if (sel.start !== undefined) set.add(sel.guid);
  }
  for (const n of p.notes) set.add(n.guid);
  for (const s of p.sets) set.add(s.guid);
  return set;
}

/** Serialises a project: the `project.qde` XML plus the files for `sources/`. */
export function serializeProject(p: ExchangeProject): SerializedProject {
  const warnings: string[] = [];
  const xml: string[] = [];
  const files: SerializedFile[] = [];
  for (const part of serializeProjectParts(p, p.sources, knownGuids(p), warnings)) {
    if ('xml' in part) xml.push(part.xml);
    else if ('file' in part) files.push({ path: part.file.path, bytes: encoder.encode(part.file.text) });
    else warnings.push(`The recording of “${p.sources.find((s) => s.guid === part.media.sourceGuid)?.name ?? part.media.sourceGuid}” is not in this in-memory export (only exportQdpx reads recordings from disk).`);
  }
  return { xml: xml.join(''), files, warnings };
}

/**
 * Serialises a project in parts, in document order: pieces of the `project.qde` XML and, as each
 * text source is reached, its text file. `sources` replaces `p.sources` (it may be read one at a
 * time, e.g. from a database) and `known` are the GUIDs references may point at (`knownGuids`).
 * The XML pieces concatenate to exactly what `serializeProject` writes. Warnings are added to
 * `warnings` as they arise; those of the project element itself come last.
 */
export function* serializeProjectParts(p: ExchangeProject, sources: Iterable<ExchangeSource>, known: GuidSet, warnings: string[]): Generator<ProjectPart> {
  const w = new Writer(known, warnings, p.guidSpellings);
  // The project element's own attributes; its warnings follow those of its content (as when it was written last).
  const rootWarnings = new Writer(known, [], p.guidSpellings);
  const root = el('Project', {
    xmlns: PROJECT_NS,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': `${PROJECT_NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd`,
    name: rootWarnings.text(p.name || 'Weft project', 'The project name'),
    origin: rootWarnings.text(p.origin, 'The origin'),
    creatingUserGUID: rootWarnings.ref(p.creatingUser, 'The project'),
    creationDateTime: rootWarnings.dateTime(p.creationDateTime),
    modifyingUserGUID: rootWarnings.ref(p.modifyingUser, 'The project'),
    modifiedDateTime: rootWarnings.dateTime(p.modifiedDateTime),
  });
  let opened = false;
  function* child(node: XmlNode): Generator<ProjectPart> {
    if (!opened) {
      opened = true;
      yield { xml: `${XML_DECLARATION}\n${openTagLine(root, 0)}` };
    }
    yield { xml: renderXmlPart(node, 1) };
  }
  if (p.users.length) {
    yield* child(el('Users', {}, p.users.map((u) => el('User', { guid: w.guid(u.guid, `The user “${u.name ?? ''}”`), name: w.text(u.name, 'A user name'), id: w.text(u.id, 'A user id') }))));
  }
  if (p.codes.length) yield* child(el('CodeBook', {}, [el('Codes', {}, p.codes.map((c) => codeNode(w, c, true)))]));
  if (p.variables.length) {
    yield* child(
      el(
        'Variables',
        {},
        p.variables.map((v) =>
          el('Variable', { guid: w.guid(v.guid, `The variable “${v.name}”`), name: w.text(v.name, 'A variable name'), typeOfVariable: v.type }, descriptionNode(w, v.description, `the variable “${v.name}”`)),
        ),
      ),
    );
  }
  if (p.cases.length) yield* child(el('Cases', {}, p.cases.map((c) => caseNode(w, c))));
  const sourcesNode = el('Sources');
  let sourcesOpen = false;
  let astral = 0;
  for (const s of sources) {
    if (s.text !== undefined && s.selections.length > 0 && hasAstral(s.text)) astral++;
    const files: SourceTextFile[] = [];
    const media: SourceMediaFile[] = [];
    const lines = sourceParts(w, s, files, media, 2);
    if (lines === null) continue;
    if (!sourcesOpen) {
      sourcesOpen = true;
      if (!opened) {
        opened = true;
        yield { xml: `${XML_DECLARATION}\n${openTagLine(root, 0)}` };
      }
      yield { xml: openTagLine(sourcesNode, 1) };
    }
    for (const file of files) yield { file };
    for (const m of media) yield { media: m };
    for (const xml of lines) yield { xml };
  }
  if (sourcesOpen) yield { xml: closeTagLine(sourcesNode, 1) };
  if (p.notes.length) yield* child(el('Notes', {}, p.notes.map((n) => noteNode(w, n))));
  const links = p.links.flatMap((l) => {
    const origin = w.ref(l.originGuid, 'A link');
    const target = w.ref(l.targetGuid, 'A link');
    if (!origin || !target) return [];
    return [
      el(
        'Link',
        { guid: w.guid(l.guid, 'A link'), name: w.text(l.name, 'A link name'), direction: l.direction, color: w.color(l.color, 'A link'), originGUID: origin, targetGUID: target },
        w.noteRefs(l.noteRefs, 'a link'),
      ),
    ];
  });
  if (links.length) yield* child(el('Links', {}, links));
  if (p.sets.length) yield* child(el('Sets', {}, p.sets.map((s) => setNode(w, s, false))));
  for (const n of descriptionNode(w, p.description, 'the project')) yield* child(n);
  for (const n of w.noteRefs(p.noteRefs, 'the project')) yield* child(n);
  yield { xml: opened ? closeTagLine(root, 0) : `${XML_DECLARATION}\n${emptyTagLine(root, 0)}` };
  warnings.push(...rootWarnings.warnings);
  if (astral) {
    warnings.push(
      `${astral} document${astral === 1 ? '' : 's'} contain${astral === 1 ? 's' : ''} characters outside the Basic Multilingual Plane (e.g. emoji); positions are written as Unicode code points as the standard requires, which NVivo reads differently (it counts UTF-16 units): codings after such characters may shift there.`,
    );
  }
}

/** Serialises a codebook (.qdc): codes and code sets only. Throws when there is no code (the schema needs one). */
export function serializeCodebook(p: ExchangeProject): { xml: string; warnings: string[] } {
  if (p.codes.length === 0) throw new RefiExportError('The codebook is empty: a .qdc file must contain at least one code.');
  const w = new Writer(allGuids(p, false), [], p.guidSpellings);
  const children: XmlNode[] = [el('Codes', {}, p.codes.map((c) => codeNode(w, c, false)))];
  const sets = p.sets.filter((s) => s.memberCodes.length > 0 || (s.memberSources.length === 0 && s.memberNotes.length === 0));
  if (sets.length) children.push(el('Sets', {}, sets.map((s) => setNode(w, s, true))));
  const root = el(
    'CodeBook',
    {
      xmlns: CODEBOOK_NS,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${CODEBOOK_NS} http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd`,
      origin: w.text(p.origin, 'The origin'),
    },
    children,
  );
  return { xml: renderXml(root), warnings: w.warnings };
}
