/**
 * Retrieval: every coded extract for a set of codes, with its document, speaker, participant
 * (by the one attribution rule, shared/analysis/attribution.ts), the participant's quote
 * attributes (the project's `quoteAttributes` setting; `role` kept as its own field) and the
 * text around it. Filters: codes (with their sub-codes), documents, coders, a participant
 * attribute value.
 */
import { DomainError } from '../../shared/api/errors.js';
import type { Extract, ExtractPage } from '../../shared/types/coding.js';
import { EncodedAnswer } from '../../shared/api/encoded-answer.js';
import type { DB } from '../db/connection.js';
import { codePaths, subtreeIds } from './codes.js';
import { attributeCodings, loadAttributionInputs } from './analysis/attribution-inputs.js';
import { keptUntilChange } from '../db/kept-until-change.js';
import * as documentTable from '../db/tables/documents.js';
import { quoteAttributeValues, readQuoteAttributes } from './quote-attributes.js';
import { codingTimes } from './media.js';

export interface ExtractFilter {
  codeIds?: number[];
  /** Include the codings of sub-codes (default true). */
  includeChildren?: boolean;
  documentIds?: number[];
  coderIds?: number[];
  /** Only extracts whose participant has this attribute value (names and values compared case-insensitively). */
  caseAttribute?: { name: string; value: string };
  /** Characters of context on each side, within the paragraph (default 240). */
  context?: number;
}

const placeholders = (n: number) => `(${Array.from({ length: n }, () => '?').join(',')})`;

/** Context before `start`: back to the paragraph start, at most `max` units, cut at a space. */
function before(text: string, start: number, max: number): string {
  const para = text.lastIndexOf('\n', start - 1) + 1;
  let from = Math.max(para, start - max);
  if (from > para) {
    const sp = text.indexOf(' ', from);
    if (sp !== -1 && sp < start) from = sp + 1;
  }
  return text.slice(from, start);
}

function after(text: string, end: number, max: number): string {
  let para = text.indexOf('\n', end);
  if (para === -1) para = text.length;
  let to = Math.min(para, end + max);
  if (to < para) {
    const sp = text.lastIndexOf(' ', to);
    if (sp > end) to = sp;
  }
  return text.slice(end, to);
}

/** Where an extract stands in the one order of extracts (document order, then offsets, then id). */
type Raw = [id: number, doc: number, code: number, coder: number, start: number, end: number, position: number];

/*
 * The one order of extracts, and of the keyset cursor: the document's place (position), the
 * document (id), the start, the longer span first (-end), the coding id. Pages continue after the
 * last row they returned. Walked by `rowsInOrder`.
 */

/** The WHERE of a filter (null: nothing can match), without the participant attribute (read per row). */
function filterWhere(db: DB, filter: ExtractFilter): { where: string[]; params: unknown[] } | null {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.codeIds) {
    const ids = new Set<number>();
    for (const id of filter.codeIds) {
      if (filter.includeChildren === false) ids.add(id);
      else for (const s of subtreeIds(db, id)) ids.add(s);
    }
    if (ids.size === 0) return null;
    where.push(`k.code_id IN ${placeholders(ids.size)}`);
    params.push(...ids);
  }
  if (filter.documentIds) {
    if (filter.documentIds.length === 0) return null;
    where.push(`k.document_id IN ${placeholders(filter.documentIds.length)}`);
    params.push(...filter.documentIds);
  }
  if (filter.coderIds) {
    if (filter.coderIds.length === 0) return null;
    where.push(`k.coder_id IN ${placeholders(filter.coderIds.length)}`);
    params.push(...filter.coderIds);
  }
  return { where, params };
}

/** Where the walk of the one order starts: just after this row (null: at the beginning). */
type Place = Pick<Cursor, 'position' | 'documentId' | 'start' | 'end' | 'codingId'> | null;

/**
 * The filter's raw rows in the one order, after `after`, one document at a time (a document's
 * rows, in order, per step). The walk goes through the documents in their order (the index on
 * documents' position) and reads each one's rows through the codings' indexes, so a page stops
 * after the documents it needs instead of sorting every row of the filter first (bench figure
 * 4b). Documents holding none of the filter's rows are skipped in SQL, a few at a time.
 */
