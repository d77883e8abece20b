/** Work done before answering “Who is coding?” is by “me”, whom the first answer renames (never the OS account). */
import { userInfo } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { createDispatcher } from '../ipc/dispatch';
import { AppService } from './app-service';
import { SettingsStore } from './settings';

const tempDir = useTempDir();

function api(app: AppService) {
  const call = createDispatcher(app.handlers, () => {});
  return async <T>(m: string, input: unknown): Promise<T> => {
    const r = await call(m, input);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as T;
  };
}

const codersOf = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT c.name, count(k.id) AS codings FROM coders c LEFT JOIN codings k ON k.coder_id = c.id GROUP BY c.id ORDER BY c.id').all();
  } finally {
    db.close();
  }
};

async function codeSomething(ok: ReturnType<typeof api>, name: string) {
  const docs = await ok<{ id: number }[]>('documents.list', {});
  await ok('codings.createWithCode', { documentId: docs[0]!.id, start: 0, end: 5, name });
}

describe('the provisional coder', () => {
  it('codes as “me” before anyone answers, and the first answer renames “me” in the open project and in one opened later', async () => {
    const data = tempDir();
    const dir = tempDir();
    const app = new AppService({ host: 'browser', dataDir: data });
    const ok = api(app);
    const identity = await ok<{ name: string; confirmed: boolean }>('team.identity', {});
    expect(identity).toMatchObject({ name: 'me', confirmed: false });
    if (userInfo().username !== 'me') expect(identity.name).not.toBe(userInfo().username);

    // two projects get work before the answer
    const first = join(dir, 'first.weft');
    const second = join(dir, 'second.weft');
    app.createProject(second);
    await importOne(ok);
    await codeSomething(ok, 'Trust');
    app.createProject(first);
    await importOne(ok);
    await codeSomething(ok, 'Trust');
    expect(codersOf(first)).toEqual([{ name: 'me', codings: 1 }]);

    await ok('app.setCoder', { name: 'Ana Núñez' });
    expect(codersOf(first)).toEqual([{ name: 'Ana Núñez', codings: 1 }]);
    const coders = await ok<{ name: string; isMe: boolean }[]>('team.coders', {});
    expect(coders.map((c) => [c.name, c.isMe])).toEqual([['Ana Núñez', true]]);

    // the other project's “me” becomes Ana on her first action there
    app.openProject(second);
    await codeSomething(ok, 'Rapport');
    expect(codersOf(second)).toEqual([{ name: 'Ana Núñez', codings: 2 }]);
    app.shutdown();
  });

  it('an answer naming a coder who exists hands “me”’s work to them in one undo step (identical codings merge); undo brings “me” back, redo repeats', async () => {
    const data = tempDir();
    const path = join(tempDir(), 'team.weft');
    const app = new AppService({ host: 'browser', dataDir: data });
    const ok = api(app);
    app.createProject(path);
    await importOne(ok);
    await codeSomething(ok, 'Trust'); // as the provisional “me”, [0, 5)
    const docs = await ok<{ id: number }[]>('documents.list', {});
    await ok('codings.createWithCode', { documentId: docs[0]!.id, start: 6, end: 12, name: 'Rapport' });
    const meTrust = (await ok<{ id: number; start: number }[]>('codings.listByDocument', { documentId: docs[0]!.id })).find((k) => k.start === 0)!;
    await ok('memos.create', { target: { kind: 'coding', id: meTrust.id }, body: 'said with a smile' });
    app.closeProject();
    // Ben coded the same passage with the same code in this file already (a merged copy)
    const db = new Database(path);
    db.prepare("INSERT INTO coders (guid, name, created_at) VALUES ('b0b', 'Ben', '2026-01-01T00:00:00Z')").run();
    db.prepare(
      `INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at)
       SELECT 'ben-trust', document_id, code_id, (SELECT id FROM coders WHERE name = 'Ben'), start, end, created_at, updated_at FROM codings WHERE id = ?`,
    ).run(meTrust.id);
    db.close();
    app.openProject(path);
    expect(codersOf(path)).toEqual([
      { name: 'me', codings: 2 },
      { name: 'Ben', codings: 1 },
    ]);
    const tables = () => {
      const d = new Database(path, { readonly: true });
      try {
        return {
          coders: d.prepare('SELECT id, guid, name FROM coders ORDER BY id').all(),
          codings: d.prepare('SELECT id, guid, coder_id, start, end FROM codings ORDER BY id').all(),
          memos: d.prepare('SELECT m.body, c.name AS coder, k.guid AS coding FROM memos m LEFT JOIN coders c ON c.id = m.coder_id LEFT JOIN codings k ON k.id = m.coding_id').all(),
        };
      } finally {
        d.close();
      }
    };
    const before = tables();

    const identity = await ok<{ name: string; coderId: number }>('app.setCoder', { name: 'Ben' });
    expect(codersOf(path)).toEqual([{ name: 'Ben', codings: 2 }]); // Trust merged into Ben's, Rapport moved
    const after = tables();
    expect(after.memos).toEqual([{ body: 'said with a smile', coder: 'Ben', coding: 'ben-trust' }]);
    expect(identity.coderId).toBe((after.coders as { id: number; name: string }[]).find((c) => c.name === 'Ben')!.id);
    expect(await ok('undo.state', {})).toMatchObject({ canUndo: true, undoLabel: 'Code as Ben' });

    await ok('undo.undo', {});
    expect(tables()).toEqual(before);
    await ok('undo.redo', {});
    expect(tables()).toEqual(after);
    // new work is Ben's, and undoing it leaves the answer in place
    await ok('codings.createWithCode', { documentId: docs[0]!.id, start: 13, end: 20, name: 'Distance' });
    expect(codersOf(path)).toEqual([{ name: 'Ben', codings: 3 }]);
    await ok('undo.undo', {});
    expect(tables()).toEqual(after);
    app.shutdown();
  });

  it('answering again, or with the name “me” already has, changes nothing and adds no undo step', async () => {
    const data = tempDir();
    const path = join(tempDir(), 'solo.weft');
    const app = new AppService({ host: 'browser', dataDir: data });
    const ok = api(app);
    app.createProject(path);
    await importOne(ok);
    await codeSomething(ok, 'Trust');
    await ok('app.setCoder', { name: 'Ana' });
    expect(codersOf(path)).toEqual([{ name: 'Ana', codings: 1 }]);
    await ok('undo.undo', {}); // the rename
    expect(codersOf(path)).toEqual([{ name: 'me', codings: 1 }]);
    await ok('undo.redo', {});
    await ok('app.setCoder', { name: 'Ana' });
    expect(await ok('undo.state', {})).toMatchObject({ undoLabel: 'Code as Ana' });
    expect(codersOf(path)).toEqual([{ name: 'Ana', codings: 1 }]);
    app.shutdown();
  });

  it('an unconfirmed name saved by an older version (the OS account) is not used', () => {
    const data = tempDir();
    writeFileSync(join(data, 'settings.json'), JSON.stringify({ coderName: 'root', recent: [] }));
    expect(new SettingsStore(data).get()).toMatchObject({ coderName: 'me', coderConfirmed: false });
    writeFileSync(join(data, 'settings.json'), JSON.stringify({ coderName: 'Ana', coderConfirmed: true, recent: [] }));
    expect(new SettingsStore(data).get()).toMatchObject({ coderName: 'Ana', coderConfirmed: true });
  });
});

async function importOne(ok: ReturnType<typeof api>) {
  const base64 = Buffer.from('Amira: 我们 trusted her 🌉 from day one.\n').toString('base64');
  await ok('documents.importFiles', { files: [{ name: 'Interview 1.txt', base64 }] });
}
