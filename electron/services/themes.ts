/**
 * Themes (a tree with status and definition), their codes (many-to-many), illustrative quotes,
 * theme memos, the thematic map's saved layout and familiarisation progress. Every function that
 * writes more than one row expects to run inside `session.transaction` (the handlers wrap them).
 */
import type { Id } from '../../shared/types/entities.js';
import type {
  ImportThemesReport,
  PhaseFacts,
  Prevalence,
  Quote,
  ThemeCode,
  ThemeExtract,
  ThemeMapLayout,
  ThemeMemo,
  ThemeNode,
  ThemeReview,
  ThemeStatus,
  ThemeTree,
} from '../../shared/types/themes.js';
import { DomainError } from '../../shared/api/errors.js';
import { attribution, codesCoveredBy, descendantsOf, findAttribute, groupExtracts, pushTo, treeOrder, unthemedCodeIds, type ExtractGrouping, type GroupableExtract } from '../../shared/themes/tree.js';
import { parseThemesCsv } from '../../shared/themes/csv.js';
import { decodeText } from '../../shared/import/decode.js';
import type { DB } from '../db/connection.js';
import { keptUntilChange } from '../db/kept-until-change.js';
import type { ThemeRow as ThemeTableRow } from '../db/tables/themes.js';
import { codePaths, keptCodes } from './codes.js';
import { listCases } from './cases.js';
import { attributedCodings, type CodingRecord } from './analysis/coding-index.js';
import { readExcludeInterviewer } from './analysis/interviewer-setting.js';
import { attributedToInterviewer } from '../../shared/analysis/attribution.js';
import { readQuoteAttributes } from './quote-attributes.js';
import { newGuid, nowIso } from './project-session.js';
import { codingTimes } from './media.js';

export const THEME_PALETTE = ['#7c6fd6', '#2f9e8f', '#d9822b', '#3b82c4', '#c2417a', '#6a9a2c', '#a0653c', '#5b6bbf', '#b8860b', '#8a5cc2'];

type ThemeRow = Omit<ThemeTableRow, 'created_at' | 'updated_at'>;

const notFound = (id: Id) => new DomainError('NOT_FOUND', `There is no theme with id ${id} in this project.`);

export function getThemeRow(db: DB, id: Id): ThemeRow {
  const row = db.prepare('SELECT id, guid, parent_id, name, definition, status, color, position FROM themes WHERE id = ?').get(id) as ThemeRow | undefined;
  if (!row) throw notFound(id);
  return row;
}

const allThemeRows = (db: DB) =>
  db.prepare('SELECT id, guid, parent_id, name, definition, status, color, position FROM themes ORDER BY position, id').all() as ThemeRow[];
const allAssignments = (db: DB) =>
  db.prepare('SELECT theme_id AS themeId, code_id AS codeId, position FROM theme_codes ORDER BY position, rowid').all() as { themeId: Id; codeId: Id; position: number }[];
/** Codes in tree order (as the codebook shows them) with their own codings. */
const allCodeLinks = (db: DB) =>
  treeOrder(
    db.prepare('SELECT id, parent_id AS parentId, (SELECT count(*) FROM codings k WHERE k.code_id = codes.id) AS ownCodings FROM codes ORDER BY position, id').all() as {
      id: Id;
      parentId: Id | null;
      ownCodings: number;
    }[],
  );

function assertCode(db: DB, codeId: Id) {
  if (!db.prepare('SELECT 1 FROM codes WHERE id = ?').get(codeId)) throw new DomainError('NOT_FOUND', `There is no code with id ${codeId} in this project.`);
}

function siblingTaken(db: DB, parentId: Id | null, name: string, ...exceptIds: Id[]): boolean {
  return (
    db
      .prepare('SELECT 1 FROM themes WHERE ifnull(parent_id, 0) = ? AND name = ? AND id NOT IN (SELECT value FROM json_each(?))')
      .get(parentId ?? 0, name, JSON.stringify(exceptIds)) !== undefined
  );
}

/** `name`, or `name (2)`, `name (3)`… — the first that is free among the siblings (ignoring `exceptIds`). */
function freeSiblingName(db: DB, parentId: Id | null, name: string, ...exceptIds: Id[]): string {
  if (!siblingTaken(db, parentId, name, ...exceptIds)) return name;
  for (let i = 2; ; i++) if (!siblingTaken(db, parentId, `${name} (${i})`, ...exceptIds)) return `${name} (${i})`;
}

function assertParent(db: DB, parentId: Id | null, selfId?: Id) {
  if (parentId === null) return;
  getThemeRow(db, parentId);
  if (selfId === undefined) return;
  for (let cur: Id | null = parentId; cur !== null; ) {
    if (cur === selfId) throw new DomainError('CONSTRAINT', 'A theme cannot be moved under itself or one of its own sub-themes.');
    cur = (db.prepare('SELECT parent_id FROM themes WHERE id = ?').pluck().get(cur) as Id | null) ?? null;
  }
}

const nextThemePosition = (db: DB, parentId: Id | null) =>
  db.prepare('SELECT ifnull(max(position), 0) + 1 FROM themes WHERE ifnull(parent_id, 0) = ?').pluck().get(parentId ?? 0) as number;

// ---------------------------------------------------------------------------------------------
// Participants of codings: the one attribution rule (shared/analysis/attribution.ts).

interface CodingFact {
  id: Id;
  codeId: Id;
  documentId: Id;
  start: number;
  end: number;
  coder: string;
  speaker: string | null;
  participantId: Id | null;
  participantIds: Id[];
}

/**
 * The codings of some codes, or some codings, as positions in the table of attributed codings
 * (analysis/coding-index.ts), in document (board) order: documents by position, then start,
 * longer first, id. `first` sorts before that order (the review's code order).
 */
