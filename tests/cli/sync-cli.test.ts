/** weft sync / publish / join / members, run as the real binary: refusals that need no server, then against a real one. */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../electron/team-server/accounts';
import { migrateTeamDatabase } from '../../electron/team-server/migrate';
import { HAS_POSTGRES, POSTGRES_SKIPPED_LINE, startPostgres, type TestPostgres } from '../support/postgres';
import { spawnServer, type ServerProcess } from '../support/team-server';
import { FIXTURES, REPO, useTempDir } from '../support/temp';

const tempDir = useTempDir();
if (!HAS_POSTGRES) console.log(POSTGRES_SKIPPED_LINE);

function weft(args: string[], env: Record<string, string> = {}) {
  const dir = tempDir();
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, WEFT_DATA_DIR: join(dir, 'data'), WEFT_CONFIG_DIR: join(dir, 'config'), WEFT_CODER: 'Ana', WEFT_PASSWORD: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('weft publish / join / sync without a server', () => {
  it('the password is never taken from the command line', () => {
    const r = weft(['join', '--server', 'http://127.0.0.1:9', '--user', 'ana', '--password', 'secret', '--project', 'x', '-o', 'x.weft']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--password/);
  });

  it('without a password or a kept sign-in: a usage error naming both ways to give it', () => {
    const r = weft(['join', '--server', 'http://127.0.0.1:9', '--user', 'ana']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--password-file FILE or WEFT_PASSWORD/);
  });

  it('an unreachable server: exit status 1 and a message saying so; no file is written', async () => {
    const port = await closedPort();
    const dir = tempDir();
    const out = join(dir, 'joined.weft');
    const pw = join(dir, 'pw.txt');
    writeFileSync(pw, 'secret\n');
    const r = weft(['join', '--server', `http://127.0.0.1:${port}`, '--user', 'ana', '--password-file', pw, '--project', '1b4e28ba-2fa1-11d2-883f-0016d3cca427', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`Cannot reach the team server at http://127\\.0\\.0\\.1:${port} \\(connection refused`));
    expect(existsSync(out)).toBe(false);
  });

  it('a password file that does not exist is named', () => {
    const r = weft(['publish', join(tempDir(), 'p.weft'), '--server', 'http://127.0.0.1:9', '--user', 'ana', '--password-file', '/nonexistent/pw']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/“\/nonexistent\/pw” does not exist/);
  });

  it('a server address that is not one is refused', () => {
    const r = weft(['join', '--server', 'weft.example.org', '--user', 'ana'], { WEFT_PASSWORD: 'x' });
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/not a server address/);
  });
});