function* rowsInOrder(db: DB, q: { where: string[]; params: unknown[] }, after: Place): Generator<Raw[]> {
  const cond = q.where.length ? ` AND ${q.where.join(' AND ')}` : '';
  const documentsAfter = db
    .prepare(
      `SELECT d.id, d.position FROM documents d
        WHERE (d.position, d.id) >= (?, ?) AND EXISTS (SELECT 1 FROM codings k WHERE k.document_id = d.id${cond})
        ORDER BY d.position, d.id LIMIT ?`,
    )
    .raw();
  const rowsOf = db
    .prepare(
      `SELECT k.id, k.document_id, k.code_id, k.coder_id, k.start, k.end, ? FROM codings k
        WHERE k.document_id = ?${cond} AND (+k.start, -k.end, k.id) > (?, ?, ?)
        ORDER BY k.start, -k.end, k.id`,
    )
    .raw();
  let from: [position: number, documentId: number] = after ? [after.position, after.documentId] : [-Number.MAX_SAFE_INTEGER, 0];
  // a few documents first (a first page needs one or two), more as the walk goes on
  for (let step = 8; ; step = Math.min(step * 2, 512)) {
    const documents = documentsAfter.all(...from, ...q.params, step) as [id: number, position: number][];
    for (const [id, position] of documents) {
      // the cursor's own document continues after the cursor's row; any other from its start
      const within = after && id === after.documentId && position === after.position ? [after.start, -after.end, after.codingId] : [-1, 0, 0];
      const rows = rowsOf.all(position, id, ...q.params, ...within) as Raw[];
      if (rows.length > 0) yield rows;
    }
    if (documents.length < step) return;
    const [lastId, lastPosition] = documents[documents.length - 1]!;
    from = [lastPosition, lastId + 1];
  }
}

/**
 * The one rule that makes extracts out of raw rows: names from small lookup maps, whose it is by
 * the attribution rule, the participant's quote attributes, the text and its context (read only
 * for the rows given). The result is parallel to the rows; null where the participant attribute
 * filter leaves the row out.
 */
function extractBuilder(db: DB, filter: ExtractFilter): (rows: Raw[]) => (Extract | null)[] {
  const docs = new Map(
    (db.prepare('SELECT id, name FROM documents').raw().all() as [number, string][]).map((d) => [d[0], { name: d[1] }]),
  );
  const codes = new Map((db.prepare('SELECT id, name, color FROM codes').raw().all() as [number, string, string][]).map((c) => [c[0], { name: c[1], color: c[2] }]));
  const coders = new Map(db.prepare('SELECT id, name FROM coders').raw().all() as [number, string][]);
  const paths = codePaths(db);
  const caseNames = new Map(
    (db.prepare('SELECT id, name FROM cases').all() as { id: number; name: string }[]).map((c) => [c.id, c.name]),
  );
  const attrs = new Map<number, Map<string, string>>();
  for (const v of db
    .prepare(
      `SELECT v.case_id, a.name, v.value FROM case_attribute_values v JOIN attributes a ON a.id = v.attribute_id WHERE a.scope = 'case'`,
    )
    .all() as { case_id: number; name: string; value: string }[]) {
    const m = attrs.get(v.case_id) ?? new Map<string, string>();
    m.set(v.name.toLocaleLowerCase(), v.value);
    attrs.set(v.case_id, m);
  }
  const timeOf = codingTimes(db);
  const quoteAttributes = readQuoteAttributes(db);
  const ctx = filter.context ?? 240;
  const wantAttr = filter.caseAttribute ? { name: filter.caseAttribute.name.trim().toLocaleLowerCase(), value: filter.caseAttribute.value.trim().toLocaleLowerCase() } : null;

  return (raw) => {
    // each document's text is read once for the rows given and let go with them: a list of every
    // document's extracts holds one batch of texts at a time, not the corpus (bench figure 8a)
    const texts = new Map<number, string>();
    const textOf = (id: number) => {
      let text = texts.get(id);
      if (text === undefined) texts.set(id, (text = documentTable.textOf(db, id) ?? ''));
      return text;
    };
    const spans = raw.map((r) => ({ documentId: r[1], start: r[4], end: r[5] }));
    // the attribution inputs of these rows' documents only (the walk gives one document at a time)
    const attributed = attributeCodings(db, spans, loadAttributionInputs(db, new Set(spans.map((k) => k.documentId))));
    return raw.map(([id, docId, codeId, coderId, start, end], i): Extract | null => {
      const doc = docs.get(docId)!;
      const code = codes.get(codeId)!;
      const who = attributed[i]!;
      const participantId = who.caseIds[0] ?? null;
      const caseAttrs = participantId !== null ? attrs.get(participantId) : undefined;
      // an extract of several participants passes when any of them has the value (as in the matrix)
      if (wantAttr && !who.caseIds.some((c) => (attrs.get(c)?.get(wantAttr.name) ?? '').trim().toLocaleLowerCase() === wantAttr.value)) return null;
      const text = textOf(docId);
      const time = timeOf(docId, start, end);
      return {
        codingId: id,
        documentId: docId,
        document: doc.name,
        codeId,
        code: paths.get(codeId) ?? code.name,
        codeName: code.name,
        color: code.color,
        coderId,
        coder: coders.get(coderId) ?? '',
        start,
        end,
        text: text.slice(start, end),
        speaker: who.speaker,
        participant: participantId !== null ? (caseNames.get(participantId) ?? null) : null,
        participantId,
        participantIds: who.caseIds,
        attributionBasis: who.basis,
        role: caseAttrs?.get('role') ?? null,
        quoteAttributes: quoteAttributeValues(quoteAttributes, caseAttrs),
        before: before(text, start, ctx),
        after: after(text, end, ctx),
        ...(time ? { time } : {}),
      };
    });
  };
}

