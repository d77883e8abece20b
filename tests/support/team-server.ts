/**
 * Talking to a real `weft serve` from tests and the benchmark: JSON over HTTP, an event-stream
 * reader, operations with well-formed envelopes, and `weft serve` started as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { sseSplitter } from '../../shared/api/sse';
import type { OpEnvelope } from '../../shared/sync/protocol';

/** The repository (not imported from ./temp, which needs vitest: the benchmark uses this module too). */
const REPO = new URL('../../', import.meta.url).pathname;

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function call<T = Record<string, unknown>>(base: string, method: string, path: string, token?: string | null, body?: unknown): Promise<Reply<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

export async function login(base: string, user: string, password: string, client = 'test'): Promise<string> {
  const r = await call<{ token: string }>(base, 'POST', '/v1/login', null, { user, password, client });
  if (r.status !== 200) throw new Error(`login of ${user} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

/** An operation with a valid envelope: id = hlc = `<13-digit ms>-<4 hex>-<client>`. */
export function makeOp(clientId: string, n: number, body: unknown = { n }, actor = 'coder-guid'): OpEnvelope {
  const wall = String(1_760_000_000_000 + Math.floor(n / 65536)).padStart(13, '0');
  const hlc = `${wall}-${(n % 65536).toString(16).padStart(4, '0')}-${clientId}`;
  return { id: hlc, hlc, clientId, actor, body };
}

export interface ServerEvent {
  event: string;
  data: string;
  at: number;
}

export interface EventStream {
  status: number;
  events: ServerEvent[];
  /** Resolves with the first event (already received or to come) that matches, or rejects after timeoutMs. */
  waitFor(match: (e: ServerEvent) => boolean, timeoutMs?: number): Promise<ServerEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens `GET /v1/projects/:guid/events`; for a refused request, `status` says why and the stream is empty. */
export function openEvents(base: string, token: string | null | undefined, guid: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/v1/projects/${encodeURIComponent(guid)}/events`, { headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res: IncomingMessage) => {
      const events: ServerEvent[] = [];
      const waiters: { match: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void }[] = [];
      const feed = sseSplitter();
      let endResolve: () => void = () => undefined;
      const ended = new Promise<void>((r) => (endResolve = r));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        for (const message of feed(chunk)) {
          const e = { ...message, at: performance.now() };
          events.push(e);
          for (const w of [...waiters]) {
            if (w.match(e)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(e);
            }
          }
        }
      });
      res.on('end', endResolve);
      res.on('close', endResolve);
      resolve({
        status: res.statusCode ?? 0,
        events,
        ended,
        close: () => req.destroy(),
        waitFor(match, timeoutMs = 10_000) {
          const have = events.find(match);
          if (have) return Promise.resolve(have);
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((x) => x.data))}`)), timeoutMs);
            waiters.push({
              match,
              resolve: (e) => {
                clearTimeout(timer);
                ok(e);
              },
            });
          });
        },
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export const latestSeqOf = (e: ServerEvent) => (JSON.parse(e.data) as { latestSeq: number }).latestSeq;

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

/**
 * Starts `weft serve --port 0` (bin/weft.mjs, as users run it; or `entry`, e.g. a bundled CLI) and
 * waits for its "listening on" line.
 */
export function spawnServer(database: string, extra: string[] = [], entry = join(REPO, 'bin/weft.mjs')): Promise<ServerProcess> {
  const child = spawn(process.execPath, [entry, 'serve', '--database', database, '--port', '0', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  let out = '';
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (err += t));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`weft serve did not start within 60 s: ${err}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          pid: child.pid!,
          child,
          stderr: () => err,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`weft serve exited with ${code}: ${err}`));
    });
  });
}