function pickCodings(db: DB, filter: { codeIds: Iterable<Id> } | { codingIds: Iterable<Id> }, first?: (codeId: Id) => number): number[] {
  const index = attributedCodings(db);
  const rec = index.records;
  let picked: number[];
  if ('codeIds' in filter) {
    const codes = new Set(filter.codeIds);
    picked = [];
    for (let i = 0; i < rec.length; i++) if (codes.has(rec[i]!.codeId)) picked.push(i);
  } else {
    picked = [...new Set(filter.codingIds)].map((id) => index.indexOf(id)).filter((i): i is number => i !== undefined);
  }
  if (picked.length === 0) return picked;
  const rankOf: number[] = [];
  const ids = db.prepare('SELECT id FROM documents ORDER BY position, id').pluck().all() as Id[];
  ids.forEach((id, i) => (rankOf[id] = i));
  const byBoard = (x: number, y: number) => {
    const a = rec[x]!;
    const b = rec[y]!;
    return a.documentId === b.documentId ? a.start - b.start || b.end - a.end || a.id - b.id : rankOf[a.documentId]! - rankOf[b.documentId]!;
  };
  // The table is in document id order (then start, end, id). When documents' positions follow
  // their ids (the usual case) only codings with the same start need reordering (longer first),
  // so the codings are split by `first` into buckets in table order instead of sorted whole.
  const inIdOrder = ids.every((id, i) => i === 0 || id > ids[i - 1]!);
  picked.sort((x, y) => x - y);
  const buckets = new Map<number, number[]>();
  for (const i of picked) {
    const lead = first ? first(rec[i]!.codeId) : 0;
    let bucket = buckets.get(lead);
    if (!bucket) buckets.set(lead, (bucket = []));
    bucket.push(i);
  }
  const out: number[] = [];
  for (const lead of [...buckets.keys()].sort((a, b) => a - b)) {
    const bucket = buckets.get(lead)!;
    if (!inIdOrder) bucket.sort(byBoard);
    else {
      for (let from = 0; from < bucket.length; ) {
        const a = rec[bucket[from]!]!;
        let to = from + 1;
        while (to < bucket.length && rec[bucket[to]!]!.documentId === a.documentId && rec[bucket[to]!]!.start === a.start) to++;
        if (to - from > 1) bucket.splice(from, to - from, ...bucket.slice(from, to).sort(byBoard));
        from = to;
      }
    }
    for (const i of bucket) out.push(i);
  }
  return out;
}

/** One picked coding (a position in the table of attributed codings) as a fact. */
function factMaker(db: DB) {
  const index = attributedCodings(db);
  const coders = new Map((db.prepare('SELECT id, name FROM coders').all() as { id: Id; name: string }[]).map((c) => [c.id, c.name]));
  return (i: number): CodingFact => {
    const r = index.records[i]!;
    const w = index.who[i]!;
    return {
      id: r.id,
      codeId: r.codeId,
      documentId: r.documentId,
      start: r.start,
      end: r.end,
      coder: coders.get(r.coderId) ?? '',
      speaker: w.speaker,
      participantId: w.caseIds[0] ?? null,
      participantIds: w.caseIds,
    };
  };
}

/** The codings of some codes, or some codings, with their participants, in document (board) order. */
function codingFacts(db: DB, filter: { codeIds: Iterable<Id> } | { codingIds: Iterable<Id> }): CodingFact[] {
  const fact = factMaker(db);
  return pickCodings(db, filter).map(fact);
}

/**
 * Makes extracts of facts: `full` with the text (read once per document), `grouping` with only
 * what grouping reads (no text), for ordering many extracts of which one page is shown.
 * `quoteOrder` numbers those that are chosen quotes (the others get null).
 */
function extractMaker(db: DB, quoteOrder: ReadonlyMap<Id, number> = new Map()) {
  const attributeNames = readQuoteAttributes(db);
  const cases = new Map(listCases(db).map((c) => [c.id, c]));
  const paths = codePaths(db);
  const colors = new Map((db.prepare('SELECT id, color FROM codes').all() as { id: Id; color: string }[]).map((c) => [c.id, c.color]));
  const docs = new Map<Id, { name: string; text: string }>();
  const docStmt = db.prepare('SELECT name, text FROM documents WHERE id = ?');
  const timeOf = codingTimes(db);
  const attributionOf = new Map<Id, string>();
  const personOf = (f: Pick<CodingFact, 'participantId'>) => {
    const person = f.participantId === null ? undefined : cases.get(f.participantId);
    let shownAs = person ? attributionOf.get(person.id) : undefined;
    if (person && shownAs === undefined) attributionOf.set(person.id, (shownAs = attribution(person.name, person.attributes, attributeNames)));
    return { person, shownAs };
  };
  return {
    /** What grouping reads of coding `at` (code `codeId`, first participant `participantId`). */
    grouping(at: number, codeId: Id, participantId: Id | null): GroupableExtract & { at: number } {
      const { person, shownAs } = personOf({ participantId });
      return { at, codeId, codePath: paths.get(codeId) ?? '', participantId: person?.id ?? null, attribution: shownAs ?? '' };
    },
    full(f: CodingFact): ThemeExtract {
      let doc = docs.get(f.documentId);
      if (!doc) {
        doc = docStmt.get(f.documentId) as { name: string; text: string };
        docs.set(f.documentId, doc);
      }
      const { person, shownAs } = personOf(f);
      const time = timeOf(f.documentId, f.start, f.end);
      return {
        codingId: f.id,
        codeId: f.codeId,
        codePath: paths.get(f.codeId) ?? '',
        codeColor: colors.get(f.codeId) ?? '#999999',
        documentId: f.documentId,
        documentName: doc.name,
        start: f.start,
        end: f.end,
        text: doc.text.slice(f.start, f.end),
        coder: f.coder,
        participantId: person?.id ?? null,
        participantIds: f.participantIds,
        participant: person?.name ?? null,
        participantAttributes: person?.attributes ?? {},
        speaker: f.speaker,
        attribution: shownAs ?? attribution(null, {}, attributeNames, f.speaker ?? `${doc.name}`),
        quote: quoteOrder.get(f.id) ?? null,
        ...(time ? { time } : {}),
      };
    },
  };
}

