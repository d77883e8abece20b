/**
 * The sync client against the real team server (issue 17): two AppServices (two machines, each
 * with its own data and configuration folders and project file) through the real dispatcher, one
 * `weft serve` in-process on a throwaway PostgreSQL. Publish, join, coding while the server is
 * down, reconnecting, the coder on the other side, a conflict on a definition and its restore, and
 * the errors a researcher reads (bad password, no access, unreachable, signed out).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/ipc/dispatch';
import { AppService } from '../../electron/services/app-service';
import { addUser } from '../../electron/team-server/accounts';
import { migrateTeamDatabase } from '../../electron/team-server/migrate';
import { startTeamServer, type RunningTeamServer } from '../../electron/team-server/server';
import type { ApiEvent } from '../../shared/api/events';
import { syncStatusLabel, type SyncConflict, type SyncResult, type SyncStatus } from '../../shared/sync/status';
import { HAS_POSTGRES, POSTGRES_SKIPPED_LINE, startPostgres, type TestPostgres } from '../support/postgres';
import { buildSmallProject } from '../fuzz/seeds';
import { TOKENS_FILE } from '../../electron/services/sync/tokens';

/** Folders that live as long as the whole suite (each test builds on the one before). */
const roots: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'weft-sync-'));
  roots.push(d);
  return d;
};

if (!HAS_POSTGRES) console.log(POSTGRES_SKIPPED_LINE);

let postgres: TestPostgres;
let database: string;
let server: RunningTeamServer;
let port: number;

async function startServer() {
  server = await startTeamServer({ database, port, log: () => undefined });
  port = server.port;
}

/** One researcher's machine: an AppService with its own folders, called through the dispatcher. */
function machine(coder: string) {
  const root = tempDir();
  const app = new AppService({ host: 'browser', dataDir: join(root, 'data'), configDir: join(root, 'config') });
  const events: ApiEvent[] = [];
  app.onEvent((e) => events.push(e));
  const call = createDispatcher(app.handlers, () => {});
  const ok = async <T = unknown>(m: string, input: unknown = {}): Promise<T> => {
    const r = await call(m, input);
    if (!r.ok) throw Object.assign(new Error(`${m}: ${r.error.message}`), { code: r.error.code });
    return r.value as T;
  };
  const refused = async (m: string, input: unknown = {}) => {
    const r = await call(m, input);
    if (r.ok) throw new Error(`${m} was not refused`);
    return r.error;
  };
  return { app, ok, refused, events, root, coder };
}

type Machine = ReturnType<typeof machine>;

async function codeNamed(m: Machine, name: string) {
  const codes = await m.ok<{ id: number; name: string; definition: string }[]>('codes.list');
  return codes.find((c) => c.name === name)!;
}

const url = () => `http://127.0.0.1:${port}`;

