/**
 * The team server's wire protocol (issue 17): what a Weft client and `weft serve` exchange.
 *
 * A synced project's every change is an operation. The server stores operations as they come
 * (PostgreSQL is its only store), orders them by its own per-project sequence number, and hands
 * them to every member who asks for what came after a sequence number; it never rewrites one.
 * What an operation *means* (the merge rules) is decided once, in `shared/sync/` (the rules
 * module), and used by clients and by the server when it builds its view of a project.
 *
 * Everything here is JSON over HTTP, `Authorization: Bearer <token>` on every route but login.
 */

/** A hybrid-logical-clock time as a string that sorts in clock order: `WWWWWWWWWWWWW-CCCC-<clientId>`
 * (13-digit wall milliseconds, 4-digit hex counter, the client that made it). Total order; unique. */
export type HlcString = string;

/** What every operation carries, whatever it changes. The server looks only at this envelope. */
export interface OpEnvelope {
  /** Unique id of the operation: equal to its `hlc` (which already names the client). Uploading one twice is harmless. */
  id: string;
  hlc: HlcString;
  /** The replica (one project file on one machine) that made it. */
  clientId: string;
  /** GUID of the coder who made the change (shown as "who coded this" on every replica). */
  actor: string;
  /** The change itself: defined by the rules module (`shared/sync/ops.ts`); opaque to the server's storage. */
  body: unknown;
}

/** An operation as the server hands it out: with the server's sequence number for its project. */
export interface SequencedOp {
  seq: number;
  op: OpEnvelope;
}

export type ProjectRole = 'owner' | 'coder' | 'viewer';

/** Routes (all under the server's base URL). Inputs and outputs are JSON. */
export interface TeamRoutes {
  /** A client logs in once; the token is kept by the client (never in the project file) and can be revoked. */
  'POST /v1/login': { in: { user: string; password: string; client: string }; out: { token: string; user: string } };
  'POST /v1/logout': { in: Record<string, never>; out: { revoked: true } };
  /** Projects the caller is a member of. */
  'GET /v1/projects': { in: Record<string, never>; out: { projects: { guid: string; name: string; role: ProjectRole; latestSeq: number }[] } };
  /** Publish: creates the project on the server, the caller becomes its owner. Then push its operations. */
  'POST /v1/projects': { in: { guid: string; name: string }; out: { guid: string; role: 'owner' } };
  /** Owner only: add or change a member (`role: null` removes them). */
  'POST /v1/projects/:guid/members': { in: { user: string; role: ProjectRole | null }; out: { members: { user: string; role: ProjectRole }[] } };
  /** Owner and coder: upload operations (idempotent by op id). */
  'POST /v1/projects/:guid/ops': {
    in: { ops: OpEnvelope[] };
    /** `accepted`: operations new to the server (numbered latestSeq-accepted+1 … latestSeq); `duplicates`: ones it had already (added by the server). */
    out: { accepted: number; latestSeq: number; duplicates?: number };
  };
  /** Every member: operations after `after` (exclusive), at most `limit`, in sequence order. */
  'GET /v1/projects/:guid/ops?after&limit': { in: Record<string, never>; out: { ops: SequencedOp[]; latestSeq: number } };
  /** Every member: Server-Sent Events, `event: ops` with `{ latestSeq }` whenever new operations land (any server process). */
  'GET /v1/projects/:guid/events': { in: Record<string, never>; out: never };
  /** Added by the server: every member sees who else is in the project. */
  'GET /v1/projects/:guid/members': { in: Record<string, never>; out: { members: { user: string; role: ProjectRole }[] } };
  /** Added by the server: no token; for a load balancer's health check and a client's "is this a Weft server?". */
  'GET /v1/health': { in: Record<string, never>; out: { server: 'weft'; protocol: number; schemaVersion: number } };
}

/** Error replies: HTTP status plus this body. 401 no or bad token, 403 role forbids it, 404 no such project *for this user*. */
export interface TeamError {
  error: { code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'VALIDATION' | 'CONFLICT' | 'INTERNAL'; message: string };
}

export const TEAM_PROTOCOL_VERSION = 1;
