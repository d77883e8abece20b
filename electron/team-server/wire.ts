/**
 * The zod schemas of what clients send to `weft serve` (shared/sync/protocol.ts is the contract;
 * these check it at the door). The server reads only an operation's envelope; its body is stored
 * as sent.
 */
import { z } from 'zod';
import type { ProjectRole, TeamRoutes } from '../../shared/sync/protocol.js';
import { nameProblem } from '../../shared/domain/names.js';
import { opEnvelopeSchema } from '../../shared/sync/ops.js';

const text = (max: number) => z.string().min(1).max(max);
/** A name people see (project, user): one line of visible text, the rule of every name in Weft. */
const name = (max: number) =>
  text(max).superRefine((value, ctx) => {
    const problem = nameProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const loginInput = z.object({ user: text(100), password: z.string().min(1).max(1000), client: text(200) }) satisfies z.ZodType<TeamRoutes['POST /v1/login']['in']>;

export const roleSchema = z.enum(['owner', 'coder', 'viewer']) satisfies z.ZodType<ProjectRole>;

/** Project GUIDs as the app makes them (and any other plain id): letters, digits, dashes, underscores. */
export const projectGuid = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'a project GUID is 1 to 100 letters, digits, dashes or underscores');

export const publishInput = z.object({ guid: projectGuid, name: name(500) }) satisfies z.ZodType<TeamRoutes['POST /v1/projects']['in']>;

export const memberInput = z.object({ user: text(100), role: roleSchema.nullable() }) satisfies z.ZodType<TeamRoutes['POST /v1/projects/:guid/members']['in']>;

/** At most this many operations in one upload (a client sends a long backlog in batches). */
export const MAX_OPS_PER_UPLOAD = 5000;

/**
 * Operations are checked by the rules module's own envelope schema (shared/sync/ops.ts: the id is
 * the clock time, the clock names the client, a body is there). What the body says is the
 * clients' business: a newer client's kinds of change pass through an older server.
 */
export const uploadInput = z.object({ ops: z.array(opEnvelopeSchema).max(MAX_OPS_PER_UPLOAD) }) satisfies z.ZodType<TeamRoutes['POST /v1/projects/:guid/ops']['in']>;

/** Pull: `after` defaults to 0, `limit` to (and at most) PULL_LIMIT. */
export const PULL_LIMIT = 5000;

/** One line for a zod failure: where and what, for the client's error message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'request'}: ${i.message}`)
    .join('; ');
}
