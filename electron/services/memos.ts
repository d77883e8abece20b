/**
 * Memos: notes on a coding, code, document, theme or case, or on the project itself (the
 * reflexive journal: a memo with no target). Searchable by title and body.
 */
import { DomainError } from '../../shared/api/errors.js';
import type { Memo, MemoHit, MemoTarget, MemoTargetKind } from '../../shared/types/coding.js';
import type { DB } from '../db/connection.js';
import * as documentTable from '../db/tables/documents.js';
import { TARGET_COLUMN as COLUMN, type MemoRow as MemoTableRow } from '../db/tables/memos.js';
import { codePaths } from './codes.js';
import { newGuid, nowIso } from './project-session.js';

/** A memo row with its coder's name (SELECT below). */
type MemoRow = Omit<MemoTableRow, 'coder_id'> & { coder: string | null };

const SELECT = `SELECT m.id, m.guid, m.title, m.body, m.document_id, m.code_id, m.theme_id, m.coding_id, m.case_id,
                       c.name AS coder, m.created_at, m.updated_at
                  FROM memos m LEFT JOIN coders c ON c.id = m.coder_id`;

/** Labels targets; built once per listing. */
function labeller(db: DB) {
  let paths: Map<number, string> | null = null;
  const codePath = (id: number) => (paths ??= codePaths(db)).get(id) ?? `code ${id}`;
  const docName = db.prepare('SELECT name FROM documents WHERE id = ?').pluck();
  const themeName = db.prepare('SELECT name FROM themes WHERE id = ?').pluck();
  const caseName = db.prepare('SELECT name FROM cases WHERE id = ?').pluck();
  const coding = db.prepare(
    'SELECT k.code_id, k.document_id, d.name, k.start, k.end FROM codings k JOIN documents d ON d.id = k.document_id WHERE k.id = ?',
  );
  const texts = new Map<number, string>();
  const excerptOf = (docId: number, start: number, end: number) => {
    let text = texts.get(docId);
    if (text === undefined) texts.set(docId, (text = documentTable.textOf(db, docId)!));
    const piece = text.slice(start, end).replace(/\s+/g, ' ');
    if (piece.length <= 60) return piece;
    let cut = 60;
    const c = piece.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--;
    return `${piece.slice(0, cut)}…`;
  };
  return (r: MemoRow): Memo['target'] => {
    if (r.coding_id !== null) {
      const k = coding.get(r.coding_id) as { code_id: number; document_id: number; name: string; start: number; end: number };
      const excerpt = excerptOf(k.document_id, k.start, k.end);
      return { kind: 'coding', id: r.coding_id, label: `${codePath(k.code_id)} in ${k.name}: “${excerpt}”`, documentId: k.document_id };
    }
    if (r.code_id !== null) return { kind: 'code', id: r.code_id, label: codePath(r.code_id), documentId: null };
    if (r.document_id !== null) return { kind: 'document', id: r.document_id, label: docName.get(r.document_id) as string, documentId: r.document_id };
    if (r.theme_id !== null) return { kind: 'theme', id: r.theme_id, label: themeName.get(r.theme_id) as string, documentId: null };
    if (r.case_id !== null) return { kind: 'case', id: r.case_id, label: caseName.get(r.case_id) as string, documentId: null };
    return { kind: 'project', id: null, label: 'Project journal', documentId: null };
  };
}

