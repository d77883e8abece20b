/**
 * The inputs of the attribution rule (shared/analysis/attribution.ts) loaded from a project: each
 * document's speaker turns (with the speaker's label, linked case and interviewer flag) and the
 * cases the document is linked to. The one place that reads them; every service that says whose
 * an extract is goes through `attributeCodings`.
 */
import { attributeSpan, type Attribution, type AttributionTurn } from '../../../shared/analysis/attribution.js';
import type { DB } from '../../db/connection.js';

export interface AttributionInputs {
  turns: Map<number, AttributionTurn[]>;
  documentCases: Map<number, number[]>;
}

/** The turns and document cases of the given documents (all documents when omitted). */
export function loadAttributionInputs(db: DB, documentIds?: Iterable<number>): AttributionInputs {
  const only = documentIds === undefined ? null : JSON.stringify([...new Set(documentIds)]);
  const where = only === null ? '' : 'WHERE t.document_id IN (SELECT value FROM json_each(?))';
  const turns = new Map<number, AttributionTurn[]>();
  const turnRows = db
    .prepare(
      `SELECT t.document_id, t.start, t.end, s.label, s.case_id, ifnull(s.is_interviewer, 0)
         FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id
        ${where} ORDER BY t.document_id, t.start`,
    )
    .raw()
    .all(...(only === null ? [] : [only])) as [number, number, number, string | null, number | null, number][];
  // in the index's order (document, start); turns sharing a start (empty ones) are put by end here,
  // which costs far less than asking SQLite to sort every turn by end too
  const unsorted = new Set<AttributionTurn[]>();
  for (const [doc, start, end, speaker, caseId, interviewer] of turnRows) {
    let list = turns.get(doc);
    if (!list) turns.set(doc, (list = []));
    const last = list[list.length - 1];
    if (last && last.start === start && last.end > end) unsorted.add(list);
    list.push({ start, end, speaker, caseId, interviewer: interviewer === 1 });
  }
  for (const list of unsorted) list.sort((x, y) => x.start - y.start || x.end - y.end);
  const documentCases = new Map<number, number[]>();
  const caseRows = db
    .prepare(`SELECT document_id, case_id FROM document_cases ${only === null ? '' : 'WHERE document_id IN (SELECT value FROM json_each(?))'} ORDER BY document_id, case_id`)
    .raw()
    .all(...(only === null ? [] : [only])) as [number, number][];
  for (const [doc, caseId] of caseRows) {
    let list = documentCases.get(doc);
    if (!list) documentCases.set(doc, (list = []));
    list.push(caseId);
  }
  return { turns, documentCases };
}

/** Whose each coding is, by the one rule; the result is parallel to `codings`. */
export function attributeCodings(db: DB, codings: readonly { documentId: number; start: number; end: number }[], inputs?: AttributionInputs): Attribution[] {
  if (codings.length === 0) return [];
  const { turns, documentCases } = inputs ?? loadAttributionInputs(db, codings.length < 500 ? codings.map((k) => k.documentId) : undefined);
  return codings.map((k) => attributeSpan(k, turns.get(k.documentId) ?? [], documentCases.get(k.documentId) ?? []));
}