/**
 * The filter's extracts in the one order, a batch of whole documents at a time: each batch's
 * attribution inputs and texts are read for it and let go after it.
 */
function* extractBatches(db: DB, filter: ExtractFilter): Generator<Extract[]> {
  const q = filterWhere(db, filter);
  if (!q) return;
  let build: ReturnType<typeof extractBuilder> | null = null;
  let batch: Raw[] = [];
  const made = () => {
    build ??= extractBuilder(db, filter);
    const extracts = build(batch).filter((e): e is Extract => e !== null);
    batch = [];
    return extracts;
  };
  for (const rows of rowsInOrder(db, q, null)) {
    for (const r of rows) batch.push(r);
    if (batch.length >= 500) yield made();
  }
  if (batch.length > 0) yield made();
}

/**
 * Hands the filter's extracts to `use` batch by batch, all read inside one read transaction: the
 * batches are many statements, and a commit by another program between two of them (a code and
 * its codings added by `weft`) would otherwise give later batches codings of codes, documents or
 * coders the first batch's look-ups have not got.
 */
function eachBatch(db: DB, filter: ExtractFilter, use: (extracts: Extract[]) => void): void {
  db.transaction(() => {
    for (const extracts of extractBatches(db, filter)) use(extracts);
  })();
}

/** Every extract of the filter, in the one order (exports, the CLI, analysis). */
export function listExtracts(db: DB, filter: ExtractFilter = {}): Extract[] {
  const out: Extract[] = [];
  eachBatch(db, filter, (extracts) => {
    for (const e of extracts) out.push(e);
  });
  return out;
}

/**
 * `listExtracts` written as JSON text as its batches are made (`extracts.list`): a batch's
 * extracts become text and are let go, with the document texts they were cut from, before the next
 * batch is read, so the whole list is never held as objects (bench figures 4 and 8a). The pieces
 * together are exactly `JSON.stringify(listExtracts(db, filter))`.
 */
export function encodeExtracts(db: DB, filter: ExtractFilter = {}): EncodedAnswer<Extract[]> {
  const pieces: string[] = ['['];
  eachBatch(db, filter, (extracts) => {
    if (extracts.length === 0) return;
    if (pieces.length > 1) pieces.push(',');
    const json = JSON.stringify(extracts);
    pieces.push(json.slice(1, -1));
  });
  pieces.push(']');
  return new EncodedAnswer(pieces);
}

