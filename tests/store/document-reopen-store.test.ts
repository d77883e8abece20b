/**
 * A document opened again is not transferred again: the real store (renderer/store), through a
 * preload whose API functions call the real dispatcher on the real sample project, sends the hash
 * of the text it holds, and the backend answers `unchanged` without the text; the document shown
 * is the same as a fresh one. The text cache is bounded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import type { Coding, OpenedDocument, OpenedDocumentWithCodings, SourceDocument } from '../../shared/types/entities';
import type { DocumentCodings } from '../../shared/types/coding';
import { createDocumentTextCache } from '../../renderer/store/document-texts';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
/** Every documents.get (and the document of every documents.open): what was asked and how many characters of text came back. */
const gets: { id: number; knownHash?: string; unchanged: boolean; textChars: number }[] = [];
/** Every codings.forDocument (and the codings of every documents.open): what was asked and how many codings came back. */
const codingGets: { documentId: number; knownHash?: string; unchanged: boolean; codings: number }[] = [];
let app: AppService;
let call: ReturnType<typeof createDispatcher>;

beforeAll(() => {
  app = new AppService({ host: 'browser', dataDir: tempDir() });
  app.openSample();
  call = createDispatcher(app.handlers, () => {});
  const api = new Proxy({} as Record<string, (input: unknown) => Promise<unknown>>, {
    get: (_t, method: string) => async (input: unknown) => {
      const r = await call(method, input);
      if (method === 'documents.get' && r.ok) {
        const doc = r.value as OpenedDocument;
        gets.push({ ...(input as { id: number; knownHash?: string }), unchanged: doc.unchanged === true, textChars: doc.text.length });
      }
      // the window opens a document with documents.open: its document as documents.get, its codings as codings.forDocument
      if (method === 'documents.open' && r.ok) {
        const { document: doc, codings: reply } = r.value as OpenedDocumentWithCodings;
        const { id, knownHash, knownCodingsHash } = input as { id: number; knownHash?: string; knownCodingsHash?: string };
        gets.push({ id, ...(knownHash !== undefined ? { knownHash } : {}), unchanged: doc.unchanged === true, textChars: doc.text.length });
        codingGets.push({ documentId: id, ...(knownCodingsHash !== undefined ? { knownHash: knownCodingsHash } : {}), unchanged: reply.unchanged === true, codings: reply.codings.length });
      }
      if (method === 'codings.forDocument' && r.ok) {
        const reply = r.value as DocumentCodings;
        codingGets.push({ ...(input as { documentId: number; knownHash?: string }), unchanged: reply.unchanged === true, codings: reply.codings.length });
      }
      return r;
    },
  });
  const preload = { host: 'electron', api, dialogs: {}, onEvent: () => () => {} };
  Object.assign(globalThis, { window: { weft: preload, getSelection: () => null, confirm: () => true } });
  return () => app.shutdown();
});

const fresh = async (id: number): Promise<SourceDocument> => {
  const r = await call('documents.get', { id });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as SourceDocument;
};

describe('opening a document again', () => {
  it('does not transfer its text again, and shows the same document', async () => {
    const { useAppStore } = await import('../../renderer/store/index');
    const store = useAppStore;
    const errors: unknown[] = [];
    store.setState({ notifyError: (err: unknown) => void errors.push(err) } as never);
    await store.getState().loadProjectData();
    const [first, second] = store.getState().documents;
    expect(second, 'the sample has two documents or more').toBeTruthy();
    await store.getState().openDocument(second!.id);
    gets.length = 0;

    await store.getState().openDocument(first!.id);
    expect(store.getState().activeDocument).toEqual(await fresh(first!.id));
    await store.getState().openDocument(second!.id);
    expect(store.getState().activeDocument).toEqual(await fresh(second!.id));
    expect(gets).toEqual([
      { id: first!.id, knownHash: expect.any(String), unchanged: true, textChars: 0 },
      { id: second!.id, knownHash: expect.any(String), unchanged: true, textChars: 0 },
    ]);
    expect(errors).toEqual([]);
  });

  it('does not transfer its codings again while they are unchanged; after a change they come whole', async () => {
    const { useAppStore } = await import('../../renderer/store/index');
    const store = useAppStore;
    const errors: unknown[] = [];
    store.setState({ notifyError: (err: unknown) => void errors.push(err) } as never);
    const [first, second] = store.getState().documents;
    const codingsOf = async (documentId: number) => {
      const r = await call('codings.listByDocument', { documentId });
      if (!r.ok) throw new Error(r.error.message);
      return r.value as Coding[];
    };
    await store.getState().openDocument(first!.id);
    await store.getState().openDocument(second!.id);
    codingGets.length = 0;

    await store.getState().openDocument(first!.id);
    expect(store.getState().codings).toEqual(await codingsOf(first!.id));
    expect(store.getState().codings.length).toBeGreaterThan(0);
    expect(codingGets).toEqual([{ documentId: first!.id, knownHash: expect.any(String), unchanged: true, codings: 0 }]);

    // a change the store merges in (a coding applied here), then the document opened again: the
    // held codings are no longer the project's, so they come whole, and the list is the project's
    codingGets.length = 0;
    const code = store.getState().codes[0]!;
    const applied = await call('codings.create', { documentId: second!.id, codeId: code.id, start: 0, end: 4 });
    expect(applied.ok).toBe(true);
    await store.getState().openDocument(second!.id);
    expect(codingGets).toEqual([{ documentId: second!.id, knownHash: expect.any(String), unchanged: false, codings: (await codingsOf(second!.id)).length }]);
    expect(store.getState().codings).toEqual(await codingsOf(second!.id));
    expect(errors).toEqual([]);
  });

  it('a hash that is not the codings’ gets them whole', async () => {
    const r = await call('codings.forDocument', { documentId: 1, knownHash: 'not-the-hash' });
    expect(r.ok && (r.value as DocumentCodings).unchanged).toBeUndefined();
    const again = await call('codings.forDocument', { documentId: 1, knownHash: r.ok ? (r.value as DocumentCodings).hash : '' });
    expect(again.ok && again.value).toMatchObject({ unchanged: true, codings: [] });
  });

  it('a hash that is not the text’s gets the whole text', async () => {
    const doc = await fresh(1);
    const r = await call('documents.get', { id: doc.id, knownHash: 'not-the-hash' });
    expect(r.ok && (r.value as OpenedDocument)).toEqual(doc);
  });

  it('the cache of texts keeps the most recently opened, within its bounds', () => {
    const doc = (id: number, text: string): OpenedDocument => ({ id, contentHash: `h${id}`, text }) as OpenedDocument;
    const cache = createDocumentTextCache(2, 10);
    cache.resolve(doc(1, 'aaa'));
    cache.resolve(doc(2, 'bbb'));
    cache.resolve({ ...doc(1, ''), unchanged: true }); // 1 is now the most recent
    cache.resolve(doc(3, 'ccc'));
    expect([1, 2, 3].map((id) => cache.knownHash(id))).toEqual(['h1', undefined, 'h3']);
    cache.resolve(doc(4, '0123456789')); // alone over the character bound: only it stays
    expect([1, 3, 4].map((id) => cache.knownHash(id))).toEqual([undefined, undefined, 'h4']);
    // an `unchanged` reply for a text no longer held: null, so the caller asks for the text
    expect(cache.resolve({ ...doc(1, ''), unchanged: true })).toBeNull();
  });
});
