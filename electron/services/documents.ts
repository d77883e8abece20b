/** Documents (transcripts): listing, reading, storing a parsed import, renaming, deleting. */
import { createHash } from 'node:crypto';
import type { DocumentSummary, OpenedDocument, SpeakerSummary, Turn } from '../../shared/types/entities.js';
import type { ParsedDocument } from '../../shared/import/index.js';
import { countWords } from '../../shared/domain/text.js';
import { DomainError } from '../../shared/api/errors.js';
import { keptUntilChange } from '../db/kept-until-change.js';
import type { DB } from '../db/connection.js';
import * as caseTable from '../db/tables/cases.js';
import { newGuid, nowIso } from './project-session.js';

export const contentHash = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface DocumentRow {
  id: number;
  guid: string;
  name: string;
  source_format: string;
  length: number;
  word_count: number;
  created_at: string;
  codings: number;
}

function speakersByDocument(db: DB, documentId?: number): Map<number, SpeakerSummary[]> {
  const rows = db
    .prepare(
      `SELECT s.id, s.document_id, s.label, s.is_interviewer, c.name AS participant,
              (SELECT count(*) FROM turns t WHERE t.speaker_id = s.id) AS turns
         FROM speakers s LEFT JOIN cases c ON c.id = s.case_id
        ${documentId === undefined ? '' : 'WHERE s.document_id = ?'}
        ORDER BY s.document_id, s.id`,
    )
    .all(...(documentId === undefined ? [] : [documentId])) as {
    id: number;
    document_id: number;
    label: string;
    is_interviewer: number;
    participant: string | null;
    turns: number;
  }[];
  const map = new Map<number, SpeakerSummary[]>();
  for (const r of rows) {
    const list = map.get(r.document_id) ?? [];
    list.push({ id: r.id, name: r.label, turns: r.turns, participant: r.participant, isInterviewer: r.is_interviewer === 1 });
    map.set(r.document_id, list);
  }
  return map;
}

const toSummary = (r: DocumentRow, speakers: SpeakerSummary[]): DocumentSummary => ({
  id: r.id,
  guid: r.guid,
  name: r.name,
  format: r.source_format,
  length: r.length,
  words: r.word_count,
  codings: r.codings,
  speakers,
  createdAt: r.created_at,
});

const SUMMARY_SQL = `SELECT d.id, d.guid, d.name, d.source_format, d.length, d.word_count, d.created_at,
        (SELECT count(*) FROM codings c WHERE c.document_id = d.id) AS codings
   FROM documents d`;

/** `documents.list`, kept until the project changes (as keptCodes in codes.ts). Shared and frozen. */
export function keptDocuments(db: DB): readonly DocumentSummary[] {
  return keptUntilChange(db, 'documents.list', () => listDocuments(db));
}

export function listDocuments(db: DB): DocumentSummary[] {
  const rows = db.prepare(`${SUMMARY_SQL} ORDER BY d.position, d.id`).all() as DocumentRow[];
  const speakers = speakersByDocument(db);
  return rows.map((r) => toSummary(r, speakers.get(r.id) ?? []));
}

/**
 * A document with its text and turns. With `knownHash` equal to its content hash (the caller has
 * this text already) the text is neither read nor sent: `unchanged` is true and `text` is empty.
 */
export function getDocument(db: DB, id: number, knownHash?: string): OpenedDocument {
  const row = db
    .prepare(`SELECT d.id, d.guid, d.name, d.source_format, d.length, d.word_count, d.created_at, d.content_hash, d.source_name,
                     (SELECT count(*) FROM codings c WHERE c.document_id = d.id) AS codings
                FROM documents d WHERE d.id = ?`)
    .get(id) as (DocumentRow & { content_hash: string; source_name: string | null }) | undefined;
  if (!row) throw new DomainError('NOT_FOUND', `There is no document with id ${id} in this project.`);
  const unchanged = knownHash !== undefined && knownHash === row.content_hash;
  const text = unchanged ? '' : (db.prepare('SELECT text FROM documents WHERE id = ?').pluck().get(id) as string);
  const speakers = speakersByDocument(db, id).get(id) ?? [];
  const label = new Map<number, string | null>(speakers.map((sp) => [sp.id, sp.name]));
  const speakerName = (speakerId: number | null): string | null => {
    if (speakerId === null) return null;
    let name = label.get(speakerId);
    if (name === undefined) {
      // a speaker of another document (never written so, but read as the join would read it)
      name = (db.prepare('SELECT label FROM speakers WHERE id = ?').pluck().get(speakerId) as string | undefined) ?? null;
      label.set(speakerId, name);
    }
    return name;
  };
  // rows as arrays, and speakers' names from the speakers read above: a long transcript has
  // thousands of turns, and building each row's object only to build the Turn from it took longer
  // than the query (bench figure 13)
  const turns = db
    .prepare('SELECT id, speaker_id, start, end, begin_ms, end_ms FROM turns WHERE document_id = ? ORDER BY seq')
    .raw()
    .all(id) as [number, number | null, number, number, number | null, number | null][];
  return {
    ...toSummary(row, speakers),
    text,
    contentHash: row.content_hash,
    sourceName: row.source_name,
    turns: turns.map((t): Turn => ({ id: t[0], speakerId: t[1], speaker: speakerName(t[1]), start: t[2], end: t[3], beginMs: t[4], endMs: t[5] })),
    ...(unchanged ? { unchanged: true as const } : {}),
  };
}