function toMemos(db: DB, rows: MemoRow[]): Memo[] {
  const label = labeller(db);
  return rows.map((r) => ({
    id: r.id,
    guid: r.guid,
    title: r.title,
    body: r.body,
    target: label(r),
    coder: r.coder,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

function targetWhere(target: MemoTarget): { sql: string; params: unknown[] } {
  if (target.kind === 'project') return { sql: Object.values(COLUMN).map((c) => `m.${c} IS NULL`).join(' AND '), params: [] };
  return { sql: `m.${COLUMN[target.kind]} = ?`, params: [target.id] };
}

export function getMemo(db: DB, id: number): Memo {
  const row = db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as MemoRow | undefined;
  if (!row) throw new DomainError('NOT_FOUND', `There is no memo with id ${id} in this project.`);
  return toMemos(db, [row])[0]!;
}

/** Memos on one target (project = the journal), or every memo; newest first. */
export function listMemos(db: DB, target?: MemoTarget): Memo[] {
  const w = target ? targetWhere(target) : { sql: '1', params: [] };
  return toMemos(db, db.prepare(`${SELECT} WHERE ${w.sql} ORDER BY m.updated_at DESC, m.id DESC`).all(...w.params) as MemoRow[]);
}

/** Memos on the codings of one document, keyed by coding id. */
export function memosOnDocumentCodings(db: DB, documentId: number): Memo[] {
  return toMemos(
    db,
    db.prepare(`${SELECT} JOIN codings k ON k.id = m.coding_id WHERE k.document_id = ? ORDER BY m.id`).all(documentId) as MemoRow[],
  );
}

const TABLE: Record<Exclude<MemoTargetKind, 'project'>, string> = {
  document: 'documents',
  code: 'codes',
  theme: 'themes',
  coding: 'codings',
  case: 'cases',
};

export function createMemo(db: DB, input: { target: MemoTarget; title?: string; body: string; coderId: number }): Memo {
  const cols: Record<string, number | null> = { document_id: null, code_id: null, theme_id: null, coding_id: null, case_id: null };
  if (input.target.kind !== 'project') {
    const exists = db.prepare(`SELECT 1 FROM ${TABLE[input.target.kind]} WHERE id = ?`).get(input.target.id);
    if (!exists) throw new DomainError('NOT_FOUND', `There is no ${input.target.kind} with id ${input.target.id} to attach the memo to.`);
    cols[COLUMN[input.target.kind]] = input.target.id;
  }
  const now = nowIso();
  const id = Number(
    db
      .prepare(
        `INSERT INTO memos (guid, title, body, document_id, code_id, theme_id, coding_id, case_id, coder_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(newGuid(), (input.title ?? '').trim(), input.body, cols.document_id, cols.code_id, cols.theme_id, cols.coding_id, cols.case_id, input.coderId, now, now)
      .lastInsertRowid,
  );
  return getMemo(db, id);
}

export function updateMemo(db: DB, id: number, patch: { title?: string; body?: string }): Memo {
  const current = getMemo(db, id);
  const title = patch.title !== undefined ? patch.title.trim() : current.title;
  const body = patch.body ?? current.body;
  if (title === current.title && body === current.body) return current;
  db.prepare('UPDATE memos SET title = ?, body = ?, updated_at = ? WHERE id = ?').run(title, body, nowIso(), id);
  return getMemo(db, id);
}

export function deleteMemo(db: DB, id: number) {
  const r = db.prepare('DELETE FROM memos WHERE id = ?').run(id);
  if (r.changes === 0) throw new DomainError('NOT_FOUND', `There is no memo with id ${id} in this project.`);
}

/**
 * Memos whose title, body or target label contains every word of `query` (case- and
 * accent-insensitive, any script). Best matches (title hits) first.
 */
export function searchMemos(db: DB, query: string): MemoHit[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const all = listMemos(db);
  const hits: (MemoHit & { score: number })[] = [];
  for (const m of all) {
    const title = fold(m.title);
    const body = fold(m.body);
    const target = fold(m.target.label);
    if (!words.every((w) => title.includes(w) || body.includes(w) || target.includes(w))) continue;
    const score = words.filter((w) => title.includes(w)).length;
    hits.push({ ...m, snippet: snippet(m.body, fold, words[0]!), score });
  }
  return hits.sort((a, b) => b.score - a.score).map(({ score: _score, ...h }) => h);
}

function snippet(body: string, fold: (s: string) => string, word: string): string {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  // folding can change lengths (NFD); search on a per-character folded copy to map back
  const chars = [...oneLine];
  let folded = '';
  const at: number[] = [];
  chars.forEach((c, i) => {
    const f = fold(c);
    for (let k = 0; k < f.length; k++) at.push(i);
    folded += f;
  });
  const hit = folded.indexOf(word);
  const center = hit < 0 ? 0 : at[hit]!;
  const from = Math.max(0, center - 50);
  const to = Math.min(chars.length, center + 110);
  return `${from > 0 ? '…' : ''}${chars.slice(from, to).join('')}${to < chars.length ? '…' : ''}`;
}
