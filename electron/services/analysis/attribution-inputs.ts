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
  // the speakers once each (a document has a few), and the turns as numbers: reading every turn's
  // speaker label through a join made a string per turn and cost about half of the load
  type Speaker = { speaker: string | null; caseId: number | null; interviewer: boolean };
  const speakers = new Map<number, Speaker>();
  const speakerRows = db
    .prepare(`SELECT id, label, case_id, is_interviewer FROM speakers ${only === null ? '' : 'WHERE document_id IN (SELECT value FROM json_each(?))'}`)
    .raw()
    .all(...(only === null ? [] : [only])) as [number, string, number | null, number][];
  for (const [id, label, caseId, interviewer] of speakerRows) speakers.set(id, { speaker: label, caseId, interviewer: interviewer === 1 });
  const speakerById = db.prepare('SELECT label, case_id, is_interviewer FROM speakers WHERE id = ?').raw();
  const NO_SPEAKER: Speaker = { speaker: null, caseId: null, interviewer: false };
  const speakerOf = (id: number | null): Speaker => {
    if (id === null) return NO_SPEAKER;
    let s = speakers.get(id);
    if (!s) {
      // a turn of another document's speaker (not expected, but read as the join would)
      const row = speakerById.get(id) as [string, number | null, number] | undefined;
      speakers.set(id, (s = row ? { speaker: row[0], caseId: row[1], interviewer: row[2] === 1 } : NO_SPEAKER));
    }
    return s;
  };
  const turns = new Map<number, AttributionTurn[]>();
  const turnRows = db
    .prepare(`SELECT t.document_id, t.start, t.end, t.speaker_id FROM turns t ${only === null ? '' : 'WHERE t.document_id IN (SELECT value FROM json_each(?))'} ORDER BY t.document_id, t.start`)
    .raw()
    .all(...(only === null ? [] : [only])) as [number, number, number, number | null][];
  // in the index's order (document, start); turns sharing a start (empty ones) are put by end here,
  // which costs far less than asking SQLite to sort every turn by end too
  const unsorted = new Set<AttributionTurn[]>();
  for (const [doc, start, end, speakerId] of turnRows) {
    let list = turns.get(doc);
    if (!list) turns.set(doc, (list = []));
    const last = list[list.length - 1];
    if (last && last.start === start && last.end > end) unsorted.add(list);
    const who = speakerOf(speakerId);
    list.push({ start, end, speaker: who.speaker, caseId: who.caseId, interviewer: who.interviewer });
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
