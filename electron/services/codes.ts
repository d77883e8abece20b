/** The codebook: a tree of codes with colour, definition, criteria and example. */
import type { Code, CodeWithCounts } from '../../shared/types/entities.js';
import { DomainError } from '../../shared/api/errors.js';
import type { DB } from '../db/connection.js';
import { newGuid, nowIso } from './project-session.js';

interface CodeRow {
  id: number;
  guid: string;
  parent_id: number | null;
  name: string;
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  position: number;
}

export const CODE_PALETTE = ['#f2c94c', '#6fcf97', '#56ccf2', '#bb6bd9', '#f2994a', '#eb5757', '#2d9cdb', '#27ae60', '#9b51e0', '#e0b0ff'];

const toCode = (r: CodeRow): Code => ({
  id: r.id,
  guid: r.guid,
  parentId: r.parent_id,
  name: r.name,
  color: r.color,
  definition: r.definition,
  inclusion: r.inclusion,
  exclusion: r.exclusion,
  example: r.example,
  position: r.position,
});

export function getCode(db: DB, id: number): Code {
  const row = db.prepare('SELECT * FROM codes WHERE id = ?').get(id) as CodeRow | undefined;
  if (!row) throw new DomainError('NOT_FOUND', `There is no code with id ${id} in this project.`);
  return toCode(row);
}

/** Codes in tree order with counts of codings and documents, each including the code's descendants. */
export function listCodes(db: DB): CodeWithCounts[] {
  const rows = db.prepare('SELECT * FROM codes ORDER BY position, id').all() as CodeRow[];
  const counts = db
    .prepare(
      `WITH RECURSIVE sub(root, id) AS (
         SELECT id, id FROM codes
         UNION ALL SELECT sub.root, c.id FROM codes c JOIN sub ON c.parent_id = sub.id)
       SELECT sub.root AS id, count(k.id) AS codings, count(DISTINCT k.document_id) AS documents
         FROM sub LEFT JOIN codings k ON k.code_id = sub.id GROUP BY sub.root`,
    )
    .all() as { id: number; codings: number; documents: number }[];
  const byId = new Map(counts.map((c) => [c.id, c]));
  return rows.map((r) => ({ ...toCode(r), codings: byId.get(r.id)?.codings ?? 0, documents: byId.get(r.id)?.documents ?? 0 }));
}

function assertParent(db: DB, parentId: number | null | undefined, selfId?: number) {
  if (parentId === null || parentId === undefined) return;
  const exists = db.prepare('SELECT 1 FROM codes WHERE id = ?').get(parentId);
  if (!exists) throw new DomainError('NOT_FOUND', `The parent code (id ${parentId}) does not exist.`);
  if (selfId !== undefined) {
    // refuse cycles: walk up from the new parent
    let cur: number | null = parentId;
    while (cur !== null) {
      if (cur === selfId) throw new DomainError('CONSTRAINT', 'A code cannot be moved under itself or one of its own sub-codes.');
      cur = (db.prepare('SELECT parent_id FROM codes WHERE id = ?').pluck().get(cur) as number | null) ?? null;
    }
  }
}

function siblingNameTaken(db: DB, parentId: number | null, name: string, exceptId?: number): boolean {
  return (
    db
      .prepare('SELECT 1 FROM codes WHERE ifnull(parent_id, 0) = ? AND name = ? AND id IS NOT ?')
      .get(parentId ?? 0, name, exceptId ?? null) !== undefined
  );
}

export interface CodeFields {
  name?: string;
  parentId?: number | null;
  color?: string;
  definition?: string;
  inclusion?: string;
  exclusion?: string;
  example?: string;
}

export function createCode(db: DB, fields: CodeFields & { name: string }, guid = newGuid()): Code {
  const parentId = fields.parentId ?? null;
  const name = fields.name.trim();
  assertParent(db, parentId);
  if (siblingNameTaken(db, parentId, name)) {
    throw new DomainError('CONFLICT', `A code named “${name}” already exists ${parentId ? 'under that parent' : 'at the top level'}.`);
  }
  const count = db.prepare('SELECT count(*) FROM codes').pluck().get() as number;
  const now = nowIso();
  const id = Number(
    db
      .prepare(
        `INSERT INTO codes (guid, parent_id, name, color, definition, inclusion, exclusion, example, position, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        guid,
        parentId,
        name,
        fields.color ?? CODE_PALETTE[count % CODE_PALETTE.length]!,
        fields.definition ?? '',
        fields.inclusion ?? '',
        fields.exclusion ?? '',
        fields.example ?? '',
        count + 1,
        now,
        now,
      ).lastInsertRowid,
  );
  return getCode(db, id);
}

export function updateCode(db: DB, id: number, patch: CodeFields): Code {
  const current = getCode(db, id);
  const next = { ...current, ...patch, name: (patch.name ?? current.name).trim() };
  if (patch.parentId !== undefined) assertParent(db, patch.parentId, id);
  if (siblingNameTaken(db, next.parentId, next.name, id)) {
    throw new DomainError('CONFLICT', `A code named “${next.name}” already exists there.`);
  }
  db.prepare(
    `UPDATE codes SET parent_id = ?, name = ?, color = ?, definition = ?, inclusion = ?, exclusion = ?, example = ?, updated_at = ?
      WHERE id = ?`,
  ).run(next.parentId, next.name, next.color, next.definition, next.inclusion, next.exclusion, next.example, nowIso(), id);
  return getCode(db, id);
}

export function deleteCode(db: DB, id: number) {
  const r = db.prepare('DELETE FROM codes WHERE id = ?').run(id);
  if (r.changes === 0) throw new DomainError('NOT_FOUND', `There is no code with id ${id} in this project.`);
}

/** "Parent/Child" path of every code, keyed by id. */
export function codePaths(db: DB): Map<number, string> {
  const rows = db.prepare('SELECT id, parent_id, name FROM codes').all() as { id: number; parent_id: number | null; name: string }[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const paths = new Map<number, string>();
  const pathOf = (id: number): string => {
    const cached = paths.get(id);
    if (cached !== undefined) return cached;
    const r = byId.get(id)!;
    const p = r.parent_id === null ? r.name : `${pathOf(r.parent_id)}/${r.name}`;
    paths.set(id, p);
    return p;
  };
  for (const r of rows) pathOf(r.id);
  return paths;
}
