/** weft serve / weft server (the team server of issue 17 and its accounts). */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { addUser, listUsers, readAudit, revokeTokens, setPassword } from '../../team-server/accounts.js';
import { migrateTeamDatabase } from '../../team-server/migrate.js';
import { DEFAULT_PORT, startTeamServer } from '../../team-server/server.js';
import { DomainError, EXIT, UsageError, jsonOption, printJson, type Command, type CommandContext } from '../command.js';

const databaseOption = { database: { type: 'string' as const } };

/** --database, else WEFT_DATABASE_URL. The password is best kept in PGPASSWORD or ~/.pgpass, not in the URL. */
function databaseUrl(ctx: CommandContext): string {
  const given = ctx.values.database;
  const url = typeof given === 'string' && given ? given : process.env.WEFT_DATABASE_URL;
  if (!url) throw new UsageError('say which PostgreSQL database to use: --database postgres://USER@HOST:PORT/DB (or WEFT_DATABASE_URL)');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError(`--database must be a postgres:// URL, not “${url}”`);
  return url;
}

/** Where the database is, without any password, for messages. */
function shownDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the database';
  }
}

/** Connection failures in one line that names the database (pg's own messages do not). */
function explainConnection(e: unknown, url: string): never {
  const err = e as NodeJS.ErrnoException & { code?: string };
  if (err && typeof err.code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET|28P01|28000|3D000)$/.test(err.code)) {
    throw new DomainError('UNAVAILABLE', `cannot use PostgreSQL at ${shownDatabase(url)}: ${err.message}`);
  }
  throw e;
}

