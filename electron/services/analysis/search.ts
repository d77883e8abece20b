/**
 * Full-text search over all documents and auto-coding of the results, in SQL: the word index
 * `documents_fts` (migration 0004) and the trigram index `documents_trigram` (migration 0007,
 * scripts written without spaces) find the documents; FTS5's `highlight()` marks every hit of the
 * word terms in a document's text, from which the exact UTF-16 offsets are read
 * (shared/analysis/search.ts). A substring term (CJK, Thai…) is found in the documents the
 * trigram index gave. Results come a page at a time: a page reads documents until it holds
 * `limit` hits or has read SEARCH_TEXT_PER_PAGE characters, and `nextCursor` continues it.
 */
import { DomainError } from '../../../shared/api/errors.js';
import type { AnalysisFilters, AutoCodeResult, AutoCodeScope, SearchHit, SearchResult } from '../../../shared/analysis/types.js';
import {
  HIGHLIGHT_MARKS,
  appendSearchPage,
  ftsExpression,
  highlightExpression,
  parseHighlighted,
  parseSearchQuery,
  snippet,
  substringHits,
  trigramLookup,
  type ParsedQuery,
  type SearchTerm,
} from '../../../shared/analysis/search.js';
import { spokenByInterviewer } from '../../../shared/analysis/attribution.js';
import { scopeRange, type TurnRange } from '../../../shared/analysis/scopes.js';
import { rangeProblem } from '../../../shared/domain/offsets.js';
import type { DB } from '../../db/connection.js';
import { createCode, getCode } from '../codes.js';
import { createCoding } from '../codings.js';
import { loadAttributionInputs } from './attribution-inputs.js';
import { excludeInterviewer } from './interviewer-setting.js';
import type { ProjectSession } from '../project-session.js';

/** Hits a page holds when the caller gives no limit. */
export const SEARCH_DEFAULT_LIMIT = 500;
/** Characters of document text a page reads at most (after its first document), so a rare word stays fast. */
export const SEARCH_TEXT_PER_PAGE = 400_000;

function parse(query: string): ParsedQuery {
  try {
    return parseSearchQuery(query);
  } catch (err) {
    throw new DomainError('VALIDATION', `Cannot search: ${(err as Error).message}.`);
  }
}

function termCondition(term: SearchTerm): { sql: string; params: string[] } {
  if (term.mode === 'token') {
    return { sql: 'd.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)', params: [ftsExpression(term)] };
  }
  const lookup = trigramLookup(term);
  if ('match' in lookup) return { sql: 'd.id IN (SELECT rowid FROM documents_trigram WHERE documents_trigram MATCH ?)', params: [lookup.match] };
  return { sql: 'd.id IN (SELECT doc FROM documents_trigram_instances WHERE term >= ? AND term < ?)', params: [lookup.from, lookup.to] };
}

function filterCondition(filters: AnalysisFilters): { sql: string; params: (string | number)[] } {
  let sql = '';
  const params: (string | number)[] = [];
  if (filters.setIds && filters.setIds.length > 0) {
    sql += ` AND d.id IN (SELECT document_id FROM set_members WHERE set_id IN (${filters.setIds.map(() => '?').join(',')}))`;
    params.push(...filters.setIds);
  }
  if (filters.documentIds && filters.documentIds.length > 0) {
    sql += ` AND d.id IN (${filters.documentIds.map(() => '?').join(',')})`;
    params.push(...filters.documentIds);
  }
  for (const f of filters.attributes ?? []) {
    // search filters by document attributes, or by case attributes of the document's cases
    // (linked as a whole or through a speaker)
    sql += ` AND (d.id IN (SELECT document_id FROM document_attribute_values WHERE attribute_id = ? AND value IN (${f.values.map(() => '?').join(',')}))
               OR d.id IN (SELECT dc.document_id FROM document_cases dc JOIN case_attribute_values v ON v.case_id = dc.case_id
                            WHERE v.attribute_id = ? AND v.value IN (${f.values.map(() => '?').join(',')}))
               OR d.id IN (SELECT s.document_id FROM speakers s JOIN case_attribute_values v ON v.case_id = s.case_id
                            WHERE v.attribute_id = ? AND v.value IN (${f.values.map(() => '?').join(',')})))`;
    params.push(f.attributeId, ...f.values, f.attributeId, ...f.values, f.attributeId, ...f.values);
  }
  return { sql, params };
}

interface Candidate {
  id: number;
  position: number;
  /** The terms of the query's groups this document satisfies (their hits are the document's hits). */
  terms: SearchTerm[];
}

