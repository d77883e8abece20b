/**
 * Full-text search over all documents (FTS5 index `documents_fts`, migration 0004) and
 * auto-coding of the results. FTS5 finds the candidate documents; the exact UTF-16 offsets of
 * each hit are found again in JS in the document text (shared/analysis/search.ts), because FTS5
 * reports byte offsets of tokens.
 */
import { DomainError } from '../../../shared/api/errors.js';
import type { AnalysisFilters, AutoCodeResult, AutoCodeScope, SearchHit, SearchResult } from '../../../shared/analysis/types.js';
import { findHits, ftsExpression, parseSearchQuery, snippet, type ParsedQuery, type SearchTerm } from '../../../shared/analysis/search.js';
import { scopeRange, type TurnRange } from '../../../shared/analysis/scopes.js';
import { rangeProblem } from '../../../shared/domain/offsets.js';
import type { DB } from '../../db/connection.js';
import { getCode } from '../codes.js';
import { createCoding } from '../codings.js';
import type { ProjectSession } from '../project-session.js';

function parse(query: string): ParsedQuery {
  try {
    return parseSearchQuery(query);
  } catch (err) {
    throw new DomainError('VALIDATION', `Cannot search: ${(err as Error).message}.`);
  }
}

function termCondition(term: SearchTerm): { sql: string; param: string } {
  if (term.mode === 'token') {
    return { sql: 'd.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)', param: ftsExpression(term) };
  }
  return { sql: 'instr(lower(d.text), lower(?)) > 0', param: term.raw };
}

/** Ids of documents that may satisfy the query (FTS5), limited by the document filters. */
function candidateDocuments(db: DB, query: ParsedQuery, filters: AnalysisFilters): number[] {
  const params: (string | number)[] = [];
  const groups = query.groups.map((g) => {
    const conds = g.map((t) => {
      const c = termCondition(t);
      params.push(c.param);
      return c.sql;
    });
    return `(${conds.join(' AND ')})`;
  });
  let where = `(${groups.join(' OR ')})`;
  if (filters.setIds && filters.setIds.length > 0) {
    where += ` AND d.id IN (SELECT document_id FROM set_members WHERE set_id IN (${filters.setIds.map(() => '?').join(',')}))`;
    params.push(...filters.setIds);
  }
  if (filters.documentIds && filters.documentIds.length > 0) {
    where += ` AND d.id IN (${filters.documentIds.map(() => '?').join(',')})`;
    params.push(...filters.documentIds);
  }
  for (const f of filters.attributes ?? []) {
    // search filters by document attributes, or by case attributes of the document's cases
    // (linked as a whole or through a speaker)
    where += ` AND (d.id IN (SELECT document_id FROM document_attribute_values WHERE attribute_id = ? AND value IN (${f.values.map(() => '?').join(',')}))
               OR d.id IN (SELECT dc.document_id FROM document_cases dc JOIN case_attribute_values v ON v.case_id = dc.case_id
                            WHERE v.attribute_id = ? AND v.value IN (${f.values.map(() => '?').join(',')}))
               OR d.id IN (SELECT s.document_id FROM speakers s JOIN case_attribute_values v ON v.case_id = s.case_id
                            WHERE v.attribute_id = ? AND v.value IN (${f.values.map(() => '?').join(',')})))`;
    params.push(f.attributeId, ...f.values, f.attributeId, ...f.values, f.attributeId, ...f.values);
  }
  try {
    return db.prepare(`SELECT d.id FROM documents d WHERE ${where} ORDER BY d.position, d.id`).pluck().all(...params) as number[];
  } catch (err) {
    throw new DomainError('VALIDATION', `Cannot search for that: ${(err as Error).message}.`);
  }
}

interface DocumentHits {
  documentId: number;
  name: string;
  text: string;
  turns: TurnRange[];
  hits: { start: number; end: number }[];
}

/** Documents with hits, read one at a time (lazily, so a caller may stop early). */
function* searchDocuments(db: DB, queryText: string, filters: AnalysisFilters = {}): Generator<DocumentHits> {
  const query = parse(queryText);
  const ids = candidateDocuments(db, query, filters);
  const docStmt = db.prepare('SELECT name, text FROM documents WHERE id = ?');
  const turnStmt = db.prepare('SELECT t.start, t.end, s.label AS speaker FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id WHERE t.document_id = ? ORDER BY t.seq');
  for (const id of ids) {
    const doc = docStmt.get(id) as { name: string; text: string };
    const hits = findHits(doc.text, query);
    if (hits.length === 0) continue;
    yield { documentId: id, name: doc.name, text: doc.text, turns: turnStmt.all(id) as TurnRange[], hits };
  }
}

export function searchQuery(db: DB, input: { query: string; filters?: AnalysisFilters; limit?: number }): SearchResult {
  const limit = input.limit ?? 500;
  const hits: SearchHit[] = [];
  let total = 0;
  let documents = 0;
  let complete = true;
  for (const d of searchDocuments(db, input.query, input.filters)) {
    if (hits.length >= limit) {
      // Enough to show: stop reading further documents' texts.
      complete = false;
      break;
    }
    documents++;
    for (const h of d.hits) {
      total++;
      if (hits.length >= limit) continue;
      const turn = d.turns.find((t) => t.start <= h.start && h.start < t.end);
      hits.push({ documentId: d.documentId, documentName: d.name, start: h.start, end: h.end, ...snippet(d.text, h.start, h.end), speaker: turn?.speaker ?? null });
    }
  }
  return { query: input.query, total, documents, hits, truncated: total > hits.length || !complete, complete };
}

/**
 * Codes every hit of a search (or its sentence, paragraph or speaker turn) with `codeId`, as
 * the session's coder, in one transaction. A passage already coded with that code by that
 * coder is skipped; two hits in the same sentence make one coding.
 */
export function autoCode(
  session: ProjectSession,
  input: { query: string; codeId: number; scope: AutoCodeScope; filters?: AnalysisFilters },
): AutoCodeResult {
  const db = session.db;
  const code = getCode(db, input.codeId);
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
