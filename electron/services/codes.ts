/** The codebook: a tree of codes with colour, definition, criteria and example. */
import type { Code, CodeWithCounts } from '../../shared/types/entities.js';
import type { CodeDeleteImpact, CodebookImportResult, MergeCodesResult } from '../../shared/types/coding.js';
import { walkCodebook, type CodebookNode } from '../../shared/codebook/csv.js';
import { DomainError } from '../../shared/api/errors.js';
import { keptUntilChange } from '../db/kept-until-change.js';
import type { DB } from '../db/connection.js';
import * as codeTable from '../db/tables/codes.js';
import { rememberAlias } from '../db/tables/merges.js';
import { toCode, type CodeRow } from '../db/tables/codes.js';
import { newGuid, nowIso } from './project-session.js';

export const CODE_PALETTE = ['#f2c94c', '#6fcf97', '#56ccf2', '#bb6bd9', '#f2994a', '#eb5757', '#2d9cdb', '#27ae60', '#9b51e0', '#e0b0ff'];

export function getCode(db: DB, id: number): Code {
  const row = db.prepare('SELECT * FROM codes WHERE id = ?').get(id) as CodeRow | undefined;
  if (!row) throw new DomainError('NOT_FOUND', `There is no code with id ${id} in this project.`);
  return toCode(row);
}

/**
 * Codes in tree order with counts of codings and documents, each including the code's
 * descendants. Two grouped reads over the codings, then a roll-up up the tree in memory, so the
 * cost stays flat as codings grow (the UI refreshes this after every coding).
 */
/**
 * `codes.list` as the window asks for it after every change elsewhere and on every refresh: the
 * list kept until the project changes (electron/db/kept-until-change.ts), so asking again when
 * nothing was written costs almost nothing. Shared and frozen: callers copy what they change.
 */
export function keptCodes(db: DB): readonly CodeWithCounts[] {
  return keptUntilChange(db, 'codes.list', () => listCodes(db));
}

export function listCodes(db: DB): CodeWithCounts[] {
  const rows = db.prepare('SELECT * FROM codes ORDER BY position, id').all() as CodeRow[];
  const parentOf = new Map(rows.map((r) => [r.id, r.parent_id]));
  const codings = new Map<number, number>();
  const documents = new Map<number, Set<number>>();
  const ancestorsAndSelf = (id: number) => {
    const out: number[] = [];
    for (let cur: number | null | undefined = id; cur !== null && cur !== undefined && out.length <= rows.length; cur = parentOf.get(cur)) out.push(cur);
    return out;
  };
  for (const r of db.prepare('SELECT code_id, count(*) AS n FROM codings GROUP BY code_id').all() as { code_id: number; n: number }[]) {
    for (const a of ancestorsAndSelf(r.code_id)) codings.set(a, (codings.get(a) ?? 0) + r.n);
  }
  for (const r of db.prepare('SELECT DISTINCT code_id, document_id FROM codings').all() as { code_id: number; document_id: number }[]) {
    for (const a of ancestorsAndSelf(r.code_id)) {
      let set = documents.get(a);
      if (!set) documents.set(a, (set = new Set()));
      set.add(r.document_id);
    }
  }
  return rows.map((r) => ({ ...toCode(r), codings: codings.get(r.id) ?? 0, documents: documents.get(r.id)?.size ?? 0 }));
}

