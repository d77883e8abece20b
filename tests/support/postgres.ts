/**
 * A throwaway PostgreSQL cluster for the team server's tests and benchmark (issue 17).
 *
 * Debian's `postgresql` package puts its binaries under /usr/lib/postgresql/<version>/bin
 * (WEFT_PG_BIN overrides). When they are absent the tests that need them are skipped, and
 * `postgres-setup.ts` beside this file says so in one line. PostgreSQL refuses to run as root: when
 * we are root (here and in CI) the cluster belongs to the `postgres` system user (created if
 * missing) and initdb/pg_ctl run through `runuser -u postgres --`. The cluster lives in a temporary
 * directory, listens on 127.0.0.1 only, on a free port, with its socket in that directory (never
 * the system's /var/run/postgresql), and is stopped and deleted by `stop()` (or at exit).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

function findBinaries(): string | null {
  const given = process.env.WEFT_PG_BIN;
  if (given) return existsSync(join(given, 'initdb')) ? given : null;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(base, v, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/** Where initdb and pg_ctl are, or null when PostgreSQL is not installed. */
export const PG_BIN = findBinaries();
export const HAS_POSTGRES = PG_BIN !== null;

/** The one line printed when the tests that need PostgreSQL cannot run. */
export const POSTGRES_SKIPPED_LINE =
  'team server tests skipped: no PostgreSQL binaries under /usr/lib/postgresql/*/bin (install Debian’s postgresql package, as .ci/run does, or set WEFT_PG_BIN)';

export interface TestPostgres {
  /** `postgres://weft@127.0.0.1:PORT/DB` (trust authentication, loopback only). */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  port: number;
  stop(): void;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function ids(user: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** As root: the `postgres` system user (Debian's package creates it; we create it when missing). */
function postgresUser(): { uid: number; gid: number } {
  const have = ids('postgres');
  if (have) return have;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'pipe' });
  const made = ids('postgres');
  if (!made) throw new Error('could not create the postgres system user to run the test cluster');
  return made;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface StartOptions {
  /** Keep fsync on (the benchmark measures a durable server); tests turn it off for speed. */
  durable?: boolean;
}

/** Starts a throwaway cluster. Throws when PostgreSQL is not installed (check HAS_POSTGRES first). */
export async function startPostgres(options: StartOptions = {}): Promise<TestPostgres> {
  if (!PG_BIN) throw new Error(POSTGRES_SKIPPED_LINE);
  const bin = PG_BIN;
  const dir = mkdtempSync(join(tmpdir(), 'weft-pg-'));
  const data = join(dir, 'data');
  const asRoot = isRoot();
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    execFileSync(cmd as string, argv as string[], { stdio: 'pipe', cwd: dir });
  };
  let started = false;
  const stop = () => {
    if (started) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already gone
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', stop);
  };
  process.on('exit', stop);
  try {
    run('initdb', ['-D', data, '-U', 'weft', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const settings = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c max_connections=200', ...(options.durable ? [] : ['-F'])];
      try {
        run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', settings.join(' '), '-w', '-t', '60', 'start']);
        started = true;
        break;
      } catch (e) {
        if (attempt >= 2) throw e;
      }
    }
    const url = (database = 'postgres') => `postgres://weft@127.0.0.1:${port}/${database}`;
    return {
      port,
      url,
      async createDatabase(name: string) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
        const client = new pg.Client({ connectionString: url() });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return url(name);
      },
      stop,
    };
  } catch (e) {
    stop();
    const err = e as Error & { stderr?: Buffer };
    throw new Error(`could not start the test PostgreSQL cluster: ${err.stderr?.toString().trim() || err.message}`, { cause: e });
  }
}
