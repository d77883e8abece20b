/**
 * Retrieval: every coded extract for a set of codes, with its document, speaker, participant
 * (the speaker's linked case, or the document's only case), the participant's role and the
 * text around it. Filters: codes (with their sub-codes), documents, coders, a participant
 * attribute value.
 */
import type { Extract } from '../../shared/types/coding.js';
import type { DB } from '../db/connection.js';
import { codePaths, subtreeIds } from './codes.js';

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

interface Row {
  id: number;
  document_id: number;
  document: string;
  code_id: number;
  code_name: string;
  color: string;
  coder_id: number;
  coder: string;
  start: number;
  end: number;
}

interface TurnInfo {
  start: number;
  end: number;
  speaker: string | null;
  caseId: number | null;
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
  const rows = db
    .prepare(
      `SELECT k.id, k.document_id, d.name AS document, k.code_id, c.name AS code_name, c.color, k.coder_id, r.name AS coder, k.start, k.end
         FROM codings k JOIN documents d ON d.id = k.document_id JOIN codes c ON c.id = k.code_id JOIN coders r ON r.id = k.coder_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.position, d.id, k.start, k.end DESC, k.id`,
    )
    .all(...params) as Row[];
  if (rows.length === 0) return [];

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
  const texts = new Map<number, string>();
  const turns = new Map<number, TurnInfo[]>();
  const docCase = new Map<number, number | null>();
  const textOf = db.prepare('SELECT text FROM documents WHERE id = ?').pluck();
  const turnsOf = db.prepare(
    `SELECT t.start, t.end, s.label AS speaker, s.case_id FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id
      WHERE t.document_id = ? ORDER BY t.start`,
  );
  const casesOfDoc = db.prepare('SELECT case_id FROM document_cases WHERE document_id = ?').pluck();
  const load = (docId: number) => {
    if (texts.has(docId)) return;
    texts.set(docId, textOf.get(docId) as string);
    turns.set(
      docId,
      (turnsOf.all(docId) as { start: number; end: number; speaker: string | null; case_id: number | null }[]).map((t) => ({
        start: t.start,
        end: t.end,
        speaker: t.speaker,
        caseId: t.case_id,
      })),
    );
    const cs = casesOfDoc.all(docId) as number[];
    docCase.set(docId, cs.length === 1 ? cs[0]! : null);
  };
  /** The turn containing `pos` (the last turn starting at or before it). */
  const turnAt = (list: TurnInfo[], pos: number): TurnInfo | null => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.start <= pos) lo = mid + 1;
      else hi = mid;
    }
    const t = list[lo - 1];
    return t && pos < Math.max(t.end, t.start + 1) ? t : null;
  };

  const ctx = filter.context ?? 240;
  const wantAttr = filter.caseAttribute ? { name: filter.caseAttribute.name.trim().toLocaleLowerCase(), value: filter.caseAttribute.value.trim().toLocaleLowerCase() } : null;
  const out: Extract[] = [];
  for (const r of rows) {
    load(r.document_id);
    const text = texts.get(r.document_id)!;
    const turn = turnAt(turns.get(r.document_id)!, r.start);
    const participantId = turn?.caseId ?? docCase.get(r.document_id) ?? null;
    const caseAttrs = participantId !== null ? attrs.get(participantId) : undefined;
    if (wantAttr && (caseAttrs?.get(wantAttr.name) ?? '').trim().toLocaleLowerCase() !== wantAttr.value) continue;
    out.push({
      codingId: r.id,
      documentId: r.document_id,
      document: r.document,
      codeId: r.code_id,
      code: paths.get(r.code_id) ?? r.code_name,
      codeName: r.code_name,
      color: r.color,
      coderId: r.coder_id,
      coder: r.coder,
      start: r.start,
      end: r.end,
      text: text.slice(r.start, r.end),
      speaker: turn?.speaker ?? null,
      participant: participantId !== null ? (caseNames.get(participantId) ?? null) : null,
      participantId,
      role: caseAttrs?.get('role') ?? null,
      before: before(text, r.start, ctx),
      after: after(text, r.end, ctx),
    });
  }
  return out;
}
