/**
 * Extracts a page at a time (`extracts.page`) on real project files: the pages together are
 * exactly the full list (`extracts.list`) in its order, whatever the page size and filter; a
 * coding added or removed between two pages neither repeats nor skips another extract.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { parsePlainText } from '../../shared/import/plain-text';
import type { Extract } from '../../shared/types/coding';
import { createDispatcher } from '../ipc/dispatch';
import { AppService } from './app-service';
import { linkSpeakersToCases, upsertCase } from './cases';
import * as workspace from './coding-workspace';
import { historyOf } from './undo';
import { insertDocument } from './documents';
import { encodeExtracts, listExtracts, pageExtracts, type ExtractFilter } from './extracts';
import { startBridge } from '../bridge/server';
import { ProjectSession } from './project-session';

const tempDir = useTempDir();

/** Each workspace change as one undo step, as the API wrapper (undo-steps.ts) runs it. */
const asStep =
  <A extends unknown[], R>(change: (db: ProjectSession['db'], ...args: A) => R) =>
  (db: ProjectSession['db'], ...args: A): R =>
    historyOf(db).run('unnamed step', () => change(db, ...args));
const applyCodeStep = asStep(workspace.applyCodeStep);
const createCodeStep = asStep(workspace.createCodeStep);
const deleteCodingStep = asStep(workspace.deleteCodingStep);

