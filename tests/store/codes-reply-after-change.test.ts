/**
 * A codes.list reply read before a coding was applied must not win over the change: the real store,
 * through a preload whose API functions call the real dispatcher on the real sample project, asks
 * for the codebook at start; its reply is read at once but held back until a coding has been
 * applied (and merged into the list). The codebook the store ends with equals a fresh codes.list:
 * the older reply was asked for again, not applied over the change nor left to leave the list short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import type { CodeWithCounts } from '../../shared/types/entities';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
let app: AppService;
let call: ReturnType<typeof createDispatcher>;
const asked: string[] = [];
let releaseFirstCodes: () => void = () => {};

beforeAll(() => {
  app = new AppService({ host: 'browser', dataDir: tempDir() });
  app.openSample();
  call = createDispatcher(app.handlers, () => {});
  let held = false;
  const api = new Proxy({} as Record<string, (input: unknown) => Promise<unknown>>, {
    get: (_t, method: string) => async (input: unknown) => {
      asked.push(method);
      const reply = await call(method, input); // read now
      if (method === 'codes.list' && !held) {
        held = true;
        await new Promise<void>((resolve) => (releaseFirstCodes = resolve)); // answered later
      }
      return reply;
    },
  });
  const preload = { host: 'electron', api, dialogs: {}, onEvent: () => () => {} };
  Object.assign(globalThis, { window: { weft: preload, getSelection: () => null, confirm: () => true } });
});
afterAll(() => app.shutdown());

describe('a codebook reply older than a merged change', () => {
  it('is asked for again, so the codebook shows the change and every code', async () => {
    const { useAppStore } = await import('../../renderer/store/index');
    const store = useAppStore;
    const errors: unknown[] = [];
    store.setState({ notifyError: (err: unknown) => void errors.push(err) } as never);
    const loading = store.getState().loadProjectData();
    // the first document is open while the codebook's reply is still held back
    await expect.poll(() => store.getState().activeDocument?.id ?? null).not.toBeNull();
    const doc = store.getState().activeDocument!;
    const fresh = async () => {
      const r = await call('codes.list', {});
      if (!r.ok) throw new Error(r.error.message);
      return r.value as CodeWithCounts[];
    };
    const code = (await fresh()).find((c) => c.parentId !== null)!;
    expect(await store.getState().applyCode(code.id, { documentId: doc.id, start: 1, end: 12 })).toBe(true);
    releaseFirstCodes();
    await loading;
    expect(errors).toEqual([]);
    const now = await fresh();
    expect(store.getState().codes).toEqual(now);
    expect(store.getState().codes.find((c) => c.id === code.id)!.codings).toBe(code.codings + 1);
    expect(asked.filter((m) => m === 'codes.list').length).toBeGreaterThanOrEqual(2);
  });
});
