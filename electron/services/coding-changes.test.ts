/**
 * Coding mutations return what they changed, and merging it into the lists the window holds
 * (shared/domain/merge-changes.ts) gives exactly what a fresh codes.list, documents.list and
 * codings.listByDocument return — through the real dispatcher, on the real sample project file.
 */
import { describe, expect, it } from 'vitest';
import { mergeCodes, mergeDocumentCounts, mergeOpenCodings } from '../../shared/domain/merge-changes';
import type { CodingChanges } from '../../shared/types/coding';
import type { CodeWithCounts, Coding, DocumentSummary } from '../../shared/types/entities';
import { useTempDir } from '../../tests/support/temp';
import { createDispatcher } from '../ipc/dispatch';
import { AppService } from './app-service';

const tempDir = useTempDir();

function open() {
  const app = new AppService({ host: 'browser', dataDir: tempDir() });
  app.openSample();
  const call = createDispatcher(app.handlers, () => {});
  const ok = async <T>(m: string, input: unknown = {}): Promise<T> => {
    const r = await call(m, input);
    if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
    return r.value as T;
  };
  return { app, ok };
}

/** What the window holds: the lists as first loaded, then only merged. */
async function lists(ok: ReturnType<typeof open>['ok'], documentId: number) {
  return {
    codes: await ok<CodeWithCounts[]>('codes.list'),
    documents: await ok<DocumentSummary[]>('documents.list'),
    codings: await ok<Coding[]>('codings.listByDocument', { documentId }),
    undo: await ok<unknown>('undo.state'),
  };
}

type Held = Awaited<ReturnType<typeof lists>>;

function merge(held: Held, documentId: number, changes: CodingChanges): Held {
  expect(changes.complete).toBe(true);
  return {
    codes: mergeCodes(held.codes, changes),
    documents: mergeDocumentCounts(held.documents, changes),
    codings: mergeOpenCodings(held.codings, documentId, changes),
    undo: changes.undo,
  };
}