describe.skipIf(!HAS_POSTGRES)('weft publish / join / sync / members against a real team server', () => {
  let postgres: TestPostgres;
  /** Its own process: the commands below run synchronously and would stall a server in this one. */
  let server: ServerProcess;
  let database: string;
  let root: string;
  beforeAll(async () => {
    postgres = await startPostgres();
    database = await postgres.createDatabase('weft_sync_cli');
    const pool = new pg.Pool({ connectionString: database, max: 2 });
    await migrateTeamDatabase(pool);
    for (const u of ['ana', 'ben']) await addUser(pool, u, `${u}-password-1`);
    await pool.end();
    server = await spawnServer(database);
    root = mkdtempSync(join(tmpdir(), 'weft-sync-cli-'));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** Each researcher has their own configuration folder (sign-ins) on their own machine. */
  const as = (who: string, args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, WEFT_DATA_DIR: join(root, who, 'data'), WEFT_CONFIG_DIR: join(root, who, 'config'), WEFT_CODER: who === 'ana' ? 'Ana' : 'Ben', WEFT_PASSWORD: '', ...env },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('publish, add a member, join into a new file, change and sync both ways; offline and a refused password exit non-zero', () => {
    const study = join(root, 'study.weft');
    expect(as('ana', ['new', study]).code).toBe(0);
    expect(as('ana', ['import-codebook', study, join(FIXTURES, 'coaching-topics.csv')]).code).toBe(0);

    const wrong = as('ana', ['publish', study, '--server', server.url, '--user', 'ana'], { WEFT_PASSWORD: 'nope' });
    expect(wrong.code, wrong.err).toBe(4);
    expect(wrong.err).toMatch(/refused the user name or password for “ana”/);

    const published = as('ana', ['publish', study, '--server', server.url, '--user', 'ana', '--json'], { WEFT_PASSWORD: 'ana-password-1' });
    expect(published.code, published.err).toBe(0);
    const pub = JSON.parse(published.out) as { guid: string; status: { linked: boolean; pending: number; user: string } };
    expect(pub.status).toMatchObject({ linked: true, pending: 0, user: 'ana' });
    expect(as('ana', ['members', study, '--add', 'ben', '--role', 'coder']).out).toMatch(/coder\s+ben/);

    const pw = join(root, 'ben-pw.txt');
    writeFileSync(pw, 'ben-password-1\n');
    const listed = as('ben', ['join', '--server', server.url, '--user', 'ben', '--password-file', pw, '--json']);
    expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ guid: pub.guid, role: 'coder' })]);
    const copy = join(root, 'ben-study.weft');
    // signed in once: later commands need no password
    const joined = as('ben', ['join', '--server', server.url, '--user', 'ben', '--project', pub.guid, '-o', copy]);
    expect(joined.code, joined.err).toBe(0);
    expect(joined.out).toMatch(/^joined study/);
    const codes = (who: string, file: string) => as(who, ['codes', file, '--json']).out;
    expect(codes('ben', copy)).toBe(codes('ana', study));

    // Ben adds a code; weft sync sends it; Ana's weft sync brings it in
    expect(as('ben', ['import-codebook', copy, join(FIXTURES, 'coaching-topics.csv')]).code).toBe(0);
    const csv = join(root, 'more.csv');
    writeFileSync(csv, 'category,topic\nWalks,Weather talk\n');
    expect(as('ben', ['import-codebook', copy, csv]).code).toBe(0);
    const sent = JSON.parse(as('ben', ['sync', copy, '--json']).out) as { pushed: number; status: { pending: number } };
    expect(sent.pushed).toBeGreaterThan(0);
    expect(sent.status.pending).toBe(0);
    const got = as('ana', ['sync', study]);
    expect(got.code, got.err).toBe(0);
    expect(got.out).toMatch(/applied \d+ changes? from the team/);
    expect(got.out).toMatch(/status:\s+Synced/);
    expect(codes('ana', study)).toContain('Weather talk');
  });

  it('weft sync with the server unreachable: exit 1, one line saying so, the changes kept waiting', async () => {
    const study = join(root, 'study.weft');
    const csv = join(root, 'offline.csv');
    writeFileSync(csv, 'category,topic\nOffline,Written on the train\n');
    expect(as('ana', ['import-codebook', study, csv]).code).toBe(0);
    const url = server.url;
    await server.stop();
    try {
      const r = as('ana', ['sync', study]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^weft sync: Cannot reach the team server at ${url.replace(/[.]/g, '\\.')} \\(connection refused`));
    } finally {
      server = await spawnServer(database, ['--port', new URL(url).port]);
    }
    const back = JSON.parse(as('ana', ['sync', study, '--json']).out) as { pushed: number };
    expect(back.pushed).toBeGreaterThan(0);
  });

  it('an older copy of a synced file put back by hand: weft sync brings in what it had sent, says so, exits 5 and sends nothing more', () => {
    const study = join(root, 'study.weft');
    expect(as('ana', ['sync', study]).code).toBe(0);
    const old = join(root, 'study-old.weft');
    const db = new Database(study);
    db.prepare('VACUUM INTO ?').run(old);
    db.close();
    const later = join(root, 'later.csv');
    writeFileSync(later, 'category,topic\nLater,Sent after the copy\n');
    expect(as('ana', ['import-codebook', study, later]).code).toBe(0);
    expect(as('ana', ['sync', study]).code).toBe(0);
    // the older copy put back over the file (not through weft backups restore, which renews it)
    for (const f of [`${study}-wal`, `${study}-shm`]) rmSync(f, { force: true });
    copyFileSync(old, study);
    const first = as('ana', ['sync', study]);
    expect(first.code, first.err).toBe(5);
    expect(first.err).toMatch(/older copy of a synced project/);
    expect(as('ana', ['codes', study, '--json']).out).toContain('Sent after the copy'); // it came back
    const mine = join(root, 'mine.csv');
    writeFileSync(mine, 'category,topic\nMine,Made in the old copy\n');
    expect(as('ana', ['import-codebook', study, mine]).code).toBe(0);
    const again = as('ana', ['sync', study]);
    expect(again.code).toBe(5);
    const copy = join(root, 'ben-study.weft');
    expect(as('ben', ['sync', copy]).code).toBe(0);
    expect(as('ben', ['codes', copy, '--json']).out).not.toContain('Made in the old copy');
  });

  it('a file that is not synced is refused with what to do', () => {
    const plain = join(root, 'plain.weft');
    expect(as('ana', ['new', plain]).code).toBe(0);
    const r = as('ana', ['sync', plain]);
    expect(r.code).toBe(5);
    expect(r.err).toMatch(/is not synced with a team server: publish it \(weft publish\) or join a project \(weft join\) first/);
  });
});
