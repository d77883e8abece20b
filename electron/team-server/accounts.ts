/**
 * Accounts of a team server, administered from the command line (`weft server …`) on a machine
 * that can reach the database: adding users, changing passwords, revoking tokens, reading the
 * audit log. The HTTP routes never create accounts.
 */
import type pg from 'pg';
import { DomainError } from '../../shared/api/errors.js';
import { nameProblem } from '../../shared/domain/names.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.js';

export interface AuditEntry {
  userId?: number | null;
  userName?: string | null;
  action: AuditAction;
  project?: string | null;
  detail?: Record<string, unknown>;
  address?: string | null;
}

export type AuditAction =
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'publish'
  | 'member-change'
  | 'ops-upload'
  | 'tokens-revoked'
  | 'user-added'
  | 'password-changed';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export async function audit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (user_id, user_name, action, project_guid, detail, address) VALUES ($1, $2, $3, $4, $5, $6)', [
    e.userId ?? null,
    e.userName ?? null,
    e.action,
    e.project ?? null,
    JSON.stringify(e.detail ?? {}),
    e.address ?? null,
  ]);
}

/** A user name: 1–100 characters, no spaces at either end, and a clean name (shared/domain/names.ts: one line, no bidi controls). */
export function checkUserName(name: string): string {
  const problem = nameProblem(name);
  if (problem) throw new DomainError('VALIDATION', `“${name}” cannot be a user name: it ${problem}`);
  if (!name || name.length > 100 || name !== name.trim()) throw new DomainError('VALIDATION', `“${name}” cannot be a user name: 1 to 100 characters, no spaces at either end`);
  return name;
}

export function checkPassword(password: string): string {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new DomainError('VALIDATION', `the password is too short: at least ${MIN_PASSWORD_LENGTH} characters`);
  return password;
}

async function userId(db: Queryable, name: string): Promise<number> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM users WHERE name = $1', [name]);
  if (!rows[0]) throw new DomainError('NOT_FOUND', `no user “${name}” on this server`);
  return Number(rows[0].id);
}

export async function addUser(db: Queryable, name: string, password: string): Promise<{ id: number; name: string }> {
  checkUserName(name);
  const hash = await hashPassword(checkPassword(password));
  const { rows } = await db.query<{ id: string }>('INSERT INTO users (name, password_hash) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id', [name, hash]);
  if (!rows[0]) throw new DomainError('CONFLICT', `there is a user “${name}” on this server already (weft server set-password changes a password)`);
  const id = Number(rows[0].id);
  await audit(db, { userId: id, userName: name, action: 'user-added', address: 'command line' });
  return { id, name };
}

/** Changes a password and revokes the user's tokens (every client logs in again). */
export async function setPassword(db: Queryable, name: string, password: string): Promise<{ revoked: number }> {
  const hash = await hashPassword(checkPassword(password));
  const id = await userId(db, name);
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, hash]);
  const revoked = await revokeTokensOf(db, id);
  await audit(db, { userId: id, userName: name, action: 'password-changed', detail: { revokedTokens: revoked }, address: 'command line' });
  return { revoked };
}

async function revokeTokensOf(db: Queryable, id: number): Promise<number> {
  const r = await db.query('UPDATE tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id]);
  // Server processes close the revoked user's open event streams.
  await db.query("SELECT pg_notify('weft_access', $1)", [JSON.stringify({ user: id })]);
  return r.rowCount ?? 0;
}

export async function revokeTokens(db: Queryable, name: string): Promise<{ revoked: number }> {
  const id = await userId(db, name);
  const revoked = await revokeTokensOf(db, id);
  await audit(db, { userId: id, userName: name, action: 'tokens-revoked', detail: { count: revoked }, address: 'command line' });
  return { revoked };
}

export interface UserRow {
  name: string;
  createdAt: string;
  activeTokens: number;
  projects: { guid: string; name: string; role: string }[];
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  const { rows } = await db.query<{ name: string; created_at: Date; tokens: string; projects: UserRow['projects'] | null }>(
    `SELECT u.name, u.created_at,
            (SELECT count(*) FROM tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS tokens,
            (SELECT json_agg(json_build_object('guid', p.guid, 'name', p.name, 'role', m.role) ORDER BY p.name)
               FROM members m JOIN projects p ON p.id = m.project_id WHERE m.user_id = u.id) AS projects
       FROM users u ORDER BY u.name`,
  );
  return rows.map((r) => ({ name: r.name, createdAt: r.created_at.toISOString(), activeTokens: Number(r.tokens), projects: r.projects ?? [] }));
}

export interface AuditRow {
  at: string;
  user: string | null;
  action: string;
  project: string | null;
  detail: Record<string, unknown>;
  address: string | null;
}

export async function readAudit(db: Queryable, limit: number): Promise<AuditRow[]> {
  const { rows } = await db.query<{ at: Date; user_name: string | null; action: string; project_guid: string | null; detail: Record<string, unknown>; address: string | null }>(
    'SELECT at, user_name, action, project_guid, detail, address FROM audit_log ORDER BY id DESC LIMIT $1',
    [limit],
  );
  return rows.reverse().map((r) => ({ at: r.at.toISOString(), user: r.user_name, action: r.action, project: r.project_guid, detail: r.detail, address: r.address }));
}
