/**
 * Browser mode: the same dispatcher served over HTTP on 127.0.0.1 only.
 * - POST /api/<method> with a JSON body → the Result envelope as JSON; for opening a document, a
 *   client that sends `Accept: application/x-weft-frame` gets the text and turns outside the JSON
 *   (shared/api/frame.ts).
 * - GET /api/events → Server-Sent Events: the service's pushed events (shared/api/events.ts).
 * - Every API request must carry the per-launch token (header `X-Weft-Token`), a Host of
 *   127.0.0.1/localhost on our port (DNS-rebinding defence) and, when present, our own Origin.
 * - GET /media/<ticket> streams one linked recording, with HTTP range requests (seeking). `<audio>`
 *   cannot send the token header, so the ticket stands for it: `media.get` (a token-checked API
 *   call) hands it out for that one file (electron/services/media.ts); nothing else is reachable.
 * - GET of anything else serves the built renderer (dist/renderer) with a strict CSP.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Dispatcher } from '../ipc/dispatch.js';
import { EncodedAnswer } from '../../shared/api/encoded-answer.js';
import type { ApiEvent } from '../../shared/api/events.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/api/security.js';
import { FRAME_TYPE, frameFor } from '../../shared/api/frame.js';
import { answerMediaRequest, type MediaResolver } from '../fs/media-response.js';

export interface BridgeOptions {
  dispatcher: Dispatcher;
  /** Folder with the built renderer; when absent only the API is served. */
  staticDir?: string;
  port?: number;
  token?: string;
  /** Largest accepted request body (imports send files base64-encoded). */
  maxBodyBytes?: number;
  /** The service's pushed events (subscribe, returning the unsubscribe), served at GET /api/events. */
  events?: (listener: (event: ApiEvent) => void) => () => void;
  /** The recording a media ticket stands for (null: unknown or expired), served at GET /media/<ticket>. */
  media?: MediaResolver;
}

async function serveMedia(req: IncomingMessage, res: ServerResponse, ticket: string, resolve: MediaResolver) {
  const answer = await answerMediaRequest(ticket, resolve, { method: req.method ?? 'GET', range: req.headers.range ?? null });
  res.writeHead(answer.status, { ...answer.headers, ...SECURITY_HEADERS, 'Cross-Origin-Resource-Policy': 'same-origin' });
  const body = answer.body;
  if (body === null || typeof body === 'string') return res.end(body ?? undefined);
  res.once('close', () => body.destroy());
  body.pipe(res);
}

/** Keeps an idle event stream open through proxies and tells a dead client apart. */
const EVENTS_HEARTBEAT_MS = 25_000;

