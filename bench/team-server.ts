/**
 * Figure 14: the team server (issue 17), on a throwaway PostgreSQL cluster (tests/support/postgres.ts,
 * durable: fsync on) with `weft serve` bundled as the CLI ships (dist/bench/weft-cli.mjs), started
 * as real processes. Not run when PostgreSQL's binaries are absent.
 *
 * 14a operations per second through one server process: concurrent uploaders (each its own coder
 *     and laptop), batches of BATCH operations, two uploaders per project; baseline the same rows
 *     inserted straight into PostgreSQL (one multi-row INSERT per batch, no HTTP, no token check,
 *     no counter), with as many connections.
 * 14b the same load split over two server processes against the one database.
 * 14c/14d latency from one client's upload of a coding to every other client having it (its event
 *     stream said so and it pulled the operation), 10 and 50 clients on one project, half of them
 *     on each server process (so most deliveries cross processes through NOTIFY). Baseline: the
 *     upload's own round trip.
 * 14e the server process's memory: peak resident set after all of the above, against its idle RSS.
 * 14f what one connected client costs the process: RSS growth with IDLE_STREAMS more event streams
 *     open (one member's token, one project), divided by their number.
 * 14g the client side, no server needed: a synced project file applying a pulled page of PAGE new
 *     codings (what another coder just sent) — only the new operations (`applyRemote`'s incremental
 *     path); baseline the same pages on a second file rebuilt from the whole log each time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { addUser } from '../electron/team-server/accounts.js';
import type { SequencedOp } from '../shared/sync/protocol.js';
import { parsePlainText } from '../shared/import/plain-text.js';
import { createProjectFile, type DB } from '../electron/db/connection.js';
import { createCode } from '../electron/services/codes.js';
import { createCoding } from '../electron/services/codings.js';
import { insertDocument } from '../electron/services/documents.js';
import { currentCoderId } from '../electron/services/project-session.js';
import { createProjectFromOps, openReplica } from '../electron/services/sync/replica.js';
import { OrderedLog } from '../tests/sync/team.js';
import { HAS_POSTGRES, startPostgres, type TestPostgres } from '../tests/support/postgres.js';
import { call, login, makeOp, openEvents, spawnServer, type EventStream, type ServerProcess } from '../tests/support/team-server.js';
import { bundleForBench } from './backend-bundle.js';
import { procStatusBytes } from './child.js';
import { fmtBytes, fmtInt, fmtMs, fmtRate, percentile, type Figure } from './report.js';
import type { BenchSize } from './sizes.js';

export const TEAM_LABELS = {
  one: 'Team server: operations/s through one process',
  two: 'Team server: operations/s through two processes (one PostgreSQL)',
  lat10: 'Team server: upload → seen by another client (event + pull), 10 clients',
  lat50: 'Team server: upload → seen by another client (event + pull), 50 clients',
  memory: 'Team server: memory of one server process (VmHWM)',
  perStream: 'Team server: memory per open event stream (one connected client)',
  apply: 'Sync client: apply a pulled page of 20 codings to a synced project',
};

/** Idle event streams opened at once on one process for 14f. */
const IDLE_STREAMS = 400;

const BATCH = 20;
const PASSWORD = 'benchmark password';

export interface TeamServerResult {
  figures: Figure[];
  diagnostics: string[];
  /** The generated paragraph on what a lab of 1,000 coders would need. */
  estimate: string | null;
}

export function teamServerNotRun(reason: string): TeamServerResult {
  const f = (id: string, label: string): Figure => ({ id, label, status: 'unavailable', result: '', note: `not run: ${reason}` });
  return {
    figures: [
      f('14a', TEAM_LABELS.one),
      f('14b', TEAM_LABELS.two),
      f('14c', TEAM_LABELS.lat10),
      f('14d', TEAM_LABELS.lat50),
      f('14e', TEAM_LABELS.memory),
      f('14f', TEAM_LABELS.perStream),
      f('14g', TEAM_LABELS.apply),
    ],
    diagnostics: [],
    estimate: null,
  };
}

/** `weft` bundled (as scripts/build.mjs bundles it), two levels below the root like dist/cli, so it finds the schema. */
const bundleCli = (): Promise<string> => bundleForBench('electron/cli/main.ts', 'weft-cli.mjs');

const now = () => performance.now();