describe.skipIf(!HAS_POSTGRES)('sync client against a real team server', () => {
  let ana: Machine;
  let ben: Machine;
  let projectGuid: string;

  beforeAll(async () => {
    postgres = await startPostgres();
    database = await postgres.createDatabase('weft_sync_client');
    const pool = new pg.Pool({ connectionString: database, max: 2 });
    await migrateTeamDatabase(pool);
    for (const u of ['ana', 'ben', 'cy', 'dee']) await addUser(pool, u, `${u}-password-1`);
    await pool.end();
    port = 0;
    await startServer();
  }, 120_000);

  afterAll(async () => {
    for (const m of [ana, ben]) m?.app.shutdown();
    await server?.close();
    postgres?.stop();
    for (const d of roots) rmSync(d, { recursive: true, force: true });
  });

  it('publish: a wrong password is refused in plain words; the token is kept on the machine (0600), never in the project', async () => {
    ana = machine('Ana');
    await ana.ok('app.setCoder', { name: 'Ana' });
    const path = join(ana.root, 'study.weft');
    buildSmallProject(path, 'Ana').close();
    const info = await ana.ok<{ guid: string }>('project.open', { path });
    projectGuid = info.guid;
    await ana.ok('sync.setAuto', { auto: false });

    const bad = await ana.refused('sync.signIn', { serverUrl: url(), user: 'ana', password: 'wrong' });
    expect(bad).toMatchObject({ code: 'VALIDATION' });
    expect(bad.message).toMatch(/refused the user name or password for “ana”/);
    expect(await ana.ok('sync.signIn', { serverUrl: url(), user: 'ana', password: 'ana-password-1' })).toEqual({ serverUrl: url(), user: 'ana' });
    const tokens = join(ana.root, 'config', TOKENS_FILE);
    expect(statSync(tokens).mode & 0o777).toBe(0o600);

    const status = await ana.ok<SyncStatus>('sync.publish', { serverUrl: url() });
    expect(status).toMatchObject({ linked: true, serverUrl: url(), projectGuid, user: 'ana', pending: 0, conflicts: 0, online: true });
    expect(syncStatusLabel(status)).toBe('Synced');
    // the project file holds the link, never the token
    const db = ana.app.current().db;
    const text = JSON.stringify(db.prepare('SELECT * FROM sync_link').all());
    expect(text).toContain(url());
    const token = (JSON.parse(readFileSync(tokens, 'utf8')) as Record<string, { token: string }>)[url()]!.token;
    expect(token.length).toBeGreaterThan(10);
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]) {
      expect(JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).raw().all()), `table ${t}`).not.toContain(token);
    }
    await ana.ok('sync.setMember', { user: 'ben', role: 'coder' });
    await ana.ok('sync.setMember', { user: 'dee', role: 'viewer' });
  });

  it('join: lists the projects, downloads everything into a new file, opens it; no access is said so', async () => {
    ben = machine('Ben');
    await ben.ok('app.setCoder', { name: 'Ben' });
    await ben.ok('sync.signIn', { serverUrl: url(), user: 'ben', password: 'ben-password-1' });
    const projects = await ben.ok<{ guid: string; name: string; role: string }[]>('sync.projects', { serverUrl: url() });
    expect(projects).toEqual([expect.objectContaining({ guid: projectGuid, role: 'coder' })]);
    const path = join(ben.root, 'joined.weft');
    const joined = await ben.ok<{ path: string; guid: string; sync: SyncStatus }>('sync.join', { serverUrl: url(), projectGuid, path });
    expect(joined).toMatchObject({ path, guid: projectGuid, sync: { linked: true, user: 'ben', pending: 0 } });
    await ben.ok('sync.setAuto', { auto: false });
    const names = async (m: Machine) => (await m.ok<{ name: string }[]>('codes.list')).map((c) => c.name).sort();
    expect(await names(ben)).toEqual(await names(ana));
    expect((await ben.ok<{ name: string }[]>('documents.list')).map((d) => d.name)).toEqual((await ana.ok<{ name: string }[]>('documents.list')).map((d) => d.name));

    // Cy is no member: the project is not there for her, and joining it writes no file
    const cy = machine('Cy');
    await cy.ok('sync.signIn', { serverUrl: url(), user: 'cy', password: 'cy-password-1' });
    expect(await cy.ok('sync.projects', { serverUrl: url() })).toEqual([]);
    const none = await cy.refused('sync.join', { serverUrl: url(), projectGuid, path: join(cy.root, 'no.weft') });
    expect(none.code).toBe('NOT_FOUND');
    expect(none.message).toMatch(/No access/);
    expect(existsSync(join(cy.root, 'no.weft'))).toBe(false);
    cy.app.shutdown();
  });

  it('coding while the server is down: offline, changes waiting; after it is back the other side sees them with their coder', async () => {
    await server.close();
    const doc = (await ben.ok<{ id: number }[]>('documents.list'))[0]!;
    const code = (await ben.ok<{ id: number; name: string }[]>('codes.list'))[0]!;
    const made = await ben.ok<{ guid: string }>('codings.create', { documentId: doc.id, codeId: code.id, start: 0, end: 12 });
    const offline = await ben.refused('sync.now');
    expect(offline.code).toBe('UNAVAILABLE');
    expect(offline.message).toMatch(/Cannot reach the team server at http:\/\/127\.0\.0\.1:\d+ \(connection refused: is the server running\?\)\. Your changes are kept/);
    const status = await ben.ok<SyncStatus>('sync.status');
    expect(status.online).toBe(false);
    expect(status.pending).toBeGreaterThan(0);
    expect(syncStatusLabel(status)).toMatch(/^Offline — \d+ changes? waiting$/);

    await startServer();
    const pushed = await ben.ok<SyncResult>('sync.now');
    expect(pushed.pushed).toBe(status.pending);
    expect(pushed.status).toMatchObject({ online: true, pending: 0, problem: null });
    const pulled = await ana.ok<SyncResult>('sync.now');
    expect(pulled.received.applied).toBeGreaterThan(0);
    const anaDoc = (await ana.ok<{ id: number }[]>('documents.list'))[0]!;
    const codings = await ana.ok<{ guid: string; coder: string; start: number; end: number }[]>('codings.listByDocument', { documentId: anaDoc.id });
    expect(codings.find((c) => c.guid === made.guid)).toMatchObject({ coder: 'Ben', start: 0, end: 12 });
    // the window was told to reload
    expect(ana.events.some((e) => e.type === 'sync.status' && (e.payload.received?.applied ?? 0) > 0)).toBe(true);
  });

  it('both edit one definition: the later one is kept, the other is in the conflict list, and Restore puts it back on both', async () => {
    const name = (await ana.ok<{ name: string }[]>('codes.list'))[0]!.name;
    await ana.ok('codes.update', { id: (await codeNamed(ana, name)).id, patch: { definition: 'Ana’s definition' } });
    await new Promise((r) => setTimeout(r, 5)); // Ben's edit is the later one on the clock
    await ben.ok('codes.update', { id: (await codeNamed(ben, name)).id, patch: { definition: 'Ben’s definition' } });
    await ana.ok('sync.now');
    await ben.ok('sync.now');
    const anaGot = await ana.ok<SyncResult>('sync.now');
    expect(anaGot.received.conflicts).toBeGreaterThanOrEqual(0);
    expect((await codeNamed(ana, name)).definition).toBe('Ben’s definition');
    expect((await codeNamed(ben, name)).definition).toBe('Ben’s definition');
    const status = await ana.ok<SyncStatus>('sync.status');
    expect(status.conflicts).toBe(1);
    expect(syncStatusLabel(status)).toBe('Synced — 1 conflict to review');
    const [conflict] = await ana.ok<SyncConflict[]>('sync.conflicts', {});
    expect(conflict).toMatchObject({ kind: 'code', entityName: name, field: 'definition', lostValue: 'Ana’s definition', lostBy: 'Ana', keptValue: 'Ben’s definition', keptBy: 'Ben', restored: false });

    const restored = await ana.ok<{ conflicts: SyncConflict[]; status: SyncStatus }>('sync.restoreConflict', { id: conflict!.id });
    expect(restored.conflicts).toEqual([]);
    expect((await codeNamed(ana, name)).definition).toBe('Ana’s definition');
    await ana.ok('sync.now');
    await ben.ok('sync.now');
    expect((await codeNamed(ben, name)).definition).toBe('Ana’s definition');
    expect((await ana.ok<SyncConflict[]>('sync.conflicts', { includeRestored: true }))[0]).toMatchObject({ restored: true });
  });

  it('automatically while online: a coding made on one side arrives on the other without a sync call', async () => {
    await ana.ok('sync.setAuto', { auto: true });
    await ben.ok('sync.setAuto', { auto: true });
    const doc = (await ana.ok<{ id: number }[]>('documents.list'))[0]!;
    const code = (await ana.ok<{ id: number }[]>('codes.list'))[1]!;
    const made = await ana.ok<{ guid: string }>('codings.create', { documentId: doc.id, codeId: code.id, start: 20, end: 30 });
    const benDoc = (await ben.ok<{ id: number }[]>('documents.list'))[0]!;
    let seen: { guid: string; coder: string } | undefined;
    for (let i = 0; i < 200 && !seen; i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = (await ben.ok<{ guid: string; coder: string }[]>('codings.listByDocument', { documentId: benDoc.id })).find((c) => c.guid === made.guid);
    }
    expect(seen).toMatchObject({ coder: 'Ana' });
    expect(await ana.ok<SyncStatus>('sync.status')).toMatchObject({ pending: 0, online: true });
  }, 30_000);

  it('a viewer may read but not send changes; signing out forgets the token and the status says so', async () => {
    const dee = machine('Dee');
    await dee.ok('sync.signIn', { serverUrl: url(), user: 'dee', password: 'dee-password-1' });
    await dee.ok('sync.join', { serverUrl: url(), projectGuid, path: join(dee.root, 'viewer.weft') });
    await dee.ok('sync.setAuto', { auto: false });
    await dee.ok('codes.create', { name: 'Viewer code' });
    const refused = await dee.refused('sync.now');
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/^No access: .*viewer/);

    const out = await dee.ok<{ revoked: boolean }>('sync.signOut', { serverUrl: url() });
    expect(out.revoked).toBe(true);
    const status = await dee.ok<SyncStatus>('sync.status');
    expect(status.user).toBeNull();
    expect(syncStatusLabel(status)).toMatch(/^Signed out/);
    const signedOut = await dee.refused('sync.now');
    expect(signedOut.message).toMatch(/Not signed in to the team server/);
    dee.app.shutdown();
  });
});
