/**
 * The team server as the client sees it (issue 17): one typed function per route of
 * `shared/sync/protocol.ts`, over Node's fetch, and the one place its failures become errors a
 * researcher can act on (server unreachable, wrong password, no access, plain HTTP refused).
 */
import { DomainError } from '../../../shared/api/errors.js';
import type { OpEnvelope, ProjectRole, SequencedOp, TeamError } from '../../../shared/sync/protocol.js';
import type { ServerProject } from '../../../shared/sync/status.js';

/** How long one request may take before the server counts as unreachable. */
export const REQUEST_TIMEOUT_MS = 20_000;

/** The server could not be reached at all (no answer, refused, timed out): changes stay waiting here. */
export class OfflineError extends DomainError {
  constructor(serverUrl: string, reason: string) {
    super('UNAVAILABLE', `Cannot reach the team server at ${serverUrl} (${reason}). Your changes are kept in this file and sync when the server can be reached.`);
    this.name = 'OfflineError';
  }
}

/** The server refused the token (expired, revoked, never given): the user signs in again. */
export class SignedOutError extends DomainError {
  constructor(serverUrl: string, detail?: string) {
    super('VALIDATION', `Not signed in to the team server at ${serverUrl}${detail ? ` (${detail})` : ''}. Sign in again (Team server…, or weft publish/join with --user).`);
    this.name = 'SignedOutError';
  }
}

function networkReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused: is the server running?';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'no such host name';
  if (code === 'ECONNRESET') return 'the connection was reset';
  if (code && /CERT|SSL|TLS/.test(code)) return `its certificate was refused: ${e.cause?.message ?? code}`;
  return e?.cause?.message ?? e?.message ?? String(err);
}

export class TeamServerApi {
  constructor(
    readonly serverUrl: string,
    private readonly token: string | null,
  ) {}

  private async request<T>(method: 'GET' | 'POST', route: string, body?: unknown, what = 'the request'): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.serverUrl}${route}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (err) {
      throw new OfflineError(this.serverUrl, networkReason(err));
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (res.ok) {
      if (parsed === null) throw new DomainError('UNAVAILABLE', `The server at ${this.serverUrl} did not answer like a Weft team server (${what}: HTTP ${res.status}, not JSON). Check the address.`);
      return parsed as T;
    }
    throw this.refusal(res.status, parsed, what);
  }

  /** The one mapping of the server's refusals to what the researcher reads. */
  private refusal(status: number, body: unknown, what: string): DomainError {
    const err = (body as TeamError | null)?.error;
    const said = typeof err?.message === 'string' ? err.message : '';
    if (!err) {
      if (status === 404) return new DomainError('UNAVAILABLE', `The server at ${this.serverUrl} is not a Weft team server (${what}: HTTP 404). Check the address.`);
      if (status >= 500 || status === 429) return new DomainError('UNAVAILABLE', `The team server at ${this.serverUrl} failed (${what}: HTTP ${status}). Try again later; your changes are kept here.`);
      return new DomainError('UNAVAILABLE', `The team server at ${this.serverUrl} refused ${what} (HTTP ${status}).`);
    }
    if (/plain HTTP|https/i.test(said) && (status === 403 || status === 426 || status === 400)) {
      return new DomainError('VALIDATION', `The team server at ${this.serverUrl} refuses plain HTTP: use its https:// address (${said})`);
    }
    switch (err.code) {
      case 'UNAUTHENTICATED':
        return new SignedOutError(this.serverUrl, said || undefined);
      case 'FORBIDDEN':
        return new DomainError('CONFLICT', `No access: ${said || `your role on the team server at ${this.serverUrl} does not allow ${what}`}. Ask the project's owner.`);
      case 'NOT_FOUND':
        return new DomainError('NOT_FOUND', `No access: ${said || `the team server at ${this.serverUrl} has no such project for you`}. Ask the project's owner to add you.`);
      case 'VALIDATION':
        return new DomainError('VALIDATION', `The team server refused ${what}: ${said}`);
      case 'CONFLICT':
        return new DomainError('CONFLICT', `The team server refused ${what}: ${said}`);
      default:
        return new DomainError('UNAVAILABLE', `The team server at ${this.serverUrl} failed (${what}): ${said || `HTTP ${status}`}. Try again later; your changes are kept here.`);
    }
  }

  async login(user: string, password: string, client: string): Promise<{ token: string; user: string }> {
    try {
      return await this.request('POST', '/v1/login', { user, password, client }, 'signing in');
    } catch (err) {
      // at login a 401 is the password, not a token
      if (err instanceof SignedOutError) throw new DomainError('VALIDATION', `The team server at ${this.serverUrl} refused the user name or password for “${user}”.`);
      throw err;
    }
  }

  logout(): Promise<{ revoked: true }> {
    return this.request('POST', '/v1/logout', {}, 'signing out');
  }

  async projects(): Promise<ServerProject[]> {
    return (await this.request<{ projects: ServerProject[] }>('GET', '/v1/projects', undefined, 'listing projects')).projects;
  }

  createProject(guid: string, name: string): Promise<{ guid: string; role: 'owner' }> {
    return this.request('POST', '/v1/projects', { guid, name }, 'publishing the project');
  }

  setMember(projectGuid: string, user: string, role: ProjectRole | null): Promise<{ members: { user: string; role: ProjectRole }[] }> {
    return this.request('POST', `/v1/projects/${encodeURIComponent(projectGuid)}/members`, { user, role }, role ? `adding ${user} as ${role}` : `removing ${user}`);
  }

  pushOps(projectGuid: string, ops: OpEnvelope[]): Promise<{ accepted: number; latestSeq: number }> {
    return this.request('POST', `/v1/projects/${encodeURIComponent(projectGuid)}/ops`, { ops }, 'sending changes');
  }

  pullOps(projectGuid: string, after: number, limit: number): Promise<{ ops: SequencedOp[]; latestSeq: number }> {
    return this.request('GET', `/v1/projects/${encodeURIComponent(projectGuid)}/ops?after=${after}&limit=${limit}`, undefined, 'fetching changes');
  }

  /**
   * Follows the project's Server-Sent Events until `signal` aborts or the stream ends: calls
   * `onOps(latestSeq)` for every `event: ops`. Resolves when the stream ends; rejects like a request.
   */
  async events(projectGuid: string, signal: AbortSignal, onOps: (latestSeq: number) => void, onOpen?: () => void): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${this.serverUrl}/v1/projects/${encodeURIComponent(projectGuid)}/events`, {
        headers: { accept: 'text/event-stream', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        signal,
        redirect: 'error',
      });
    } catch (err) {
      if (signal.aborted) return;
      throw new OfflineError(this.serverUrl, networkReason(err));
    }
    if (!res.ok || !res.body) {
      let body: unknown = null;
      try {
        body = JSON.parse(await res.text());
      } catch {
        body = null;
      }
      throw this.refusal(res.status, body, 'following changes');
    }
    onOpen?.();
    const decoder = new TextDecoder();
    let buffer = '';
    let event = 'message';
    let data = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            if (event === 'ops') {
              try {
                const seq = Number((JSON.parse(data) as { latestSeq?: unknown }).latestSeq);
                onOps(Number.isFinite(seq) ? seq : Number.MAX_SAFE_INTEGER);
              } catch {
                onOps(Number.MAX_SAFE_INTEGER);
              }
            }
            event = 'message';
            data = '';
          } else if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data += line.slice(5).trim();
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      throw new OfflineError(this.serverUrl, networkReason(err));
    }
  }
}