export function findDocumentByHash(db: DB, hash: string): { id: number; name: string } | undefined {
  return db.prepare('SELECT id, name FROM documents WHERE content_hash = ? LIMIT 1').get(hash) as
    | { id: number; name: string }
    | undefined;
}

/** Stores a parsed document with its speakers and turns. Call inside a transaction. */
export function insertDocument(
  db: DB,
  parsed: ParsedDocument,
  /** `contentHash`: the text's hash when the caller has it already (contentHash(parsed.text)). */
  meta: { name: string; sourceName: string | null; coderId: number | null; guid?: string; contentHash?: string },
): number {
  const now = nowIso();
  const position = (db.prepare('SELECT ifnull(max(position), 0) + 1 FROM documents').pluck().get() as number) ?? 1;
  const id = Number(
    db
      .prepare(
        `INSERT INTO documents (guid, name, text, source_format, source_name, content_hash, length, word_count,
                                position, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        meta.guid ?? newGuid(),
        meta.name,
        parsed.text,
        parsed.format,
        meta.sourceName,
        meta.contentHash ?? contentHash(parsed.text),
        parsed.text.length,
        countWords(parsed.text),
        position,
        meta.coderId,
        now,
        now,
      ).lastInsertRowid,
  );
  const speakerIds = new Map<string, number>();
  const insertSpeaker = db.prepare('INSERT INTO speakers (guid, document_id, label) VALUES (?, ?, ?)');
  const insertTurn = db.prepare(
    'INSERT INTO turns (document_id, speaker_id, seq, start, end, begin_ms, end_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  parsed.turns.forEach((t, seq) => {
    let speakerId: number | null = null;
    if (t.speaker) {
      speakerId = speakerIds.get(t.speaker) ?? null;
      if (speakerId === null) {
        speakerId = Number(insertSpeaker.run(newGuid(), id, t.speaker).lastInsertRowid);
        speakerIds.set(t.speaker, speakerId);
      }
    }
    insertTurn.run(id, speakerId, seq, t.start, t.end, t.beginMs ?? null, t.endMs ?? null);
  });
  return id;
}

export function renameDocument(db: DB, id: number, name: string): DocumentSummary {
  const r = db.prepare('UPDATE documents SET name = ?, updated_at = ? WHERE id = ?').run(name, nowIso(), id);
  if (r.changes === 0) throw new DomainError('NOT_FOUND', `There is no document with id ${id} in this project.`);
  return listDocuments(db).find((d) => d.id === id)!;
}

export function deleteDocument(db: DB, id: number) {
  const r = db.prepare('DELETE FROM documents WHERE id = ?').run(id);
  if (r.changes === 0) throw new DomainError('NOT_FOUND', `There is no document with id ${id} in this project.`);
}

/** Links a speaker to a case (or a new case of the given name) and/or marks it as the interviewer. Call in a transaction. */
export function updateSpeaker(
  db: DB,
  input: { speakerId: number; caseId?: number | null; newCaseName?: string; isInterviewer?: boolean },
): SpeakerSummary {
  const speaker = db.prepare('SELECT id, document_id FROM speakers WHERE id = ?').get(input.speakerId) as
    | { id: number; document_id: number }
    | undefined;
  if (!speaker) throw new DomainError('NOT_FOUND', `There is no speaker with id ${input.speakerId} in this project.`);
  let caseId = input.caseId;
  if (input.newCaseName !== undefined) {
    const name = input.newCaseName.trim();
    const existing = caseTable.idByName(db, name);
    if (existing !== undefined) caseId = existing;
    else {
      const now = nowIso();
      caseId = caseTable.insert(db, { guid: newGuid(), name, description: '', created_at: now, updated_at: now });
    }
  }
  if (caseId !== undefined) {
    if (caseId !== null && !db.prepare('SELECT 1 FROM cases WHERE id = ?').get(caseId)) {
      throw new DomainError('NOT_FOUND', `There is no participant (case) with id ${caseId} in this project.`);
    }
    db.prepare('UPDATE speakers SET case_id = ? WHERE id = ?').run(caseId, speaker.id);
  }
  if (input.isInterviewer !== undefined) {
    db.prepare('UPDATE speakers SET is_interviewer = ? WHERE id = ?').run(input.isInterviewer ? 1 : 0, speaker.id);
    if (input.isInterviewer && caseId === undefined) db.prepare('UPDATE speakers SET case_id = NULL WHERE id = ?').run(speaker.id);
  }
  return speakersByDocument(db, speaker.document_id).get(speaker.document_id)!.find((s) => s.id === speaker.id)!;
}

/** Speaker labels that name the interviewer rather than a participant. */
export const INTERVIEWER_LABEL = /^(interviewer|interviewer \d+|moderator|facilitator|researcher|int|iv|i|q)$/i;

/** Marks speakers labelled like an interviewer (Interviewer, Moderator, I, Q…) as such. Call in a transaction. */
export function markLikelyInterviewers(db: DB, documentId: number): number {
  const speakers = db.prepare('SELECT id, label FROM speakers WHERE document_id = ? AND case_id IS NULL').all(documentId) as { id: number; label: string }[];
  const mark = db.prepare('UPDATE speakers SET is_interviewer = 1 WHERE id = ?');
  let n = 0;
  for (const sp of speakers) if (INTERVIEWER_LABEL.test(sp.label.trim())) n += mark.run(sp.id).changes;
  return n;
}
