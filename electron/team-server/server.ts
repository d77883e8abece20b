/**
 * `weft serve`: the team server (issue 17). Plain Node (node:http, pg), no Electron.
 *
 * Stateless: everything lives in PostgreSQL, so any number of these processes can run behind a
 * load balancer. What one process accepts, the others learn through LISTEN/NOTIFY:
 *   - `weft_ops`    {project, latestSeq}  after an upload commits → `event: ops` to that project's streams;
 *   - `weft_access` {project?, user?}     after a member change, logout or token revocation → the
 *                                          affected streams are checked again and closed if refused.
 *
 * Order: each project's `latest_seq` row is its counter. An upload locks it (SELECT … FOR UPDATE),
 * numbers its new operations after it and commits; a concurrent upload to the same project (in this
 * process or another) waits for that lock, so sequence numbers commit in order, and a reader (one
 * SQL statement, one snapshot) sees operations 1…latest_seq with no gaps, never seq 5 before seq 4.
 *
 * Access: every route but login and health needs `Authorization: Bearer <token>` (401 without);
 * a project is visible only to its members (404 to anyone else, whatever the route); within it,
 * roles decide (403): viewers read, coders also upload, owners also change members.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { TEAM_PROTOCOL_VERSION, type ProjectRole, type SequencedOp, type TeamError, type TeamRoutes } from '../../shared/sync/protocol.js';
import { DomainError } from '../../shared/api/errors.js';
import { audit } from './accounts.js';
import { migrateTeamDatabase } from './migrate.js';
import { newToken, tokenHash, verifyPassword } from './passwords.js';
import { describeIssues, loginInput, memberInput, projectGuid, PULL_LIMIT, publishInput, uploadInput } from './wire.js';
import { isLoopback } from '../../shared/sync/loopback.js';
import type { z } from 'zod';

export interface TeamServerOptions {
  /** A PostgreSQL connection string (`postgres://user@host:port/db`; PGPASSWORD and ~/.pgpass are honoured). */
  database: string;
  host?: string;
  /** 0 picks a free port (the chosen one is in `url`). */
  port?: number;
  /** Listen on a non-loopback address without TLS (only behind a reverse proxy that terminates TLS). */
  allowPlainHttp?: boolean;
  /** Connections this process keeps to PostgreSQL (besides the one that listens). */
  poolSize?: number;
  /** Where problems are reported (a line each); default stderr. */
  log?: (line: string) => void;
}

export interface RunningTeamServer {
  url: string;
  port: number;
  host: string;
  schemaVersion: number;
  /** Open event streams in this process. */
  streams(): number;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 7741;
/** After this many failed logins of one user name within LOGIN_WINDOW_MINUTES, that name's logins are refused (429) until the window passes. */
export const LOGIN_FAILURES_ALLOWED = 10;
export const LOGIN_WINDOW_MINUTES = 15;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const KEEPALIVE_MS = 20_000;

/** 127.0.0.0/8, ::1 and localhost (one rule for the server and the client: shared/sync/loopback.ts). */
export { isLoopback };

/** The path of a request, for the log (never its query string). */
const url = (req: IncomingMessage) => (req.url ?? '').replace(/\?.*$/, '');

/** PostgreSQL is down or unreachable (connection refused or lost, server shutting down, too many connections). */
function isConnectionFailure(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE)$/.test(code) || /^(08|57P)/.test(code) || code === '53300');
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: TeamError['error']['code'],
    message: string,
  ) {
    super(message);
  }
}

const unauthenticated = () => new HttpError(401, 'UNAUTHENTICATED', 'log in first: no valid token (it may have been revoked)');
const noProject = () => new HttpError(404, 'NOT_FOUND', 'no such project on this server');

interface Caller {
  userId: number;
  userName: string;
  tokenId: number;
}

interface Stream {
  res: ServerResponse;
  caller: Caller;
  guid: string;
  keepalive: NodeJS.Timeout;
  lastSent: number;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'VALIDATION', `request too large: at most ${MAX_BODY_BYTES / 1024 / 1024} MiB (send operations in smaller batches)`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'VALIDATION', 'the request body is not JSON');
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, 'VALIDATION', describeIssues(r.error));
  return r.data;
}

function addressOf(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  const direct = req.socket.remoteAddress ?? 'unknown';
  return forwarded ? `${direct} (forwarded for ${String(forwarded).slice(0, 200)})` : direct;
}

