/**
 * `extracts.list` and a page of `extracts.page` are each one state of the project: read while another program (the `weft` command
 * line, a second window's service) commits new codes and codings, every extract it returns comes
 * from the state it started in, never half of one and half of the next (on a real project file,
 * a real second connection writing in a worker thread meanwhile).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { writeLargeProject } from '../../tests/support/large-project';
import { encodeExtracts, listExtracts, pageExtracts } from './extracts';
import { ProjectSession } from './project-session';

const tempDir = useTempDir();

/** A worker that, until told to stop, commits a new code and a coding of it in the last document, one transaction each. */
const WRITER = `
const { workerData, parentPort } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const Database = require(workerData.sqlite);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const stop = new Int32Array(workerData.stop);
const last = db.prepare('SELECT id, length(text) FROM documents ORDER BY position DESC, id DESC LIMIT 1').raw().get();
const coder = db.prepare('SELECT coder_id FROM codings LIMIT 1').pluck().get();
const addCode = db.prepare("INSERT INTO codes (guid, parent_id, name, color, definition, inclusion, exclusion, example, position, created_at, updated_at) SELECT ?, NULL, ?, color, definition, inclusion, exclusion, example, position + ?, created_at, updated_at FROM codes LIMIT 1");
const addCoding = db.prepare('INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
const write = db.transaction((i) => {
  const code = addCode.run(randomUUID(), 'Added elsewhere ' + i, 1000 + i).lastInsertRowid;
  const start = i % Math.max(1, last[1] - 5);
  addCoding.run(randomUUID(), last[0], code, coder, start, start + 3, new Date().toISOString(), new Date().toISOString());
});
let i = 0;
parentPort.postMessage('ready');
while (Atomics.load(stop, 0) === 0) write(++i);
db.close();
parentPort.postMessage(i);
`;

describe('extracts.list and extracts.page while another connection commits', () => {
  it('every extract comes from the state the list started in', async () => {
    const path = join(tempDir(), 'busy.weft');
    writeLargeProject(path, { documents: 120, words: 400, codings: 25 });
    const session = ProjectSession.open(path, 'Ana');
    const stop = new SharedArrayBuffer(4);
    const worker = new Worker(WRITER, { eval: true, workerData: { path, stop, sqlite: require.resolve('better-sqlite3') } });
    const committed = new Promise<number>((resolve, reject) => {
      worker.on('message', (m) => typeof m === 'number' && resolve(m));
      worker.on('error', reject);
    });
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    const failures: string[] = [];
    try {
      for (let round = 0; round < 6; round++) {
        for (const list of [() => listExtracts(session.db), () => encodeExtracts(session.db).decode(), () => pageExtracts(session.db, { limit: 10_000 }).extracts]) {
          try {
            // every extract names its code: none is of a code committed after the list began
            const extracts = list();
            expect(extracts.length).toBeGreaterThan(0);
            expect(extracts.every((e) => typeof e.codeName === 'string')).toBe(true);
          } catch (err) {
            failures.push((err as Error).message);
          }
        }
      }
    } finally {
      Atomics.store(new Int32Array(stop), 0, 1);
    }
    expect(await committed).toBeGreaterThan(0);
    session.close();
    expect(failures).toEqual([]);
  }, 60_000);
});
