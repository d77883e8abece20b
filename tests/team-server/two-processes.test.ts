/**
 * Stateless team server (issue 17): two `weft serve` processes (bin/weft.mjs, as users start it)
 * against one PostgreSQL, sharing nothing else. What one accepts, the other hands out in the same
 * order and announces on its event streams; concurrent uploads through both give one gapless
 * order, which readers never see with a hole (seq 5 before seq 4); re-uploads change nothing.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpEnvelope, SequencedOp } from '../../shared/sync/protocol';
import { addUser } from '../../electron/team-server/accounts';
import { HAS_POSTGRES, startPostgres, type TestPostgres } from '../support/postgres';
import { call, latestSeqOf, login, makeOp, openEvents, spawnServer, type ServerProcess } from '../support/team-server';

const PASSWORD = 'two servers, one store';

interface Pulled {
  ops: SequencedOp[];
  latestSeq: number;
}

async function pullAll(base: string, token: string, guid: string, limit = 5000): Promise<Pulled> {
  const all: SequencedOp[] = [];
  let after = 0;
  let latestSeq = 0;
  for (;;) {
    const r = await call<Pulled>(base, 'GET', `/v1/projects/${guid}/ops?after=${after}&limit=${limit}`, token);
    expect(r.status).toBe(200);
    all.push(...r.body.ops);
    latestSeq = r.body.latestSeq;
    if (!r.body.ops.length || all.length >= latestSeq) break;
    after = r.body.ops.at(-1)!.seq;
  }
  return { ops: all, latestSeq };
}

describe.skipIf(!HAS_POSTGRES)('team server: two processes, one PostgreSQL', () => {
  let cluster: TestPostgres;
  let one: ServerProcess;
  let two: ServerProcess;
  let tokenOne: string;
  let tokenTwo: string;

  beforeAll(async () => {
    cluster = await startPostgres();
    const database = await cluster.createDatabase('two_servers');
    // A database whose default isolation is stricter than PostgreSQL's: uploads must still take turns, not fail.
    const setup = new pg.Client({ connectionString: database });
    await setup.connect();
    await setup.query("ALTER DATABASE two_servers SET default_transaction_isolation = 'serializable'");
    await setup.end();
    // Both start at once: the schema is created once (they take turns on an advisory lock).
    [one, two] = await Promise.all([spawnServer(database), spawnServer(database)]);
    const admin = new pg.Pool({ connectionString: database, max: 1 });
    await addUser(admin, 'ada', PASSWORD);
    await addUser(admin, 'ben', PASSWORD);
    expect((await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_version')).rows[0]!.n).toBe(1);
    await admin.end();
    // ada works through server one, ben through server two.
    tokenOne = await login(one.url, 'ada', PASSWORD, 'ada-laptop');
    tokenTwo = await login(two.url, 'ben', PASSWORD, 'ben-desk');
  });

  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    cluster?.stop();
  });

  const publish = async (guid: string) => {
    expect((await call(one.url, 'POST', '/v1/projects', tokenOne, { guid, name: guid })).status).toBe(201);
    // The owner adds ben through the other server: membership is in PostgreSQL, not in a process.
    expect((await call(two.url, 'POST', `/v1/projects/${guid}/members`, await login(two.url, 'ada', PASSWORD), { user: 'ben', role: 'coder' })).status).toBe(200);
  };

  it('hands out through one process what the other accepted, in the same order, and pushes it on the other’s event stream', async () => {
    const guid = 'relay-project';
    await publish(guid);
    const stream = await openEvents(two.url, tokenTwo, guid);
    expect(stream.status).toBe(200);
    await stream.waitFor((e) => latestSeqOf(e) === 0);
    const batch1 = [1, 2, 3].map((n) => makeOp('ada-laptop', n, { coding: n }));
    const batch2 = [4, 5].map((n) => makeOp('ada-laptop', n, { coding: n }));
    expect((await call(one.url, 'POST', `/v1/projects/${guid}/ops`, tokenOne, { ops: batch1 })).body).toMatchObject({ accepted: 3, latestSeq: 3 });
    await stream.waitFor((e) => e.event === 'ops' && latestSeqOf(e) === 3);
    expect((await call(one.url, 'POST', `/v1/projects/${guid}/ops`, tokenOne, { ops: batch2 })).body).toMatchObject({ accepted: 2, latestSeq: 5 });
    await stream.waitFor((e) => latestSeqOf(e) === 5);
    const fromTwo = await pullAll(two.url, tokenTwo, guid);
    const fromOne = await pullAll(one.url, tokenOne, guid);
    expect(fromTwo).toEqual(fromOne);
    expect(fromTwo.ops).toEqual([...batch1, ...batch2].map((op, i) => ({ seq: i + 1, op })));
    // And back: ben's upload through two reaches a stream on one.
    const streamOne = await openEvents(one.url, tokenOne, guid);
    await streamOne.waitFor((e) => latestSeqOf(e) === 5);
    await call(two.url, 'POST', `/v1/projects/${guid}/ops`, tokenTwo, { ops: [makeOp('ben-desk', 1)] });
    await streamOne.waitFor((e) => latestSeqOf(e) === 6);
    stream.close();
    streamOne.close();
  });

  it('gives concurrent uploads through both processes one gapless order that readers never see with a hole', async () => {
    const guid = 'concurrent-project';
    await publish(guid);
    const clients = 8;
    const batches = 12;
    const perBatch = 5;
    const opsOf = (c: number) => Array.from({ length: batches * perBatch }, (_, i) => makeOp(`client-${c}`, i, { c, i }));
    let uploading = true;
    const holes: string[] = [];
    // A reader polling both processes while the uploads run: every answer must be 1…latestSeq.
    const reader = (async () => {
      let reads = 0;
      while (uploading || reads < 2) {
        for (const [base, token] of [
          [one.url, tokenOne],
          [two.url, tokenTwo],
        ] as const) {
          const r = await call<Pulled>(base, 'GET', `/v1/projects/${guid}/ops?after=0`, token);
          const seqs = r.body.ops.map((o) => o.seq);
          const expected = Array.from({ length: r.body.latestSeq }, (_, i) => i + 1);
          if (JSON.stringify(seqs) !== JSON.stringify(expected)) holes.push(`latestSeq ${r.body.latestSeq}, seqs ${seqs.join(',')}`);
          reads += 1;
        }
      }
      return reads;
    })();
    const ranges: [number, number][] = [];
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const base = c % 2 ? two.url : one.url;
        const token = c % 2 ? tokenTwo : tokenOne;
        const ops = opsOf(c);
        for (let b = 0; b < batches; b++) {
          const r = await call<{ accepted: number; latestSeq: number }>(base, 'POST', `/v1/projects/${guid}/ops`, token, { ops: ops.slice(b * perBatch, (b + 1) * perBatch) });
          expect(r.status).toBe(200);
          expect(r.body.accepted).toBe(perBatch);
          ranges.push([r.body.latestSeq - perBatch + 1, r.body.latestSeq]);
        }
      }),
    );
    uploading = false;
    expect(await reader).toBeGreaterThan(1);
    expect(holes).toEqual([]);
    const total = clients * batches * perBatch;
    // Each upload got its own block of sequence numbers; together they are 1…total.
    const covered = ranges.sort((a, b) => a[0] - b[0]).flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));
    expect(covered).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const fromOne = await pullAll(one.url, tokenOne, guid, 100);
    const fromTwo = await pullAll(two.url, tokenTwo, guid, 77);
    expect(fromOne.latestSeq).toBe(total);
    expect(fromOne).toEqual(fromTwo);
    expect(fromOne.ops.map((o) => o.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(fromOne.ops.map((o) => o.op.id)).size).toBe(total);
    // Each client's operations keep the order it sent them in.
    for (let c = 0; c < clients; c++) {
      const mine = fromOne.ops.filter((o) => o.op.clientId === `client-${c}`).map((o) => o.op);
      expect(mine).toEqual(opsOf(c));
    }
  });

  it('ignores re-uploads of the same operations through either process, even at the same time', async () => {
    const guid = 'retry-project';
    await publish(guid);
    const ops: OpEnvelope[] = Array.from({ length: 40 }, (_, i) => makeOp('flaky-laptop', i));
    // A client whose connection dropped sends the same batch again through the other process, twice at once.
    const replies = await Promise.all([
      call<{ accepted: number; latestSeq: number }>(one.url, 'POST', `/v1/projects/${guid}/ops`, tokenOne, { ops }),
      call<{ accepted: number; latestSeq: number }>(two.url, 'POST', `/v1/projects/${guid}/ops`, tokenTwo, { ops }),
      call<{ accepted: number; latestSeq: number }>(two.url, 'POST', `/v1/projects/${guid}/ops`, tokenTwo, { ops: ops.slice(10, 30) }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies.reduce((n, r) => n + r.body.accepted, 0)).toBe(40);
    const pulled = await pullAll(two.url, tokenTwo, guid);
    expect(pulled.latestSeq).toBe(40);
    expect(new Set(pulled.ops.map((o) => o.op.id))).toEqual(new Set(ops.map((o) => o.id)));
    const again = await call<{ accepted: number; latestSeq: number }>(one.url, 'POST', `/v1/projects/${guid}/ops`, tokenOne, { ops });
    expect(again.body).toMatchObject({ accepted: 0, latestSeq: 40 });
  });
});