/** The documents that satisfy the query (some group has every term), in document order, limited by the filters. */
function candidateDocuments(db: DB, query: ParsedQuery, filters: AnalysisFilters): Candidate[] {
  const filter = filterCondition(filters);
  const byId = new Map<number, Candidate>();
  for (const group of query.groups) {
    const conds = group.map(termCondition);
    const sql = `SELECT d.id, d.position FROM documents d WHERE ${conds.map((c) => c.sql).join(' AND ')}${filter.sql}`;
    let rows: { id: number; position: number }[];
    try {
      rows = db.prepare(sql).all(...conds.flatMap((c) => c.params), ...filter.params) as { id: number; position: number }[];
    } catch (err) {
      throw new DomainError('VALIDATION', `Cannot search for that: ${(err as Error).message}.`);
    }
    for (const r of rows) {
      const c = byId.get(r.id) ?? { id: r.id, position: r.position, terms: [] };
      c.terms.push(...group);
      byId.set(r.id, c);
    }
  }
  return [...byId.values()].sort((a, b) => a.position - b.position || a.id - b.id);
}

interface DocumentHits {
  documentId: number;
  name: string;
  text: string;
  turns: TurnRange[];
  hits: { start: number; end: number }[];
}

/**
 * Reads one document's hits: its word terms marked by highlight(), its substring terms found in its
 * text; with `withoutInterviewer`, less the hits lying only in the interviewer's turns.
 */
function documentReader(db: DB, withoutInterviewer: boolean): (c: Candidate) => DocumentHits {
  const nameStmt = db.prepare('SELECT name FROM documents WHERE id = ?').pluck();
  const textStmt = db.prepare('SELECT text FROM documents WHERE id = ?').pluck();
  const markedStmt = db.prepare('SELECT highlight(documents_fts, 0, ?, ?) FROM documents_fts WHERE documents_fts MATCH ? AND rowid = CAST(? AS INTEGER)').pluck(); // FTS5 ignores a rowid bound as a REAL (how JS numbers bind)
  const cleanStmt = db.prepare('SELECT instr(text, ?) = 0 AND instr(text, ?) = 0 FROM documents WHERE id = ?').pluck();
  const turnStmt = db.prepare('SELECT t.start, t.end, s.label AS speaker FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id WHERE t.document_id = ? ORDER BY t.seq');
  return (c) => {
    const expr = highlightExpression(c.terms);
    let text: string;
    const found = new Map<string, { start: number; end: number }>();
    if (expr === null) text = textStmt.get(c.id) as string;
    else {
      const marks = HIGHLIGHT_MARKS.find(([open, close]) => cleanStmt.get(open, close, c.id) === 1);
      if (!marks) throw new DomainError('VALIDATION', `Cannot show the hits in document ${c.id}: its text contains every mark Weft can use.`);
      const parsed = parseHighlighted((markedStmt.get(marks[0], marks[1], expr, c.id) as string | undefined) ?? (textStmt.get(c.id) as string), marks[0], marks[1]);
      text = parsed.text;
      for (const r of parsed.ranges) found.set(`${r.start}:${r.end}`, r);
    }
    for (const term of c.terms) if (term.mode === 'substring') for (const h of substringHits(text, term)) found.set(`${h.start}:${h.end}`, h);
    let hits = [...found.values()].sort((a, b) => a.start - b.start || a.end - b.end);
    if (withoutInterviewer && hits.length > 0) {
      const turns = loadAttributionInputs(db, [c.id]).turns.get(c.id) ?? [];
      if (turns.some((t) => t.interviewer)) hits = hits.filter((h) => !spokenByInterviewer(h, turns));
    }
    return { documentId: c.id, name: nameStmt.get(c.id) as string, text, turns: hits.length > 0 ? (turnStmt.all(c.id) as TurnRange[]) : [], hits };
  };
}

/** Where a page starts: a document (by its place in document order) and the first hit offset in it. */
interface Cursor {
  position: number;
  documentId: number;
  start: number;
}

const encodeCursor = (c: Cursor) => `${c.position}:${c.documentId}:${c.start}`;

function decodeCursor(text: string): Cursor {
  const m = /^(-?\d{1,15}):(\d{1,15}):(\d{1,15})$/.exec(text);
  if (!m) throw new DomainError('VALIDATION', 'Cannot continue this search: the cursor is not one this search returned. Search again.');
  return { position: Number(m[1]), documentId: Number(m[2]), start: Number(m[3]) };
}

/** Every document with hits, read one at a time (for auto-coding, which takes them all). */
function* searchDocuments(db: DB, queryText: string, filters: AnalysisFilters = {}): Generator<DocumentHits> {
  const read = documentReader(db, excludeInterviewer(db, filters.excludeInterviewer));
  for (const c of candidateDocuments(db, parse(queryText), filters)) {
    const d = read(c);
    if (d.hits.length > 0) yield d;
  }
}

const atOrAfter = (c: Candidate, k: Cursor) => c.position > k.position || (c.position === k.position && c.id >= k.documentId);

