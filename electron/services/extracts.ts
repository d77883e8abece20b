/**
 * Retrieval: every coded extract for a set of codes, with its document, speaker, participant
 * (by the one attribution rule, shared/analysis/attribution.ts), the participant's quote
 * attributes (the project's `quoteAttributes` setting; `role` kept as its own field) and the
 * text around it. Filters: codes (with their sub-codes), documents, coders, a participant
 * attribute value.
 */
import type { Extract } from '../../shared/types/coding.js';
import type { DB } from '../db/connection.js';
import { codePaths, subtreeIds } from './codes.js';
import { attributeCodings } from './analysis/attribution-inputs.js';
import { quoteAttributeValues, readQuoteAttributes } from './quote-attributes.js';

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

export function listExtracts(db: DB, filter: ExtractFilter = {}): Extract[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.codeIds) {
    const ids = new Set<number>();
    for (const id of filter.codeIds) {
      if (filter.includeChildren === false) ids.add(id);
      else for (const s of subtreeIds(db, id)) ids.add(s);
    }
    if (ids.size === 0) return [];
    where.push(`k.code_id IN ${placeholders(ids.size)}`);
    params.push(...ids);
  }
  if (filter.documentIds) {
    if (filter.documentIds.length === 0) return [];
    where.push(`k.document_id IN ${placeholders(filter.documentIds.length)}`);
    params.push(...filter.documentIds);
  }
  if (filter.coderIds) {
    if (filter.coderIds.length === 0) return [];
    where.push(`k.coder_id IN ${placeholders(filter.coderIds.length)}`);
    params.push(...filter.coderIds);
  }
  // Raw rows with only what varies per coding (names come from small lookup maps below).
  type Raw = [id: number, doc: number, code: number, coder: number, start: number, end: number];
  const raw = db
    .prepare(
      `SELECT k.id, k.document_id, k.code_id, k.coder_id, k.start, k.end
         FROM codings k
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    )
    .raw()
    .all(...params) as Raw[];
  if (raw.length === 0) return [];
  const docs = new Map(
    (db.prepare('SELECT id, name, position, content_hash FROM documents').raw().all() as [number, string, number, string][]).map((d) => [
      d[0],
      { name: d[1], position: d[2], hash: d[3] },
    ]),
  );
  const codes = new Map((db.prepare('SELECT id, name, color FROM codes').raw().all() as [number, string, string][]).map((c) => [c[0], { name: c[1], color: c[2] }]));
  const coders = new Map(db.prepare('SELECT id, name FROM coders').raw().all() as [number, string][]);
  raw.sort((x, y) => {
    const dx = docs.get(x[1])!;
    const dy = docs.get(y[1])!;
    return dx.position - dy.position || x[1] - y[1] || x[4] - y[4] || y[5] - x[5] || x[0] - y[0];
  });

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
  const attributed = attributeCodings(db, raw.map((r) => ({ documentId: r[1], start: r[4], end: r[5] })));
  const quoteAttributes = readQuoteAttributes(db);

  const ctx = filter.context ?? 240;
  const wantAttr = filter.caseAttribute ? { name: filter.caseAttribute.name.trim().toLocaleLowerCase(), value: filter.caseAttribute.value.trim().toLocaleLowerCase() } : null;
  const out: Extract[] = [];
  raw.forEach(([id, docId, codeId, coderId, start, end], i) => {
    const doc = docs.get(docId)!;
    const code = codes.get(codeId)!;
    const who = attributed[i]!;
    const participantId = who.caseIds[0] ?? null;
    const caseAttrs = participantId !== null ? attrs.get(participantId) : undefined;
    // an extract of several participants passes when any of them has the value (as in the matrix)
    if (wantAttr && !who.caseIds.some((c) => (attrs.get(c)?.get(wantAttr.name) ?? '').trim().toLocaleLowerCase() === wantAttr.value)) return;
    const text = textOf(docId, doc.hash);
    out.push({
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
    });
  });
  return out;
}
