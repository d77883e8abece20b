/**
 * The renderer store takes in what coding mutations return instead of reloading its lists: the
 * real store (renderer/store) talks, as in Electron, through a preload whose API functions call
 * the real dispatcher on the real sample project. After applying, adjusting, removing, undoing and
 * redoing, the store's codes, documents, open codings and undo state equal fresh ones, and it
 * never asked for codes.list, documents.list or undo.state to get there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import type { CodeWithCounts, Coding, DocumentSummary } from '../../shared/types/entities';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
const calls: string[] = [];
let app: AppService;
let call: ReturnType<typeof createDispatcher>;

beforeAll(() => {
  app = new AppService({ host: 'browser', dataDir: tempDir() });
  app.openSample();
  call = createDispatcher(app.handlers, () => {});
  const api = new Proxy({} as Record<string, (input: unknown) => Promise<unknown>>, {
    get: (_t, method: string) => (input: unknown) => {
      calls.push(method);
      return call(method, input);
    },
  });
  const preload = { host: 'electron', api, dialogs: {}, onEvent: () => () => {} };
  Object.assign(globalThis, { window: { weft: preload, getSelection: () => null, confirm: () => true } });
  return () => app.shutdown();
});

const fresh = async <T>(m: string, input: unknown = {}): Promise<T> => {
  const r = await call(m, input);
  if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
  return r.value as T;
};

describe('the store merges what coding mutations return', () => {
  it('apply, in vivo, adjust, remove, undo and redo: lists equal fresh ones, and none of them is reloaded', async () => {
    const { useAppStore } = await import('../../renderer/store/index');
    const store = useAppStore;
    await store.getState().loadProjectData();
    const doc = store.getState().activeDocument!;
    expect(doc).toBeTruthy();
    const code = store.getState().codes.find((c) => c.parentId !== null)!;
    const errors: unknown[] = [];
    store.setState({ notifyError: (err: unknown) => void errors.push(err) } as never);

    const expectFresh = async (what: string) => {
      const s = store.getState();
      expect(s.codes, `${what}: codes`).toEqual(await fresh<CodeWithCounts[]>('codes.list'));
      expect(s.documents, `${what}: documents`).toEqual(await fresh<DocumentSummary[]>('documents.list'));
      expect(s.codings, `${what}: codings of the open document`).toEqual(await fresh<Coding[]>('codings.listByDocument', { documentId: doc.id }));
      expect(s.undoState, `${what}: undo state`).toEqual(await fresh('undo.state'));
    };
    const reloads = () => calls.filter((m) => m === 'codes.list' || m === 'documents.list' || m === 'undo.state' || m === 'codings.listByDocument');

    calls.length = 0;
    expect(await store.getState().applyCode(code.id, { documentId: doc.id, start: 1, end: 12 })).toBe(true);
    await expectFresh('apply');
    expect(await store.getState().applyNamedCode('A new in-vivo code', { inVivo: true, range: { documentId: doc.id, start: 14, end: 25 } })).toBe(true);
    await expectFresh('in vivo');
    const applied = store.getState().codings.find((k) => k.codeId === code.id && k.start === 1 && k.end === 12)!;
    store.getState().setActiveCoding(applied.id);
    store.getState().previewAdjust(2, 12);
    await store.getState().commitAdjust();
    await expectFresh('adjust');
    await store.getState().removeCoding(applied.id);
    await expectFresh('remove');
    expect(store.getState().activeCodingId).toBeNull();
    expect(reloads(), 'reloads after apply, adjust and remove').toEqual([]);

    for (let i = 0; i < 4; i++) {
      await store.getState().undo();
      await expectFresh(`undo ${i + 1}`);
    }
    for (let i = 0; i < 4; i++) {
      await store.getState().redo();
      await expectFresh(`redo ${i + 1}`);
    }
    expect(reloads(), 'reloads after undo and redo of codings').toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a refused change resolves to false (or null), says why once as a notice, and changes nothing', async () => {
    const { useAppStore: store } = await import('../../renderer/store/index');
    await store.getState().loadProjectData();
    const doc = store.getState().activeDocument!;
    const errors: unknown[] = [];
    store.setState({ notifyError: (err: unknown) => void errors.push(err) } as never);
    const before = { codes: store.getState().codes, codings: store.getState().codings, undo: store.getState().undoState };

    expect(await store.getState().applyCode(999_999, { documentId: doc.id, start: 1, end: 12 })).toBe(false);
    expect(errors).toHaveLength(1);
    expect(await store.getState().createCode('   ')).toBeNull();
    expect(errors).toHaveLength(2);
    expect(errors.map((e) => (e as Error).message).every(Boolean)).toBe(true);
    expect({ codes: store.getState().codes, codings: store.getState().codings, undo: store.getState().undoState }).toEqual(before);
    expect(before.codings).toEqual(await fresh<Coding[]>('codings.listByDocument', { documentId: doc.id }));

    // a change that goes through resolves to true and says nothing is wrong
    const code = store.getState().codes.find((c) => c.parentId !== null)!;
    expect(await store.getState().applyCode(code.id, { documentId: doc.id, start: 30, end: 40 })).toBe(true);
    expect(errors).toHaveLength(2);
  });
});