function assertParent(db: DB, parentId: number | null | undefined, selfId?: number) {
  if (parentId === null || parentId === undefined) return;
  const exists = codeTable.byId(db, parentId);
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

export function createCode(db: DB, fields: CodeFields & { name: string }, guid: string = newGuid()): Code {
  const parentId = fields.parentId ?? null;
  const name = fields.name.trim();
  assertParent(db, parentId);
  if (siblingNameTaken(db, parentId, name)) {
    throw new DomainError('CONFLICT', `A code named “${name}” already exists ${parentId ? 'under that parent' : 'at the top level'}.`);
  }
  const count = codeTable.count(db);
  const position = db.prepare('SELECT ifnull(max(position), 0) + 1 FROM codes WHERE ifnull(parent_id, 0) = ?').pluck().get(parentId ?? 0) as number;
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
        position,
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
  const position =
    next.parentId === current.parentId
      ? current.position
      : (db.prepare('SELECT ifnull(max(position), 0) + 1 FROM codes WHERE ifnull(parent_id, 0) = ?').pluck().get(next.parentId ?? 0) as number);
  db.prepare(
    `UPDATE codes SET parent_id = ?, name = ?, color = ?, definition = ?, inclusion = ?, exclusion = ?, example = ?, position = ?, updated_at = ?
      WHERE id = ?`,
  ).run(next.parentId, next.name, next.color, next.definition, next.inclusion, next.exclusion, next.example, position, nowIso(), id);
  // A colour set in Weft is a real one: exports write it (even where an imported code had none).
  if (patch.color !== undefined) codeTable.setColorGiven(db, id, true);
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

/** Ids of a code and all its descendants. */
export function subtreeIds(db: DB, id: number): number[] {
  return db
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id)
       SELECT id FROM sub`,
    )
    .pluck()
    .all(id) as number[];
}

/**
 * Moves a code under `parentId` (null = top level) at `index` among its new siblings (clamped),
 * renumbering the siblings' positions. Refuses cycles and sibling name clashes.
 */
export function moveCode(db: DB, id: number, parentId: number | null, index: number): Code {
  const code = getCode(db, id);
  assertParent(db, parentId, id);
  if (parentId !== code.parentId && siblingNameTaken(db, parentId, code.name, id)) {
    throw new DomainError('CONFLICT', `A code named “${code.name}” already exists there; rename one of them first.`);
  }
  const siblings = db
    .prepare('SELECT id FROM codes WHERE ifnull(parent_id, 0) = ? AND id <> ? ORDER BY position, id')
    .pluck()
    .all(parentId ?? 0, id) as number[];
  const at = Math.max(0, Math.min(index, siblings.length));
  siblings.splice(at, 0, id);
  const setPos = db.prepare('UPDATE codes SET position = ? WHERE id = ? AND position IS NOT ?');
  if (parentId !== code.parentId) {
    db.prepare('UPDATE codes SET parent_id = ?, updated_at = ? WHERE id = ?').run(parentId, nowIso(), id);
  }
  siblings.forEach((sid, i) => setPos.run(i + 1, sid, i + 1));
  return getCode(db, id);
}

/** What deleting a code would take with it. */
export function codeDeleteImpact(db: DB, id: number): CodeDeleteImpact {
  const code = getCode(db, id);
  const ids = subtreeIds(db, id);
  const inList = `(${ids.map(() => '?').join(',')})`;
  const one = (sql: string) => db.prepare(sql).pluck().get(...ids) as number;
  return {
    codeId: id,
    name: code.name,
    path: codePaths(db).get(id)!,
    codings: one(`SELECT count(*) FROM codings WHERE code_id IN ${inList}`),
    documents: one(`SELECT count(DISTINCT document_id) FROM codings WHERE code_id IN ${inList}`),
    subCodes: ids.length - 1,
    memos:
      one(`SELECT count(*) FROM memos WHERE code_id IN ${inList}`) +
      one(`SELECT count(*) FROM memos m JOIN codings k ON k.id = m.coding_id WHERE k.code_id IN ${inList}`),
    themes: one(`SELECT count(DISTINCT theme_id) FROM theme_codes WHERE code_id IN ${inList}`),
  };
}

/**
 * Moves codings to another code (or, with `field` 'coder_id', to another coder). A coding that would
 * exactly duplicate one the target already has (same document, code, coder and span) is collapsed
 * into it: its memos move to the survivor.
 */
export function reassignCodings(
  db: DB,
  codingIds: number[],
  targetId: number,
  field: 'code_id' | 'coder_id' = 'code_id',
): { moved: number; collapsed: number; memosMoved: number } {
  const find = db.prepare('SELECT document_id, coder_id, start, end, code_id FROM codings WHERE id = ?');
  const dup = db
    .prepare('SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND end = ? AND id <> ?')
    .pluck();
  const move = db.prepare(`UPDATE codings SET ${field === 'code_id' ? 'code_id' : 'coder_id'} = ?, updated_at = ? WHERE id = ?`);
  const moveMemos = db.prepare('UPDATE memos SET coding_id = ? WHERE coding_id = ?');
  const del = db.prepare('DELETE FROM codings WHERE id = ?');
  let moved = 0;
  let collapsed = 0;
  let memosMoved = 0;
  const now = nowIso();
  for (const cid of codingIds) {
    const k = find.get(cid) as { document_id: number; coder_id: number; start: number; end: number; code_id: number } | undefined;
    if (!k) throw new DomainError('NOT_FOUND', `There is no coding with id ${cid} in this project.`);
    if (k[field] === targetId) continue;
    const codeId = field === 'code_id' ? targetId : k.code_id;
    const coderId = field === 'coder_id' ? targetId : k.coder_id;
    const survivor = dup.get(k.document_id, codeId, coderId, k.start, k.end, cid) as number | undefined;
    if (survivor !== undefined) {
      memosMoved += moveMemos.run(survivor, cid).changes;
      del.run(cid);
      collapsed++;
    } else {
      move.run(targetId, now, cid);
      moved++;
    }
  }
  return { moved, collapsed, memosMoved };
}

/**
 * Merges `sourceId` into `targetId`: its codings move to the target (exact duplicates collapse),
 * its memos, themes and sets move to the target, its sub-codes move under the target (merging
 * with a sub-code of the same name), empty fields of the target are filled from the source, and
 * the source is deleted. Call inside a transaction.
 */
export function mergeCodes(db: DB, sourceId: number, targetId: number): MergeCodesResult {
  if (sourceId === targetId) throw new DomainError('VALIDATION', 'A code cannot be merged into itself.');
  const source = getCode(db, sourceId);
  const target = getCode(db, targetId);
  if (subtreeIds(db, sourceId).includes(targetId)) {
    throw new DomainError('CONSTRAINT', `“${target.name}” is a sub-code of “${source.name}”; move it out first, or merge the other way round.`);
  }
  const total = { moved: 0, collapsed: 0, memosMoved: 0 };
  // sub-codes first: move them under the target, merging name clashes recursively
  const children = db.prepare('SELECT id, name FROM codes WHERE parent_id = ? ORDER BY position, id').all(sourceId) as { id: number; name: string }[];
  for (const child of children) {
    const clash = db.prepare('SELECT id FROM codes WHERE parent_id = ? AND name = ?').pluck().get(targetId, child.name) as number | undefined;
    if (clash !== undefined) {
      const r = mergeCodes(db, child.id, clash);
      total.moved += r.moved;
      total.collapsed += r.collapsed;
      total.memosMoved += r.memosMoved;
    } else {
      moveCode(db, child.id, targetId, Number.MAX_SAFE_INTEGER);
    }
  }
  const codingIds = db.prepare('SELECT id FROM codings WHERE code_id = ? ORDER BY id').pluck().all(sourceId) as number[];
  const r = reassignCodings(db, codingIds, targetId);
  total.moved += r.moved;
  total.collapsed += r.collapsed;
  total.memosMoved += r.memosMoved;
  total.memosMoved += db.prepare('UPDATE memos SET code_id = ? WHERE code_id = ?').run(targetId, sourceId).changes;
  db.prepare(
    `INSERT OR IGNORE INTO theme_codes (theme_id, code_id, position)
       SELECT theme_id, ?, position FROM theme_codes WHERE code_id = ?`,
  ).run(targetId, sourceId);
  db.prepare('UPDATE OR IGNORE set_members SET code_id = ? WHERE code_id = ?').run(targetId, sourceId);
  const fill: Partial<CodeFields> = {};
  for (const f of ['definition', 'inclusion', 'exclusion', 'example'] as const) if (!target[f] && source[f]) fill[f] = source[f];
  if (Object.keys(fill).length) updateCode(db, targetId, fill);
  // what still names the merged code (a file merged later, a coding synced from someone offline) lands on the target
  rememberAlias(db, 'code', source.guid, target.guid);
  deleteCode(db, sourceId);
  return { target: getCode(db, targetId), ...total };
}

/** Codes whose name or full path ("Parent/Child") equals `query` (case-insensitive). */
export function findCodes(db: DB, query: string): number[] {
  const q = query.trim().toLocaleLowerCase();
  const rows = db.prepare('SELECT id, name FROM codes').all() as { id: number; name: string }[];
  const paths = codePaths(db);
  return rows.filter((r) => r.name.toLocaleLowerCase() === q || paths.get(r.id)!.toLocaleLowerCase() === q).map((r) => r.id);
}

/**
 * Adds a codebook tree: codes that exist at the same path are kept as they are (empty fields are
 * filled in), the others are created. Call inside a transaction.
 */
export function importCodebook(db: DB, roots: CodebookNode[]): CodebookImportResult {
  const created: string[] = [];
  const existing: string[] = [];
  const idByPath = new Map<string, number>();
  for (const { node, path } of walkCodebook(roots)) {
    const key = path.join('/');
    const parentId = path.length > 1 ? idByPath.get(path.slice(0, -1).join('/'))! : null;
    const found = codeTable.idByPath(db, parentId, node.name);
    if (found !== undefined) {
      const current = getCode(db, found);
      const fill: Partial<CodeFields> = {};
      for (const f of ['definition', 'inclusion', 'exclusion', 'example'] as const) if (!current[f] && node[f]) fill[f] = node[f];
      if (Object.keys(fill).length) updateCode(db, found, fill);
      idByPath.set(key, found);
      existing.push(key);
    } else {
      const code = createCode(db, {
        name: node.name,
        parentId,
        definition: node.definition,
        inclusion: node.inclusion,
        exclusion: node.exclusion,
        example: node.example,
        ...(node.color ? { color: node.color } : {}),
      });
      idByPath.set(key, code.id);
      created.push(key);
    }
  }
  return { created, existing, warnings: [] };
}

/** The codes this coder applied most recently, newest first. */
export function recentCodeIds(db: DB, coderId: number, limit = 9): number[] {
  return db
    .prepare('SELECT code_id FROM codings WHERE coder_id = ? GROUP BY code_id ORDER BY max(created_at) DESC, max(id) DESC LIMIT ?')
    .pluck()
    .all(coderId, limit) as number[];
}
