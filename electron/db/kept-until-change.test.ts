/**
 * Lists kept until the project changes (kept-until-change.ts), as the API serves `codes.list` and
 * `documents.list`, on a real project file: asked again with nothing written they are the very
 * same value (not read again); any change — through the API, or committed by another connection
 * to the file (another door, such as the `weft` command line) — gives the fresh list, equal to
 * what a connection of its own reads.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { createDispatcher } from '../ipc/dispatch';
import { AppService } from '../services/app-service';
import { listCodes } from '../services/codes';
import { listDocuments } from '../services/documents';
import { openProjectFile } from './connection';
import { keptUntilChange } from './kept-until-change';

const tempDir = useTempDir();
let app: AppService;
let call: ReturnType<typeof createDispatcher>;
let path: string;

const value = async (method: string, input: unknown = {}) => {
  const r = await call(method, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** What a connection of its own reads now (no kept value). */
function fresh<T>(read: (db: Database.Database) => T): T {
  const db = openProjectFile(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  app = new AppService({ host: 'browser', dataDir: tempDir() });
  call = createDispatcher(app.handlers, () => {});
  path = join(tempDir(), 'kept.weft');
  await value('project.create', { path });
  await value('codes.create', { name: 'Workload' });
  await value('documents.importFiles', { files: [{ name: 'a.txt', base64: Buffer.from('Ana: It was a lot of work.\nBo: Yes.').toString('base64') }] });
});
afterEach(() => app.shutdown());

describe('lists kept until the project changes', () => {
  it('asked again with nothing written: the same list, not read again', async () => {
    const codes = await value('codes.list');
    expect(await value('codes.list')).toBe(codes);
    const documents = await value('documents.list');
    expect(await value('documents.list')).toBe(documents);
    // shared, so frozen: a caller cannot change everyone's copy
    expect(Object.isFrozen(codes) && Object.isFrozen((codes as object[])[0])).toBe(true);
  });

  it('a change through the API gives the fresh list', async () => {
    const before = await value('codes.list');
    await value('codes.create', { name: 'Support' });
    const after = (await value('codes.list')) as { name: string }[];
    expect(after).not.toBe(before);
    expect(after.map((c) => c.name)).toEqual(['Workload', 'Support']);
    expect(after).toEqual(fresh(listCodes));
  });

  it('a change committed by another connection (another door) gives the fresh list', async () => {
    const codes = await value('codes.list');
    const documents = (await value('documents.list')) as { id: number; codings: number }[];
    const other = new Database(path);
    try {
      const now = new Date().toISOString();
      other.prepare("INSERT INTO codes (guid, name, position, created_at, updated_at) VALUES ('g-elsewhere', 'From the command line', 9, ?, ?)").run(now, now);
      const code = other.prepare("SELECT id FROM codes WHERE guid = 'g-elsewhere'").pluck().get() as number;
      const coder = other.prepare('SELECT id FROM coders LIMIT 1').pluck().get() as number;
      other
        .prepare("INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES ('k-elsewhere', ?, ?, ?, 0, 3, ?, ?)")
        .run(documents[0]!.id, code, coder, now, now);
    } finally {
      other.close();
    }
    const after = (await value('codes.list')) as { name: string; codings: number }[];
    expect(after).not.toBe(codes);
    expect(after.find((c) => c.name === 'From the command line')).toMatchObject({ codings: 1 });
    expect(after).toEqual(fresh(listCodes));
    const docsAfter = (await value('documents.list')) as { codings: number }[];
    expect(docsAfter[0]!.codings).toBe(documents[0]!.codings + 1);
    expect(docsAfter).toEqual(fresh(listDocuments));
  });

  it('a value built inside a transaction that is rolled back is not kept', () => {
    const db = app.current().db;
    let builds = 0;
    const count = () => keptUntilChange(db, 'test.count', () => (builds++, db.prepare('SELECT count(*) FROM codes').pluck().get() as number));
    expect(count()).toBe(1);
    try {
      db.transaction(() => {
        db.prepare("INSERT INTO codes (guid, name, created_at, updated_at) VALUES ('g-rolled', 'Rolled back', '', '')").run();
        expect(count()).toBe(2);
        throw new Error('roll back');
      })();
    } catch {
      // rolled back
    }
    expect(count()).toBe(1);
    const afterRollback = builds;
    expect(count()).toBe(1);
    expect(builds).toBe(afterRollback);
  });

  it('values of an earlier state are let go once the project has changed, not only when their own key is asked again', async () => {
    // a full collection on demand (the flag is set at run time, then gc is read from a fresh context)
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const db = app.current().db;
    // a large value kept under a key of its own (one per theme reviewed, or per query): never asked again
    const big = new WeakRef(keptUntilChange(db, 'test.large', () => ({ rows: new Array<number>(100_000).fill(1) }), { freeze: false }));
    await value('codes.create', { name: 'Support' });
    // any kept value asked for in the new state
    await value('codes.list');
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(big.deref()).toBeUndefined();
  });
});
