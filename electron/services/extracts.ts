/**
 * Retrieval: every coded extract for a set of codes, with its document, speaker, participant
 * (by the one attribution rule, shared/analysis/attribution.ts), the participant's quote
 * attributes (the project's `quoteAttributes` setting; `role` kept as its own field) and the
 * text around it. Filters: codes (with their sub-codes), documents, coders, a participant
 * attribute value.
 */
import { DomainError } from '../../shared/api/errors.js';
import type { Extract, ExtractPage } from '../../shared/types/coding.js';
import type { DB } from '../db/connection.js';
import { codePaths, subtreeIds } from './codes.js';
import { attributeCodings } from './analysis/attribution-inputs.js';
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

/** Document texts by id, kept per connection (a document's text never changes; the hash guards id reuse). */
const textCaches = new WeakMap<DB, Map<number, { hash: string; text: string }>>();

function textGetter(db: DB) {
  let cache = textCaches.get(db);
  if (!cache) textCaches.set(db, (cache = new Map()));
  const read = db.prepare('SELECT text FROM documents WHERE id = ?').pluck();
  return (id: number, hash: string): string => {
    const hit = cache.get(id);
    if (hit && hit.hash === hash) return hit.text;
    const text = read.get(id) as string;
    cache.set(id, { hash, text });
    return text;
  };
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

/**
 * The one order of extracts, and of the keyset cursor: the document's place, the document, the
 * start, the longer span first, the coding id. Pages continue after the last row they returned.
 */
const ORDER = 'd.position, k.document_id, k.start, -k.end, k.id';

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

/** Raw rows (only what varies per coding) in the one order, after `after` and at most `limit`. */
function readRows(db: DB, q: { where: string[]; params: unknown[] }, after: Cursor | null, limit: number | null): Raw[] {
  const where = [...q.where];
  const params = [...q.params];
  if (after) {
    where.push(`(${ORDER}) > (?, ?, ?, ?, ?)`);
    params.push(after.position, after.documentId, after.start, -after.end, after.codingId);
  }
  return db
    .prepare(
      `SELECT k.id, k.document_id, k.code_id, k.coder_id, k.start, k.end, d.position
         FROM codings k JOIN documents d ON d.id = k.document_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${ORDER}${limit === null ? '' : ' LIMIT ?'}`,
    )
    .raw()
    .all(...params, ...(limit === null ? [] : [limit])) as Raw[];
}

/**
 * The one rule that makes extracts out of raw rows: names from small lookup maps, whose it is by
 * the attribution rule, the participant's quote attributes, the text and its context (read only
 * for the rows given). The result is parallel to the rows; null where the participant attribute
 * filter leaves the row out.
 */
function extractBuilder(db: DB, filter: ExtractFilter): (rows: Raw[]) => (Extract | null)[] {
  const docs = new Map(
    (db.prepare('SELECT id, name, content_hash FROM documents').raw().all() as [number, string, string][]).map((d) => [d[0], { name: d[1], hash: d[2] }]),
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
  const textOf = textGetter(db);
  const timeOf = codingTimes(db);
  const quoteAttributes = readQuoteAttributes(db);
  const ctx = filter.context ?? 240;
  const wantAttr = filter.caseAttribute ? { name: filter.caseAttribute.name.trim().toLocaleLowerCase(), value: filter.caseAttribute.value.trim().toLocaleLowerCase() } : null;

  return (raw) => {
    const attributed = attributeCodings(db, raw.map((r) => ({ documentId: r[1], start: r[4], end: r[5] })));
    return raw.map(([id, docId, codeId, coderId, start, end], i): Extract | null => {
      const doc = docs.get(docId)!;
      const code = codes.get(codeId)!;
      const who = attributed[i]!;
      const participantId = who.caseIds[0] ?? null;
      const caseAttrs = participantId !== null ? attrs.get(participantId) : undefined;
      // an extract of several participants passes when any of them has the value (as in the matrix)
      if (wantAttr && !who.caseIds.some((c) => (attrs.get(c)?.get(wantAttr.name) ?? '').trim().toLocaleLowerCase() === wantAttr.value)) return null;
      const text = textOf(docId, doc.hash);
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

/** Every extract of the filter, in the one order (exports, the CLI, analysis). */
export function listExtracts(db: DB, filter: ExtractFilter = {}): Extract[] {
  const q = filterWhere(db, filter);
  if (!q) return [];
  const raw = readRows(db, q, null, null);
  if (raw.length === 0) return [];
  return extractBuilder(db, filter)(raw).filter((e): e is Extract => e !== null);
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
  let from = filter.cursor === undefined ? null : decodeCursor(filter.cursor);
  const q = filterWhere(db, filter);
  if (!q) return { extracts: [], nextCursor: null, total: 0 };
  const total = filter.caseAttribute
    ? null
    : (db.prepare(`SELECT count(*) FROM codings k ${q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''}`).pluck().get(...q.params) as number);
  const build = extractBuilder(db, filter);
  const extracts: Extract[] = [];
  // Read one row past the page to know whether there is more; with the attribute filter, read on
  // in chunks until the page is full.
  const chunk = filter.caseAttribute ? Math.max(limit, 200) : limit + 1;
  for (;;) {
    const raw = readRows(db, q, from, chunk);
    const built = build(filter.caseAttribute ? raw : raw.slice(0, limit));
    for (let i = 0; i < built.length; i++) {
      const e = built[i];
      if (!e) continue;
      extracts.push(e);
      if (extracts.length === limit) {
        const more = filter.caseAttribute ? raw.length === chunk || built.slice(i + 1).some((x) => x !== null) : raw.length > i + 1;
        return { extracts, nextCursor: more ? encodeCursor(raw[i]!) : null, total };
      }
    }
    if (raw.length < chunk) return { extracts, nextCursor: null, total };
    const last = raw.at(-1)!;
    from = { position: last[6], documentId: last[1], start: last[4], end: last[5], codingId: last[0] };
  }
}