/** Facts as extracts; `quoteOrder` numbers those that are chosen quotes (the others get null). */
function toExtracts(db: DB, facts: CodingFact[], quoteOrder: ReadonlyMap<Id, number> = new Map()): ThemeExtract[] {
  const make = extractMaker(db, quoteOrder);
  return facts.map((f) => make.full(f));
}

// ---------------------------------------------------------------------------------------------
// Reading

function loadQuotes(db: DB): Quote[] {
  const rows = db.prepare('SELECT theme_id AS themeId, coding_id AS codingId, position FROM theme_quotes ORDER BY theme_id, position, rowid').all() as {
    themeId: Id;
    codingId: Id;
    position: number;
  }[];
  if (rows.length === 0) return [];
  const extracts = new Map(toExtracts(db, codingFacts(db, { codingIds: rows.map((r) => r.codingId) })).map((e) => [e.codingId, e]));
  return rows.flatMap((r) => {
    const e = extracts.get(r.codingId);
    if (!e) return [];
    return [
      {
        themeId: r.themeId,
        codingId: r.codingId,
        position: r.position,
        codeId: e.codeId,
        codePath: e.codePath,
        documentId: e.documentId,
        documentName: e.documentName,
        start: e.start,
        end: e.end,
        text: e.text,
        participant: e.participant,
        attribution: e.attribution,
        ...(e.time ? { time: e.time } : {}),
      },
    ];
  });
}

export function listQuotes(db: DB, themeId?: Id): Quote[] {
  if (themeId !== undefined) getThemeRow(db, themeId);
  const all = loadQuotes(db);
  return themeId === undefined ? all : all.filter((q) => q.themeId === themeId);
}

/**
 * The theme tree with each theme's totals (`themes.list`; the review and the report read it too),
 * kept until the project changes (electron/db/kept-until-change.ts): the window asks for it after
 * every change on the board, and again with nothing written it costs almost nothing. Shared and
 * frozen.
 */
export function listThemeTree(db: DB): ThemeTree {
  return keptUntilChange(db, 'themes.list', () => buildThemeTree(db));
}

function buildThemeTree(db: DB): ThemeTree {
  const rows = allThemeRows(db);
  const assignments = allAssignments(db);
  const codeLinks = allCodeLinks(db);
  const counted = new Map(keptCodes(db).map((c) => [c.id, c]));
  const paths = codePaths(db);
  const toThemeCode = (id: Id): ThemeCode => {
    const c = counted.get(id)!;
    return { id, name: c.name, path: paths.get(id) ?? c.name, color: c.color, definition: c.definition, codings: c.codings, documents: c.documents };
  };
  const quotes = loadQuotes(db);
  const memos = db.prepare('SELECT id, theme_id AS themeId, title, body, updated_at AS updatedAt FROM memos WHERE theme_id IS NOT NULL ORDER BY created_at, id').all() as (ThemeMemo & {
    themeId: Id;
  })[];
  // per code: its codings, and the documents and participants they are in (a theme's totals are
  // the sums and unions over the codes it covers: each coding has one code)
  const perCode = new Map<Id, { codings: number; documents: Set<Id>; participants: Set<Id> }>();
  const index = attributedCodings(db);
  const withoutInterviewer = readExcludeInterviewer(db);
  for (let i = 0; i < index.records.length; i++) {
    const k = index.records[i]!;
    // the project setting "exclude interviewer turns": the interviewer's words are not counted
    if (withoutInterviewer && attributedToInterviewer(index.who[i]!)) continue;
    let c = perCode.get(k.codeId);
    if (!c) perCode.set(k.codeId, (c = { codings: 0, documents: new Set(), participants: new Set() }));
    c.codings++;
    c.documents.add(k.documentId);
    for (const id of k.caseIds) c.participants.add(id);
  }

  const build = (row: ThemeRow): ThemeNode => {
    const covered = codesCoveredBy(row.id, rows.map((r) => ({ id: r.id, parentId: r.parent_id })), assignments, codeLinks);
    const mine = [...covered].flatMap((c) => perCode.get(c) ?? []);
    const direct = assignments.filter((a) => a.themeId === row.id);
    const ownAndBelow = descendantsOf(rows.map((r) => ({ id: r.id, parentId: r.parent_id })), row.id);
    const codeCount = new Set(assignments.filter((a) => ownAndBelow.has(a.themeId)).map((a) => a.codeId)).size;
    return {
      id: row.id,
      guid: row.guid,
      parentId: row.parent_id,
      name: row.name,
      definition: row.definition,
      status: row.status,
      color: row.color,
      position: row.position,
      codes: direct.map((a) => toThemeCode(a.codeId)),
      quotes: quotes.filter((q) => q.themeId === row.id),
      memos: memos.filter((m) => m.themeId === row.id).map(({ themeId: _t, ...m }) => m),
      totals: {
        codes: codeCount,
        codings: mine.reduce((n, c) => n + c.codings, 0),
        documents: new Set(mine.flatMap((c) => [...c.documents])).size,
        participants: new Set(mine.flatMap((c) => [...c.participants])).size,
      },
      children: rows.filter((r) => r.parent_id === row.id).map(build),
    };
  };
  return {
    themes: rows.filter((r) => r.parent_id === null).map(build),
    unthemed: unthemedCodeIds(codeLinks, assignments, rows.map((r) => ({ id: r.id, parentId: r.parent_id, status: r.status }))).map(toThemeCode),
  };
}

export function getTheme(db: DB, id: Id): ThemeNode {
  getThemeRow(db, id);
  const find = (list: ThemeNode[]): ThemeNode | undefined => {
    for (const t of list) {
      if (t.id === id) return t;
      const hit = find(t.children);
      if (hit) return hit;
    }
    return undefined;
  };
  return find(listThemeTree(db).themes)!;
}