function serveEvents(req: IncomingMessage, res: ServerResponse, subscribe: NonNullable<BridgeOptions['events']>) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    ...SECURITY_HEADERS,
  });
  res.write(': connected\n\n');
  const unsubscribe = subscribe((event) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.payload)}\n\n`));
  const heartbeat = setInterval(() => res.write(': ping\n\n'), EVENTS_HEARTBEAT_MS);
  heartbeat.unref?.();
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

export interface Bridge {
  server: Server;
  port: number;
  token: string;
  origin: string;
  /** URL to open in a browser: the token travels in the fragment, never to the server log. */
  url: string;
  close(): Promise<void>;
}

/** The one JSON line a backend process prints for whoever started it (the e2e fixture, the benchmarks): {url, port, token, origin}. */
export const bridgeAnnouncement = (bridge: Bridge): string => `${JSON.stringify({ url: bridge.url, port: bridge.port, token: bridge.token, origin: bridge.origin })}\n`;

/** On Ctrl+C or SIGTERM: the service shuts down (projects closed cleanly), then the bridge, then the process exits. */
export function stopOnSignals(service: { shutdown(): void }, bridge: Bridge): void {
  const stop = async () => {
    service.shutdown();
    await bridge.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...extra });
  res.end(body);
}

/** `%`-decodes a URL path; null when it holds a malformed escape (such as `%E0%A4%A`). */
export function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  const answer = (value as { value?: unknown } | null)?.value;
  if (answer instanceof EncodedAnswer) {
    // written by its handler as JSON text, in pieces (a large list): each piece is sent as it is,
    // never joined into one string nor encoded into one buffer (chunked, no Content-Length); the
    // pieces themselves are all held until the answer is written
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
    void writePieces(res, ['{"ok":true,"value":', ...answer.pieces, '}']).catch(() => res.destroy());
    return;
  }
  // encoded once here: given a string, Node measures its UTF-8 length for Content-Length and then
  // encodes it again as it writes (two passes over a long document's text, bench figure 13)
  send(res, status, Buffer.from(JSON.stringify(value), 'utf8'), 'application/json; charset=utf-8');
}

/**
 * Writes `pieces` in order and ends the stream, waiting for the socket to drain whenever its buffer
 * is full: a client reading slowly holds back the writing, instead of every piece being encoded and
 * buffered at once. Stops (rejects) when the client goes away.
 */
export async function writePieces(out: Writable, pieces: readonly string[]): Promise<void> {
  for (const piece of pieces) {
    if (out.destroyed) throw new Error('the client went away');
    if (!out.write(piece)) {
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          out.off('drain', done);
          out.off('close', gone);
          resolve();
        };
        const gone = () => {
          out.off('drain', done);
          reject(new Error('the client went away'));
        };
        out.once('drain', done);
        out.once('close', gone);
      });
    }
  }
  out.end();
}

/** One answer written as its parts in order, without copying them into one buffer first. */
function sendParts(res: ServerResponse, parts: Uint8Array[], type: string) {
  const length = parts.reduce((sum, p) => sum + p.byteLength, 0);
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(length), 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  parts.forEach((p, i) => (i === parts.length - 1 ? res.end(p) : res.write(p)));
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 512 * 1024 * 1024;
  const staticRoot = options.staticDir ? resolve(options.staticDir) : null;
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = createServer(async (req, res) => {
    try {
      if (!allowedHosts().has(req.headers.host ?? '')) {
        return sendJson(res, 403, { ok: false, error: { code: 'UNAVAILABLE', message: 'Requests must be addressed to 127.0.0.1.' } });
      }
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      const pathname = decodePath(url.pathname);
      if (pathname === null) {
        return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: `The address “${url.pathname.slice(0, 200)}” is not valid: it contains a malformed %-escape.` } });
      }
      if (url.pathname.startsWith('/api/')) {
        const origin = req.headers.origin;
        if (origin !== undefined && !allowedOrigins().has(origin)) {
          return sendJson(res, 403, { ok: false, error: { code: 'UNAVAILABLE', message: 'Foreign origin refused.' } });
        }
        const given = req.headers['x-weft-token'];
        if (typeof given !== 'string' || !sameToken(given, token)) {
          return sendJson(res, 401, { ok: false, error: { code: 'UNAVAILABLE', message: 'Missing or wrong access token.' } });
        }
        if (url.pathname === '/api/events' && req.method === 'GET') {
          if (!options.events) return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No events here.' } });
          return serveEvents(req, res, options.events);
        }
        if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Use POST.' } });
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return sendJson(res, 415, { ok: false, error: { code: 'VALIDATION', message: 'Send JSON.' } });
        }
        let input: unknown;
        try {
          const body = await readBody(req, maxBody);
          input = body ? JSON.parse(body) : {};
        } catch (err) {
          return sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: `Bad request body: ${(err as Error).message}` } });
        }
        const method = pathname.slice('/api/'.length);
        const result = await options.dispatcher(method, input);
        if ((req.headers.accept ?? '').includes(FRAME_TYPE)) {
          // a document's text and turns outside the JSON (shared/api/frame.ts); Node's UTF-16LE is a copy of the string's bytes
          const parts = frameFor(method, result, (text) => Buffer.from(text, 'utf16le'));
          if (parts) return sendParts(res, parts, FRAME_TYPE);
        }
        return sendJson(res, 200, result);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain');
      if (pathname.startsWith('/media/')) {
        return await serveMedia(req, res, pathname.slice('/media/'.length), options.media ?? (() => null));
      }
      if (!staticRoot) return send(res, 404, 'Not found', 'text/plain');
      const rel = url.pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
      const file = normalize(join(staticRoot, rel));
      if (!file.startsWith(staticRoot + sep)) return send(res, 403, 'Forbidden', 'text/plain');
      let target = file;
      try {
        if (!(await stat(target)).isFile()) target = join(staticRoot, 'index.html');
      } catch {
        target = join(staticRoot, 'index.html');
      }
      const body = await readFile(target);
      const type = MIME[extname(target)] ?? 'application/octet-stream';
      return send(res, 200, body, type, type.startsWith('text/html') ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {});
    } catch (err) {
      return sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: (err as Error).message } });
    }
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    server,
    port,
    token,
    origin,
    url: `${origin}/#token=${token}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}
