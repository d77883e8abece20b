/**
 * ExchangeProject → Weft project, in ONE transaction: either everything is written or nothing.
 * Mapping decisions: shared/refi/MAPPING.md. Every element that is dropped or repaired is
 * reported in `warnings`.
 */
import { checkCancelled, type ProgressOptions } from './progress.js';
import type { DB } from '../../db/connection.js';
import * as attributes from '../../db/tables/attributes.js';
import * as cases from '../../db/tables/cases.js';
import * as codes from '../../db/tables/codes.js';
import * as coders from '../../db/tables/coders.js';
import * as codings from '../../db/tables/codings.js';
import * as documents from '../../db/tables/documents.js';
import { guidOf, rememberSpelling } from '../../db/tables/guids.js';
import { IdMapper, TABLE_OF } from '../../db/tables/id-mapper.js';
import * as memos from '../../db/tables/memos.js';
import type { MemoTargetRef } from '../../db/tables/memos.js';
import * as sets from '../../db/tables/sets.js';
import * as themes from '../../db/tables/themes.js';
import { DomainError } from '../../../shared/api/errors.js';
import { parsePlainText, withoutSpeakers } from '../../../shared/import/plain-text.js';
import type { DocumentSpeakers, SpeakerDetection } from '../../../shared/types/exchange.js';
import { fitRangeToGraphemes } from '../../../shared/domain/offsets.js';
import {
  attributeDescriptionText,
  parseAttributeDescription,
  parseCodeDescription,
  parseThemeDescription,
  sourceLabel,
  textSources,
  textSourcesOf,
  walkCodes,
  type ExchangeCode,
  type ExchangeLink,
  type ExchangeNote,
  type ExchangeProject,
  type ExchangeSelection,
  type ExchangeSet,
  type ExchangeSource,
  type VariableType,
  type WeftExtension,
  turnsFitText,
  timeTurns,
} from '../../../shared/refi/index.js';
import { linkMedia, withMediaCopies } from '../media.js';
import { discardExtractedMedia } from './media-files.js';
import type { AttributeKind } from '../../../shared/analysis/types.js';
import { linkSpeakersToCases } from '../cases.js';
import { createCode } from '../codes.js';
import { contentHash, insertDocument } from '../documents.js';
import { ensureCoder, newGuid, nowIso, type ProjectSession } from '../project-session.js';

export interface ExchangeImportCounts {
  coders: number;
  codes: number;
  documents: number;
  codings: number;
  cases: number;
  attributes: number;
  attributeValues: number;
  memos: number;
  sets: number;
  themes: number;
}

export interface ExchangeImportReport {
  /** What was created. */
  imported: ExchangeImportCounts;
  /** The speakers of each imported document that has some (see DocumentSpeakers). */
  speakers?: DocumentSpeakers[];
  /** What already existed in the project and was reused (matched by GUID, then by name/path). */
  matched: Pick<ExchangeImportCounts, 'coders' | 'codes' | 'cases' | 'attributes' | 'sets' | 'themes'>;
  /** Every element that was dropped or repaired, in words a researcher can act on. */
  warnings: string[];
}

/** A document this import created: its text while it is being stored (null once let go of). */
interface DocRef {
  id: number;
  name: string;
  text: string | null;
}

const zeroCounts = (): ExchangeImportCounts => ({ coders: 0, codes: 0, documents: 0, codings: 0, cases: 0, attributes: 0, attributeValues: 0, memos: 0, sets: 0, themes: 0 });