// ---------------------------------------------------------------------------------------------
// Themes

export interface ThemeFields {
  name?: string;
  definition?: string;
  status?: ThemeStatus;
  color?: string;
}

export function createTheme(db: DB, fields: ThemeFields & { name: string; parentId?: Id | null }, guid = newGuid()): Id {
  const parentId = fields.parentId ?? null;
  const name = fields.name.trim();
  assertParent(db, parentId);
  if (siblingTaken(db, parentId, name)) {
    throw new DomainError('CONFLICT', `A theme named “${name}” already exists ${parentId ? 'under that theme' : 'at the top level'}.`);
  }
  const count = db.prepare('SELECT count(*) FROM themes').pluck().get() as number;
  const now = nowIso();
  return Number(
    db
      .prepare('INSERT INTO themes (guid, parent_id, name, definition, status, color, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        guid,
        parentId,
        name,
        fields.definition?.trim() ?? '',
        fields.status ?? 'candidate',
        fields.color ?? THEME_PALETTE[count % THEME_PALETTE.length]!,
        nextThemePosition(db, parentId),
        now,
        now,
      ).lastInsertRowid,
  );
}

export function updateTheme(db: DB, id: Id, patch: ThemeFields) {
  const cur = getThemeRow(db, id);
  const name = (patch.name ?? cur.name).trim();
  if (name !== cur.name && siblingTaken(db, cur.parent_id, name, id)) throw new DomainError('CONFLICT', `A theme named “${name}” already exists there.`);
  db.prepare('UPDATE themes SET name = ?, definition = ?, status = ?, color = ?, updated_at = ? WHERE id = ?').run(
    name,
    patch.definition ?? cur.definition,
    patch.status ?? cur.status,
    patch.color ?? cur.color,
    nowIso(),
    id,
  );
}

/** Deletes a theme; its sub-themes move up a level, its codes stay in the codebook, its memos and quotes go. */
export function deleteTheme(db: DB, id: Id) {
  const cur = getThemeRow(db, id);
  const children = db.prepare('SELECT id, name FROM themes WHERE parent_id = ? ORDER BY position, id').all(id) as { id: Id; name: string }[];
  for (const c of children) {
    db.prepare('UPDATE themes SET parent_id = ?, name = ?, position = ?, updated_at = ? WHERE id = ?').run(
      cur.parent_id,
      freeSiblingName(db, cur.parent_id, c.name, c.id, id),
      nextThemePosition(db, cur.parent_id),
      nowIso(),
      c.id,
    );
  }
  db.prepare('DELETE FROM themes WHERE id = ?').run(id);
  pruneQuotes(db);
}

/** Moves a theme under another (or to the top level, parentId null) at `position` among its new siblings. */
export function moveTheme(db: DB, id: Id, parentId: Id | null, position?: number) {
  const cur = getThemeRow(db, id);
  assertParent(db, parentId, id);
  if (siblingTaken(db, parentId, cur.name, id)) throw new DomainError('CONFLICT', `A theme named “${cur.name}” already exists there.`);
  const siblings = (db.prepare('SELECT id FROM themes WHERE ifnull(parent_id, 0) = ? AND id != ? ORDER BY position, id').pluck().all(parentId ?? 0, id) as Id[]);
  const at = position === undefined ? siblings.length : Math.max(0, Math.min(position, siblings.length));
  siblings.splice(at, 0, id);
  const put = db.prepare('UPDATE themes SET parent_id = ?, position = ?, updated_at = ? WHERE id = ?');
  const now = nowIso();
  siblings.forEach((sid, i) => put.run(parentId, i + 1, now, sid));
  pruneQuotes(db);
}

// ---------------------------------------------------------------------------------------------
// Codes on themes

function themeCodeIds(db: DB, themeId: Id): Id[] {
  return db.prepare('SELECT code_id FROM theme_codes WHERE theme_id = ? ORDER BY position, rowid').pluck().all(themeId) as Id[];
}

function writeCodeOrder(db: DB, themeId: Id, ids: Id[]) {
  const put = db.prepare('UPDATE theme_codes SET position = ? WHERE theme_id = ? AND code_id = ?');
  ids.forEach((c, i) => put.run(i + 1, themeId, c));
}

/** Puts a code on a theme (it may sit on several), at `position` among the theme's codes. */
export function assignCode(db: DB, themeId: Id, codeId: Id, position?: number) {
  getThemeRow(db, themeId);
  assertCode(db, codeId);
  const ids = themeCodeIds(db, themeId).filter((c) => c !== codeId);
  db.prepare('INSERT OR IGNORE INTO theme_codes (theme_id, code_id, position) VALUES (?, ?, 0)').run(themeId, codeId);
  ids.splice(position === undefined ? ids.length : Math.max(0, Math.min(position, ids.length)), 0, codeId);
  writeCodeOrder(db, themeId, ids);
}

export function unassignCode(db: DB, themeId: Id, codeId: Id) {
  const t = getThemeRow(db, themeId);
  const r = db.prepare('DELETE FROM theme_codes WHERE theme_id = ? AND code_id = ?').run(themeId, codeId);
  if (r.changes === 0) throw new DomainError('NOT_FOUND', `That code is not on the theme “${t.name}”.`);
  writeCodeOrder(db, themeId, themeCodeIds(db, themeId));
  pruneQuotes(db);
}

/**
 * Moves a code from one theme to another. `from` null: from the "not yet themed" bin (the code is
 * added); `to` null: back to the bin (the code leaves `from`). Same theme: reorders.
 */
