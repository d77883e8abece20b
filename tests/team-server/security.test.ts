/**
 * The team server's doors (issue 17), on a real PostgreSQL over real HTTP: no access without a
 * token, revoked tokens refused (open event streams closed), roles enforced per route, a project
 * invisible (404) to non-members, one project's operations never reaching another's members, bad
 * envelopes refused with nothing stored, idempotent uploads, the audit log, and the refusal to
 * serve plain HTTP off loopback.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, readAudit, revokeTokens } from '../../electron/team-server/accounts';
import { startTeamServer, type RunningTeamServer } from '../../electron/team-server/server';
import { HAS_POSTGRES, startPostgres, type TestPostgres } from '../support/postgres';
import { call, latestSeqOf, login, makeOp, openEvents } from '../support/team-server';
import { REPO, useTempDir } from '../support/temp';

const PASSWORD = 'correct horse battery';
const tempDir = useTempDir();

describe.skipIf(!HAS_POSTGRES)('team server: access and isolation', () => {
  let cluster: TestPostgres;
  let database: string;
  let server: RunningTeamServer;
  let admin: pg.Pool;
  let base: string;
  const tokens: Record<string, string> = {};
  const A = 'project-a-guid';
  const B = 'project-b-guid';

  beforeAll(async () => {
    cluster = await startPostgres();
    database = await cluster.createDatabase('security');
    server = await startTeamServer({ database, port: 0, log: () => undefined });
    base = server.url;
    admin = new pg.Pool({ connectionString: database, max: 2 });
    for (const name of ['olga', 'cody', 'vera', 'nina', 'bert']) await addUser(admin, name, PASSWORD);
    for (const name of ['olga', 'cody', 'vera', 'nina', 'bert']) tokens[name] = await login(base, name, PASSWORD);
    // olga owns A with cody (coder) and vera (viewer); bert owns B; nina is in neither.
    expect((await call(base, 'POST', '/v1/projects', tokens.olga, { guid: A, name: 'Study A' })).status).toBe(201);
    expect((await call(base, 'POST', '/v1/projects', tokens.bert, { guid: B, name: 'Study B' })).status).toBe(201);
    expect((await call(base, 'POST', `/v1/projects/${A}/members`, tokens.olga, { user: 'cody', role: 'coder' })).status).toBe(200);
    const members = await call<{ members: unknown[] }>(base, 'POST', `/v1/projects/${A}/members`, tokens.olga, { user: 'vera', role: 'viewer' });
    expect(members.body.members).toEqual([
      { user: 'cody', role: 'coder' },
      { user: 'olga', role: 'owner' },
      { user: 'vera', role: 'viewer' },
    ]);
  });

  afterAll(async () => {
    await server?.close();
    await admin?.end();
    cluster?.stop();
  });

  it('refuses every route but login without a valid token (401)', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/projects'],
      ['POST', '/v1/projects', { guid: 'x', name: 'x' }],
      ['POST', '/v1/logout', {}],
      ['POST', `/v1/projects/${A}/members`, { user: 'nina', role: 'owner' }],
      ['POST', `/v1/projects/${A}/ops`, { ops: [makeOp('intruder', 1)] }],
      ['GET', `/v1/projects/${A}/ops`],
    ];
    for (const token of [null, 'not-a-token-at-all-but-long-enough', `${tokens.olga}x`]) {
      for (const [method, path, body] of routes) {
        const r = await call<{ error: { code: string } }>(base, method, path, token, body);
        expect(r.status, `${method} ${path} with ${token ? 'a wrong' : 'no'} token`).toBe(401);
        expect(r.body.error.code).toBe('UNAUTHENTICATED');
      }
      expect((await openEvents(base, token, A)).status).toBe(401);
    }
    // The one route that needs no token says only what it is.
    expect(await call(base, 'GET', '/v1/health')).toEqual({ status: 200, body: { server: 'weft', protocol: 1, schemaVersion: 1 } });
    expect((await call(base, 'POST', '/v1/login', null, { user: 'olga', password: 'wrong password', client: 't' })).status).toBe(401);
    expect((await call(base, 'POST', '/v1/login', null, { user: 'nobody', password: PASSWORD, client: 't' })).status).toBe(401);
    // Nothing was stored by the refused upload or publish.
    expect((await admin.query("SELECT count(*)::int AS n FROM projects WHERE guid = 'x'")).rows[0].n).toBe(0);
    expect((await admin.query('SELECT count(*)::int AS n FROM ops')).rows[0].n).toBe(0);
  });

  it('keeps only a hash of passwords (scrypt, salted per user) and of tokens', async () => {
    const { rows } = await admin.query<{ password_hash: string }>('SELECT password_hash FROM users');
    const hashes = rows.map((r) => r.password_hash);
    for (const h of hashes) expect(h).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(new Set(hashes).size).toBe(hashes.length);
    const stored = await admin.query<{ token_hash: Buffer }>('SELECT token_hash FROM tokens');
    const raw = Object.values(tokens);
    for (const t of stored.rows) expect(raw).not.toContain(t.token_hash.toString('utf8'));
  });

  it('shows a project only to its members: anyone else gets 404, as for a project that does not exist', async () => {
    const projects = await call<{ projects: { guid: string; role: string }[] }>(base, 'GET', '/v1/projects', tokens.nina);
    expect(projects.body.projects).toEqual([]);
    const mine = await call<{ projects: { guid: string; role: string }[] }>(base, 'GET', '/v1/projects', tokens.vera);
    expect(mine.body.projects.map((p) => [p.guid, p.role])).toEqual([[A, 'viewer']]);
    for (const guid of [A, 'no-such-project']) {
      const replies = [
        await call(base, 'GET', `/v1/projects/${guid}/ops`, tokens.nina),
        await call(base, 'POST', `/v1/projects/${guid}/ops`, tokens.nina, { ops: [makeOp('nina-laptop', 1)] }),
        await call(base, 'POST', `/v1/projects/${guid}/members`, tokens.nina, { user: 'nina', role: 'owner' }),
      ];
      for (const r of replies) expect(r).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'no such project on this server' } } });
      expect((await openEvents(base, tokens.nina, guid)).status).toBe(404);
    }
    // bert (owner of B) is no member of A either.
    expect((await call(base, 'GET', `/v1/projects/${A}/ops`, tokens.bert)).status).toBe(404);
    // Publishing over someone else's GUID does not make you a member.
    const taken = await call(base, 'POST', '/v1/projects', tokens.nina, { guid: A, name: 'Mine now' });
    expect(taken.status).toBe(409);
    expect((await call(base, 'GET', `/v1/projects/${A}/ops`, tokens.nina)).status).toBe(404);
  });

  it('enforces roles per route: viewers read, coders also upload, only owners change members (403)', async () => {
    const viewerUpload = await call<{ error: { code: string } }>(base, 'POST', `/v1/projects/${A}/ops`, tokens.vera, { ops: [makeOp('vera-laptop', 1)] });
    expect(viewerUpload.status).toBe(403);
    expect(viewerUpload.body.error.code).toBe('FORBIDDEN');
    expect((await call(base, 'POST', `/v1/projects/${A}/members`, tokens.cody, { user: 'nina', role: 'viewer' })).status).toBe(403);
    expect((await call(base, 'POST', `/v1/projects/${A}/members`, tokens.cody, { user: 'cody', role: 'owner' })).status).toBe(403);
    expect((await call(base, 'POST', `/v1/projects/${A}/members`, tokens.vera, { user: 'vera', role: 'coder' })).status).toBe(403);
    const coderUpload = await call<{ accepted: number; latestSeq: number }>(base, 'POST', `/v1/projects/${A}/ops`, tokens.cody, { ops: [makeOp('cody-laptop', 1)] });
    expect(coderUpload.status).toBe(200);
    expect(coderUpload.body.accepted).toBe(1);
    const pulled = await call<{ ops: { seq: number; op: { id: string } }[] }>(base, 'GET', `/v1/projects/${A}/ops?after=0`, tokens.vera);
    expect(pulled.status).toBe(200);
    expect(pulled.body.ops.map((o) => o.op.id)).toContain(makeOp('cody-laptop', 1).id);
    // The roles as the database has them did not change through the refused calls.
    const { rows } = await admin.query("SELECT u.name, m.role FROM members m JOIN users u ON u.id = m.user_id JOIN projects p ON p.id = m.project_id WHERE p.guid = $1 ORDER BY u.name", [A]);
    expect(rows).toEqual([
      { name: 'cody', role: 'coder' },
      { name: 'olga', role: 'owner' },
      { name: 'vera', role: 'viewer' },
    ]);
    // A project keeps an owner.
    expect((await call(base, 'POST', `/v1/projects/${A}/members`, tokens.olga, { user: 'olga', role: 'coder' })).status).toBe(409);
  });

  it('never lets one project’s operations reach another project’s members, by pull or by event stream', async () => {
    const streamB = await openEvents(base, tokens.bert, B);
    const streamA = await openEvents(base, tokens.vera, A);
    expect(streamB.status).toBe(200);
    await streamB.waitFor((e) => e.event === 'ops' && latestSeqOf(e) === 0);
    const before = (await call<{ latestSeq: number }>(base, 'GET', `/v1/projects/${A}/ops`, tokens.olga)).body.latestSeq;
    const opsA = [1, 2, 3].map((n) => makeOp('olga-desk', n, { secret: `A-only ${n}` }));
    const upA = await call<{ latestSeq: number }>(base, 'POST', `/v1/projects/${A}/ops`, tokens.olga, { ops: opsA });
    expect(upA.body.latestSeq).toBe(before + 3);
    await streamA.waitFor((e) => latestSeqOf(e) === before + 3);
    const upB = await call<{ latestSeq: number }>(base, 'POST', `/v1/projects/${B}/ops`, tokens.bert, { ops: [makeOp('bert-desk', 1, { note: 'B' })] });
    expect(upB.body.latestSeq).toBe(1);
    await streamB.waitFor((e) => latestSeqOf(e) === 1);
    // B's stream saw B's sequence only: 0 when it opened, 1 after B's upload; never A's numbers.
    expect(streamB.events.map((e) => [e.event, latestSeqOf(e)])).toEqual([
      ['ops', 0],
      ['ops', 1],
    ]);
    const pulledB = await call<{ ops: { seq: number; op: { body: unknown } }[] }>(base, 'GET', `/v1/projects/${B}/ops?after=0`, tokens.bert);
    expect(pulledB.body.ops).toEqual([{ seq: 1, op: makeOp('bert-desk', 1, { note: 'B' }) }]);
    expect(JSON.stringify(pulledB.body)).not.toContain('A-only');
    // The same op id uploaded to another project is that project's own operation.
    const reused = await call<{ accepted: number }>(base, 'POST', `/v1/projects/${B}/ops`, tokens.bert, { ops: [opsA[0]] });
    expect(reused.body.accepted).toBe(1);
    streamA.close();
    streamB.close();
  });

  it('stores uploads idempotently by op id, in one order, with the body exactly as sent', async () => {
    const guid = 'idempotent-project';
    await call(base, 'POST', '/v1/projects', tokens.olga, { guid, name: 'Idempotent' });
    const ops = [1, 2, 3, 4].map((n) => makeOp('desk', n, { kind: 'coding', z: n, a: [n, { nested: 'ü' }] }));
    const first = await call<{ accepted: number; latestSeq: number }>(base, 'POST', `/v1/projects/${guid}/ops`, tokens.olga, { ops: ops.slice(0, 3) });
    expect(first.body).toMatchObject({ accepted: 3, latestSeq: 3 });
    // Again, overlapping, with a duplicate inside the batch: only op 4 is new.
    const again = await call<{ accepted: number; latestSeq: number; duplicates: number }>(base, 'POST', `/v1/projects/${guid}/ops`, tokens.olga, { ops: [ops[1], ops[3], ops[3], ops[0]] });
    expect(again.body).toEqual({ accepted: 1, duplicates: 3, latestSeq: 4 });
    const pulled = await call<{ ops: { seq: number; op: unknown }[]; latestSeq: number }>(base, 'GET', `/v1/projects/${guid}/ops?after=1&limit=2`, tokens.olga);
    expect(pulled.body).toEqual({ ops: [{ seq: 2, op: ops[1] }, { seq: 3, op: ops[2] }], latestSeq: 4 });
    const raw = await admin.query<{ body: string }>("SELECT body::text AS body FROM ops o JOIN projects p ON p.id = o.project_id WHERE p.guid = $1 AND o.seq = 1", [guid]);
    expect(raw.rows[0]!.body).toBe(JSON.stringify(ops[0]!.body));
  });

  it('refuses malformed envelopes and bodies with a clear message, storing nothing of the batch', async () => {
    const guid = 'validation-project';
    await call(base, 'POST', '/v1/projects', tokens.olga, { guid, name: 'Validation' });
    const good = makeOp('desk', 1);
    const bad: [unknown, RegExp][] = [
      [{ ops: [good, { ...makeOp('desk', 2), id: 'something-else' }] }, /ops\.1: an operation’s id is its clock time/],
      [{ ops: [good, { ...makeOp('desk', 3), clientId: 'other' }] }, /clock names its client/],
      [{ ops: [good, { ...makeOp('desk', 4), hlc: 'yesterday', id: 'yesterday' }] }, /not a clock time/],
      [{ ops: [good, { id: good.id, hlc: good.hlc, clientId: 'desk', actor: 'a' }] }, /ops\.1\.body/],
      [{ ops: 'all of them' }, /ops/],
    ];
    for (const [body, message] of bad) {
      const r = await call<{ error: { code: string; message: string } }>(base, 'POST', `/v1/projects/${guid}/ops`, tokens.olga, body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION');
      expect(r.body.error.message).toMatch(message);
    }
    const sneaky = await call<{ error: { message: string } }>(base, 'POST', '/v1/projects', tokens.olga, { guid: 'sneaky', name: 'Study \u202eA' });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.message).toMatch(/bidirectional control character U\+202E/);
    await expect(addUser(admin, 'ol\u202ega', PASSWORD)).rejects.toThrow(/cannot be a user name: it contains an invisible bidirectional/);
    const notJson = await fetch(`${base}/v1/projects/${guid}/ops`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.olga}` }, body: '{"ops": [' });
    expect(notJson.status).toBe(400);
    const pulled = await call<{ ops: unknown[]; latestSeq: number }>(base, 'GET', `/v1/projects/${guid}/ops`, tokens.olga);
    expect(pulled.body).toEqual({ ops: [], latestSeq: 0 });
  });

  it('refuses a revoked token at once and closes its event streams; a removed member’s stream closes too', async () => {
    const guid = 'revocation-project';
    await call(base, 'POST', '/v1/projects', tokens.olga, { guid, name: 'Revocation' });
    await call(base, 'POST', `/v1/projects/${guid}/members`, tokens.olga, { user: 'nina', role: 'coder' });
    const ninaLaptop = await login(base, 'nina', PASSWORD, 'laptop');
    const ninaDesk = await login(base, 'nina', PASSWORD, 'desk');
    const stream = await openEvents(base, ninaLaptop, guid);
    expect(stream.status).toBe(200);
    await stream.waitFor((e) => e.event === 'ops');
    // An administrator revokes every token of nina (a lost laptop).
    expect((await revokeTokens(admin, 'nina')).revoked).toBeGreaterThanOrEqual(2);
    await stream.ended;
    for (const t of [ninaLaptop, ninaDesk]) {
      expect((await call(base, 'GET', '/v1/projects', t)).status).toBe(401);
      expect((await call(base, 'POST', `/v1/projects/${guid}/ops`, t, { ops: [makeOp('nina-laptop', 1)] })).status).toBe(401);
    }
    // Logging in again works; logout revokes that token only.
    const fresh = await login(base, 'nina', PASSWORD, 'laptop');
    const other = await login(base, 'nina', PASSWORD, 'desk');
    expect((await call(base, 'POST', '/v1/logout', fresh, {})).body).toEqual({ revoked: true });
    expect((await call(base, 'GET', '/v1/projects', fresh)).status).toBe(401);
    expect((await call(base, 'GET', '/v1/projects', other)).status).toBe(200);
    // Removed from the project: the open stream ends and the project is a 404 again.
    const stream2 = await openEvents(base, other, guid);
    await stream2.waitFor((e) => e.event === 'ops');
    await call(base, 'POST', `/v1/projects/${guid}/members`, tokens.olga, { user: 'nina', role: null });
    await stream2.ended;
    expect((await call(base, 'GET', `/v1/projects/${guid}/ops`, other)).status).toBe(404);
  });

  it('writes who did what to the audit log: logins, failed logins, publishing, member changes, uploads with counts', async () => {
    const entries = await readAudit(admin, 1000);
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['user-added', 'login', 'login-failed', 'publish', 'member-change', 'ops-upload', 'tokens-revoked', 'logout']) expect(actions).toContain(a);
    expect(entries.find((e) => e.action === 'publish' && e.project === B)).toMatchObject({ user: 'bert', detail: { name: 'Study B' } });
    expect(entries.find((e) => e.action === 'login-failed' && e.user === 'nobody')).toBeTruthy();
    expect(entries.find((e) => e.action === 'member-change' && e.project === A && e.detail.member === 'vera')).toMatchObject({ user: 'olga', detail: { from: null, to: 'viewer' } });
    const upload = entries.find((e) => e.action === 'ops-upload' && e.project === A && e.user === 'olga');
    expect(upload?.detail).toMatchObject({ count: 3 });
    expect(upload?.address).toMatch(/127\.0\.0\.1/);
  });

  it('lists a project’s members to every member (added route) and to nobody else', async () => {
    const r = await call<{ members: { user: string; role: string }[] }>(base, 'GET', `/v1/projects/${A}/members`, tokens.vera);
    expect(r.status).toBe(200);
    expect(r.body.members.map((m) => m.user)).toEqual(['cody', 'olga', 'vera']);
    expect((await call(base, 'GET', `/v1/projects/${A}/members`, tokens.bert)).status).toBe(404);
    expect((await call(base, 'GET', `/v1/projects/${A}/members`, null)).status).toBe(401);
  });

  it('refuses logins of a user name after 10 failures in 15 minutes, counted in PostgreSQL (every process sees them)', async () => {
    await addUser(admin, 'guessed', PASSWORD);
    for (let i = 0; i < 10; i++) expect((await call(base, 'POST', '/v1/login', null, { user: 'guessed', password: `guess ${i}`, client: 'attacker' })).status).toBe(401);
    const refused = await call<{ error: { message: string } }>(base, 'POST', '/v1/login', null, { user: 'guessed', password: PASSWORD, client: 'owner' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/too many failed logins/);
    // Other names are not affected; once the failures are older than the window, the right password works again.
    expect((await call(base, 'POST', '/v1/login', null, { user: 'olga', password: PASSWORD, client: 't' })).status).toBe(200);
    await admin.query("UPDATE audit_log SET at = at - interval '16 minutes' WHERE user_name = 'guessed' AND action = 'login-failed'");
    expect((await call(base, 'POST', '/v1/login', null, { user: 'guessed', password: PASSWORD, client: 'owner' })).status).toBe(200);
  });

  it('keeps pushing events after its PostgreSQL notification connection is cut, and tells streams what they missed', async () => {
    const guid = 'reconnect-project';
    await call(base, 'POST', '/v1/projects', tokens.olga, { guid, name: 'Reconnect' });
    const stream = await openEvents(base, tokens.olga, guid);
    await stream.waitFor((e) => latestSeqOf(e) === 0);
    const cut = await admin.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'weft serve (listen)'");
    expect(cut.rows.length).toBe(1);
    // Uploaded while nobody listens: the notification is lost, the reconnection catches up.
    await call(base, 'POST', `/v1/projects/${guid}/ops`, tokens.olga, { ops: [makeOp('desk', 1), makeOp('desk', 2)] });
    await stream.waitFor((e) => latestSeqOf(e) === 2, 15_000);
    await call(base, 'POST', `/v1/projects/${guid}/ops`, tokens.olga, { ops: [makeOp('desk', 3)] });
    await stream.waitFor((e) => latestSeqOf(e) === 3);
    stream.close();
  });

  it('refuses plain HTTP off loopback unless told; weft server takes passwords from a file or the environment only, and a new password logs clients out', async () => {
    await expect(startTeamServer({ database, host: '0.0.0.0', port: 0 })).rejects.toThrow(/refusing to serve plain HTTP on 0\.0\.0\.0/);
    // Asynchronously: the server under test runs in this process and must keep answering.
    const weft = (args: string[], env: Record<string, string> = {}) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, WEFT_PASSWORD: '', ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
          resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const refused = await weft(['serve', '--database', database, '--host', '0.0.0.0', '--port', '0']);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toMatch(/refusing to serve plain HTTP/);
    const noPassword = await weft(['server', 'add-user', 'petra', '--database', database]);
    expect(noPassword.status).toBe(2);
    expect(noPassword.stderr).toMatch(/password-file/);
    const file = join(tempDir(), 'password');
    writeFileSync(file, 'a long enough password\n');
    expect((await weft(['server', 'add-user', 'petra', '--database', database, '--password-file', file])).status).toBe(0);
    expect((await weft(['server', 'add-user', 'petra', '--database', database, '--password-file', file])).status).toBe(5);
    expect((await weft(['server', 'add-user', 'quentin', '--database', database], { WEFT_PASSWORD: 'short' })).stderr).toMatch(/too short/);
    await login(base, 'petra', 'a long enough password');
    const users = JSON.parse((await weft(['server', 'users', '--database', database, '--json'])).stdout) as { users: { name: string; activeTokens: number }[] };
    expect(users.users.find((u) => u.name === 'petra')?.activeTokens).toBe(1);
    expect((await weft(['server', 'revoke-tokens', 'petra', '--database', database])).stdout).toMatch(/revoked 1 token/);
    // A new password logs every client out; the old password no longer works.
    const kept = await login(base, 'petra', 'a long enough password');
    const changed = await weft(['server', 'set-password', 'petra', '--database', database], { WEFT_PASSWORD: 'another long password' });
    expect(changed.stdout).toMatch(/1 token\(s\) revoked/);
    expect((await call(base, 'GET', '/v1/projects', kept)).status).toBe(401);
    expect((await call(base, 'POST', '/v1/login', null, { user: 'petra', password: 'a long enough password', client: 't' })).status).toBe(401);
    await login(base, 'petra', 'another long password');
    const audit = JSON.parse((await weft(['server', 'audit', '--database', database, '--json', '--limit', '5'])).stdout) as { entries: { user: string; action: string }[] };
    expect(audit.entries.map((e) => [e.user, e.action])).toContainEqual(['petra', 'password-changed']);
    expect(audit.entries.at(-1)).toMatchObject({ user: 'petra', action: 'login' });
  });
});