interface Uploader {
  base: string;
  token: string;
  guid: string;
  client: string;
}

/** Every uploader sends `batches` batches one after another; all uploaders at once. Returns ops/s. */
async function uploadLoad(uploaders: Uploader[], batches: number): Promise<{ rate: number; ms: number; ops: number }> {
  const t0 = now();
  await Promise.all(
    uploaders.map(async (u) => {
      for (let b = 0; b < batches; b++) {
        const ops = Array.from({ length: BATCH }, (_, i) => makeOp(u.client, b * BATCH + i, { kind: 'coding.add', coding: `${u.client}-${b}-${i}`, start: i * 10, end: i * 10 + 40 }));
        const r = await call(u.base, 'POST', `/v1/projects/${u.guid}/ops`, u.token, { ops });
        if (r.status !== 200) throw new Error(`upload refused: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }),
  );
  const ms = now() - t0;
  const ops = uploaders.length * batches * BATCH;
  return { rate: ops / (ms / 1000), ms, ops };
}

async function rawInsertBaseline(database: string, connections: number, batches: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: database, max: connections });
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_ops (LIKE ops INCLUDING ALL)');
    const t0 = now();
    await Promise.all(
      Array.from({ length: connections }, async (_, c) => {
        for (let b = 0; b < batches; b++) {
          const ops = Array.from({ length: BATCH }, (_, i) => makeOp(`raw-${c}`, b * BATCH + i, { kind: 'coding.add', coding: `raw-${c}-${b}-${i}`, start: i * 10, end: i * 10 + 40 }));
          const seqs = ops.map((_, i) => c * 1_000_000 + b * BATCH + i + 1);
          await pool.query(
            `INSERT INTO bench_ops (project_id, seq, op_id, hlc, client_id, actor, body, uploaded_by)
             SELECT 1, s, i, h, c, a, b::json, 1 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(s, i, h, c, a, b)`,
            [seqs, ops.map((o) => o.id), ops.map((o) => o.hlc), ops.map((o) => o.clientId), ops.map((o) => o.actor), ops.map((o) => JSON.stringify(o.body))],
          );
        }
      }),
    );
    return (connections * batches * BATCH) / ((now() - t0) / 1000);
  } finally {
    await pool.end();
  }
}

interface SimClient {
  name: string;
  base: string;
  token: string;
  stream: EventStream;
  known: number;
  /** seq → when this client had pulled it */
  seen: Map<number, number>;
  pulling: Promise<void> | null;
  again: boolean;
}

/** A client as the sync client behaves: on every event, pull what came after what it has. */
function follow(c: SimClient, guid: string) {
  const pullNow = async () => {
    do {
      c.again = false;
      const r = await call<{ ops: SequencedOp[]; latestSeq: number }>(c.base, 'GET', `/v1/projects/${guid}/ops?after=${c.known}`, c.token);
      const t = now();
      for (const o of r.body.ops) c.seen.set(o.seq, t);
      if (r.body.ops.length) c.known = r.body.ops.at(-1)!.seq;
    } while (c.again);
    c.pulling = null;
  };
  const onEvent = () => {
    if (c.pulling) c.again = true;
    else c.pulling = pullNow();
  };
  let count = c.stream.events.length;
  const poll = setInterval(() => {
    if (c.stream.events.length > count) {
      count = c.stream.events.length;
      onEvent();
    }
  }, 1);
  return () => clearInterval(poll);
}

async function latency(servers: ServerProcess[], admin: pg.Pool, clients: number, rounds: number, tag: string): Promise<{ samples: number[]; uploads: number[] }> {
  const guid = `latency-${tag}`;
  const owner = await login(servers[0]!.url, 'owner', PASSWORD, `${tag}-owner`);
  await call(servers[0]!.url, 'POST', '/v1/projects', owner, { guid, name: `Latency ${clients}` });
  const sims: SimClient[] = [];
  for (let i = 0; i < clients; i++) {
    const user = `coder${i}`;
    const exists = await admin.query('SELECT 1 FROM users WHERE name = $1', [user]);
    if (!exists.rows[0]) await addUser(admin, user, PASSWORD);
    await call(servers[0]!.url, 'POST', `/v1/projects/${guid}/members`, owner, { user, role: 'coder' });
    const base = servers[i % servers.length]!.url;
    const token = await login(base, user, PASSWORD, `${tag}-${i}`);
    const stream = await openEvents(base, token, guid);
    if (stream.status !== 200) throw new Error(`event stream refused: ${stream.status}`);
    sims.push({ name: user, base, token, stream, known: 0, seen: new Map(), pulling: null, again: false });
  }
  const stops = sims.map((c) => follow(c, guid));
  const samples: number[] = [];
  const uploads: number[] = [];
  try {
    await new Promise((r) => setTimeout(r, 200));
    for (let r = 0; r < rounds; r++) {
      const sender = sims[r % sims.length]!;
      const t0 = now();
      const reply = await call<{ latestSeq: number }>(sender.base, 'POST', `/v1/projects/${guid}/ops`, sender.token, { ops: [makeOp(`${tag}-${sender.name}`, r, { kind: 'coding.add', round: r })] });
      uploads.push(now() - t0);
      const seq = reply.body.latestSeq;
      const others = sims.filter((c) => c !== sender);
      const deadline = now() + 10_000;
      while (others.some((c) => !c.seen.has(seq))) {
        if (now() > deadline) throw new Error(`round ${r}: ${others.filter((c) => !c.seen.has(seq)).length} clients did not get seq ${seq} within 10 s`);
        await new Promise((res) => setTimeout(res, 1));
      }
      for (const c of others) samples.push(c.seen.get(seq)! - t0);
    }
  } finally {
    for (const s of stops) s();
    for (const c of sims) c.stream.close();
  }
  return { samples, uploads };
}

export async function measureTeamServer(size: BenchSize, log: (msg: string) => void, want: (id: string) => boolean): Promise<TeamServerResult> {
  const apply = want('14g') ? measureSyncApply(size, log) : null;
  const withApply = (r: TeamServerResult): TeamServerResult => (apply ? { ...r, figures: [...r.figures.filter((f) => f.id !== '14g'), apply] } : r);
  if (!HAS_POSTGRES) return withApply(teamServerNotRun('no PostgreSQL binaries under /usr/lib/postgresql/*/bin'));
  if (!['14a', '14b', '14c', '14d', '14e', '14f'].some(want)) return withApply({ figures: [], diagnostics: [], estimate: null });
  return withApply(await measureServer(size, log, want));
}

const PAGE = 20;

/** 14g: see the header. Two files of one synced project; each round the founder codes PAGE passages and both apply the page. */
function measureSyncApply(size: BenchSize, log: (msg: string) => void): Figure {
  const small = size.name === 'small';
  const total = small ? 2_000 : size.name === 'large' ? 60_000 : 20_000;
  const rounds = small ? 15 : 40;
  log(`14g. a synced project of ${fmtInt(total)} codings applying ${rounds} pages of ${PAGE} …`);
  const dir = mkdtempSync(join(tmpdir(), 'weft-bench-sync-'));
  const dbs: DB[] = [];
  try {
    const founder = createProjectFile(join(dir, 'founder.weft'));
    dbs.push(founder);
    const text = Array.from({ length: 4000 }, (_, i) => `Sentence ${i} of the interview, about care and trust.`).join(' ');
    const ids = founder.transaction(() => {
      const coderId = currentCoderId(founder, 'Ana');
      const doc = insertDocument(founder, parsePlainText(text, 'UTF-8'), { name: 'Interview', sourceName: null, coderId });
      const codes = Array.from({ length: 10 }, (_, i) => createCode(founder, { name: `Code ${i}` }).id);
      return { coderId, doc, codes };
    })();
    let made = 0;
    const code = (n: number) =>
      founder.transaction(() => {
        for (let i = 0; i < n; i++, made++) {
          const start = (made * 7) % (text.length - 40);
          createCoding(founder, { documentId: ids.doc, codeId: ids.codes[made % ids.codes.length]!, start, end: start + 5 + (made % 30), coderId: ids.coderId });
        }
      })();
    code(total);
    const server = new OrderedLog();
    const replica = openReplica(founder);
    replica.enable({ serverUrl: 'memory:', projectGuid: 'bench-project', clientId: 'founder' });
    server.push(replica.snapshot());
    replica.markPushed(replica.pending().map((o) => o.id));
    const join2 = (name: string, incremental: boolean) => {
      const db = createProjectFromOps(join(dir, name), { name: 'Bench', serverUrl: 'memory:', projectGuid: 'bench-project', clientId: name.replace(/\W/g, ''), ops: server.after(0) });
      dbs.push(db);
      const r = openReplica(db, { incremental });
      return r;
    };
    const inc = join2('incremental.weft', true);
    const full = join2('rebuild.weft', false);
    const times = { inc: [] as number[], full: [] as number[] };
    let rebuilt = 0;
    for (let round = 0; round <= rounds; round++) {
      code(PAGE);
      server.push(replica.pending());
      replica.markPushed(replica.pending().map((o) => o.id));
      for (const [r, out] of [
        [inc, times.inc],
        [full, times.full],
      ] as const) {
        const page = server.after(r.link()!.lastSeq);
        const t0 = performance.now();
        const report = r.applyRemote(page);
        if (round === 0) continue; // the first page after opening rebuilds (the tables are not yet known to match)
        out.push(performance.now() - t0);
        if (r === inc && report.rebuilt) rebuilt++;
      }
    }
    const p50 = percentile(times.inc, 50);
    const base = percentile(times.full, 50);
    return {
      id: '14g',
      label: TEAM_LABELS.apply,
      status: 'measured',
      value: percentile(times.inc, 99),
      cost: p50,
      result: `p50 ${fmtMs(p50)} · p99 ${fmtMs(percentile(times.inc, 99))} (${rounds} pages onto ${fmtInt(total)} codings${rebuilt ? `; ${rebuilt} rebuilt` : ''})`,
      baseline: `rebuilt from the whole log: p50 ${fmtMs(base)} · p99 ${fmtMs(percentile(times.full, 99))}`,
      ratio: p50 / base,
    };
  } finally {
    for (const db of dbs) db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureServer(size: BenchSize, log: (msg: string) => void, want: (id: string) => boolean): Promise<TeamServerResult> {
  const small = size.name === 'small';
  const uploaderCount = 8;
  const batches = small ? 15 : 60;
  const rounds = small ? 20 : 100;
  const figures: Figure[] = [];
  const diagnostics: string[] = [];
  let cluster: TestPostgres | null = null;
  const servers: ServerProcess[] = [];
  let admin: pg.Pool | null = null;
  try {
    log('14. team server: PostgreSQL cluster and two weft serve processes …');
    cluster = await startPostgres({ durable: true });
    const database = await cluster.createDatabase('bench');
    const cli = await bundleCli();
    servers.push(await spawnServer(database, [], cli));
    servers.push(await spawnServer(database, [], cli));
    await new Promise((r) => setTimeout(r, 300));
    const idle = procStatusBytes(servers[0]!.pid, 'VmRSS') ?? NaN;
    admin = new pg.Pool({ connectionString: database, max: 2 });
    await addUser(admin, 'owner', PASSWORD);
    const ownerToken = await login(servers[0]!.url, 'owner', PASSWORD, 'bench-owner');
    await call(servers[0]!.url, 'POST', '/v1/projects', ownerToken, { guid: 'streams-project', name: 'Streams' });
    for (let u = 0; u < uploaderCount; u++) await addUser(admin, `uploader${u}`, PASSWORD);

    const makeUploaders = async (tag: string, through: ServerProcess[]): Promise<Uploader[]> => {
      const list: Uploader[] = [];
      for (let u = 0; u < uploaderCount; u++) {
        const guid = `${tag}-project-${Math.floor(u / 2)}`;
        if (u % 2 === 0) await call(servers[0]!.url, 'POST', '/v1/projects', ownerToken, { guid, name: guid });
        await call(servers[0]!.url, 'POST', `/v1/projects/${guid}/members`, ownerToken, { user: `uploader${u}`, role: 'coder' });
        const base = through[u % through.length]!.url;
        list.push({ base, token: await login(base, `uploader${u}`, PASSWORD, `${tag}-${u}`), guid, client: `${tag}-laptop-${u}` });
      }
      return list;
    };

    let rateOne = NaN;
    let rateTwo = NaN;
    let baseline = NaN;
    if (want('14a') || want('14b')) {
      log(`14a. ${uploaderCount} uploaders × ${batches} batches of ${BATCH} through one process …`);
      await uploadLoad(await makeUploaders('warm', [servers[0]!]), 2);
      const one = await uploadLoad(await makeUploaders('one', [servers[0]!]), batches);
      rateOne = one.rate;
      baseline = await rawInsertBaseline(database, uploaderCount, batches);
      figures.push({
        id: '14a',
        label: TEAM_LABELS.one,
        status: 'measured',
        value: one.rate,
        result: `${fmtRate(one.rate, 'ops')} (${fmtInt(one.ops)} ops in batches of ${BATCH}, ${uploaderCount} uploaders on ${uploaderCount / 2} projects, ${fmtMs(one.ms)})`,
        baseline: `the same rows inserted straight into PostgreSQL (${uploaderCount} connections): ${fmtRate(baseline, 'ops')}`,
        ratio: baseline / one.rate,
      });
      log(`14b. the same through two processes …`);
      const two = await uploadLoad(await makeUploaders('two', servers), batches);
      rateTwo = two.rate;
      figures.push({
        id: '14b',
        label: TEAM_LABELS.two,
        status: 'measured',
        value: two.rate,
        result: `${fmtRate(two.rate, 'ops')} (${fmtInt(two.ops)} ops, ${fmtMs(two.ms)})`,
        baseline: `one process: ${fmtRate(one.rate, 'ops')}`,
        ratio: one.rate / two.rate,
      });
    }

    const lat: Record<number, { p50: number; p99: number; upload: number } | undefined> = {};
    for (const [id, clients, label] of [
      ['14c', 10, TEAM_LABELS.lat10],
      ['14d', 50, TEAM_LABELS.lat50],
    ] as const) {
      if (!want(id)) continue;
      log(`${id}. ${clients} clients on two processes, ${rounds} uploads …`);
      const r = await latency(servers, admin, clients, rounds, `c${clients}`);
      const p50 = percentile(r.samples, 50);
      const p99 = percentile(r.samples, 99);
      const up50 = percentile(r.uploads, 50);
      lat[clients] = { p50, p99, upload: up50 };
      figures.push({
        id,
        label,
        status: 'measured',
        value: p99,
        result: `p50 ${fmtMs(p50)} · p99 ${fmtMs(p99)} (${fmtInt(r.samples.length)} deliveries of ${rounds} uploads)`,
        baseline: `the upload's own round trip: p50 ${fmtMs(up50)} · p99 ${fmtMs(percentile(r.uploads, 99))}`,
        ratio: p50 / up50,
      });
    }

    const streamsOpen = procStatusBytes(servers[0]!.pid, 'VmRSS') ?? NaN;
    const peak = procStatusBytes(servers[0]!.pid, 'VmHWM') ?? NaN;
    if (want('14e')) {
      figures.push({
        id: '14e',
        label: TEAM_LABELS.memory,
        status: 'measured',
        value: peak,
        result: `${fmtBytes(peak)} peak after 14a–d (RSS now ${fmtBytes(streamsOpen)})`,
        baseline: `idle, just started: ${fmtBytes(idle)}`,
        ratio: peak / idle,
      });
    }
    let perStream = NaN;
    if (want('14f')) {
      log(`14f. ${IDLE_STREAMS} idle event streams on one process …`);
      await new Promise((r) => setTimeout(r, 500));
      const before = procStatusBytes(servers[0]!.pid, 'VmRSS') ?? NaN;
      const open: EventStream[] = [];
      for (let i = 0; i < IDLE_STREAMS; i += 50) {
        open.push(...(await Promise.all(Array.from({ length: 50 }, () => openEvents(servers[0]!.url, ownerToken, 'streams-project')))));
      }
      await Promise.all(open.map((e) => e.waitFor((x) => x.event === 'ops')));
      await new Promise((r) => setTimeout(r, 500));
      const after = procStatusBytes(servers[0]!.pid, 'VmRSS') ?? NaN;
      for (const e of open) e.close();
      perStream = Math.max(0, after - before) / IDLE_STREAMS;
      figures.push({
        id: '14f',
        label: TEAM_LABELS.perStream,
        status: 'measured',
        value: perStream,
        result: `${fmtBytes(perStream)} (RSS ${fmtBytes(before)} → ${fmtBytes(after)} with ${IDLE_STREAMS} more streams)`,
      });
    }
    const stored = await admin.query<{ n: string; bytes: string }>("SELECT (SELECT count(*) FROM ops) AS n, pg_total_relation_size('ops') AS bytes");
    const opsStored = Number(stored.rows[0]!.n);
    const bytesPerOp = opsStored ? Number(stored.rows[0]!.bytes) / opsStored : NaN;
    diagnostics.push(
      `Team server: PostgreSQL ${cluster ? 'throwaway cluster (fsync on)' : ''}; ${fmtInt(opsStored)} operations stored take ${fmtBytes(Number(stored.rows[0]!.bytes))} with their indexes (${fmtInt(bytesPerOp)} bytes each).`,
    );
    return { figures, diagnostics, estimate: estimateLab({ rateOne, rateTwo, lat10: lat[10], lat50: lat[50], idle, peak, perStream, bytesPerOp }) };
  } finally {
    await admin?.end().catch(() => undefined);
    await Promise.all(servers.map((s) => s.stop()));
    cluster?.stop();
  }
}

/**
 * What a lab of 1,000 coders would need, from this run's figures. The workload is an assumption,
 * said in the text: at a peak, a third of the coders code at once, each making an operation every
 * 10 seconds (codings, memo and code edits), and every morning each coder sends an offline backlog
 * of 300 operations within the same quarter of an hour; about 2,000 operations per coder a month.
 */
function estimateLab(f: {
  rateOne: number;
  rateTwo: number;
  lat10?: { p50: number; p99: number };
  lat50?: { p50: number; p99: number };
  idle: number;
  peak: number;
  perStream: number;
  bytesPerOp: number;
}): string | null {
  if (!Number.isFinite(f.rateOne)) return null;
  const coders = 1000;
  const steady = (coders / 3) * (1 / 10);
  const morning = (coders * 300) / (15 * 60);
  const peakLoad = Math.max(steady, morning);
  const perProcess = f.rateOne;
  const scaling = Number.isFinite(f.rateTwo) ? f.rateTwo / f.rateOne : NaN;
  // Half of one process's measured rate as the planning figure (headroom for pulls, logins, spikes).
  const processes = Math.max(1, Math.ceil(peakLoad / (perProcess * 0.5)));
  // Measured (14f), but never planned below 16 KB: a socket's kernel buffers are not in the RSS.
  const perStream = Math.max(Number.isFinite(f.perStream) ? f.perStream : 64 * 1024, 16 * 1024);
  const memory = f.peak + coders * perStream;
  const yearBytes = coders * 2000 * 12 * f.bytesPerOp;
  const latency = f.lat10 ? `Within a project of about ten coders an operation reaches the others in ${fmtMs(f.lat10.p50)} (p50), ${fmtMs(f.lat10.p99)} at p99` : '';
  const latency50 = f.lat50 ? `; with fifty on one project, ${fmtMs(f.lat50.p50)} and ${fmtMs(f.lat50.p99)}` : '';
  return (
    `A lab of 1,000 coders, assuming a third of them code at the same time and each makes an operation every 10 seconds (${fmtRate(steady, 'ops')}), ` +
    `and that every coder sends a 300-operation offline backlog within the same quarter of an hour in the morning (${fmtRate(morning, 'ops')}), peaks at about ${fmtRate(peakLoad, 'ops')}. ` +
    `One server process took ${fmtRate(perProcess, 'ops')} here${Number.isFinite(scaling) ? ` and two took ${scaling.toFixed(2)}× that on this machine (both processes and PostgreSQL share its cores)` : ''}; ` +
    `planning at half the measured rate, ${processes === 1 ? 'one process carries that load' : `${processes} processes carry that load`}; one more behind the load balancer keeps the server up while one restarts. ` +
    `Each connected coder keeps one event stream open: with ${fmtInt(coders)} of them a process needs about ${fmtBytes(memory)} ` +
    `(its ${fmtBytes(f.peak)} peak here plus ${fmtBytes(perStream)} per stream${Number.isFinite(f.perStream) ? `, from 14f's ${fmtBytes(f.perStream)}` : ' as a planning figure'}). ` +
    `${latency}${latency50}${latency ? '. ' : ''}` +
    `At about 2,000 operations per coder per month, PostgreSQL stores ${fmtBytes(yearBytes)} a year (${fmtInt(f.bytesPerOp)} bytes per operation with indexes, as measured), ` +
    `which an ordinary PostgreSQL server holds for years; backed up and replicated the way the university already runs PostgreSQL, it is the whole store.`
  );
}