export function moveCode(db: DB, codeId: Id, from: Id | null, to: Id | null, position?: number) {
  assertCode(db, codeId);
  if (from !== null) {
    const t = getThemeRow(db, from);
    if (!db.prepare('SELECT 1 FROM theme_codes WHERE theme_id = ? AND code_id = ?').get(from, codeId)) {
      throw new DomainError('NOT_FOUND', `That code is not on the theme “${t.name}”.`);
    }
  }
  if (to !== null) assignCode(db, to, codeId, position);
  if (from !== null && from !== to) {
    db.prepare('DELETE FROM theme_codes WHERE theme_id = ? AND code_id = ?').run(from, codeId);
    writeCodeOrder(db, from, themeCodeIds(db, from));
  }
  pruneQuotes(db);
}

/** A new theme holding the given codes (they stay on any other themes too). */
export function createThemeFromCodes(db: DB, input: ThemeFields & { name: string; parentId?: Id | null; codeIds: Id[] }): Id {
  if (input.codeIds.length === 0) throw new DomainError('VALIDATION', 'Choose at least one code to make a theme from.');
  const id = createTheme(db, input);
  for (const c of input.codeIds) assignCode(db, id, c);
  return id;
}

function appendQuote(db: DB, themeId: Id, codingId: Id) {
  const next = db.prepare('SELECT ifnull(max(position), 0) + 1 FROM theme_quotes WHERE theme_id = ?').pluck().get(themeId) as number;
  db.prepare('INSERT OR IGNORE INTO theme_quotes (theme_id, coding_id, position) VALUES (?, ?, ?)').run(themeId, codingId, next);
}

/** Quotes whose coding is no longer under their theme's codes are removed. */
function pruneQuotes(db: DB) {
  const quotes = db.prepare('SELECT q.theme_id AS themeId, q.coding_id AS codingId, k.code_id AS codeId FROM theme_quotes q JOIN codings k ON k.id = q.coding_id').all() as {
    themeId: Id;
    codingId: Id;
    codeId: Id;
  }[];
  if (quotes.length === 0) return;
  const themes = allThemeRows(db).map((r) => ({ id: r.id, parentId: r.parent_id }));
  const assignments = allAssignments(db);
  const codes = allCodeLinks(db);
  const covered = new Map<Id, Set<Id>>();
  const del = db.prepare('DELETE FROM theme_quotes WHERE theme_id = ? AND coding_id = ?');
  for (const q of quotes) {
    let set = covered.get(q.themeId);
    if (!set) {
      set = codesCoveredBy(q.themeId, themes, assignments, codes);
      covered.set(q.themeId, set);
    }
    if (!set.has(q.codeId)) del.run(q.themeId, q.codingId);
  }
}

// ---------------------------------------------------------------------------------------------
// Merge and split

/**
 * Merges themes into `intoId`: their codes, quotes, memos and sub-themes join it and they are
 * deleted. A merged theme's definition is kept: as the definition when `intoId` has none, else as
 * a memo on the merged theme, so no writing is lost.
 */
export function mergeThemes(db: DB, intoId: Id, themeIds: Id[]) {
  const into = getThemeRow(db, intoId);
  const sources = [...new Set(themeIds)].filter((id) => id !== intoId).map((id) => getThemeRow(db, id));
  if (sources.length === 0) throw new DomainError('VALIDATION', 'Choose at least one other theme to merge.');
  const ancestors = new Set<Id>();
  for (let cur = into.parent_id; cur !== null; cur = (db.prepare('SELECT parent_id FROM themes WHERE id = ?').pluck().get(cur) as Id | null) ?? null) ancestors.add(cur);
  let definition = into.definition;
  const now = nowIso();
  for (const s of sources) {
    if (ancestors.has(s.id)) throw new DomainError('CONSTRAINT', `“${s.name}” cannot be merged into its own sub-theme “${into.name}”; merge the sub-theme into it instead.`);
    for (const codeId of themeCodeIds(db, s.id)) assignCode(db, intoId, codeId);
    for (const codingId of db.prepare('SELECT coding_id FROM theme_quotes WHERE theme_id = ? ORDER BY position, rowid').pluck().all(s.id) as Id[]) {
      appendQuote(db, intoId, codingId);
    }
    for (const c of db.prepare('SELECT id, name FROM themes WHERE parent_id = ? ORDER BY position, id').all(s.id) as { id: Id; name: string }[]) {
      db.prepare('UPDATE themes SET parent_id = ?, name = ?, position = ?, updated_at = ? WHERE id = ?').run(
        intoId,
        freeSiblingName(db, intoId, c.name, c.id),
        nextThemePosition(db, intoId),
        now,
        c.id,
      );
    }
    db.prepare('UPDATE memos SET theme_id = ?, updated_at = ? WHERE theme_id = ?').run(intoId, now, s.id);
    if (s.definition.trim()) {
      if (!definition.trim()) definition = s.definition;
      else if (s.definition.trim() !== definition.trim()) {
        db.prepare('INSERT INTO memos (guid, title, body, theme_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
          newGuid(),
          `Definition of “${s.name}” (merged into this theme)`,
          s.definition,
          intoId,
          now,
          now,
        );
      }
    }
    db.prepare('DELETE FROM themes WHERE id = ?').run(s.id);
  }
  db.prepare('UPDATE themes SET definition = ?, updated_at = ? WHERE id = ?').run(definition, now, intoId);
  pruneQuotes(db);
}

export interface SplitPart {
  name: string;
  definition?: string;
  codeIds: Id[];
}

/**
 * Splits a theme: each part becomes a new theme (a sibling, or a sub-theme when `asSubthemes`)
 * and takes its codes off the original, with the quotes those codes carry. Returns the new ids.
 */