const ROUTE = /^\/v1\/projects\/([^/]+)\/(members|ops|events)$/;

/** Which roles may use each project route. */
const ALLOWED: Record<'members' | 'listMembers' | 'upload' | 'pull' | 'events', readonly ProjectRole[]> = {
  members: ['owner'],
  listMembers: ['owner', 'coder', 'viewer'],
  upload: ['owner', 'coder'],
  pull: ['owner', 'coder', 'viewer'],
  events: ['owner', 'coder', 'viewer'],
};

export async function startTeamServer(options: TeamServerOptions): Promise<RunningTeamServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.allowPlainHttp) {
    throw new DomainError(
      'VALIDATION',
      `refusing to serve plain HTTP on ${host}, which is not a loopback address: passwords and tokens would cross the network unencrypted. Put a reverse proxy with TLS in front (README, “Working as a team”) and listen on 127.0.0.1, or pass --allow-plain-http if such a proxy reaches this address over a private network`,
    );
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pool = new pg.Pool({ connectionString: options.database, max: options.poolSize ?? 10, application_name: 'weft serve' });
  pool.on('error', (e) => log(`weft serve: PostgreSQL connection lost: ${e.message}`));
  let schemaVersion: number;
  try {
    schemaVersion = (await migrateTeamDatabase(pool)).version;
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }

  // ---------------------------------------------------------------------------------------------
  // Event streams and the listening connection

  const streams = new Set<Stream>();
  let closing = false;
  let listener: pg.Client | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  /** Wait before the next attempt to listen again: 1 s, doubling to 30 s while PostgreSQL is away. */
  let reconnectDelay = 1000;

  const push = (s: Stream, latestSeq: number) => {
    if (latestSeq <= s.lastSent) return;
    s.lastSent = latestSeq;
    s.res.write(`event: ops\ndata: ${JSON.stringify({ latestSeq })}\n\n`);
  };
  const endStream = (s: Stream) => {
    clearInterval(s.keepalive);
    streams.delete(s);
    s.res.end();
  };

  /** Is the caller still allowed to follow this project? (Token not revoked, still a member.) */
  const stillAllowed = async (s: Stream): Promise<number | null> => {
    const { rows } = await pool.query<{ latest_seq: string }>(
      `SELECT p.latest_seq FROM tokens t
         JOIN members m ON m.user_id = t.user_id
         JOIN projects p ON p.id = m.project_id
        WHERE t.id = $1 AND t.revoked_at IS NULL AND p.guid = $2`,
      [s.caller.tokenId, s.guid],
    );
    return rows[0] ? Number(rows[0].latest_seq) : null;
  };

  const recheck = async (filter: (s: Stream) => boolean) => {
    for (const s of [...streams].filter(filter)) {
      try {
        const latest = await stillAllowed(s);
        if (latest === null) endStream(s);
        else push(s, latest);
      } catch (e) {
        log(`weft serve: could not check an event stream: ${(e as Error).message}`);
      }
    }
  };

  const onNotification = (msg: pg.Notification) => {
    let payload: { project?: string; latestSeq?: number; user?: number };
    try {
      payload = JSON.parse(msg.payload ?? '{}') as typeof payload;
    } catch {
      return;
    }
    if (msg.channel === 'weft_ops' && payload.project && typeof payload.latestSeq === 'number') {
      for (const s of streams) if (s.guid === payload.project) push(s, payload.latestSeq);
    } else if (msg.channel === 'weft_access') {
      void recheck((s) => (payload.project === undefined || s.guid === payload.project) && (payload.user === undefined || s.caller.userId === payload.user));
    }
  };

  const connectListener = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: options.database, application_name: 'weft serve (listen)' });
    client.on('notification', onNotification);
    const lost = (e?: Error) => {
      if (listener !== client) return;
      listener = null;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (closing) return;
      log(`weft serve: lost the PostgreSQL notification connection${e ? ` (${e.message})` : ''}; trying again in ${reconnectDelay / 1000} s`);
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        reconnectDelay = Math.min(reconnectDelay * 2, 30_000);
        connectListener()
          .then(() => {
            reconnectDelay = 1000;
            log('weft serve: listening to PostgreSQL notifications again');
            // Notifications sent while we were away are lost: tell every stream where its project is now.
            return recheck(() => true);
          })
          .catch(() => undefined);
      }, reconnectDelay);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    listener = client;
    try {
      await client.connect();
      await client.query('LISTEN weft_ops');
      await client.query('LISTEN weft_access');
    } catch (e) {
      // At start-up the caller reports it; later, this schedules the next attempt (once: `lost` checks).
      if (!starting) lost(e as Error);
      throw e;
    }
  };
  let starting = true;
  try {
    await connectListener();
    starting = false;
  } catch (e) {
    closing = true;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    await pool.end().catch(() => undefined);
    throw e;
  }

  // ---------------------------------------------------------------------------------------------
  // Authentication and membership

  const authenticate = async (req: IncomingMessage): Promise<Caller> => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/.exec(header);
    if (!m) throw unauthenticated();
    const { rows } = await pool.query<{ token_id: string; user_id: string; name: string }>(
      'SELECT t.id AS token_id, u.id AS user_id, u.name FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL',
      [tokenHash(m[1]!)],
    );
    const row = rows[0];
    if (!row) throw unauthenticated();
    return { userId: Number(row.user_id), userName: row.name, tokenId: Number(row.token_id) };
  };

  /** The caller's project and role; 404 for a non-member, 403 when the role does not allow `what`. */
  const membership = async (db: pg.Pool | pg.PoolClient, caller: Caller, guid: string, what: keyof typeof ALLOWED, lock = false) => {
    const { rows } = await db.query<{ id: string; latest_seq: string; role: ProjectRole }>(
      `SELECT p.id, p.latest_seq, m.role FROM projects p JOIN members m ON m.project_id = p.id
        WHERE p.guid = $1 AND m.user_id = $2${lock ? ' FOR UPDATE OF p' : ''}`,
      [guid, caller.userId],
    );
    const row = rows[0];
    if (!row) throw noProject();
    if (!ALLOWED[what].includes(row.role)) {
      const allowed = ALLOWED[what].join(' or ');
      throw new HttpError(403, 'FORBIDDEN', `your role in this project is ${row.role}; this needs ${allowed}`);
    }
    return { projectId: Number(row.id), latestSeq: Number(row.latest_seq), role: row.role };
  };

  const inTransaction = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      // Read committed whatever the database's default: an upload waiting for a project's counter
      // row must then see the row as the upload before it committed it (not fail to serialize).
      await c.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  };

  // ---------------------------------------------------------------------------------------------
  // Routes

  const login = async (req: IncomingMessage): Promise<TeamRoutes['POST /v1/login']['out']> => {
    const input = validate(loginInput, await readJson(req));
    const address = addressOf(req);
    // Throttled per user name through the audit log, so every server process counts the same failures.
    const recent = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'login-failed' AND user_name = $1 AND at > now() - make_interval(mins => $2)`,
      [input.user, LOGIN_WINDOW_MINUTES],
    );
    if ((recent.rows[0]?.n ?? 0) >= LOGIN_FAILURES_ALLOWED) {
      throw new HttpError(429, 'UNAUTHENTICATED', `too many failed logins for “${input.user}”: try again in ${LOGIN_WINDOW_MINUTES} minutes, or ask the server’s administrator`);
    }
    const { rows } = await pool.query<{ id: string; name: string; password_hash: string }>('SELECT id, name, password_hash FROM users WHERE name = $1', [input.user]);
    const user = rows[0];
    const ok = await verifyPassword(input.password, user?.password_hash ?? null);
    if (!user || !ok) {
      await audit(pool, { userId: user ? Number(user.id) : null, userName: input.user, action: 'login-failed', detail: { client: input.client }, address });
      throw new HttpError(401, 'UNAUTHENTICATED', 'wrong user name or password');
    }
    const token = newToken();
    await inTransaction(async (c) => {
      await c.query('INSERT INTO tokens (user_id, token_hash, client) VALUES ($1, $2, $3)', [user.id, tokenHash(token), input.client]);
      await audit(c, { userId: Number(user.id), userName: user.name, action: 'login', detail: { client: input.client }, address });
    });
    return { token, user: user.name };
  };

  const logout = async (req: IncomingMessage, caller: Caller): Promise<TeamRoutes['POST /v1/logout']['out']> => {
    await inTransaction(async (c) => {
      await c.query('UPDATE tokens SET revoked_at = now() WHERE id = $1', [caller.tokenId]);
      await c.query("SELECT pg_notify('weft_access', $1)", [JSON.stringify({ user: caller.userId })]);
      await audit(c, { userId: caller.userId, userName: caller.userName, action: 'logout', address: addressOf(req) });
    });
    return { revoked: true };
  };

  const listProjects = async (caller: Caller): Promise<TeamRoutes['GET /v1/projects']['out']> => {
    const { rows } = await pool.query<{ guid: string; name: string; role: ProjectRole; latest_seq: string }>(
      'SELECT p.guid, p.name, m.role, p.latest_seq FROM members m JOIN projects p ON p.id = m.project_id WHERE m.user_id = $1 ORDER BY p.name, p.guid',
      [caller.userId],
    );
    return { projects: rows.map((r) => ({ guid: r.guid, name: r.name, role: r.role, latestSeq: Number(r.latest_seq) })) };
  };

  const publish = async (req: IncomingMessage, caller: Caller): Promise<{ status: number; body: TeamRoutes['POST /v1/projects']['out'] }> => {
    const input = validate(publishInput, await readJson(req));
    return inTransaction(async (c) => {
      const made = await c.query<{ id: string }>('INSERT INTO projects (guid, name, created_by) VALUES ($1, $2, $3) ON CONFLICT (guid) DO NOTHING RETURNING id', [
        input.guid,
        input.name,
        caller.userId,
      ]);
      if (!made.rows[0]) {
        // Publishing again (a retry) is harmless for its owner; anyone else learns only that the GUID is taken.
        const mine = await c.query("SELECT 1 FROM members m JOIN projects p ON p.id = m.project_id WHERE p.guid = $1 AND m.user_id = $2 AND m.role = 'owner'", [
          input.guid,
          caller.userId,
        ]);
        if (mine.rows[0]) return { status: 200, body: { guid: input.guid, role: 'owner' as const } };
        throw new HttpError(409, 'CONFLICT', 'a project with this GUID is on the server already; ask its owner to add you, then join it');
      }
      await c.query("INSERT INTO members (project_id, user_id, role) VALUES ($1, $2, 'owner')", [made.rows[0].id, caller.userId]);
      await audit(c, { userId: caller.userId, userName: caller.userName, action: 'publish', project: input.guid, detail: { name: input.name }, address: addressOf(req) });
      return { status: 201, body: { guid: input.guid, role: 'owner' as const } };
    });
  };

  const changeMember = async (req: IncomingMessage, caller: Caller, guid: string): Promise<TeamRoutes['POST /v1/projects/:guid/members']['out']> => {
    const input = validate(memberInput, await readJson(req));
    return inTransaction(async (c) => {
      // Locks the project row: member changes of one project take turns (the last owner stays).
      const { projectId } = await membership(c, caller, guid, 'members', true);
      const target = await c.query<{ id: string }>('SELECT id FROM users WHERE name = $1', [input.user]);
      const targetId = target.rows[0]?.id;
      if (!targetId) throw new HttpError(404, 'NOT_FOUND', `no user “${input.user}” on this server`);
      const before = await c.query<{ role: ProjectRole }>('SELECT role FROM members WHERE project_id = $1 AND user_id = $2', [projectId, targetId]);
      const was = before.rows[0]?.role ?? null;
      if (was === 'owner' && input.role !== 'owner') {
        const owners = await c.query<{ n: string }>("SELECT count(*) AS n FROM members WHERE project_id = $1 AND role = 'owner'", [projectId]);
        if (Number(owners.rows[0]?.n) <= 1) throw new HttpError(409, 'CONFLICT', 'a project keeps at least one owner: make someone else owner first');
      }
      if (input.role === null) await c.query('DELETE FROM members WHERE project_id = $1 AND user_id = $2', [projectId, targetId]);
      else
        await c.query('INSERT INTO members (project_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role', [
          projectId,
          targetId,
          input.role,
        ]);
      await c.query("SELECT pg_notify('weft_access', $1)", [JSON.stringify({ project: guid, user: Number(targetId) })]);
      await audit(c, { userId: caller.userId, userName: caller.userName, action: 'member-change', project: guid, detail: { member: input.user, from: was, to: input.role }, address: addressOf(req) });
      return membersOf(c, projectId);
    });
  };

  const membersOf = async (db: pg.Pool | pg.PoolClient, projectId: number): Promise<TeamRoutes['POST /v1/projects/:guid/members']['out']> => {
    const members = await db.query<{ name: string; role: ProjectRole }>('SELECT u.name, m.role FROM members m JOIN users u ON u.id = m.user_id WHERE m.project_id = $1 ORDER BY u.name', [projectId]);
    return { members: members.rows.map((r) => ({ user: r.name, role: r.role })) };
  };

  const listMembers = async (caller: Caller, guid: string): Promise<TeamRoutes['GET /v1/projects/:guid/members']['out']> => membersOf(pool, (await membership(pool, caller, guid, 'listMembers')).projectId);

  const upload = async (req: IncomingMessage, caller: Caller, guid: string): Promise<Required<TeamRoutes['POST /v1/projects/:guid/ops']['out']>> => {
    // 404/403 before reading what a non-member sends.
    await membership(pool, caller, guid, 'upload');
    const input = validate(uploadInput, await readJson(req));
    return inTransaction(async (c) => {
      // The project's counter row, locked until commit: uploads to one project take turns, in every process.
      const { projectId, latestSeq } = await membership(c, caller, guid, 'upload', true);
      const ids = input.ops.map((o) => o.id);
      const known = new Set(
        ids.length ? (await c.query<{ op_id: string }>('SELECT op_id FROM ops WHERE project_id = $1 AND op_id = ANY($2::text[])', [projectId, ids])).rows.map((r) => r.op_id) : [],
      );
      const fresh = input.ops.filter((o) => !known.has(o.id) && (known.add(o.id), true));
      if (!fresh.length) return { accepted: 0, duplicates: input.ops.length, latestSeq };
      const seqs = fresh.map((_, i) => latestSeq + 1 + i);
      const last = latestSeq + fresh.length;
      await c.query(
        `INSERT INTO ops (project_id, seq, op_id, hlc, client_id, actor, body, uploaded_by)
         SELECT $1, s, i, h, c, a, b::json, $2 FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(s, i, h, c, a, b)`,
        [projectId, caller.userId, seqs, fresh.map((o) => o.id), fresh.map((o) => o.hlc), fresh.map((o) => o.clientId), fresh.map((o) => o.actor), fresh.map((o) => JSON.stringify(o.body))],
      );
      // The notification is delivered at commit, to every server process (this one included).
      await c.query("UPDATE projects SET latest_seq = $2 WHERE id = $1 RETURNING pg_notify('weft_ops', $3)", [projectId, last, JSON.stringify({ project: guid, latestSeq: last })]);
      await audit(c, { userId: caller.userId, userName: caller.userName, action: 'ops-upload', project: guid, detail: { count: fresh.length, duplicates: input.ops.length - fresh.length, firstSeq: latestSeq + 1, lastSeq: last }, address: addressOf(req) });
      return { accepted: fresh.length, duplicates: input.ops.length - fresh.length, latestSeq: last };
    });
  };

  const wholeNumber = (raw: string | null, name: string, fallback: number, max: number): number => {
    if (raw === null || raw === '') return fallback;
    if (!/^\d{1,15}$/.test(raw)) throw new HttpError(400, 'VALIDATION', `${name}: a whole number ≥ 0`);
    return Math.min(Number(raw), max);
  };

  const pull = async (caller: Caller, guid: string, query: URLSearchParams): Promise<TeamRoutes['GET /v1/projects/:guid/ops?after&limit']['out']> => {
    const after = wholeNumber(query.get('after'), 'after', 0, Number.MAX_SAFE_INTEGER);
    const limit = Math.max(1, wholeNumber(query.get('limit'), 'limit', PULL_LIMIT, PULL_LIMIT));
    // One statement, one snapshot: latest_seq and the operations agree, and no gap is visible.
    const { rows } = await pool.query<{ role: ProjectRole; latest_seq: string; seq: string | null; op_id: string; hlc: string; client_id: string; actor: string; body: unknown }>(
      `SELECT p.role, p.latest_seq, o.seq, o.op_id, o.hlc, o.client_id, o.actor, o.body
         FROM (SELECT p.id, p.latest_seq, m.role FROM projects p JOIN members m ON m.project_id = p.id WHERE p.guid = $1 AND m.user_id = $2) p
         LEFT JOIN LATERAL (SELECT * FROM ops WHERE ops.project_id = p.id AND ops.seq > $3 ORDER BY ops.seq LIMIT $4) o ON true
        ORDER BY o.seq`,
      [guid, caller.userId, after, limit],
    );
    if (!rows[0]) throw noProject();
    if (!ALLOWED.pull.includes(rows[0].role)) throw new HttpError(403, 'FORBIDDEN', `your role in this project is ${rows[0].role}`);
    const ops: SequencedOp[] = rows
      .filter((r) => r.seq !== null)
      .map((r) => ({ seq: Number(r.seq), op: { id: r.op_id, hlc: r.hlc, clientId: r.client_id, actor: r.actor, body: r.body } }));
    return { ops, latestSeq: Number(rows[0].latest_seq) };
  };

  const events = async (req: IncomingMessage, res: ServerResponse, caller: Caller, guid: string) => {
    const { latestSeq } = await membership(pool, caller, guid, 'events');
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // nginx: do not buffer the stream
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const stream: Stream = {
      res,
      caller,
      guid,
      lastSent: -1,
      keepalive: setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS),
    };
    streams.add(stream);
    req.on('close', () => {
      clearInterval(stream.keepalive);
      streams.delete(stream);
    });
    res.write('retry: 3000\n\n');
    push(stream, latestSeq);
    // An upload that committed while the membership was being read announced itself before this
    // stream was registered: read the counter once more now that every later announcement reaches it.
    try {
      const { rows } = await pool.query<{ latest_seq: string }>('SELECT latest_seq FROM projects WHERE guid = $1', [guid]);
      if (rows[0] && streams.has(stream)) push(stream, Number(rows[0].latest_seq));
    } catch (e) {
      log(`weft serve: could not read where an event stream's project is: ${(e as Error).message}`);
      endStream(stream);
    }
  };

  const health = async (): Promise<TeamRoutes['GET /v1/health']['out']> => {
    await pool.query('SELECT 1');
    return { server: 'weft' as const, protocol: TEAM_PROTOCOL_VERSION, schemaVersion };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://weft.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const only = (m: string) => {
      if (method !== m) throw new HttpError(405, 'VALIDATION', `${path} takes ${m}`);
    };
    if (path === '/v1/health') {
      only('GET');
      return sendJson(res, 200, await health());
    }
    if (path === '/v1/login') {
      only('POST');
      return sendJson(res, 200, await login(req));
    }
    if (path !== '/v1/logout' && path !== '/v1/projects' && !ROUTE.test(path)) throw new HttpError(404, 'NOT_FOUND', `no route ${path}`);
    const caller = await authenticate(req);
    if (path === '/v1/logout') {
      only('POST');
      return sendJson(res, 200, await logout(req, caller));
    }
    if (path === '/v1/projects') {
      if (method === 'GET') return sendJson(res, 200, await listProjects(caller));
      only('POST');
      const { status, body } = await publish(req, caller);
      return sendJson(res, status, body);
    }
    const [, rawGuid, what] = ROUTE.exec(path)!;
    let guid: string;
    try {
      guid = decodeURIComponent(rawGuid!);
    } catch {
      throw noProject();
    }
    if (!projectGuid.safeParse(guid).success) throw noProject();
    if (what === 'members') {
      if (method === 'GET') return sendJson(res, 200, await listMembers(caller, guid));
      only('POST');
      return sendJson(res, 200, await changeMember(req, caller, guid));
    }
    if (what === 'ops') {
      if (method === 'GET') return sendJson(res, 200, await pull(caller, guid, url.searchParams));
      only('POST');
      return sendJson(res, 200, await upload(req, caller, guid));
    }
    only('GET');
    return events(req, res, caller, guid);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      let status = 500;
      let error: TeamError['error'] = { code: 'INTERNAL', message: 'internal error (see the server’s log)' };
      if (e instanceof HttpError) {
        status = e.status;
        error = { code: e.code, message: e.message };
      } else if (isConnectionFailure(e)) {
        status = 503;
        error = { code: 'INTERNAL', message: 'the server cannot reach its database just now: try again shortly' };
        log(`weft serve: ${req.method} ${url(req)}: the database is unreachable: ${(e as Error).message}`);
      } else {
        log(`weft serve: ${req.method} ${url(req)}: ${(e as Error)?.stack ?? String(e)}`);
      }
      if (res.headersSent) res.end();
      else sendJson(res, status, { error } satisfies TeamError);
      // A body we refused to read would otherwise keep the connection busy.
      if (!req.complete) req.resume();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (e: unknown) => {
    closing = true;
    await listener?.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw e;
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    host: address.address,
    schemaVersion,
    streams: () => streams.size,
    async close() {
      closing = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      for (const s of [...streams]) endStream(s);
      // Requests under way may finish (5 s at most); idle keep-alive connections close now.
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 5000);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      const l = listener;
      listener = null;
      await l?.end().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