/** Extracts a page holds when the caller gives no limit. */
export const EXTRACTS_DEFAULT_LIMIT = 100;

/** Where the next page starts: just after this row of the one order. */
interface Cursor {
  position: number;
  documentId: number;
  start: number;
  end: number;
  codingId: number;
}

const encodeCursor = (r: Raw) => `${r[6]}:${r[1]}:${r[4]}:${r[5]}:${r[0]}`;

function decodeCursor(text: string): Cursor {
  const m = /^(-?\d{1,15}):(\d{1,15}):(\d{1,15}):(\d{1,15}):(\d{1,15})$/.exec(text);
  if (!m) throw new DomainError('VALIDATION', 'Cannot continue the list of extracts: the cursor is not one this list returned. Show the extracts again.');
  return { position: Number(m[1]), documentId: Number(m[2]), start: Number(m[3]), end: Number(m[4]), codingId: Number(m[5]) };
}

/**
 * One page of the extracts of a filter, in the one order: at most `limit` extracts after
 * `cursor` (the `nextCursor` of the previous page). Only the page's rows are attributed and have
 * their text read. The cursor is a place in the order, not an index: a coding added or removed
 * between two pages neither repeats nor skips another extract (one added before the cursor is not
 * shown; one added after it is). `total` counts the filter's extracts now (null with a participant
 * attribute filter, which is known only row by row).
 */
export function pageExtracts(db: DB, filter: ExtractFilter & { limit?: number; cursor?: string } = {}): ExtractPage {
  const limit = filter.limit ?? EXTRACTS_DEFAULT_LIMIT;
  const from = filter.cursor === undefined ? null : decodeCursor(filter.cursor);
  const q = filterWhere(db, filter);
  if (!q) return { extracts: [], nextCursor: null, total: 0 };
  const total = filter.caseAttribute ? null : countExtracts(db, q);
  // the page's look-ups and rows in one read transaction, as the full list's (see eachBatch); the
  // total is kept apart (a value built inside a transaction is not kept)
  const walk = (): ExtractPage => {
    const build = extractBuilder(db, filter);
    const extracts: Extract[] = [];
    let last: Raw | null = null;
    for (const rows of rowsInOrder(db, q, from)) {
      let i = 0;
      // a full page with a row after it: there is more (with the participant attribute filter, that
      // row may yet be left out, and the next page then be empty)
      if (extracts.length === limit) return { extracts, nextCursor: encodeCursor(last!), total };
      while (i < rows.length) {
        // only as many rows as the page still needs are made into extracts (with the participant
        // attribute filter, which leaves rows out, a few more at a time)
        const need = limit - extracts.length;
        const slice = rows.slice(i, i + (filter.caseAttribute ? Math.max(need, 200) : need));
        const built = build(slice);
        let j = 0;
        for (; j < slice.length && extracts.length < limit; j++) {
          last = slice[j]!;
          const e = built[j];
          if (e) extracts.push(e);
        }
        i += j;
        if (extracts.length === limit && i < rows.length) return { extracts, nextCursor: encodeCursor(last!), total };
      }
    }
    return { extracts, nextCursor: null, total };
  };
  return db.transaction(walk)();
}

/**
 * How many rows the filter has (the extracts without a participant attribute filter): a count
 * through the codings' indexes, kept with the other counts of this state of the project until it
 * changes (electron/db/kept-until-change.ts), so the pages after the first do not count again.
 */
function countExtracts(db: DB, q: { where: string[]; params: unknown[] }): number {
  const counts = keptUntilChange(db, 'extracts.totals', () => new Map<string, number>(), { freeze: false });
  const sql = `SELECT count(*) FROM codings k ${q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''}`;
  const key = `${sql}\u0000${JSON.stringify(q.params)}`;
  let n = counts.get(key);
  if (n === undefined) counts.set(key, (n = db.prepare(sql).pluck().get(...q.params) as number));
  return n;
}
