/**
 * The window's start (renderer/store/session.ts boot, project-data.ts loadProjectData): the real
 * store, through a preload whose API functions call the real dispatcher on a real project, asks for
 * what the transcript needs without waiting for one answer before the next question:
 *
 * - the document list and the codebook go out with project.current (not after its answer);
 * - the document open last in this browser (its text, codings and recording) goes out with them;
 * - replies asked for at start are dropped, without a notice, when no project (or another) is open;
 * - the first document's requests go out before the workspace is drawn (booted).
 *
 * project.current's answer is held back until the other questions have been asked: a start that
 * waited for it would never finish (the test times out).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

/** A Storage kept in memory (the browser's localStorage, which Node has not got). */
class MemoryStorage {
  private items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, String(value));
  removeItem = (key: string) => void this.items.delete(key);
  clear = () => this.items.clear();
}

let app: AppService;
/** Every call, in the order asked, with whether project.current had answered by then. */
let asked: { method: string; input: unknown; currentAnswered: boolean }[] = [];
let releaseCurrent: () => void = () => {};

function install(service: AppService, holdCurrentUntil: (methods: string[]) => boolean, refuse: (method: string) => boolean = () => false) {
  const call = createDispatcher(service.handlers, () => {});
  asked = [];
  let currentAnswered = false;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  releaseCurrent = release;
  const api = new Proxy({} as Record<string, (input: unknown) => Promise<unknown>>, {
    get: (_t, method: string) => async (input: unknown) => {
      asked.push({ method, input, currentAnswered });
      if (holdCurrentUntil(asked.map((a) => a.method))) release();
      if (refuse(method)) return { ok: false, error: { code: 'UNAVAILABLE', message: `${method} refused by the test` } };
      if (method === 'project.current') {
        await released;
        const r = await call(method, input);
        currentAnswered = true;
        return r;
      }
      return call(method, input);
    },
  });
  const preload = { host: 'electron', api, dialogs: {}, onEvent: () => () => {} };
  Object.assign(globalThis, { window: { weft: preload, getSelection: () => null, confirm: () => true }, localStorage: new MemoryStorage() });
}

async function freshStore() {
  vi.resetModules();
  const { useAppStore } = await import('../../renderer/store/index');
  const errors: unknown[] = [];
  useAppStore.setState({ notifyError: (err: unknown) => void errors.push(err) } as never);
  return { store: useAppStore, errors };
}

beforeEach(() => {
  app = new AppService({ host: 'browser', dataDir: tempDir() });
});
afterEach(() => {
  releaseCurrent();
  app.shutdown();
});

describe('starting the window', () => {
  it('asks for the lists with project.current, and the first document once the list is in, before drawing the workspace', async () => {
    app.openSample();
    install(app, (m) => m.includes('documents.list') && m.includes('codes.list'));
    const { store, errors } = await freshStore();
    let bootedWithoutRequest = false;
    store.subscribe((s, prev) => {
      if (s.booted && !prev.booted && !asked.some((a) => a.method === 'documents.open')) bootedWithoutRequest = true;
    });
    await store.getState().boot();

    const before = asked.filter((a) => !a.currentAnswered).map((a) => a.method);
    expect(before).toEqual(expect.arrayContaining(['project.current', 'documents.list', 'codes.list']));
    const first = store.getState().documents[0]!;
    expect(store.getState().activeDocument?.id).toBe(first.id);
    expect(store.getState().codes.length).toBeGreaterThan(0);
    expect(bootedWithoutRequest, 'the workspace was drawn before the first document was asked for').toBe(false);
    // asked once each: the early replies were used
    expect(asked.filter((a) => a.method === 'documents.list')).toHaveLength(1);
    expect(asked.filter((a) => a.method === 'codes.list')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('asks for the document open last in this browser with project.current, and shows it', async () => {
    const project = app.openSample();
    install(app, (m) => m.filter((x) => x === 'documents.open' || x === 'media.get').length === 2);
    const docs = (await createDispatcher(app.handlers, () => {})('documents.list', {})) as { ok: true; value: { id: number }[] };
    const second = docs.value[1]!;
    const { store, errors } = await freshStore();
    const { writePlace, placeKey } = await import('../../renderer/store/last-place');
    writePlace(placeKey(project), { documentId: second.id, offset: 0 });

    await store.getState().boot();

    const early = asked.filter((a) => !a.currentAnswered);
    expect(early.map((a) => a.method)).toEqual(expect.arrayContaining(['documents.open', 'media.get']));
    expect(early.find((a) => a.method === 'documents.open')?.input).toEqual({ id: second.id });
    expect(store.getState().activeDocument?.id).toBe(second.id);
    // not asked a second time once the list was in
    expect(asked.filter((a) => a.method === 'documents.open')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('drops, without a notice, the document remembered from another project', async () => {
    app.openSample();
    install(app, (m) => m.includes('documents.open'));
    const { store, errors } = await freshStore();
    localStorage.setItem('weft.place.last', JSON.stringify({ project: 'another-project-guid', documentId: 999_999 }));

    await store.getState().boot();

    const first = store.getState().documents[0]!;
    expect(store.getState().activeDocument?.id).toBe(first.id);
    expect(asked.filter((a) => a.method === 'documents.open').map((a) => a.input)).toEqual([{ id: 999_999 }, { id: first.id }]);
    expect(errors).toEqual([]);
  });

  it('with no project open, the early questions fail quietly and the welcome screen shows', async () => {
    install(app, (m) => m.includes('codes.list'));
    const { store, errors } = await freshStore();

    await store.getState().boot();

    expect(store.getState().booted).toBe(true);
    expect(store.getState().project).toBeNull();
    expect(store.getState().activeDocument).toBeNull();
    expect(errors).toEqual([]);
  });

  it('a start whose lists failed keeps nothing of the remembered document for the next project (same document id)', async () => {
    const a = app.openSample();
    const call = createDispatcher(app.handlers, () => {});
    const value = async (method: string, input: unknown) => {
      const r = await call(method, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as any;
    };
    // project B: one document, whose id is the one remembered in project A
    const bPath = `${tempDir()}/b.weft`;
    await value('project.create', { path: bPath });
    const bText = 'Project B only: 加油 😀\n';
    await value('documents.importFiles', { files: [{ name: 'b.txt', base64: Buffer.from(bText).toString('base64') }] });
    const [bDoc] = await value('documents.list', {});
    await value('project.open', { path: a.path });
    const aDoc = ((await value('documents.list', {})) as { id: number }[]).find((d) => d.id === bDoc.id);
    expect(aDoc, 'project A has a document with the same id').toBeDefined();

    let refuseList = true;
    install(app, (m) => m.includes('documents.open'), (method) => method === 'documents.list' && refuseList);
    const { store, errors } = await freshStore();
    const { writePlace, placeKey } = await import('../../renderer/store/last-place');
    writePlace(placeKey(a), { documentId: bDoc.id, offset: 0 });

    await store.getState().boot();
    expect(errors).toHaveLength(1); // the list could not be read
    expect(store.getState().activeDocument).toBeNull();

    refuseList = false;
    expect(await store.getState().openProject(bPath)).toBe(true);
    const shown = store.getState().activeDocument;
    expect(shown?.id).toBe(bDoc.id);
    expect(shown?.text).toBe(bText);
  });
});