describe('coding mutations return what changed', () => {
  it('apply, in-vivo, adjust, remove, move, undo and redo: the merged lists equal fresh ones', async () => {
    const { app, ok } = open();
    const docs = await ok<DocumentSummary[]>('documents.list');
    const doc = docs[0]!.id;
    const other = docs[1]!.id;
    const codes = await ok<CodeWithCounts[]>('codes.list');
    // a sub-code whose parent has codings in this document already, and a top-level code
    const child = codes.find((c) => c.parentId !== null && c.codings > 0)!;
    const top = codes.find((c) => c.parentId === null)!;
    let held = await lists(ok, doc);
    const check = async (changes: CodingChanges, what: string) => {
      held = merge(held, doc, changes);
      const fresh = await lists(ok, doc);
      expect(held.codes, `${what}: codes.list`).toEqual(fresh.codes);
      expect(held.documents, `${what}: documents.list`).toEqual(fresh.documents);
      expect(held.codings, `${what}: the open document's codings`).toEqual(fresh.codings);
      expect(held.undo, `${what}: undo.state`).toEqual(fresh.undo);
    };

    const a = await ok<Coding & { changes: CodingChanges }>('codings.create', { documentId: doc, codeId: child.id, start: 3, end: 17 });
    expect(a.changes.created.map((k) => k.id)).toEqual([a.id]);
    expect(a.changes.undo).toMatchObject({ canUndo: true, canRedo: false });
    // the code and every ancestor gained one coding
    expect(a.changes.codeCounts.find((d) => d.id === child.id)?.codings).toBe(1);
    expect(a.changes.codeCounts.find((d) => d.id === child.parentId)?.codings).toBe(1);
    expect(a.changes.documentCounts).toEqual([{ id: doc, codings: 1 }]);
    await check(a.changes, 'apply a sub-code');

    // the same passage again: nothing changes, and the change says so
    const again = await ok<{ changes: CodingChanges }>('codings.create', { documentId: doc, codeId: child.id, start: 3, end: 17 });
    expect(again.changes).toMatchObject({ created: [], codeCounts: [], documentCounts: [], tables: [] });
    await check(again.changes, 'apply the same again');

    const b = await ok<Coding & { changes: CodingChanges }>('codings.create', { documentId: other, codeId: top.id, start: 0, end: 9 });
    await check(b.changes, 'apply in another document');

    const vivo = await ok<{ code: { id: number }; coding: Coding; changes: CodingChanges }>('codings.createWithCode', {
      documentId: doc,
      start: 20,
      end: 30,
      name: 'Brand new in vivo',
      parentId: top.id,
      inVivo: true,
    });
    expect(vivo.changes.codes.map((c) => c.id)).toEqual([vivo.code.id]);
    await check(vivo.changes, 'in-vivo code');

    const adjusted = await ok<Coding & { changes: CodingChanges }>('codings.update', { id: a.id, start: 4, end: 17 });
    expect(adjusted.changes).toMatchObject({ created: [], removed: [], codeCounts: [], documentCounts: [] });
    expect(adjusted.changes.updated).toEqual([expect.objectContaining({ id: a.id, start: 4, end: 17 })]);
    await check(adjusted.changes, 'adjust');

    const moved = await ok<{ changes: CodingChanges }>('codings.move', { ids: [a.id], codeId: top.id });
    await check(moved.changes, 'move to another code');

    const removed = await ok<{ changes: CodingChanges }>('codings.delete', { id: vivo.coding.id });
    expect(removed.changes.removed).toEqual([{ id: vivo.coding.id, documentId: doc, codeId: vivo.code.id }]);
    await check(removed.changes, 'remove');

    // undo everything back, then redo it all, checking after each
    for (let i = 0; i < 6; i++) {
      const r = await ok<{ changes: CodingChanges }>('undo.undo');
      await check(r.changes, `undo ${i + 1}`);
    }
    for (let i = 0; i < 6; i++) {
      const r = await ok<{ changes: CodingChanges }>('undo.redo');
      await check(r.changes, `redo ${i + 1}`);
    }
    app.shutdown();
  });

  it('codebook changes (create, rename, reorder, merge, delete) return what changed too: the merged lists equal fresh ones', async () => {
    const { app, ok } = open();
    const doc = (await ok<DocumentSummary[]>('documents.list'))[0]!.id;
    const codes = await ok<CodeWithCounts[]>('codes.list');
    const leaves = codes.filter((c) => c.codings > 0 && !codes.some((k) => k.parentId === c.id));
    const [a, b, c] = leaves;
    let held = await lists(ok, doc);
    const step = async (m: string, input: unknown) => {
      const r = await ok<{ changes: CodingChanges }>(m, input);
      held = merge(held, doc, r.changes);
      expect(held, m).toEqual(await lists(ok, doc));
    };
    await step('codes.create', { name: 'A new code', parentId: a!.parentId });
    await step('codes.update', { id: a!.id, patch: { name: 'Renamed', color: '#123456' } });
    await step('codes.move', { id: a!.id, parentId: a!.parentId, index: codes.filter((k) => k.parentId === a!.parentId).length - 1 });
    await step('codes.merge', { sourceId: a!.id, targetId: b!.id });
    await step('codes.delete', { id: c!.id });
    while ((held.undo as { canUndo: boolean }).canUndo) await step('undo.undo', {});
    while ((held.undo as { canRedo: boolean }).canRedo) await step('undo.redo', {});
    app.shutdown();
  });

  it('undoing and redoing a code delete, a code merge and a rename: the merged lists equal fresh ones', async () => {
    const { app, ok } = open();
    const doc = (await ok<DocumentSummary[]>('documents.list'))[0]!.id;
    const codes = await ok<CodeWithCounts[]>('codes.list');
    const parent = codes.find((c) => codes.some((k) => k.parentId === c.id && k.codings > 0))!;
    const [x, y] = codes.filter((c) => c.parentId === null && c.id !== parent.id && c.codings > 0);
    await ok('codes.delete', { id: parent.id });
    await ok('codes.merge', { sourceId: x!.id, targetId: y!.id });
    await ok('codes.update', { id: y!.id, patch: { name: 'Renamed for the test' } });
    let held = await lists(ok, doc);
    const described: string[] = [];
    for (const verb of ['undo.undo', 'undo.undo', 'undo.undo', 'undo.redo', 'undo.redo', 'undo.redo']) {
      const r = await ok<{ label: string; changes: CodingChanges }>(verb);
      // a merge moves the source's sub-codes under the target: not described, the window reloads (as here)
      if (!r.changes.complete) {
        expect(r.label, 'only a step that moves codes to another parent is not described').toMatch(/^Merge/);
        held = await lists(ok, doc);
        continue;
      }
      described.push(`${verb} ${r.label}`);
      held = merge(held, doc, r.changes);
      expect(held, `${verb} ${r.label}`).toEqual(await lists(ok, doc));
    }
    expect(described.length).toBe(4);
    app.shutdown();
  });

  it('undoing and redoing a document delete: the code counts merge exactly; the documents table is named, so the window reloads the list', async () => {
    const { app, ok } = open();
    const docs = await ok<DocumentSummary[]>('documents.list');
    const gone = docs.find((d) => d.codings > 0)!;
    const doc = docs.find((d) => d.id !== gone.id)!.id;
    await ok('documents.delete', { id: gone.id });
    let held = await lists(ok, doc);
    for (const verb of ['undo.undo', 'undo.redo', 'undo.undo']) {
      const r = await ok<{ changes: CodingChanges }>(verb);
      expect(r.changes.tables).toContain('documents');
      held = { ...merge(held, doc, r.changes), documents: await ok<DocumentSummary[]>('documents.list') };
      expect(held, verb).toEqual(await lists(ok, doc));
    }
    app.shutdown();
  });

  it('removing a coding with a memo names the memos table, so the window reloads memos', async () => {
    const { app, ok } = open();
    const doc = (await ok<DocumentSummary[]>('documents.list'))[0]!.id;
    const k = (await ok<Coding[]>('codings.listByDocument', { documentId: doc }))[0]!;
    await ok('memos.create', { target: { kind: 'coding', id: k.id }, body: 'a memo on the coding' });
    const r = await ok<{ changes: CodingChanges }>('codings.delete', { id: k.id });
    expect(r.changes.tables).toEqual(expect.arrayContaining(['codings', 'memos']));
    app.shutdown();
  });

  it('undoing a code move is not described row by row: the change says to reload', async () => {
    const { app, ok } = open();
    const codes = await ok<CodeWithCounts[]>('codes.list');
    const child = codes.find((c) => c.parentId !== null && c.codings > 0)!;
    await ok('codes.move', { id: child.id, parentId: null, index: 0 });
    const r = await ok<{ changed: string[]; changes: CodingChanges }>('undo.undo');
    expect(r.changes).toMatchObject({ complete: false, created: [], codeCounts: [] });
    expect(r.changes.tables).toContain('codes');
    app.shutdown();
  });
});
