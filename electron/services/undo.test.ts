/** The undo log covers everything a step removes, and never reverts another connection's writes. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { parsePlainText } from '../../shared/import/plain-text';
import * as workspace from './coding-workspace';
import { insertDocument } from './documents';
import { ProjectSession } from './project-session';
import { assignCode, createTheme, markQuote, saveMapLayout } from './themes';
import { historyOf, TRACKED_TABLES } from './undo';

/** Each workspace change as one undo step, as the API wrapper (undo-steps.ts) runs it. */
const asStep =
  <A extends unknown[], R>(change: (db: ProjectSession['db'], ...args: A) => R) =>
  (db: ProjectSession['db'], ...args: A): R =>
    historyOf(db).run('unnamed step', () => change(db, ...args));
const applyCodeStep = asStep(workspace.applyCodeStep);
const createCodeStep = asStep(workspace.createCodeStep);
const deleteCodeStep = asStep(workspace.deleteCodeStep);
const deleteCodingStep = asStep(workspace.deleteCodingStep);

const tempDir = useTempDir();

function project() {
  const s = ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');
  const docId = s.transaction(() =>
    insertDocument(s.db, parsePlainText('Amira: I trusted my mentor from day one.', 'UTF-8'), { name: 'Interview', sourceName: null, coderId: null }),
  );
  return { s, db: s.db, docId };
}

describe('undo log coverage', () => {
  it('tracks every table that references a tracked table (schema walk)', () => {
    const { s, db } = project();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const tracked = new Set<string>(TRACKED_TABLES);
    const missing: string[] = [];
    for (const table of tables) {
      const refs = db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as { table: string; from: string }[];
      for (const ref of refs) {
        if (tracked.has(ref.table) && !tracked.has(table)) missing.push(`${table}.${ref.from} → ${ref.table}`);
      }
    }
    expect(missing).toEqual([]);
    s.close();
  });

  it('undoing a code delete restores its theme quotes, map position and set membership', () => {
    const { s, db, docId } = project();
    const code = createCodeStep(db, { name: 'Trust' });
    const coding = applyCodeStep(db, { documentId: docId, codeId: code.id, start: 7, end: 14, coderId: s.coderId() });
    const themeId = s.transaction(() => {
      const t = createTheme(db, { name: 'Belonging' });
      assignCode(db, t, code.id);
      markQuote(db, t, coding.id);
      saveMapLayout(db, { positions: { [`code:${code.id}`]: { x: 120, y: 45 }, [`theme:${t}`]: { x: 10, y: 20 } } });
      const setId = Number(db.prepare("INSERT INTO sets (guid, name) VALUES ('set-1', 'Key codes')").run().lastInsertRowid);
      db.prepare('INSERT INTO set_members (set_id, code_id) VALUES (?, ?)').run(setId, code.id);
      return t;
    });
    const rows = () => ({
      quotes: db.prepare('SELECT theme_id, coding_id, position FROM theme_quotes').all(),
      map: db.prepare('SELECT theme_id, code_id, x, y FROM theme_map_layout ORDER BY theme_id, code_id').all(),
      members: db.prepare('SELECT set_id, code_id FROM set_members').all(),
      themeCodes: db.prepare('SELECT theme_id, code_id FROM theme_codes').all(),
    });
    const before = rows();
    expect(before.quotes).toEqual([{ theme_id: themeId, coding_id: coding.id, position: 1 }]);
    expect(before.map).toHaveLength(2);
    expect(before.members).toHaveLength(1);

    deleteCodeStep(db, code.id);
    expect(rows()).toMatchObject({ quotes: [], members: [], themeCodes: [] });
    expect(rows().map).toHaveLength(1); // the theme's position stays

    historyOf(db).undo();
    expect(rows()).toEqual(before);
    historyOf(db).redo();
    expect(rows().quotes).toEqual([]);
    historyOf(db).undo();
    expect(rows()).toEqual(before);
    s.close();
  });

  it('undoing a coding delete restores the theme quote it was', () => {
    const { s, db, docId } = project();
    const code = createCodeStep(db, { name: 'Trust' });
    const coding = applyCodeStep(db, { documentId: docId, codeId: code.id, start: 7, end: 14, coderId: s.coderId() });
    s.transaction(() => {
      const t = createTheme(db, { name: 'Belonging' });
      assignCode(db, t, code.id);
      markQuote(db, t, coding.id);
    });
    deleteCodingStep(db, coding.id);
    expect(db.prepare('SELECT count(*) FROM theme_quotes').pluck().get()).toBe(0);
    historyOf(db).undo();
    expect(db.prepare('SELECT coding_id FROM theme_quotes').pluck().all()).toEqual([coding.id]);
    s.close();
  });

  it('moving nodes on the map outside a step keeps the undo history', () => {
    const { s, db } = project();
    const code = createCodeStep(db, { name: 'Trust' });
    s.transaction(() => saveMapLayout(db, { positions: { [`code:${code.id}`]: { x: 1, y: 2 } } }));
    expect(historyOf(db).state()).toMatchObject({ canUndo: true, undoLabel: 'Create code Trust' });
    s.close();
  });
});

describe('undo and changes made elsewhere', () => {
  it('never reverts another connection’s writes: the history is cleared instead', () => {
    const { s, db, docId } = project();
    const code = createCodeStep(db, { name: 'Trust' });
    expect(historyOf(db).state().canUndo).toBe(true);

    // Another door (its own connection) renames the code and codes with it.
    const other = new Database(s.path);
    other.prepare("UPDATE codes SET name = 'Trust in mentors' WHERE id = ?").run(code.id);
    const coder = Number(other.prepare("INSERT INTO coders (guid, name, created_at) VALUES ('g-ben', 'Ben', 'x')").run().lastInsertRowid);
    other
      .prepare("INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES ('k-ben', ?, ?, ?, 0, 5, 'x', 'x')")
      .run(docId, code.id, coder);
    other.close();

    expect(() => historyOf(db).undo()).toThrow(/Undo history cleared: the project was changed elsewhere/);
    expect(db.prepare('SELECT name FROM codes WHERE id = ?').pluck().get(code.id)).toBe('Trust in mentors');
    expect(db.prepare('SELECT count(*) FROM codings WHERE code_id = ?').pluck().get(code.id)).toBe(1);
    expect(historyOf(db).state()).toMatchObject({ canUndo: false, canRedo: false });

    // Our own steps afterwards are undoable again.
    const next = createCodeStep(db, { name: 'Doubt' });
    historyOf(db).undo();
    expect(db.prepare('SELECT count(*) FROM codes WHERE id = ?').pluck().get(next.id)).toBe(0);
    s.close();
  });

  it('a new step after another door wrote does not keep the older steps', () => {
    const { s, db } = project();
    const code = createCodeStep(db, { name: 'Trust' });
    const other = new Database(s.path);
    other.prepare("UPDATE codes SET name = 'Renamed elsewhere' WHERE id = ?").run(code.id);
    other.close();
    createCodeStep(db, { name: 'Doubt' });
    historyOf(db).undo();
    expect(historyOf(db).state().canUndo).toBe(false);
    expect(db.prepare('SELECT name FROM codes WHERE id = ?').pluck().get(code.id)).toBe('Renamed elsewhere');
    s.close();
  });
});