const LINES = Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'Amira' : 'Ben'}: line ${i} says something about the ward and the night shift.`);
const TEXT = LINES.join('\n');

/** Two documents (the second placed first), one code with many codings by two coders, some sharing a start. */
function setup() {
  const s = ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');
  const db = s.db;
  const ids = s.transaction(() => {
    upsertCase(db, 'Amira', { role: { value: 'nurse', kind: 'text' } });
    upsertCase(db, 'Ben', { role: { value: 'mentor', kind: 'text' } });
    const a = insertDocument(db, parsePlainText(TEXT, 'UTF-8'), { name: 'A', sourceName: null, coderId: null });
    const b = insertDocument(db, parsePlainText(TEXT, 'UTF-8'), { name: 'B', sourceName: null, coderId: null });
    linkSpeakersToCases(db, a);
    linkSpeakersToCases(db, b);
    return { a, b };
  });
  // B comes first in the document order although it was imported second
  db.prepare('UPDATE documents SET position = -1 WHERE id = ?').run(ids.b);
  const code = createCodeStep(db, { name: 'Night' });
  const child = createCodeStep(db, { name: 'Shift', parentId: code.id });
  const other = ProjectSession.open(s.path, 'Bo');
  for (const [n, doc] of [ids.a, ids.b].entries()) {
    for (let i = 0; i < 40; i += 1 + n) {
      const line = TEXT.indexOf(LINES[i]!);
      const start = line + LINES[i]!.indexOf('line');
      applyCodeStep(db, { documentId: doc, codeId: i % 3 ? code.id : child.id, start, end: start + 6, coderId: s.coderId() });
      // same start, longer span: comes before the shorter one
      applyCodeStep(other.db, { documentId: doc, codeId: code.id, start, end: start + 12, coderId: other.coderId() });
    }
  }
  other.close();
  return { s, db, ...ids, code, child };
}

function readAllPages(db: ProjectSession['db'], filter: ExtractFilter, limit: number): Extract[][] {
  const pages: Extract[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = pageExtracts(db, { ...filter, limit, ...(cursor === undefined ? {} : { cursor }) });
    pages.push(page.extracts);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
    if (pages.length > 1000) throw new Error('pages never end');
  }
}

describe('extracts a page at a time', () => {
  it('pages concatenate to exactly the full list, in its order, for any page size and filter', () => {
    const { s, db, code, a } = setup();
    const filters: ExtractFilter[] = [
      { codeIds: [code.id] },
      { codeIds: [code.id], includeChildren: false },
      { codeIds: [code.id], documentIds: [a] },
      { codeIds: [code.id], caseAttribute: { name: 'role', value: 'Nurse' } },
      {},
    ];
    for (const filter of filters) {
      const all = listExtracts(db, filter);
      expect(all.length).toBeGreaterThan(5);
      for (const limit of [1, 7, 50, all.length, all.length + 1]) {
        const pages = readAllPages(db, filter, limit);
        expect(pages.flat()).toEqual(all);
        for (const p of pages.slice(0, -1)) expect(p).toHaveLength(limit);
      }
      const first = pageExtracts(db, { ...filter, limit: 5 });
      expect(first.total).toBe(filter.caseAttribute ? null : all.length);
    }
    // the order: document order (B first), start, the longer span first
    const all = listExtracts(db, { codeIds: [code.id] });
    expect(all[0]).toMatchObject({ document: 'B', coder: 'Bo' });
    expect(all[1]).toMatchObject({ document: 'B', coder: 'Ana', start: all[0]!.start });
    s.close();
  });

  it('a coding added or removed between pages: nothing already listed repeats, nothing still there is skipped', () => {
    const { s, db, code, a, b } = setup();
    const before = listExtracts(db, { codeIds: [code.id] });
    const first = pageExtracts(db, { codeIds: [code.id], limit: 10 });
    expect(first.extracts).toEqual(before.slice(0, 10));
    // one coding added before the cursor (in B, the first document), one after (in A), and the
    // next extract after the cursor removed
    const lineOf = (i: number) => TEXT.indexOf(LINES[i]!);
    const early = applyCodeStep(db, { documentId: b, codeId: code.id, start: lineOf(0), end: lineOf(0) + 3, coderId: s.coderId() });
    const late = applyCodeStep(db, { documentId: a, codeId: code.id, start: lineOf(39), end: lineOf(39) + 3, coderId: s.coderId() });
    deleteCodingStep(db, before[10]!.codingId);
    const rest: Extract[] = [];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = pageExtracts(db, { codeIds: [code.id], limit: 10, cursor });
      rest.push(...page.extracts);
      cursor = page.nextCursor;
    }
    const ids = [...first.extracts, ...rest].map((e) => e.codingId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(early.id);
    expect(ids).toContain(late.id);
    expect(ids).not.toContain(before[10]!.codingId);
    expect(rest.map((e) => e.codingId)).toEqual(
      listExtracts(db, { codeIds: [code.id] })
        .map((e) => e.codingId)
        .filter((id) => id !== early.id && !first.extracts.some((e) => e.codingId === id)),
    );
    s.close();
  });

  it('across many documents (shared positions, documents without the code, one moved between pages): pages and totals are the full list\'s', () => {
    const { s, db, code, child } = setup();
    // 30 more documents: positions shared by pairs (their ids break the tie), every third without the code
    const more = s.transaction(() =>
      Array.from({ length: 30 }, (_, n) => {
        const id = insertDocument(db, parsePlainText(TEXT, 'UTF-8'), { name: `M${n}`, sourceName: null, coderId: null });
        db.prepare('UPDATE documents SET position = ? WHERE id = ?').run(100 - Math.floor(n / 2), id);
        return id;
      }),
    );
    for (const [n, doc] of more.entries()) {
      if (n % 3 === 0) continue;
      for (const i of [5, 1, 9]) {
        const start = TEXT.indexOf(LINES[i]!);
        applyCodeStep(db, { documentId: doc, codeId: n % 2 ? child.id : code.id, start, end: start + 4, coderId: s.coderId() });
      }
    }
    for (const filter of [{ codeIds: [code.id] }, { codeIds: [child.id], includeChildren: false }, { codeIds: [code.id], caseAttribute: { name: 'role', value: 'mentor' } }, {}] as ExtractFilter[]) {
      const all = listExtracts(db, filter);
      const docsInOrder = db.prepare('SELECT id FROM documents ORDER BY position, id').pluck().all() as number[];
      const rank = new Map(docsInOrder.map((id, i) => [id, i]));
      // the one order, checked against its definition
      const sorted = [...all].sort((x, y) => rank.get(x.documentId)! - rank.get(y.documentId)! || x.start - y.start || y.end - x.end || x.codingId - y.codingId);
      expect(all.map((e) => e.codingId)).toEqual(sorted.map((e) => e.codingId));
      for (const limit of [1, 4, 13, 50]) expect(readAllPages(db, filter, limit).flat()).toEqual(all);
      if (!filter.caseAttribute) expect(pageExtracts(db, { ...filter, limit: 3 }).total).toBe(all.length);
    }

    // a document moved after a page was read: the rest follows the order as it is now
    const first = pageExtracts(db, { codeIds: [code.id], limit: 20 });
    const at = first.extracts.at(-1)!.documentId;
    db.prepare('UPDATE documents SET position = position + 1000 WHERE id = ?').run(more.find((id) => id !== at && listExtracts(db, { codeIds: [code.id], documentIds: [id] }).length > 0)!);
    const rest = readAllPages(db, { codeIds: [code.id] }, 20).flat();
    const after = pageExtracts(db, { codeIds: [code.id], limit: 1000, cursor: first.nextCursor! }).extracts;
    const now = listExtracts(db, { codeIds: [code.id] });
    expect(rest).toEqual(now);
    const cut = now.findIndex((e) => e.codingId === first.extracts.at(-1)!.codingId);
    expect(after).toEqual(now.slice(cut + 1));
    s.close();
  });

  it('the total is the count of the project as it is now: a coding added or removed, here or by another connection, changes it', () => {
    const { s, db, code, a } = setup();
    const total = () => pageExtracts(db, { codeIds: [code.id], limit: 2 }).total;
    const n = listExtracts(db, { codeIds: [code.id] }).length;
    expect(total()).toBe(n);
    expect(total()).toBe(n);
    const start = TEXT.indexOf(LINES[3]!);
    const added = applyCodeStep(db, { documentId: a, codeId: code.id, start, end: start + 2, coderId: s.coderId() });
    expect(total()).toBe(n + 1);
    const other = ProjectSession.open(s.path, 'Bo');
    applyCodeStep(other.db, { documentId: a, codeId: code.id, start, end: start + 3, coderId: other.coderId() });
    other.close();
    expect(total()).toBe(n + 2);
    deleteCodingStep(db, added.id);
    expect(total()).toBe(n + 1);
    expect(total()).toBe(listExtracts(db, { codeIds: [code.id] }).length);
    s.close();
  });

  it('extracts.list written as JSON text as it is read is exactly the list, here and over the loopback bridge', async () => {
    const { s, db, code, child, a } = setup();
    // more than one batch of documents
    const more = s.transaction(() => Array.from({ length: 12 }, (_, n) => insertDocument(db, parsePlainText(TEXT, 'UTF-8'), { name: `M${n}`, sourceName: null, coderId: null })));
    for (const doc of more) {
      for (let i = 0; i < 40; i++) {
        const start = TEXT.indexOf(LINES[i]!);
        applyCodeStep(db, { documentId: doc, codeId: i % 2 ? child.id : code.id, start, end: start + 5 + (i % 7), coderId: s.coderId() });
      }
    }
    const filters: ExtractFilter[] = [{ codeIds: [code.id] }, { codeIds: [code.id], caseAttribute: { name: 'role', value: 'mentor' } }, { codeIds: [code.id], documentIds: [a], context: 0 }, { codeIds: [] }, {}];
    for (const filter of filters) expect(encodeExtracts(db, filter).pieces.join('')).toBe(JSON.stringify(listExtracts(db, filter)));
    expect(listExtracts(db, { codeIds: [code.id] }).length).toBeGreaterThan(500);

    const path = s.path;
    const expected = listExtracts(db, { codeIds: [code.id] });
    s.close();
    const app = new AppService({ host: 'browser', dataDir: tempDir() });
    app.openProject(path);
    const bridge = await startBridge({ dispatcher: createDispatcher(app.handlers, () => {}, { encodedAnswers: true }) });
    try {
      const post = async (method: string, input: unknown) => {
        const r = await fetch(`http://127.0.0.1:${bridge.port}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Weft-Token': bridge.token, Origin: bridge.origin },
          body: JSON.stringify(input),
        });
        return { status: r.status, type: r.headers.get('content-type'), json: (await r.json()) as { ok: boolean; value?: unknown; error?: { code: string } } };
      };
      const listed = await post('extracts.list', { codeIds: [code.id] });
      expect(listed).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', json: { ok: true } });
      expect(listed.json.value).toEqual(expected);
      // errors are still plain answers
      expect((await post('extracts.list', { codeIds: ['x'] })).json).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      // the other doors get the value itself
      const direct = await createDispatcher(app.handlers, () => {})('extracts.list', { codeIds: [code.id] });
      expect(direct).toEqual({ ok: true, value: expected });
    } finally {
      await bridge.close();
      app.shutdown();
    }
  });

  it('an empty filter has one empty page; a cursor it did not make is refused with a clear error', () => {
    const { s, db, code } = setup();
    expect(pageExtracts(db, { codeIds: [] })).toEqual({ extracts: [], nextCursor: null, total: 0 });
    expect(() => pageExtracts(db, { codeIds: [code.id], cursor: 'page 2' })).toThrow(/cursor is not one this list returned/);
    s.close();
  });

  it('over the API: extracts.page validates its input and answers like the service', async () => {
    const { s, code } = setup();
    const path = s.path;
    s.close();
    const app = new AppService({ host: 'cli', dataDir: tempDir() });
    app.openProject(path);
    const call = createDispatcher(app.handlers, () => {});
    const page = await call('extracts.page', { codeIds: [code.id], limit: 3 });
    if (!page.ok) throw new Error(page.error.message);
    const value = page.value as { extracts: Extract[]; nextCursor: string; total: number };
    expect(value.extracts).toHaveLength(3);
    const list = await call('extracts.list', { codeIds: [code.id] });
    expect(list.ok && (list.value as Extract[]).slice(0, 3)).toEqual(value.extracts);
    expect(await call('extracts.page', { codeIds: [code.id], limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    app.shutdown();
  });
});