async function withDatabase<T>(ctx: CommandContext, fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const url = databaseUrl(ctx);
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'weft server' });
  pool.on('error', () => undefined);
  try {
    await migrateTeamDatabase(pool).catch((e: unknown) => explainConnection(e, url));
    return await fn(pool);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/** A password from --password-file (first line), else WEFT_PASSWORD; never from the command line. */
function passwordFrom(ctx: CommandContext): string {
  const file = ctx.values['password-file'];
  if (typeof file === 'string' && file) {
    let text: string;
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (e) {
      throw new DomainError('NOT_FOUND', `cannot read the password file “${file}”: ${(e as Error).message}`);
    }
    const line = text.split(/\r?\n/)[0] ?? '';
    if (!line) throw new DomainError('VALIDATION', `the password file “${file}” is empty (the password is its first line)`);
    return line;
  }
  const env = process.env.WEFT_PASSWORD;
  if (env) return env;
  throw new UsageError('give the password in a file (--password-file FILE, or - for standard input) or in WEFT_PASSWORD; never on the command line');
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run a team server: projects kept in sync through PostgreSQL (Working as a team)',
  usage: 'weft serve --database postgres://USER@HOST:PORT/DB [--host 127.0.0.1] [--port N] [--allow-plain-http]',
  details:
    'Serves the team protocol (shared/sync/protocol.ts) over HTTP until stopped (Ctrl+C, SIGTERM).\n' +
    'PostgreSQL is its only store: run several `weft serve` processes against one database behind a\n' +
    'load balancer if you like. The database schema is created or brought up to date on start.\n' +
    `--database  PostgreSQL URL (or WEFT_DATABASE_URL); keep its password in PGPASSWORD or ~/.pgpass\n` +
    `--host      address to listen on (default 127.0.0.1)\n` +
    `--port      port (default ${DEFAULT_PORT}; 0 picks a free one)\n` +
    '--allow-plain-http  listen on a non-loopback address without TLS. Refused otherwise: put a\n' +
    '            reverse proxy with TLS in front (README, “Working as a team”).\n' +
    'Accounts: weft server add-user; members and roles are set by each project’s owner.',
  options: { ...databaseOption, host: { type: 'string' }, port: { type: 'string' }, 'allow-plain-http': { type: 'boolean' } },
  async run(ctx) {
    const url = databaseUrl(ctx);
    const rawPort = ctx.values.port;
    let port = DEFAULT_PORT;
    if (typeof rawPort === 'string') {
      if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535) throw new UsageError(`--port must be a port number (0–65535), not “${rawPort}”`);
      port = Number(rawPort);
    }
    const host = typeof ctx.values.host === 'string' ? ctx.values.host : '127.0.0.1';
    const server = await startTeamServer({ database: url, host, port, allowPlainHttp: ctx.values['allow-plain-http'] === true, log: (line) => ctx.err(`${line}\n`) }).catch(
      (e: unknown) => explainConnection(e, url),
    );
    ctx.out(`weft serve: listening on ${server.url} (database ${shownDatabase(url)}, schema version ${server.schemaVersion})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    ctx.out('weft serve: stopped\n');
    return EXIT.ok;
  },
};

const ACTIONS = 'add-user, set-password, revoke-tokens, users, audit or migrate';

export const serverCommand: Command = {
  name: 'server',
  summary: 'administer a team server’s accounts: add users, change passwords, revoke tokens, read the audit log',
  usage:
    'weft server add-user USER --database URL [--password-file FILE] | weft server set-password USER --database URL [--password-file FILE] | ' +
    'weft server revoke-tokens USER --database URL | weft server users --database URL [--json] | weft server audit --database URL [--limit N] [--json] | weft server migrate --database URL',
  details:
    'Works on the server’s PostgreSQL database directly (--database or WEFT_DATABASE_URL), so run it where\n' +
    'the database is reachable; no server process needs to be running.\n' +
    'add-user       make an account; the password is the first line of --password-file (- reads standard\n' +
    '               input), else WEFT_PASSWORD. Never on the command line. At least 10 characters.\n' +
    'set-password   change a password; the user’s clients are logged out (their tokens revoked)\n' +
    'revoke-tokens  log every client of the user out (a lost laptop); they log in again with the password\n' +
    'users          accounts, with their active tokens and projects and roles\n' +
    'audit          the latest entries of the audit log (default 50): logins, publishing, member changes,\n' +
    '               uploads with their counts, revocations\n' +
    'migrate        create or update the database schema (weft serve also does this when it starts)',
  options: { ...databaseOption, ...jsonOption, 'password-file': { type: 'string' }, limit: { type: 'string' } },
  async run(ctx) {
    const [action, user, ...extra] = ctx.positionals;
    if (!action) throw new UsageError(`say what to do: ${ACTIONS}`);
    const needUser = () => {
      if (!user) throw new UsageError(`give the user name: weft server ${action} USER`);
      if (extra.length) throw new UsageError(`one user at a time (unexpected “${extra[0]}”)`);
      return user;
    };
    switch (action) {
      case 'add-user': {
        const name = needUser();
        const password = passwordFrom(ctx);
        const made = await withDatabase(ctx, (db) => addUser(db, name, password));
        if (ctx.values.json) printJson(ctx, made);
        else ctx.out(`added user “${made.name}”\n`);
        return EXIT.ok;
      }
      case 'set-password': {
        const name = needUser();
        const password = passwordFrom(ctx);
        const r = await withDatabase(ctx, (db) => setPassword(db, name, password));
        if (ctx.values.json) printJson(ctx, { user: name, ...r });
        else ctx.out(`changed the password of “${name}”; ${r.revoked} token(s) revoked\n`);
        return EXIT.ok;
      }
      case 'revoke-tokens': {
        const name = needUser();
        const r = await withDatabase(ctx, (db) => revokeTokens(db, name));
        if (ctx.values.json) printJson(ctx, { user: name, ...r });
        else ctx.out(`revoked ${r.revoked} token(s) of “${name}”: those clients log in again\n`);
        return EXIT.ok;
      }
      case 'users': {
        const users = await withDatabase(ctx, (db) => listUsers(db));
        if (ctx.values.json) printJson(ctx, { users });
        else if (!users.length) ctx.out('no users yet (weft server add-user USER)\n');
        else
          for (const u of users) {
            const projects = u.projects.map((p) => `${p.name} (${p.role})`).join(', ') || 'no projects';
            ctx.out(`${u.name}  ${u.activeTokens} active token(s)  ${projects}\n`);
          }
        return EXIT.ok;
      }
      case 'audit': {
        const raw = ctx.values.limit;
        const limit = typeof raw === 'string' ? Number(raw) : 50;
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a whole number ≥ 1, not “${String(raw)}”`);
        const rows = await withDatabase(ctx, (db) => readAudit(db, limit));
        if (ctx.values.json) printJson(ctx, { entries: rows });
        else
          for (const r of rows) {
            const detail = Object.keys(r.detail).length ? ` ${JSON.stringify(r.detail)}` : '';
            ctx.out(`${r.at}  ${r.user ?? '-'}  ${r.action}${r.project ? `  ${r.project}` : ''}${detail}  ${r.address ?? ''}\n`);
          }
        return EXIT.ok;
      }
      case 'migrate': {
        const url = databaseUrl(ctx);
        const pool = new pg.Pool({ connectionString: url, max: 1 });
        pool.on('error', () => undefined);
        try {
          const r = await migrateTeamDatabase(pool).catch((e: unknown) => explainConnection(e, url));
          if (ctx.values.json) printJson(ctx, r);
          else ctx.out(r.applied.length ? `applied ${r.applied.join(', ')}; schema version ${r.version}\n` : `schema version ${r.version}: up to date\n`);
        } finally {
          await pool.end().catch(() => undefined);
        }
        return EXIT.ok;
      }
      default:
        throw new UsageError(`unknown server action “${action}” (${ACTIONS})`);
    }
  },
};

export const serverCommands = [serveCommand, serverCommand];