/** xsd:dateTime → Weft's ISO-8601 UTC form; a time without zone is taken as UTC. */
function utc(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

const lcFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const KIND_OF: Record<VariableType, AttributeKind> = { Text: 'text', Boolean: 'boolean', Integer: 'number', Float: 'number', Date: 'date', DateTime: 'date' };

/** The shared machinery of project and codebook imports. */
class Importer {
  readonly report: ExchangeImportReport = {
    imported: zeroCounts(),
    matched: { coders: 0, codes: 0, cases: 0, attributes: 0, sets: 0, themes: 0 },
    warnings: [],
  };
  /** The file's GUIDs → this project's ids (codes, codings, cases, themes, coders, attributes). */
  readonly ids: IdMapper<string>;
  /** The file's source GUIDs → documents; `text` is let go of once a streamed import has stored it (see ProjectImporter.release). */
  readonly docs = new Map<string, DocRef>();
  readonly selections = new Map<string, { docId: number; codingIds: number[] }>();
  private readonly createdCodes = new Set<number>();

  constructor(
    readonly db: DB,
    readonly project: ExchangeProject,
  ) {
    this.ids = new IdMapper<string>(db);
  }

  warn(message: string) {
    this.report.warnings.push(message);
  }

  finish() {
    // New rows that took the file's GUID keep its spelling for export (matching stays lower case).
    const spelled = this.project.guidSpellings ?? {};
    for (const guid of this.ids.givenGuids()) {
      const spelling = spelled[guid];
      if (spelling !== undefined) rememberSpelling(this.db, guid, spelling);
    }
    const n = this.ids.guidCollisions;
    if (n) this.warn(`${plural(n, 'GUID')} from the file ${n === 1 ? 'was' : 'were'} already used in this project; new ones were assigned.`);
  }

  // -------------------------------------------------------------------------------------------
  // Codes: merged by GUID, then by name path; matched codes keep their values, empty fields are filled.

  importCodes(list: ExchangeCode[]) {
    /** Each code element's own row (a GUID the file repeats maps, as a reference, to its first code). */
    const rowOf = new Map<ExchangeCode, number>();
    /** The first code element of each GUID, to compare a repeat with. */
    const firstOf = new Map<string, { code: ExchangeCode; parentId: number | null }>();
    for (const { code, parent } of walkCodes(list)) {
      const parentId = parent ? (rowOf.get(parent) ?? null) : null;
      const fields = parseCodeDescription(code.description);
      const first = firstOf.get(code.guid);
      const repeatedId = first ? this.ids.repeated('code', code.guid) : undefined;
      if (first && repeatedId !== undefined && first.code.name === code.name && first.parentId === parentId) {
        this.warn(`The code “${code.name}” is listed twice in the file with the same GUID (${code.guid}) under the same parent; the two were kept as one code.`);
        rowOf.set(code, repeatedId);
        continue;
      }
      // A repeated GUID on a code the file says is different: match it by name only, never by that GUID.
      const id = this.ids.matchCode(first ? '' : code.guid, parentId, code.name);
      if (id !== undefined && !this.createdCodes.has(id)) {
        this.report.matched.codes++;
        codes.fillEmpty(this.db, id, fields, nowIso());
        if (code.color) codes.fillColor(this.db, id, code.color, nowIso());
        rowOf.set(code, id);
        if (first) this.warnRepeatedCode(first.code, code, `it was matched by name with the code “${code.name}” already in this project`);
        else {
          firstOf.set(code.guid, { code, parentId });
          this.ids.set('code', code.guid, id);
        }
        continue;
      }
      // A name another code of this file took under the same parent: the file says they are two codes (two GUIDs), so two they stay.
      const name = id === undefined ? code.name : this.freeCodeName(parentId, code.name);
      const created = createCode(this.db, { name, parentId, ...(code.color ? { color: code.color } : {}), ...fields }, this.ids.freeGuid('code', code.guid));
      if (!code.isCodable) codes.setCodable(this.db, created.id, false);
      // No colour in the file: the code shows a palette colour here, and exports leave it out.
      if (!code.color) codes.setColorGiven(this.db, created.id, false);
      this.createdCodes.add(created.id);
      rowOf.set(code, created.id);
      this.report.imported.codes++;
      if (name !== code.name) this.warn(`Two codes named “${code.name}” under the same parent have different GUIDs in the file, so they are different codes: the second was imported as “${name}”.`);
      if (first) this.warnRepeatedCode(first.code, code, `both were kept, and “${name}” got a new GUID (${created.guid})`);
      else {
        firstOf.set(code.guid, { code, parentId });
        this.ids.set('code', code.guid, created.id);
      }
    }
  }

  /** `name`, or “name (2)”, “name (3)”… : the first that no sibling under `parentId` has. */
  private freeCodeName(parentId: number | null, name: string): string {
    for (let i = 2; ; i++) {
      const candidate = `${name} (${i})`;
      if (codes.idByPath(this.db, parentId, candidate) === undefined) return candidate;
    }
  }

  private warnRepeatedCode(first: ExchangeCode, second: ExchangeCode, outcome: string) {
    const same = first.name === second.name;
    this.warn(
      `The file gives the same GUID (${second.guid}) to two different codes, “${first.name}” and “${second.name}”${same ? ' (under different parents)' : ''}: ${outcome}. Codings, sets and notes that refer to that GUID were given to the first, “${first.name}”.`,
    );
  }

  /** The Weft code for a GUID: one imported from this file, else one already in the project. */
  codeId(guid: string): number | undefined {
    const known = this.ids.get('code', guid);
    if (known !== undefined) return known;
    const existing = this.ids.byGuid('code', guid);
    if (existing !== undefined) this.ids.set('code', guid, existing);
    return existing;
  }

  // -------------------------------------------------------------------------------------------
  // Sets: a Set with Weft's theme marker becomes a theme; any other Set a Weft set.

  importSets(sets: ExchangeSet[]) {
    const themeSets: { set: ExchangeSet; marker: NonNullable<ReturnType<typeof parseThemeDescription>> }[] = [];
    for (const set of sets) {
      const marker = parseThemeDescription(set.description);
      if (marker) themeSets.push({ set, marker });
      else this.importPlainSet(set);
    }
    // Themes: parents may come after children; resolve in passes.
    const pending = [...themeSets];
    while (pending.length) {
      const before = pending.length;
      for (let i = 0; i < pending.length; i++) {
        const { set, marker } = pending[i]!;
        const parentKnown = !marker.parent || this.ids.has('theme', marker.parent) || !themeSets.some((t) => t.set.guid === marker.parent);
        if (!parentKnown) continue;
        pending.splice(i--, 1);
        let parentId: number | null = marker.parent ? (this.ids.get('theme', marker.parent) ?? null) : null;
        if (marker.parent && parentId === null) {
          const existing = this.ids.byGuid('theme', marker.parent);
          if (existing !== undefined) parentId = existing;
          else this.warn(`The parent of the theme “${set.name}” is not in the file; it was placed at the top level.`);
        }
        let id = this.ids.matchTheme(set.guid, parentId, set.name);
        if (id !== undefined) {
          this.report.matched.themes++;
        } else {
          const guid = this.ids.freeGuid('theme', set.guid);
          id = themes.insert(this.db, { guid, parent_id: parentId, name: set.name, definition: marker.definition, status: marker.status, color: marker.color ?? themes.DEFAULT_THEME_COLOR, created_at: nowIso() });
          this.report.imported.themes++;
        }
        const themeId = id;
        this.ids.set('theme', set.guid, themeId);
        set.memberCodes.forEach((g, pos) => {
          const codeId = this.codeId(g);
          if (codeId === undefined) this.warn(`The theme “${set.name}” lists a code (${g}) that is not in the file; that membership was dropped.`);
          else themes.addCode(this.db, themeId, codeId, pos + 1);
        });
        const others = set.memberSources.length + set.memberNotes.length;
        if (others) this.warn(`The theme “${set.name}” lists ${plural(others, 'document or note', 'documents or notes')}; Weft themes group codes, so ${others === 1 ? 'it was' : 'they were'} dropped.`);
      }
      if (pending.length === before) {
        // A cycle of parents: break it by placing the rest at the top level.
        for (const t of pending) delete t.marker.parent;
        this.warn('Some themes name each other as parents (a cycle); they were placed at the top level.');
      }
    }
  }

  private importPlainSet(set: ExchangeSet) {
    let id = this.ids.matchSet(set.guid, set.name);
    if (id !== undefined) this.report.matched.sets++;
    else {
      id = sets.insert(this.db, { guid: this.ids.freeGuid('set', set.guid), name: set.name, description: set.description ?? '' });
      this.report.imported.sets++;
    }
    let missing = 0;
    for (const g of set.memberCodes) {
      const c = this.codeId(g);
      if (c === undefined) missing++;
      else sets.addMember(this.db, id, { codeId: c });
    }
    for (const g of set.memberSources) {
      const d = this.docs.get(g);
      if (d === undefined) missing++;
      else sets.addMember(this.db, id, { documentId: d.id });
    }
    if (missing) this.warn(`The set “${set.name}”: ${plural(missing, 'member')} ${missing === 1 ? 'is' : 'are'} not in the import (not a text document, or not in the file) and ${missing === 1 ? 'was' : 'were'} dropped.`);
    if (set.memberNotes.length) this.warn(`The set “${set.name}”: ${plural(set.memberNotes.length, 'note')} ${set.memberNotes.length === 1 ? 'is a member' : 'are members'}; Weft sets hold documents and codes, so ${set.memberNotes.length === 1 ? 'it was' : 'they were'} dropped.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Project import

export class ProjectImporter extends Importer {
  private producerCoder: number | null = null;
  private unknownUserRefs = 0;
  private missingUserRefs = 0;
  private readonly boolSpelling = new Map<number, { true: string; false: string }>();
  private readonly importedDocIds: number[] = [];
  private readonly memoTaken = new Map<string, string>();
  private readonly createdCoders = new Set<number>();
  /** Descriptions of the file's variables (Weft attributes have none): journal memos. */
  private readonly variableDescriptions: { name: string; text: string }[] = [];
  /** Progress over the documents written, and cancellation between them (rolls the transaction back). */
  progress: ProgressOptions = {};
  /** Which documents' speakers are detected from their text (all by default). */
  detection: SpeakerDetection = {};
  /** The project file's path: recordings are linked relative to it and copied into its media folder. */
  projectPath: string | null = null;
  /** The recordings copied into the media folder so far (removed when the import fails: `withMediaCopies`). */
  mediaCopies: string[] = [];

  /** Speakers turned off for the batch, or for this document: named by its source GUID (any case) or its name in the project. */
  private speakersOff(guid: string, name: string): boolean {
    const off = this.detection.noSpeakersFor;
    return this.detection.speakers === false || (off !== undefined && off.some((x) => x === name || x.toLowerCase() === guid.toLowerCase()));
  }

  run() {
    this.importUsers();
    this.importCodes(this.project.codes);
    this.importVariables();
    this.importDocuments();
    this.afterDocuments();
  }

  // A streamed import (streamQdpxInto in files.ts): users and codes first, then each source as it arrives, then the rest.

  /** Where the variables' warnings go in a streamed import (they come before the documents' in the report, as in `run`). */
  private variablesAt = -1;

  /** Before the first source: the file's users and codebook, read before its <Sources>. */
  startStream(total: () => number) {
    this.total = total;
    this.importUsers();
    this.importCodes(this.project.codes);
    this.variablesAt = this.report.warnings.length;
  }

  /**
   * Stores one source of the file as it arrives (its text documents with their codings), then lets
   * go of what is not needed any more: its text, inline content and sync points, and the
   * selections and codings stored, but for those notes, comments or theme quotes still refer to.
   * `textPaths`: the plainTextPath of every TextSource so far (a transcript that is one of them is not a document: see textSources).
   */
  storeSource(s: ExchangeSource, textPaths: ReadonlySet<string>) {
    const sources = [...textSourcesOf(s, textPaths)];
    for (const source of sources) this.storeTextSource(source, s === source ? null : s);
    for (const source of sources) this.release(source);
  }

  /** After the last source: the variables (whose scope depends on the values of the sources), then as `run`. */
  finishStream() {
    const before = this.report.warnings.length;
    this.importVariables();
    const moved = this.report.warnings.splice(before);
    this.report.warnings.splice(this.variablesAt, 0, ...moved);
    this.reportNotText();
    this.afterDocuments();
  }

  private release(source: ExchangeSource) {
    if (source.text !== undefined && source.text.trim() !== '') this.storedText.add(source);
    delete source.text;
    delete source.plainTextContent;
    delete source.syncPoints;
    const doc = this.docs.get(source.guid);
    if (doc) doc.text = null;
    // what importMemos, selectionComment and importThemeQuotes still read
    const kept = (refs: string[]) => refs.length > 0;
    source.selections = source.selections.filter((sel) => {
      sel.codings = sel.codings.filter((c) => kept(c.noteRefs));
      return sel.start === undefined || sel.end === undefined || kept(sel.noteRefs) || sel.codings.length > 0 || sel.description !== undefined;
    });
    source.codings = source.codings.filter((c) => kept(c.noteRefs));
  }

  private afterDocuments() {
    const p = this.project;
    this.linkRecordings();
    this.importCases();
    this.importSourceValues();
    this.importSets(p.sets);
    this.importMemos();
    const restored = p.weft ? this.restoreWeftData(p.weft) : new Set<number>();
    for (const id of this.importedDocIds) if (!restored.has(id)) linkSpeakersToCases(this.db, id);
    this.reportSpeakers(restored);
    const quoteLinks = this.importThemeQuotes();
    const plainLinks = p.links.filter((l) => !this.isNoteLink(l.originGuid, l.targetGuid) && !quoteLinks.has(l));
    if (plainLinks.length) this.warn(`${plural(plainLinks.length, 'link')} between items (relations) ${plainLinks.length === 1 ? 'was' : 'were'} not imported: Weft has no links.`);
    if (this.unknownUserRefs) {
      this.warn(`${plural(this.unknownUserRefs, 'coding')} named a user that is not in the file; ${this.unknownUserRefs === 1 ? 'it was' : 'they were'} attributed to the coder “${this.producerName()}”.`);
    }
    if (this.missingUserRefs) {
      this.warn(`${plural(this.missingUserRefs, 'coding')} had no coder; ${this.missingUserRefs === 1 ? 'it was' : 'they were'} attributed to the coder “${this.producerName()}”.`);
    }
    this.finish();
  }

  /** The speakers of each imported document, for the preview (and the report). */
  private reportSpeakers(restored: Set<number>) {
    const labels = this.db.prepare('SELECT label FROM speakers WHERE document_id = ? ORDER BY id').pluck();
    const list: DocumentSpeakers[] = [];
    const seen = new Set<number>();
    for (const [guid, doc] of this.docs) {
      if (seen.has(doc.id)) continue; // a PDF's owner and its representation are one document
      seen.add(doc.id);
      const speakers = labels.all(doc.id) as string[];
      if (speakers.length) list.push({ source: guid, document: doc.name, speakers, from: restored.has(doc.id) ? 'restored' : 'detected' });
    }
    this.report.speakers = list;
  }

  // Users → coders -----------------------------------------------------------------------------

  private importUsers() {
    /** The name of the first user element of each GUID, to compare a repeat with. */
    const firstName = new Map<string, string>();
    for (const u of this.project.users) {
      const name = u.name ?? u.id ?? `User ${u.guid.slice(0, 8)}`;
      const first = firstName.get(u.guid);
      if (first !== undefined && first === name) {
        this.warn(`The user “${name}” is listed twice in the file with the same GUID (${u.guid}); the two were kept as one coder.`);
        continue;
      }
      // A repeated GUID on a user the file names differently: another person, matched by name only.
      let id = this.ids.matchCoder(first !== undefined ? '' : u.guid, name);
      let outcome: string;
      if (id !== undefined) {
        this.report.matched.coders++;
        outcome = `“${name}” was matched by name with the coder already in this project`;
      } else {
        const guid = this.ids.freeGuid('coder', u.guid);
        id = coders.insert(this.db, { guid, name, initials: u.id && u.id !== name ? u.id : null, created_at: nowIso() });
        this.createdCoders.add(id);
        this.report.imported.coders++;
        outcome = `both were kept as coders, and “${name}” got a new GUID (${guid})`;
      }
      if (first !== undefined) {
        this.warn(
          `The file gives the same GUID (${u.guid}) to two different users, “${first}” and “${name}”: ${outcome}. Codings and notes by that GUID were attributed to the first, “${first}”.`,
        );
        continue;
      }
      firstName.set(u.guid, name);
      this.ids.set('coder', u.guid, id);
    }
  }

  private producerName() {
    return this.project.origin ?? 'Imported (unknown coder)';
  }

  private producer(): number {
    if (this.producerCoder === null) {
      const name = this.producerName();
      const existed = coders.idByName(this.db, name) !== undefined;
      this.producerCoder = ensureCoder(this.db, name);
      if (!existed) this.report.imported.coders++;
    }
    return this.producerCoder;
  }

  /** The coder for a coding: its user; a missing user → the file's only user, else the producer. */
  private coderFor(userGuid: string | undefined, fallbackGuid?: string): number {
    const g = userGuid ?? fallbackGuid;
    if (g !== undefined) {
      const id = this.ids.get('coder', g);
      if (id !== undefined) return id;
      this.unknownUserRefs++;
      return this.producer();
    }
    if (this.project.users.length === 1) return this.ids.get('coder', this.project.users[0]!.guid)!;
    this.missingUserRefs++;
    return this.producer();
  }

  private userOrNull(guid: string | undefined): number | null {
    return guid === undefined ? null : (this.ids.get('coder', guid) ?? null);
  }

  // Variables → attributes ----------------------------------------------------------------------

  private importVariables() {
    const p = this.project;
    const namedCase = (c: ExchangeProject['cases'][number]) => c.name !== undefined;
    const usedOnCases = new Set(p.cases.filter(namedCase).flatMap((c) => c.values.map((v) => v.variableGuid)));
    const usedOnDocs = new Set([
      ...p.cases.filter((c) => !namedCase(c)).flatMap((c) => c.values.map((v) => v.variableGuid)),
      ...[...textSources(p)].flatMap(({ source, owner }) => [...source.values, ...(owner?.values ?? [])].map((v) => v.variableGuid)),
    ]);
    const seen = new Set<number>();
    for (const v of p.variables) {
      const marker = parseAttributeDescription(v.description);
      // Weft attributes have no description: another tool's is kept as a journal memo (as the project's description is).
      const described = attributeDescriptionText(v.description);
      if (described) this.variableDescriptions.push({ name: v.name, text: described });
      const scopes: ('case' | 'document')[] = [];
      if (usedOnCases.has(v.guid)) scopes.push('case');
      if (usedOnDocs.has(v.guid)) scopes.push('document');
      if (scopes.length === 0) scopes.push(marker?.scope ?? 'case');
      const kind: AttributeKind = marker?.categories ? 'category' : (marker?.kind ?? KIND_OF[v.type]);
      for (const scope of scopes) {
        let id = this.ids.matchAttribute(v.guid, scope, v.name);
        if (id !== undefined) {
          if (seen.has(id)) this.warn(`Two variables are named “${v.name}”; their values were merged into one ${scope} attribute.`);
          else this.report.matched.attributes++;
        } else {
          const guid = this.ids.freeGuid('attribute', v.guid);
          id = attributes.insert(this.db, { guid, name: v.name, scope, kind, categories: marker?.categories ? JSON.stringify(marker.categories) : null });
          this.report.imported.attributes++;
        }
        seen.add(id);
        this.ids.set('attribute', `${v.guid}|${scope}`, id);
        if (marker?.spelling) this.boolSpelling.set(id, marker.spelling);
      }
    }
  }

  private putValues(scope: 'case' | 'document', ownerId: number, values: ExchangeSource['values'], what: string) {
    for (const v of values) {
      const attr = this.ids.get('attribute', `${v.variableGuid}|${scope}`);
      if (attr === undefined) {
        this.warn(`A value of ${what} refers to a variable (${v.variableGuid}) that is not in the file; it was dropped.`);
        continue;
      }
      let value = v.value;
      if (v.type === 'Boolean') {
        const yes = /^(true|1)$/i.test(v.value);
        const spelling = this.boolSpelling.get(attr);
        value = spelling ? (yes ? spelling.true : spelling.false) : yes ? 'true' : 'false';
      }
      attributes.putValue(this.db, scope, ownerId, attr, value);
      this.report.imported.attributeValues++;
    }
  }

  // Sources → documents, selections → codings ---------------------------------------------------

  private uniqueDocName(wanted: string): string {
    if (!documents.nameTaken(this.db, wanted)) return wanted;
    for (let i = 2; ; i++) {
      const candidate = `${wanted} (${i})`;
      if (!documents.nameTaken(this.db, candidate)) {
        this.warn(`A document named “${wanted}” already exists; the imported one was named “${candidate}”.`);
        return candidate;
      }
    }
  }

  /** The sources imported (text ones, and the recordings and PDFs whose text was). */
  private readonly importedSources = new Set<ExchangeSource>();
  /** The text sources stored and let go of (release) that had text. */
  private readonly storedText = new Set<ExchangeSource>();
  /** Whether Weft's own data restores the speakers of the document of a GUID, decided while its text was at hand (restoreWeftData). */
  private readonly speakerFit = new Map<string, boolean>();
  /** The passage a commented selection covers, shortened, cut while its text was at hand (selectionComment). */
  private readonly excerpts = new Map<ExchangeSelection, string>();
  /** Text sources looked at so far. */
  private textCount = 0;
  /** How many text sources there are (an estimate while a streamed import reads them). */
  private total: () => number = () => 0;

  private importDocuments() {
    const total = this.progress.onProgress ? [...textSources(this.project)].length : 0;
    this.total = () => total;
    for (const { source, owner } of textSources(this.project)) this.storeTextSource(source, owner);
    this.reportNotText();
  }

  private storeTextSource(source: ExchangeSource, owner: ExchangeSource | null) {
    const p = this.project;
    const imported = this.importedSources;
    checkCancelled(this.progress, 'The import');
    this.progress.onProgress?.(this.textCount, this.total());
    const n = ++this.textCount;
    if (source.text === undefined) return; // reported while resolving
    const what = sourceLabel(source);
    if (source.text.trim() === '') {
      const codings = source.selections.reduce((k, s) => k + s.codings.length, 0) + source.codings.length;
      this.warn(`The ${what} has no text${source.richTextPath ? ' (its text is only in the rich-text file, which could not be read)' : ''}; it was not imported${codings ? ` and its ${plural(codings, 'coding')} were lost` : ''}.`);
      return;
    }
    const onlyTranscript = source.element === 'Transcript' && owner?.transcripts.length === 1 && owner.name !== undefined;
    const baseName =
      source.element === 'Representation' || source.element === 'Transcript'
        ? (owner?.name ?? source.name ?? `Document ${n}`) + (source.element === 'Transcript' && !onlyTranscript ? ' (transcript)' : '')
        : (source.name ?? source.plainTextPath?.replace(/^.*[/:]/, '').replace(/\.txt$/i, '') ?? `Document ${n}`);
    const name = this.uniqueDocName(baseName.trim() || `Document ${n}`);
    let parsed = parsePlainText(source.text, 'UTF-8');
    if (parsed.text !== source.text) parsed = { ...parsed, text: source.text, turns: [] };
    if (this.speakersOff(source.guid, name)) parsed = withoutSpeakers(parsed);
    parsed = { ...parsed, detected: `REFI-QDA ${p.origin ?? 'project'}` };
    if (source.element === 'Transcript') parsed = { ...parsed, turns: timeTurns(parsed.turns, source.syncPoints, parsed.text.length) };
    const hash = contentHash(parsed.text);
    // Whether Weft's own data restores the speakers, by the source's GUID and its owner's, decided
    // once while the text is at hand (restoreWeftData reads it back); the turns it restores are
    // not detected first only to be replaced.
    const fits = new Map<string, boolean>();
    for (const g of [source.guid, owner?.guid]) if (g !== undefined && p.weft?.documents[g]) fits.set(g, this.restoresSpeakers(g, name, hash, parsed.text));
    if ([...fits.values()].some(Boolean)) parsed = { ...parsed, turns: [] };
    const creator = this.userOrNull(source.creatingUser ?? owner?.creatingUser);
    const repeated = this.docs.get(source.guid);
    // A recording's only transcript is the document: it keeps the Audio/VideoSource's GUID (the one Weft exported it under).
    const guid = this.ids.freeGuid('document', onlyTranscript ? owner!.guid : source.guid);
    const id = insertDocument(this.db, parsed, { name, sourceName: source.name ?? owner?.name ?? null, coderId: creator, guid, contentHash: hash });
    if (repeated) {
      // Two sources the file gives one GUID: two documents (never merged); references go to the first.
      this.warn(
        `The file gives the same GUID (${source.guid}) to two different sources, “${repeated.name}” and the ${what}: both were imported, and the second, “${name}”, got a new GUID (${guid}). Sets, cases and notes that refer to that GUID were given to the first, “${repeated.name}”.`,
      );
    }
    const desc = source.description ?? owner?.description;
    const created = utc(source.creationDateTime ?? owner?.creationDateTime);
    const modified = utc(source.modifiedDateTime ?? owner?.modifiedDateTime) ?? created;
    documents.setDescriptionAndTimes(this.db, id, desc ?? '', created ?? null, modified ?? null);
    const doc: DocRef = { id, text: source.text, name };
    if (!repeated) this.docs.set(source.guid, doc);
    if (owner && !this.docs.has(owner.guid)) this.docs.set(owner.guid, doc);
    for (const [g, fit] of fits) if (this.docs.get(g) === doc) this.speakerFit.set(g, fit);
    for (const sel of source.selections) if (sel.description !== undefined && sel.start !== undefined && sel.end !== undefined) this.excerpts.set(sel, excerptOf(source.text, sel.start, sel.end));
    this.importedDocIds.push(id);
    this.report.imported.documents++;
    imported.add(source);
    if (owner) imported.add(owner);
    if (owner?.mediaFile && source.element === 'Transcript' && !this.recordings.some((r) => r.owner === owner)) this.recordings.push({ docId: id, owner });
    this.importCodings(source, { id, text: source.text, name });
  }

  /** Everything that is not text. */
  private reportNotText() {
    const imported = this.importedSources;
    for (const s of this.project.sources) {
      const codings = s.codings.length + s.mediaSelections.reduce((k, m) => k + m.codings.length, 0);
      if ((s.kind === 'audio' || s.kind === 'video') && !imported.has(s) && s.transcripts.length === 0) {
        this.warn(
          `The ${s.kind} source “${s.name ?? s.guid}” has no transcript, so it was not imported: Weft imports a recording as the document of its transcript${codings ? ` (${plural(codings, 'coding')} on it ${codings === 1 ? 'was' : 'were'} lost)` : ''}.`,
        );
      } else if (s.kind !== 'text' && !imported.has(s)) {
        this.warn(
          `The ${s.kind === 'pdf' ? 'PDF' : s.kind} source “${s.name ?? s.guid}” was not imported: Weft imports text only${codings ? ` (${plural(codings, 'coding')} on it ${codings === 1 ? 'was' : 'were'} lost)` : ''}.`,
        );
      } else if (s.kind !== 'text' && s.mediaSelections.length) {
        this.warn(
          `${plural(s.mediaSelections.length, 'region')} of the ${s.kind === 'pdf' ? 'PDF' : s.kind} “${s.name ?? s.guid}” (${s.mediaSelections[0]!.element}) could not be placed in its text and ${s.mediaSelections.length === 1 ? 'was' : 'were'} dropped with ${plural(s.mediaSelections.reduce((k, m) => k + m.codings.length, 0), 'coding')}.`,
        );
      }
      for (const t of s.transcripts) {
        if (t.mediaSelections.length) this.warn(`${plural(t.mediaSelections.length, 'transcript selection')} of “${s.name ?? s.guid}” (synchronised with the media) ${t.mediaSelections.length === 1 ? 'was' : 'were'} not imported.`);
      }
    }
  }

  /** Audio/VideoSources imported as their transcript's document, with their recording (see linkRecordings). */
  private readonly recordings: { docId: number; owner: ExchangeSource }[] = [];

  /**
   * Links each imported transcript's document to its recording with the media service (one rule:
   * electron/services/media.ts): a recording taken out of the archive is copied into the media
   * folder beside the project; one the file points at on this computer is linked where it is.
   */
  private linkRecordings() {
    for (const { docId, owner } of this.recordings) {
      const file = owner.mediaFile!;
      const what = `the ${owner.kind} source “${owner.name ?? owner.guid}”`;
      if (this.projectPath === null) continue; // a preview: nothing is copied
      try {
        linkMedia({ db: this.db, path: this.projectPath, copies: this.mediaCopies }, docId, file.file, { copy: file.embed });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        this.warn(`The recording of ${what} was not linked: ${err.message}`);
      }
    }
  }

  private addCoding(docId: number, text: string, codingGuid: string, codeGuid: string, start: number, end: number, coderId: number, created: string | undefined, where: string): number | undefined {
    const codeId = this.codeId(codeGuid);
    if (codeId === undefined) {
      this.warn(`A coding at ${where} refers to a code (${codeGuid}) that is not in the codebook; it was dropped.`);
      return undefined;
    }
    const fit = fitRangeToGraphemes(text, start, end);
    if (fit.problem) {
      this.warn(`A coding at ${where} was dropped: ${fit.problem}.`);
      return undefined;
    }
    if (fit.widened) {
      this.warn(`A coding at ${where} began or ended inside a character (a letter and its accent, an emoji or a flag); it was widened to whole characters.`);
      ({ start, end } = fit);
    }
    const before = codings.idBySpan(this.db, docId, codeId, coderId, start, end);
    if (before !== undefined) {
      this.warn(`A coding at ${where} duplicates another (same code, coder and passage); they were merged.`);
      this.ids.set('coding', codingGuid, before);
      return before;
    }
    // Same row as createCoding() writes; inserted directly because the range was validated above
    // against the text in hand (createCoding re-reads the whole document for every coding).
    const stamp = utc(created) ?? nowIso();
    const guid = this.ids.freeGuid('coding', codingGuid);
    const id = codings.insert(this.db, { guid, document_id: docId, code_id: codeId, coder_id: coderId, start, end, created_at: stamp, updated_at: stamp });
    this.ids.set('coding', codingGuid, id);
    this.report.imported.codings++;
    return id;
  }

  private importCodings(source: ExchangeSource, doc: { id: number; text: string; name: string }) {
    for (const sel of source.selections) {
      if (sel.start === undefined || sel.end === undefined) continue;
      const where = `${sel.startPosition}–${sel.endPosition} in “${doc.name}”`;
      const ids: number[] = [];
      for (const c of sel.codings) {
        const id = this.addCoding(doc.id, doc.text, c.guid, c.codeGuid, sel.start, sel.end, this.coderFor(c.creatingUser, sel.creatingUser), c.creationDateTime ?? sel.creationDateTime, where);
        if (id !== undefined) ids.push(id);
      }
      this.selections.set(sel.guid, { docId: doc.id, codingIds: ids });
    }
    for (const c of source.codings) {
      this.addCoding(doc.id, doc.text, c.guid, c.codeGuid, 0, doc.text.length, this.coderFor(c.creatingUser), c.creationDateTime, `the whole of “${doc.name}”`);
    }
  }

  // Cases ---------------------------------------------------------------------------------------

  private importCases() {
    for (const c of this.project.cases) {
      if (c.name === undefined) {
        // MAXQDA/Quirkos: a nameless case with source refs carries document attributes.
        if (c.sourceRefs.length) {
          let placed = 0;
          for (const g of c.sourceRefs) {
            const doc = this.docs.get(g);
            if (doc) {
              this.putValues('document', doc.id, c.values, `the document “${doc.name}”`);
              placed++;
            }
          }
          if (!placed && c.values.length) this.warn(`Document attributes of an unnamed case (${c.guid}) refer to documents that were not imported; they were dropped.`);
          continue;
        }
        c.name = `Case ${c.guid.slice(0, 8)}`;
        this.warn(`A case without a name was imported as “${c.name}”.`);
      }
      const what = `the case “${c.name}”`;
      let id = this.ids.matchCase(c.guid, c.name);
      if (id !== undefined) {
        this.report.matched.cases++;
        if (c.description) cases.fillDescription(this.db, id, c.description);
      } else {
        const now = nowIso();
        id = cases.insert(this.db, { guid: this.ids.freeGuid('case', c.guid), name: c.name, description: c.description ?? '', created_at: now, updated_at: now });
        this.report.imported.cases++;
      }
      this.ids.set('case', c.guid, id);
      this.putValues('case', id, c.values, what);
      for (const g of c.sourceRefs) {
        const doc = this.docs.get(g);
        if (doc) cases.linkDocument(this.db, doc.id, id);
        else this.warn(`${what[0]!.toUpperCase()}${what.slice(1)} refers to a source (${g}) that was not imported; that link was dropped.`);
      }
      if (c.selectionRefs.length) {
        this.warn(`${what[0]!.toUpperCase()}${what.slice(1)} includes ${plural(c.selectionRefs.length, 'selected passage')}; Weft links cases to whole documents, so ${c.selectionRefs.length === 1 ? 'it was' : 'they were'} dropped.`);
      }
      if (c.codeRefs.length) {
        this.warn(`${what[0]!.toUpperCase()}${what.slice(1)} refers to ${plural(c.codeRefs.length, 'code')}; Weft has no code–case links, so ${c.codeRefs.length === 1 ? 'it was' : 'they were'} dropped.`);
      }
    }
  }

  private importSourceValues() {
    for (const { source, owner } of textSources(this.project)) {
      const doc = this.docs.get(source.guid);
      const values = [...(owner?.values ?? []), ...source.values];
      if (!doc) {
        if (values.length && (this.storedText.has(source) || (source.text !== undefined && source.text.trim() !== ''))) this.warn(`Attribute values of the ${sourceLabel(source)} were dropped with it.`);
        continue;
      }
      this.putValues('document', doc.id, values, `the document “${doc.name}”`);
    }
  }

  // Theme quotes: a Link from a theme's Set to a selection (or coding) -------------------------------

  private importThemeQuotes(): Set<ExchangeLink> {
    const used = new Set<ExchangeLink>();
    for (const l of this.project.links) {
      const theme = l.originGuid !== undefined ? this.ids.get('theme', l.originGuid) : undefined;
      if (theme === undefined || l.targetGuid === undefined) continue;
      const target = this.targetOf(l.targetGuid);
      if (target?.kind !== 'coding') {
        if (this.selections.has(l.targetGuid) || this.project.sources.some((s) => s.selections.some((x) => x.guid === l.targetGuid))) {
          this.warn(`A passage quoted for the theme “${this.themeName(theme)}” was not imported (it has no coding); the quote was dropped.`);
          used.add(l);
        }
        continue;
      }
      themes.addQuote(this.db, theme, target.id);
      used.add(l);
    }
    return used;
  }

  private themeName(id: number): string {
    return themes.nameOf(this.db, id) ?? '';
  }

  // Memos ---------------------------------------------------------------------------------------

  private isNoteLink(a: string | undefined, b: string | undefined): boolean {
    const notes = new Set(this.project.notes.map((n) => n.guid));
    return (a !== undefined && notes.has(a)) || (b !== undefined && notes.has(b));
  }

  /** Where a GUID lands in Weft, for attaching a memo. */
  private targetOf(guid: string): MemoTargetRef | undefined {
    const sel = this.selections.get(guid);
    if (sel) return sel.codingIds.length ? { kind: 'coding', id: sel.codingIds[0]! } : { kind: 'document', id: sel.docId };
    const doc = this.docs.get(guid);
    return (
      this.ids.memoTarget('coding', guid) ??
      (doc ? { kind: 'document', id: doc.id } : undefined) ??
      this.ids.memoTarget('code', guid) ??
      this.ids.memoTarget('case', guid) ??
      this.ids.memoTarget('theme', guid)
    );
  }

  private insertMemo(guid: string, title: string, body: string, target: MemoTargetRef, coderId: number | null, created?: string, modified?: string): number {
    const now = nowIso();
    const c = utc(created);
    const id = memos.insert(this.db, { guid: this.ids.freeGuid('memo', guid), title, body, target, coder_id: coderId, created_at: c ?? now, updated_at: utc(modified) ?? c ?? now });
    this.ids.set('memo', guid, id);
    this.report.imported.memos++;
    return id;
  }

  private importMemos() {
    const p = this.project;
    const notes = new Map(p.notes.map((n) => [n.guid, n]));
    const attachments = new Map<string, { target: MemoTargetRef; via: string }[]>();
    const attach = (noteGuid: string, target: MemoTargetRef | undefined, via: string, fallback?: MemoTargetRef) => {
      if (!notes.has(noteGuid)) {
        this.warn(`${via} refers to a note (${noteGuid}) that is not in the file; the reference was dropped.`);
        return;
      }
      const t = target ?? fallback;
      if (!t) {
        this.warn(`The note “${notes.get(noteGuid)!.name ?? noteGuid}” is attached to ${lcFirst(via)}, which was not imported; the memo was kept in the project journal.`);
        attachments.set(noteGuid, [...(attachments.get(noteGuid) ?? []), { target: { kind: 'project' }, via }]);
        return;
      }
      if (!target && fallback) this.warn(`The note “${notes.get(noteGuid)!.name ?? noteGuid}” was attached to a passage that was not imported; it was attached to the document instead.`);
      attachments.set(noteGuid, [...(attachments.get(noteGuid) ?? []), { target: t, via }]);
    };
    for (const g of p.noteRefs) attach(g, { kind: 'project' }, 'The project');
    for (const { code } of walkCodes(p.codes)) for (const g of code.noteRefs) attach(g, this.targetOf(code.guid), `The code “${code.name}”`);
    for (const { source } of textSources(p)) {
      const doc = this.docs.get(source.guid);
      const docTarget: MemoTargetRef | undefined = doc ? { kind: 'document', id: doc.id } : undefined;
      for (const g of source.noteRefs) attach(g, docTarget, `The ${sourceLabel(source)}`);
      for (const sel of source.selections) {
        for (const g of sel.noteRefs) attach(g, this.targetOf(sel.guid), `A selection in the ${sourceLabel(source)}`, docTarget);
        for (const c of sel.codings) for (const g of c.noteRefs) attach(g, this.targetOf(c.guid), `A coding in the ${sourceLabel(source)}`, docTarget);
      }
      for (const c of source.codings) for (const g of c.noteRefs) attach(g, this.targetOf(c.guid), `A coding of the ${sourceLabel(source)}`, docTarget);
    }
    for (const s of p.sources) {
      if (s.kind === 'text') continue;
      for (const g of s.noteRefs) attach(g, this.targetOf(s.guid), `The ${s.kind} source “${s.name ?? s.guid}”`);
      for (const m of s.mediaSelections) for (const g of m.noteRefs) attach(g, undefined, `A region of “${s.name ?? s.guid}”`);
    }
    for (const l of p.links) {
      const originIsNote = l.originGuid !== undefined && notes.has(l.originGuid);
      const targetIsNote = l.targetGuid !== undefined && notes.has(l.targetGuid);
      if (originIsNote === targetIsNote) continue;
      const note = originIsNote ? l.originGuid! : l.targetGuid!;
      const other = originIsNote ? l.targetGuid : l.originGuid;
      attach(note, other ? this.targetOf(other) : undefined, `The item it is linked to${l.name ? ` (link “${l.name}”)` : ''}`);
    }
    for (const note of p.notes) {
      const list = attachments.get(note.guid) ?? [];
      const target = list[0]?.target ?? { kind: 'project' as const };
      if (list.length > 1) {
        this.warn(`The note “${note.name ?? note.guid}” is attached to ${list.length} items; Weft attaches a memo to one, so it was attached to the first (${lcFirst(list[0]!.via)}).`);
      }
      const body = memoBody(note);
      this.memoTaken.set(note.guid, body.trim());
      this.insertMemo(note.guid, note.name ?? '', body, target, this.userOrNull(note.creatingUser), note.creationDateTime, note.modifiedDateTime);
    }
    // Selection descriptions (MAXQDA segment comments, ATLAS.ti 26 quotation comments).
    for (const { source } of textSources(p)) {
      const doc = this.docs.get(source.guid);
      if (!doc) continue;
      for (const sel of source.selections) this.selectionComment(sel, doc);
    }
    if (p.description) this.insertMemo(newGuid(), 'Project description', p.description, { kind: 'project' }, null);
    for (const d of this.variableDescriptions) this.insertMemo(newGuid(), `Description of the variable “${d.name}”`, d.text, { kind: 'project' }, null);
  }

  // Weft's own data (weft/extension.json) ---------------------------------------------------------

  /** Whether restoreWeftData restores the speakers and turns of the document of `guid`: it has them for this very text, and speakers are on for it. */
  private restoresSpeakers(guid: string, name: string, hash: string, text: string): boolean {
    const d = this.project.weft?.documents[guid];
    return d !== undefined && !this.speakersOff(guid, name) && d.contentHash === hash && turnsFitText(d.turns, text);
  }

  /**
   * Restores what REFI-QDA cannot carry onto the things this import created or matched: speakers
   * and turns (replacing the ones detected from the text), reading ticks, original formats, the
   * consensus flag, coding change dates, map positions, the merge history and remembered GUIDs.
   * Returns the documents whose speakers were restored (not to be re-linked to cases by name).
   */
  private restoreWeftData(ext: WeftExtension): Set<number> {
    const db = this.db;
    const restored = new Set<number>();
    const hashOf = db.prepare('SELECT content_hash FROM documents WHERE id = ?').pluck();
    const insertSpeaker = db.prepare('INSERT INTO speakers (guid, document_id, label, case_id, is_interviewer) VALUES (?, ?, ?, ?, ?)');
    const insertTurn = db.prepare('INSERT INTO turns (document_id, speaker_id, seq, start, end, begin_ms, end_ms) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const [guid, d] of Object.entries(ext.documents)) {
      const doc = this.docs.get(guid);
      if (!doc) continue; // not imported: reported where it was dropped
      db.prepare('UPDATE documents SET source_format = ?, source_name = ? WHERE id = ?').run(d.sourceFormat ?? 'text', d.sourceName ?? null, doc.id);
      if (d.readAt) db.prepare('INSERT INTO document_reading (document_id, read_at) VALUES (?, ?) ON CONFLICT (document_id) DO NOTHING').run(doc.id, d.readAt);
      if (this.speakersOff(guid, doc.name)) continue; // speakers turned off for it
      if (!(this.speakerFit.get(guid) ?? this.restoresSpeakers(guid, doc.name, hashOf.get(doc.id) as string, doc.text!))) {
        this.warn(`The text of “${doc.name}” is not the one Weft's own data was written for (it was changed by another program); its speakers were detected again from the text.`);
        continue;
      }
      db.prepare('DELETE FROM turns WHERE document_id = ?').run(doc.id);
      db.prepare('DELETE FROM speakers WHERE document_id = ?').run(doc.id);
      const speakerIds = new Map<string, number>();
      for (const sp of d.speakers) {
        const caseId = sp.case !== undefined ? (this.ids.get('case', sp.case) ?? null) : null;
        const id = Number(insertSpeaker.run(this.ids.freeGuid('speaker', sp.guid), doc.id, sp.label, caseId, sp.interviewer ? 1 : 0).lastInsertRowid);
        speakerIds.set(sp.guid, id);
        this.ids.set('speaker', sp.guid, id);
      }
      d.turns.forEach((t, seq) => insertTurn.run(doc.id, t.speaker !== undefined ? (speakerIds.get(t.speaker) ?? null) : null, seq, t.start, t.end, t.beginMs ?? null, t.endMs ?? null));
      restored.add(doc.id);
    }
    for (const g of ext.consensusCoders) {
      const id = this.ids.get('coder', g);
      // only a coder this import created: an existing coder keeps its own role
      if (id !== undefined && this.createdCoders.has(id)) db.prepare('UPDATE coders SET is_consensus = 1 WHERE id = ?').run(id);
    }
    for (const [g, updated] of Object.entries(ext.codingsUpdated)) {
      const id = this.ids.get('coding', g);
      if (id !== undefined) db.prepare('UPDATE codings SET updated_at = ? WHERE id = ? AND created_at <= ?').run(updated, id, updated);
    }
    const putTheme = db.prepare('INSERT INTO theme_map_layout (theme_id, x, y) VALUES (?, ?, ?) ON CONFLICT (theme_id) DO NOTHING');
    const putCode = db.prepare('INSERT INTO theme_map_layout (code_id, x, y) VALUES (?, ?, ?) ON CONFLICT (code_id) DO NOTHING');
    for (const [g, [x, y]] of Object.entries(ext.mapLayout.themes)) {
      const id = this.ids.get('theme', g);
      if (id !== undefined) putTheme.run(id, x, y);
    }
    for (const [g, [x, y]] of Object.entries(ext.mapLayout.codes)) {
      const id = this.ids.get('code', g);
      if (id !== undefined) putCode.run(id, x, y);
    }
    // Consensus decisions: only onto a consensus coder this import created (an existing one keeps its own walk).
    const insertDecision = db.prepare(
      'INSERT INTO consensus_decisions (consensus_id, coder_a_id, coder_b_id, document_id, item_key, decision, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    const insertDecisionCoding = db.prepare('INSERT OR IGNORE INTO consensus_decision_codings (decision_id, coding_id) VALUES (?, ?)');
    let lostDecisions = 0;
    for (const d of ext.consensusDecisions ?? []) {
      const [consensus, a, b] = [this.ids.get('coder', d.consensus), this.ids.get('coder', d.coderA), this.ids.get('coder', d.coderB)];
      const doc = this.docs.get(d.document);
      if (consensus === undefined || !this.createdCoders.has(consensus)) continue;
      if (a === undefined || b === undefined || !doc) {
        lostDecisions++;
        continue;
      }
      const r = insertDecision.run(consensus, a, b, doc.id, d.key, d.decision, d.decidedAt);
      if (r.changes === 0) continue;
      for (const g of d.codings) {
        const coding = this.ids.get('coding', g);
        if (coding !== undefined) insertDecisionCoding.run(Number(r.lastInsertRowid), coding);
      }
    }
    if (lostDecisions) this.warn(`${plural(lostDecisions, 'consensus decision')} referred to coders or documents that were not imported; ${lostDecisions === 1 ? 'it was' : 'they were'} dropped.`);
    const sameMerge = db.prepare('SELECT 1 FROM merges WHERE source_name = ? AND merged_at = ? AND summary = ?');
    const insertMerge = db.prepare('INSERT INTO merges (source_name, source_guid, source_format, merged_by, summary, merged_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const m of ext.merges) {
      if (!sameMerge.get(m.sourceName, m.mergedAt, m.summary)) insertMerge.run(m.sourceName, m.sourceGuid ?? null, m.sourceFormat, m.mergedBy ?? null, m.summary, m.mergedAt);
    }
    let lostAliases = 0;
    const insertAlias = db.prepare('INSERT INTO merge_aliases (kind, foreign_guid, local_guid) VALUES (?, ?, ?) ON CONFLICT (kind, foreign_guid) DO NOTHING');
    for (const a of ext.mergeAliases) {
      const id =
        a.kind === 'attribute' ? (this.ids.get('attribute', `${a.local}|case`) ?? this.ids.get('attribute', `${a.local}|document`)) : a.kind === 'document' ? this.docs.get(a.local)?.id : this.ids.get(a.kind, a.local);
      const local = id === undefined ? undefined : guidOf(db, TABLE_OF[a.kind], id);
      if (local === undefined) lostAliases++;
      else insertAlias.run(a.kind, a.foreign, local);
    }
    if (lostAliases) this.warn(`${plural(lostAliases, 'GUID')} remembered from earlier team merges referred to things that were not imported; ${lostAliases === 1 ? 'it was' : 'they were'} dropped.`);
    return restored;
  }

  private selectionComment(sel: ExchangeSelection, doc: DocRef) {
    const text = sel.description?.trim();
    if (!text) return;
    // Weft writes a copy of the coding memos here; do not import them twice.
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    const attached = sel.noteRefs.map((g) => this.memoTaken.get(g)).filter((b): b is string => b !== undefined);
    if (attached.length && (attached.some((b) => norm(b) === norm(text)) || norm(attached.join(' ')) === norm(text))) return;
    const info = this.selections.get(sel.guid);
    if (sel.start === undefined || sel.end === undefined) {
      this.insertMemo(newGuid(), 'Comment', sel.description!, { kind: 'document', id: doc.id }, this.userOrNull(sel.creatingUser), sel.creationDateTime, sel.modifiedDateTime);
      this.warn(`A comment on a passage that could not be placed (${sel.startPosition}–${sel.endPosition}) in “${doc.name}” was kept as a memo on the document.`);
      return;
    }
    const short = this.excerpts.get(sel) ?? excerptOf(doc.text!, sel.start, sel.end);
    if (info && info.codingIds.length) {
      this.insertMemo(newGuid(), 'Comment', sel.description!, { kind: 'coding', id: info.codingIds[0]! }, this.userOrNull(sel.creatingUser), sel.creationDateTime, sel.modifiedDateTime);
    } else {
      this.insertMemo(newGuid(), `Comment on “${short}”`, sel.description!, { kind: 'document', id: doc.id }, this.userOrNull(sel.creatingUser), sel.creationDateTime, sel.modifiedDateTime);
      this.warn(`A comment on an uncoded passage (${sel.startPosition}–${sel.endPosition}) in “${doc.name}” was kept as a memo on the document.`);
    }
  }
}

/** A passage, its spaces collapsed, cut to 60 characters: the title of a comment memo. */
function excerptOf(text: string, start: number, end: number): string {
  const excerpt = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return excerpt.length > 60 ? `${excerpt.slice(0, 59)}…` : excerpt;
}

function memoBody(note: ExchangeNote): string {
  const text = note.text ?? note.plainTextContent ?? '';
  if (note.description && note.description.trim() !== '' && note.description.trim() !== text.trim()) {
    return text === '' ? note.description : `${note.description}\n\n${text}`;
  }
  return text;
}

/**
 * Imports a parsed (and text-resolved) REFI-QDA project into the open project, in one
 * transaction. Codes, coders, cases and attributes that already exist are reused (by GUID, then
 * by name); documents, codings and memos are always added.
 */
/**
 * `projectPath`: where the project will be (a new project is built under a temporary name): its
 * recordings are copied into the media folder beside that path. By default the session's path;
 * an in-memory session (a preview) links no recording.
 */
export function importProjectInto(session: ProjectSession, project: ExchangeProject, options: ProjectImportOptions = {}): ExchangeImportReport {
  if (project.kind !== 'project') throw new DomainError('VALIDATION', 'This is a codebook (.qdc), not a project; import it as a codebook.');
  const importer = projectImporter(session, project, options);
  try {
    // a failure after recordings were copied rolls the project back and removes the copies
    withMediaCopies((copies) => {
      importer.mediaCopies = copies;
      session.transaction(() => importer.run());
    });
  } finally {
    discardExtractedMedia(project);
  }
  return importReport(project, importer);
}

export type ProjectImportOptions = ProgressOptions & SpeakerDetection & { projectPath?: string };

/** The importer of `project` into the session's project, set up with `options` (the caller runs it in a transaction). */
export function projectImporter(session: ProjectSession, project: ExchangeProject, options: ProjectImportOptions): ProjectImporter {
  const importer = new ProjectImporter(session.db, project);
  importer.progress = options;
  importer.detection = options;
  importer.projectPath = options.projectPath ?? (session.path === ':memory:' || session.path === '' ? null : session.path);
  return importer;
}

/** What an import did: the file's own warnings (reading it), then the importer's. */
export const importReport = (project: ExchangeProject, importer: ProjectImporter): ExchangeImportReport => ({
  ...importer.report,
  warnings: [...project.warnings, ...importer.report.warnings],
});

/**
 * Merges a parsed codebook (or a project's codebook) into the open project, in one transaction:
 * codes are matched by GUID, then by name path; matched codes keep their values and only their
 * empty definition/criteria/example fields are filled. Sets carrying Weft's theme marker become
 * themes; other Sets become code sets.
 */
export function importCodebookInto(session: ProjectSession, project: ExchangeProject): ExchangeImportReport {
  const importer = new Importer(session.db, project);
  session.transaction(() => {
    importer.importCodes(project.codes);
    importer.importSets(project.sets.map((s) => ({ ...s, memberSources: [], memberNotes: [] })));
    importer.finish();
  });
  const dropped = project.sets.reduce((n, s) => n + s.memberSources.length + s.memberNotes.length, 0);
  const warnings = [...project.warnings, ...importer.report.warnings];
  if (dropped) warnings.push(`${plural(dropped, 'document or note member', 'document or note members')} of sets ${dropped === 1 ? 'was' : 'were'} not imported with the codebook.`);
  return { ...importer.report, warnings };
}
