/** The `themes` table (a tree) and `theme_codes`, the codes each theme groups. */
import type { ThemeStatus } from '../../../shared/types/themes.js';
import type { DB } from '../connection.js';
import { idByGuid as idOfGuid } from './guids.js';
import { insertedId, one, rows } from './prepared.js';

/** A row of `themes`. */
export interface ThemeRow {
  id: number;
  guid: string;
  parent_id: number | null;
  name: string;
  definition: string;
  status: ThemeStatus;
  color: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export const DEFAULT_THEME_COLOR = '#9b8fd6';

export const byId = (db: DB, id: number): ThemeRow | undefined => rows(db, 'SELECT * FROM themes WHERE id = ?').get(id) as ThemeRow | undefined;

export const idByGuid = (db: DB, guid: string): number | undefined => idOfGuid(db, 'themes', guid);

/** The theme named `name` directly under `parentId` (null: the top level). Sibling names are unique. */
export const idByPath = (db: DB, parentId: number | null, name: string): number | undefined =>
  one(db, 'SELECT id FROM themes WHERE ifnull(parent_id, 0) = ? AND name = ?').get(parentId ?? 0, name) as number | undefined;

export const nameOf = (db: DB, id: number): string | undefined => one(db, 'SELECT name FROM themes WHERE id = ?').get(id) as string | undefined;

/** Every theme, in order (position, then id). */
export const list = (db: DB): ThemeRow[] => rows(db, 'SELECT * FROM themes ORDER BY position, id').all() as ThemeRow[];

export type NewTheme = Omit<ThemeRow, 'id' | 'position' | 'created_at' | 'updated_at'> & { created_at: string; updated_at?: string };

/** Inserts a theme after all the others. */
export const insert = (db: DB, t: NewTheme): number => {
  const position = (one(db, 'SELECT count(*) FROM themes').get() as number) + 1;
  return insertedId(
    rows(db, 'INSERT INTO themes (guid, parent_id, name, definition, status, color, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      t.guid,
      t.parent_id,
      t.name,
      t.definition,
      t.status,
      t.color,
      position,
      t.created_at,
      t.updated_at ?? t.created_at,
    ),
  );
};

/** Adds a code to a theme (nothing if it is there already). */
export const addCode = (db: DB, themeId: number, codeId: number, position: number): void => {
  rows(db, 'INSERT OR IGNORE INTO theme_codes (theme_id, code_id, position) VALUES (?, ?, ?)').run(themeId, codeId, position);
};

/** Adds a coding to a theme's quotes, after its other quotes (nothing if it is quoted already). */
export const addQuote = (db: DB, themeId: number, codingId: number): void => {
  const position = one(db, 'SELECT ifnull(max(position), 0) + 1 FROM theme_quotes WHERE theme_id = ?').get(themeId) as number;
  rows(db, 'INSERT OR IGNORE INTO theme_quotes (theme_id, coding_id, position) VALUES (?, ?, ?)').run(themeId, codingId, position);
};