export function splitTheme(db: DB, id: Id, parts: SplitPart[], asSubthemes: boolean): Id[] {
  const theme = getThemeRow(db, id);
  const onTheme = new Set(themeCodeIds(db, id));
  const seen = new Set<Id>();
  for (const p of parts) {
    if (p.codeIds.length === 0) throw new DomainError('VALIDATION', `The new theme “${p.name}” needs at least one code.`);
    for (const c of p.codeIds) {
      if (!onTheme.has(c)) throw new DomainError('VALIDATION', `A code given for “${p.name}” (id ${c}) is not on the theme “${theme.name}”.`);
      if (seen.has(c)) throw new DomainError('VALIDATION', `A code (id ${c}) is given for two new themes; each code goes to one.`);
      seen.add(c);
    }
  }
  const parentId = asSubthemes ? id : theme.parent_id;
  const codes = allCodeLinks(db);
  const quotes = db.prepare('SELECT q.coding_id AS codingId, k.code_id AS codeId FROM theme_quotes q JOIN codings k ON k.id = q.coding_id WHERE q.theme_id = ?').all(id) as {
    codingId: Id;
    codeId: Id;
  }[];
  const ids: Id[] = [];
  for (const p of parts) {
    const newId = createTheme(db, { name: p.name, definition: p.definition ?? '', parentId, color: theme.color });
    ids.push(newId);
    const covered = new Set(p.codeIds.flatMap((c) => [...descendantsOf(codes, c)]));
    for (const c of p.codeIds) {
      assignCode(db, newId, c);
      db.prepare('DELETE FROM theme_codes WHERE theme_id = ? AND code_id = ?').run(id, c);
    }
    for (const q of quotes.filter((q) => covered.has(q.codeId))) {
      appendQuote(db, newId, q.codingId);
      db.prepare('DELETE FROM theme_quotes WHERE theme_id = ? AND coding_id = ?').run(id, q.codingId);
    }
  }
  writeCodeOrder(db, id, themeCodeIds(db, id));
  pruneQuotes(db);
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Quotes

export function markQuote(db: DB, themeId: Id, codingId: Id, position?: number) {
  const theme = getThemeRow(db, themeId);
  const codeId = db.prepare('SELECT code_id FROM codings WHERE id = ?').pluck().get(codingId) as Id | undefined;
  if (codeId === undefined) throw new DomainError('NOT_FOUND', `There is no coding with id ${codingId} in this project.`);
  const covered = codesCoveredBy(themeId, allThemeRows(db).map((r) => ({ id: r.id, parentId: r.parent_id })), allAssignments(db), allCodeLinks(db));
  if (!covered.has(codeId)) {
    throw new DomainError('CONSTRAINT', `That extract is not coded with any of the codes of “${theme.name}”, so it cannot illustrate it.`);
  }
  const ids = (db.prepare('SELECT coding_id FROM theme_quotes WHERE theme_id = ? ORDER BY position, rowid').pluck().all(themeId) as Id[]).filter((c) => c !== codingId);
  db.prepare('INSERT OR IGNORE INTO theme_quotes (theme_id, coding_id, position) VALUES (?, ?, 0)').run(themeId, codingId);
  ids.splice(position === undefined ? ids.length : Math.max(0, Math.min(position, ids.length)), 0, codingId);
  const put = db.prepare('UPDATE theme_quotes SET position = ? WHERE theme_id = ? AND coding_id = ?');
  ids.forEach((c, i) => put.run(i + 1, themeId, c));
}

export function unmarkQuote(db: DB, themeId: Id, codingId: Id) {
  const theme = getThemeRow(db, themeId);
  const r = db.prepare('DELETE FROM theme_quotes WHERE theme_id = ? AND coding_id = ?').run(themeId, codingId);
  if (r.changes === 0) throw new DomainError('NOT_FOUND', `That extract is not a chosen quote of “${theme.name}”.`);
}

// ---------------------------------------------------------------------------------------------
// Reviewing a theme

/** A page of the review: `limit` extracts from `offset` (all of them without `limit`), grouped and ordered by `groupBy`. */
export interface ReviewPage {
  groupBy?: ExtractGrouping;
  offset?: number;
  limit?: number;
}

/**
 * A theme's review: its extracts in board order (the theme's codes, each followed by its
 * sub-codes, then its sub-themes'; within a code, document order), grouped by code or by
 * participant (shared/themes/tree.ts groupExtracts), with their prevalence. Only the page asked
 * for is made into extracts (its documents' text read): the order, the groups' counts and the
 * prevalence come from the held table of attributed codings (analysis/coding-index.ts), and the
 * order, the groups and the prevalence are kept until the project changes.
 */
export function reviewTheme(db: DB, themeId: Id, splitBy?: string | null, page: ReviewPage = {}): ThemeReview {
  const theme = getTheme(db, themeId);
  const groupBy = page.groupBy ?? 'code';
  // the order and the groups, kept until the project changes: "Show more" reads the next page of the same order
  const { picked, groups } = keptUntilChange(db, `themes.review:${themeId}:${groupBy}`, () => reviewOrder(db, theme, groupBy), { freeze: false });
  const index = attributedCodings(db);
  const make = extractMaker(db, new Map(theme.quotes.map((q, i) => [q.codingId, i + 1])));
  const offset = Math.min(page.offset ?? 0, picked.length);
  const end = page.limit === undefined ? picked.length : Math.min(picked.length, offset + page.limit);
  const fact = factMaker(db);
  const shown: ThemeExtract[] = [];
  let at = 0;
  for (const g of groups) {
    if (at >= end) break;
    const from = Math.max(offset - at, 0);
    const to = Math.min(end - at, g.extracts.length);
    for (let i = from; i < to; i++) shown.push(make.full(fact(g.extracts[i]!.at)));
    at += g.extracts.length;
  }
  return {
    theme,
    extracts: shown,
    // counted over every coding of the theme (500,000 at the large benchmark size), so kept until
    // the project changes like the order: the next page and a repeated review read it back
    prevalence: keptUntilChange(db, `themes.review.prevalence:${themeId}:${splitBy === undefined ? 'default' : JSON.stringify(splitBy)}`, () =>
      prevalence(db, picked.map((i) => index.records[i]!), splitBy),
    ),
    groupBy,
    groups: groups.map((g) => ({ key: g.key, label: g.label, count: g.extracts.length })),
    total: picked.length,
    nextOffset: end < picked.length ? end : null,
  };
}

/** The review's codings (positions in the table of attributed codings) in board order, and their groups. */
function reviewOrder(db: DB, theme: ThemeNode, groupBy: ExtractGrouping) {
  const themes = allThemeRows(db).map((r) => ({ id: r.id, parentId: r.parent_id }));
  const codeLinks = allCodeLinks(db);
  const covered = codesCoveredBy(theme.id, themes, allAssignments(db), codeLinks);
  const order = new Map<Id, number>();
  const walk = (t: ThemeNode) => {
    for (const c of t.codes) {
      const below = descendantsOf(codeLinks, c.id);
      for (const link of codeLinks) if (below.has(link.id) && !order.has(link.id)) order.set(link.id, order.size);
    }
    t.children.forEach(walk);
  };
  walk(theme);
  const index = attributedCodings(db);
  const withoutInterviewer = readExcludeInterviewer(db);
  const picked = pickCodings(db, { codeIds: covered }, (codeId) => order.get(codeId) ?? 1e9).filter((i) => !(withoutInterviewer && attributedToInterviewer(index.who[i]!)));
  const make = extractMaker(db);
  const groups = groupExtracts(
    picked.map((i) => make.grouping(i, index.records[i]!.codeId, index.who[i]!.caseIds[0] ?? null)),
    groupBy,
  );
  return { picked, groups };
}

function prevalence(db: DB, codings: readonly Pick<CodingRecord, 'caseIds' | 'documentId'>[], splitBy?: string | null): Prevalence {
  const cases = listCases(db);
  const attributes = db.prepare("SELECT name FROM attributes WHERE scope = 'case' ORDER BY position, id").pluck().all() as string[];
  const attribute = splitBy === null ? null : splitBy ? (findAttribute(attributes, splitBy) ?? null) : (readQuoteAttributes(db)[0] ?? attributes[0] ?? null);
  const perList = new Map<readonly Id[], number>();
  const documents = new Set<Id>();
  for (const k of codings) {
    perList.set(k.caseIds, (perList.get(k.caseIds) ?? 0) + 1);
    documents.add(k.documentId);
  }
  const contributing = new Set<Id>();
  for (const list of perList.keys()) for (const id of list) contributing.add(id);
  const split = new Map<string, { value: string; participants: number; total: number; codings: number }>();
  if (attribute) {
    for (const c of cases) {
      const value = c.attributes[attribute]?.trim() || '(no value)';
      const s = split.get(value) ?? { value, participants: 0, total: 0, codings: 0 };
      s.total++;
      if (contributing.has(c.id)) s.participants++;
      split.set(value, s);
    }
    const valueOf = new Map(cases.map((c) => [c.id, c.attributes[attribute]?.trim() || '(no value)']));
    for (const [list, n] of perList) {
      // each coding once per value among its participants
      for (const value of new Set(list.map((id) => valueOf.get(id) ?? '(no value)'))) {
        const s = split.get(value);
        if (s) s.codings += n;
      }
    }
  }
  return {
    participants: contributing.size,
    totalParticipants: cases.length,
    documents: documents.size,
    totalDocuments: db.prepare('SELECT count(*) FROM documents').pluck().get() as number,
    codings: codings.length,
    attribute,
    attributes,
    split: [...split.values()].sort((a, b) => a.value.localeCompare(b.value)),
  };
}

// ---------------------------------------------------------------------------------------------
// Memos on themes

export function saveThemeMemo(db: DB, themeId: Id, memo: { id?: Id; title?: string; body: string }, coderId: Id): Id {
  getThemeRow(db, themeId);
  const now = nowIso();
  if (memo.id !== undefined) {
    const r = db.prepare('UPDATE memos SET title = ?, body = ?, updated_at = ? WHERE id = ? AND theme_id = ?').run(memo.title ?? '', memo.body, now, memo.id, themeId);
    if (r.changes === 0) throw new DomainError('NOT_FOUND', `There is no memo with id ${memo.id} on that theme.`);
    return memo.id;
  }
  return Number(
    db
      .prepare('INSERT INTO memos (guid, title, body, theme_id, coder_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(newGuid(), memo.title ?? '', memo.body, themeId, coderId, now, now).lastInsertRowid,
  );
}

export function deleteThemeMemo(db: DB, memoId: Id) {
  const r = db.prepare('DELETE FROM memos WHERE id = ? AND theme_id IS NOT NULL').run(memoId);
  if (r.changes === 0) throw new DomainError('NOT_FOUND', `There is no theme memo with id ${memoId}.`);
}

// ---------------------------------------------------------------------------------------------
// CSV import

/** Imports themes from a CSV file's bytes (any encoding decodeText reads: UTF-8, UTF-16, Windows-1252…). */
export function importThemesCsv(db: DB, file: string, bytes: Uint8Array): ImportThemesReport {
  const decoded = decodeText(file, bytes);
  const parsed = parseThemesCsv(decoded.text, file);
  const report: ImportThemesReport = { created: [], updated: [], problems: [...decoded.warnings, ...parsed.problems] };
  const paths = codePaths(db);
  const byPath = new Map([...paths].map(([id, p]) => [p.toLowerCase(), id]));
  const byName = new Map<string, Id[]>();
  for (const [id, p] of paths) {
    const name = p.split('/').pop()!.toLowerCase();
    pushTo(byName, name, id);
  }
  const find = (parentId: Id | null, name: string) =>
    db.prepare('SELECT id FROM themes WHERE ifnull(parent_id, 0) = ? AND name = ?').pluck().get(parentId ?? 0, name) as Id | undefined;
  for (const row of parsed.rows) {
    let parentId: Id | null = null;
    if (row.parent) {
      parentId = find(null, row.parent) ?? null;
      if (parentId === null) {
        parentId = createTheme(db, { name: row.parent });
        report.created.push(row.parent);
      }
    }
    const label = row.parent ? `${row.parent} › ${row.name}` : row.name;
    let id = find(parentId, row.name);
    if (id === undefined) {
      id = createTheme(db, { name: row.name, parentId, definition: row.definition ?? '', status: row.status ?? 'candidate' });
      report.created.push(label);
    } else {
      const cur = getThemeRow(db, id);
      const definition = row.definition ?? cur.definition;
      const status = row.status ?? cur.status;
      if (definition !== cur.definition || status !== cur.status) {
        updateTheme(db, id, { definition, status });
        report.updated.push(label);
      }
    }
    for (const c of row.codes) {
      const hit = byPath.get(c.toLowerCase()) ?? (byName.get(c.toLowerCase())?.length === 1 ? byName.get(c.toLowerCase())![0] : undefined);
      if (hit === undefined) {
        const many = (byName.get(c.toLowerCase())?.length ?? 0) > 1;
        report.problems.push(`line ${row.line}: ${many ? `several codes are named “${c}”; write its path (Parent/Child)` : `there is no code “${c}”`}; it was not added to “${row.name}”`);
      } else assignCode(db, id, hit);
    }
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Thematic map layout

const MAP_META = 'theme_map';

export function getMapLayout(db: DB): ThemeMapLayout {
  const positions: ThemeMapLayout['positions'] = {};
  for (const r of db.prepare('SELECT theme_id, code_id, x, y FROM theme_map_layout').all() as { theme_id: Id | null; code_id: Id | null; x: number; y: number }[]) {
    positions[r.theme_id !== null ? `theme:${r.theme_id}` : `code:${r.code_id}`] = { x: r.x, y: r.y };
  }
  let view: ThemeMapLayout['view'] = null;
  const meta = db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(MAP_META) as string | undefined;
  if (meta) {
    try {
      const parsed = JSON.parse(meta) as { view?: ThemeMapLayout['view']; bin?: { x: number; y: number } };
      view = parsed.view ?? null;
      if (parsed.bin) positions.bin = parsed.bin;
    } catch {
      // a damaged entry only loses the viewport
    }
  }
  return { positions, view };
}

/** Saves node positions (merged into the saved ones) and, when given, the viewport. */
export function saveMapLayout(db: DB, layout: { positions: Record<string, { x: number; y: number }>; view?: ThemeMapLayout['view'] }) {
  const current = getMapLayout(db);
  let bin = current.positions.bin;
  const putTheme = db.prepare('INSERT INTO theme_map_layout (theme_id, x, y) VALUES (?, ?, ?) ON CONFLICT (theme_id) DO UPDATE SET x = excluded.x, y = excluded.y');
  const putCode = db.prepare('INSERT INTO theme_map_layout (code_id, x, y) VALUES (?, ?, ?) ON CONFLICT (code_id) DO UPDATE SET x = excluded.x, y = excluded.y');
  for (const [key, p] of Object.entries(layout.positions)) {
    const m = /^(theme|code):(\d+)$/.exec(key);
    if (key === 'bin') bin = p;
    else if (!m) throw new DomainError('VALIDATION', `“${key}” is not a node of the thematic map.`);
    else if (m[1] === 'theme') {
      if (db.prepare('SELECT 1 FROM themes WHERE id = ?').get(Number(m[2]))) putTheme.run(Number(m[2]), p.x, p.y);
    } else if (db.prepare('SELECT 1 FROM codes WHERE id = ?').get(Number(m[2]))) putCode.run(Number(m[2]), p.x, p.y);
  }
  const value = JSON.stringify({ view: layout.view === undefined ? current.view : layout.view, bin });
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(MAP_META, value);
}

export function resetMapLayout(db: DB) {
  db.prepare('DELETE FROM theme_map_layout').run();
  db.prepare('DELETE FROM project_meta WHERE key = ?').run(MAP_META);
}

// ---------------------------------------------------------------------------------------------
// Phases

export function phaseFacts(db: DB): PhaseFacts {
  const docs = db
    .prepare(
      `SELECT d.id, d.name, (r.document_id IS NOT NULL) AS read, (SELECT count(*) FROM codings k WHERE k.document_id = d.id) AS codings
         FROM documents d LEFT JOIN document_reading r ON r.document_id = d.id ORDER BY d.position, d.id`,
    )
    .all() as { id: Id; name: string; read: number; codings: number }[];
  const notes = db.prepare('SELECT id, document_id AS documentId, title, body FROM memos WHERE document_id IS NOT NULL ORDER BY created_at, id').all() as {
    id: Id;
    documentId: Id;
    title: string;
    body: string;
  }[];
  const tree = listThemeTree(db);
  const themes: PhaseFacts['themes'] = [];
  const walk = (list: ThemeNode[], isSubtheme: boolean) => {
    for (const t of list) {
      themes.push({ id: t.id, name: t.name, status: t.status, hasDefinition: t.definition.trim() !== '', quotes: t.quotes.length, isSubtheme });
      walk(t.children, true);
    }
  };
  walk(tree.themes, false);
  return {
    documents: docs.map((d) => ({ id: d.id, name: d.name, read: d.read === 1, codings: d.codings, notes: notes.filter((n) => n.documentId === d.id).map(({ documentId: _d, ...n }) => n) })),
    codes: db.prepare('SELECT count(*) FROM codes').pluck().get() as number,
    codings: db.prepare('SELECT count(*) FROM codings').pluck().get() as number,
    unthemedCodes: tree.unthemed.map((c) => c.path),
    themes,
  };
}

export function markDocumentRead(db: DB, documentId: Id, read: boolean) {
  if (!db.prepare('SELECT 1 FROM documents WHERE id = ?').get(documentId)) throw new DomainError('NOT_FOUND', `There is no document with id ${documentId} in this project.`);
  if (read) db.prepare('INSERT INTO document_reading (document_id, read_at) VALUES (?, ?) ON CONFLICT (document_id) DO NOTHING').run(documentId, nowIso());
  else db.prepare('DELETE FROM document_reading WHERE document_id = ?').run(documentId);
}
