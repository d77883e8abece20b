/** The `codes` table: the codebook's tree of codes. */
import type { Code } from '../../../shared/types/entities.js';
import type { DB } from '../connection.js';
import { idByGuid as idOfGuid } from './guids.js';
import { insertedId, one, rows } from './prepared.js';

/** A row of `codes`. */
export interface CodeRow {
  id: number;
  guid: string;
  parent_id: number | null;
  name: string;
  /** Always a colour to show; see `color_given` for whether it is one to export. */
  color: string;
  /** 0 when the code came from a REFI-QDA file that gave it no colour (`color` is then a palette colour that exports leave out); 1 otherwise. */
  color_given: number;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  is_codable: number;
  position: number;
  created_at: string;
  updated_at: string;
}

export const toCode = (r: Pick<CodeRow, 'id' | 'guid' | 'parent_id' | 'name' | 'color' | 'definition' | 'inclusion' | 'exclusion' | 'example' | 'position'>): Code => ({
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

export const byId = (db: DB, id: number): CodeRow | undefined => rows(db, 'SELECT * FROM codes WHERE id = ?').get(id) as CodeRow | undefined;

export const idByGuid = (db: DB, guid: string): number | undefined => idOfGuid(db, 'codes', guid);

/** The code named `name` directly under `parentId` (null: the top level). Sibling names are unique. */
export const idByPath = (db: DB, parentId: number | null, name: string): number | undefined =>
  one(db, 'SELECT id FROM codes WHERE ifnull(parent_id, 0) = ? AND name = ?').get(parentId ?? 0, name) as number | undefined;

/** Every code, in codebook order (position, then id). */
export const list = (db: DB): CodeRow[] => rows(db, 'SELECT * FROM codes ORDER BY position, id').all() as CodeRow[];

export const count = (db: DB): number => one(db, 'SELECT count(*) FROM codes').get() as number;

/** The names from the top of the tree down to the code, joined by “/”. */
export function pathOf(db: DB, id: number): string {
  const parts: string[] = [];
  const get = rows(db, 'SELECT parent_id, name FROM codes WHERE id = ?');
  for (let cur: number | null = id; cur !== null && parts.length < 100; ) {
    const row = get.get(cur) as { parent_id: number | null; name: string } | undefined;
    if (!row) break;
    parts.unshift(row.name);
    cur = row.parent_id;
  }
  return parts.join('/');
}

/** A new row; `color_given` defaults to 1 (a colour chosen in Weft or given by the source). */
export type NewCode = Omit<CodeRow, 'id' | 'color_given'> & { color_given?: number };

/** Inserts a code row as given (no checks: services/codes.ts createCode checks names and parents). */
export const insert = (db: DB, c: NewCode): number =>
  insertedId(
    rows(
      db,
      `INSERT INTO codes (guid, parent_id, name, color, color_given, definition, inclusion, exclusion, example, is_codable, position, created_at, updated_at)
       VALUES (@guid, @parent_id, @name, @color, @color_given, @definition, @inclusion, @exclusion, @example, @is_codable, @position, @created_at, @updated_at)`,
    ).run({ color_given: 1, ...c }),
  );

export type CodeTextField = 'definition' | 'inclusion' | 'exclusion' | 'example';

/** Fills the code's definition, criteria and example where they are empty here; returns the fields filled. */
export function fillEmpty(db: DB, id: number, fields: Record<CodeTextField, string>, now: string): CodeTextField[] {
  const cur = byId(db, id);
  if (!cur) return [];
  const filled = (['definition', 'inclusion', 'exclusion', 'example'] as const).filter((key) => cur[key] === '' && fields[key] !== '');
  for (const key of filled) rows(db, `UPDATE codes SET ${key} = ?, updated_at = ? WHERE id = ?`).run(fields[key], now, id);
  return filled;
}

/** Marks a code as one that can (or cannot) be applied to text. */
export const setCodable = (db: DB, id: number, codable: boolean): void => {
  rows(db, 'UPDATE codes SET is_codable = ? WHERE id = ?').run(codable ? 1 : 0, id);
};

/** Records whether the code's colour is one its source gave (or the user set) and so belongs in an export. */
export const setColorGiven = (db: DB, id: number, given: boolean): void => {
  rows(db, 'UPDATE codes SET color_given = ? WHERE id = ?').run(given ? 1 : 0, id);
};

/** Gives the code `color` when its colour was not given (an imported code without one); true when it did. */
export const fillColor = (db: DB, id: number, color: string, now: string): boolean =>
  rows(db, 'UPDATE codes SET color = ?, color_given = 1, updated_at = ? WHERE id = ? AND color_given = 0').run(color, now, id).changes > 0;
