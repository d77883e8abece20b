/** The `speakers` of each document (maybe linked to a case) and the `turns` they speak. */
import type { DB } from '../connection.js';
import { insertedId, rows } from './prepared.js';

/** A row of `speakers`. */
export interface SpeakerRow {
  id: number;
  guid: string;
  document_id: number;
  label: string;
  case_id: number | null;
  is_interviewer: number;
}

/** A row of `turns`: `[start, end)` of the document's text, spoken by a speaker (or nobody known). */
export interface TurnRow {
  id: number;
  document_id: number;
  speaker_id: number | null;
  seq: number;
  start: number;
  end: number;
  begin_ms: number | null;
  end_ms: number | null;
}

export const list = (db: DB): SpeakerRow[] => rows(db, 'SELECT * FROM speakers ORDER BY id').all() as SpeakerRow[];

export const listTurns = (db: DB): TurnRow[] => rows(db, 'SELECT * FROM turns ORDER BY document_id, seq').all() as TurnRow[];

export const insert = (db: DB, s: Omit<SpeakerRow, 'id'>): number =>
  insertedId(rows(db, 'INSERT INTO speakers (guid, document_id, label, case_id, is_interviewer) VALUES (?, ?, ?, ?, ?)').run(s.guid, s.document_id, s.label, s.case_id, s.is_interviewer));

export const insertTurn = (db: DB, t: Omit<TurnRow, 'id'>): number =>
  insertedId(
    rows(db, 'INSERT INTO turns (document_id, speaker_id, seq, start, end, begin_ms, end_ms) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      t.document_id,
      t.speaker_id,
      t.seq,
      t.start,
      t.end,
      t.begin_ms,
      t.end_ms,
    ),
  );

/** Links the speaker `label` of a document to a case, unless it is linked already. */
export const linkIfUnlinked = (db: DB, documentId: number, label: string, caseId: number): void => {
  rows(db, 'UPDATE speakers SET case_id = ? WHERE document_id = ? AND label = ? AND case_id IS NULL').run(caseId, documentId, label);
};