export function searchQuery(db: DB, input: { query: string; filters?: AnalysisFilters; limit?: number; cursor?: string }): SearchResult {
  const limit = input.limit ?? SEARCH_DEFAULT_LIMIT;
  const from = input.cursor === undefined ? null : decodeCursor(input.cursor);
  const candidates = candidateDocuments(db, parse(input.query), input.filters ?? {});
  const read = documentReader(db, excludeInterviewer(db, input.filters?.excludeInterviewer));
  const hits: SearchHit[] = [];
  let total = 0;
  let withHits = 0;
  let textRead = 0;
  let nextCursor: string | null = null;
  let stoppedEarly = false;
  let i = from ? candidates.findIndex((c) => atOrAfter(c, from)) : 0;
  if (i === -1) i = candidates.length;
  for (; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (hits.length >= limit || textRead >= SEARCH_TEXT_PER_PAGE) {
      // Enough for this page: stop reading further documents' texts.
      nextCursor ??= encodeCursor({ position: c.position, documentId: c.id, start: 0 });
      stoppedEarly = true;
      break;
    }
    const d = read(c);
    textRead += d.text.length;
    const own = from && c.id === from.documentId ? d.hits.filter((h) => h.start >= from.start) : d.hits;
    if (own.length > 0) withHits++;
    for (const h of own) {
      total++;
      if (hits.length >= limit) {
        nextCursor ??= encodeCursor({ position: c.position, documentId: c.id, start: h.start });
        continue;
      }
      const turn = d.turns.find((t) => t.start <= h.start && h.start < t.end);
      hits.push({ documentId: d.documentId, documentName: d.name, start: h.start, end: h.end, ...snippet(d.text, h.start, h.end), speaker: turn?.speaker ?? null });
    }
  }
  const complete = !stoppedEarly;
  return {
    query: input.query,
    total,
    // every document of the query: counted from its hits when all were read, else from the index
    documents: complete && !from ? withHits : candidates.length,
    hits,
    truncated: total > hits.length || !complete,
    complete,
    nextCursor,
  };
}

/** The first `limit` hits over as many pages as that takes (`weft search --limit N`). */
export function searchUpTo(db: DB, input: { query: string; filters?: AnalysisFilters; limit?: number }): SearchResult {
  const limit = input.limit ?? SEARCH_DEFAULT_LIMIT;
  let result = searchQuery(db, { ...input, limit });
  while (result.nextCursor !== null && result.hits.length < limit) {
    result = appendSearchPage(result, searchQuery(db, { ...input, limit: limit - result.hits.length, cursor: result.nextCursor }));
  }
  return result;
}

/**
 * Codes every hit of a search (or its sentence, paragraph or speaker turn) with `codeId` (or a
 * new code `newCode`, created in the same transaction), as
 * the session's coder, in one transaction. A passage already coded with that code by that
 * coder is skipped; two hits in the same sentence make one coding. Hits in the interviewer's
 * turns are left out when the project setting (or `filters.excludeInterviewer`) says so.
 */
export function autoCode(
  session: ProjectSession,
  input: { query: string; codeId?: number; newCode?: { name: string; parentId?: number | null }; scope: AutoCodeScope; filters?: AnalysisFilters },
): AutoCodeResult {
  const db = session.db;
  if ((input.codeId === undefined) === (input.newCode === undefined)) throw new DomainError('VALIDATION', 'Choose a code for the hits, or name a new one.');
  return session.transaction(() => {
    // a new code is made in the same transaction (and so the same undo step) as its codings
    const code = input.newCode ? createCode(db, { name: input.newCode.name, parentId: input.newCode.parentId ?? null }) : getCode(db, input.codeId!);
    return codeHits(session, { ...input, codeId: code.id }, code.name);
  });
}

function codeHits(session: ProjectSession, input: { query: string; codeId: number; scope: AutoCodeScope; filters?: AnalysisFilters }, codeName: string): AutoCodeResult {
  const db = session.db;
  const code = { name: codeName };
  const docs = searchDocuments(db, input.query, input.filters);
  const coderId = session.coderId();
  const result: AutoCodeResult = { code: code.name, scope: input.scope, hits: 0, created: 0, skipped: 0, codingIds: [] };
  const exists = db.prepare('SELECT 1 FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ?');
  session.transaction(() => {
    for (const d of docs) {
      const seen = new Set<string>();
      for (const h of d.hits) {
        result.hits++;
        const r = scopeRange(d.text, h, input.scope, d.turns);
        const key = `${r.start}:${r.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (r.end <= r.start || rangeProblem(d.text, r.start, r.end)) continue;
        if (exists.get(d.documentId, input.codeId, coderId, r.start, r.end)) {
          result.skipped++;
          continue;
        }
        const coding = createCoding(db, { documentId: d.documentId, codeId: input.codeId, start: r.start, end: r.end, coderId });
        result.created++;
        result.codingIds.push(coding.id);
      }
    }
  });
  return result;
}
