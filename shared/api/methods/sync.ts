/** The team server, client side (issue 17): signing in, publishing, joining, syncing, the conflict list. */
import { z } from 'zod';
import type { ProjectInfo } from '../../types/entities.js';
import type { ServerProject, SyncConflict, SyncResult, SyncStatus } from '../../sync/status.js';
import { NOT_UNDOABLE } from '../not-undoable.js';
import { change, method, none, path } from './base.js';

const serverUrl = z.string().trim().min(1, 'Give the team server’s address').max(2000);
const user = z.string().trim().min(1, 'Give your user name on the team server').max(200);
const projectGuid = z.string().trim().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'A project is named by its GUID (like 1b4e28ba-2fa1-11d2-883f-0016d3cca427)');

export const syncMethods = {
  /** Whether the open project syncs, with whom, how many changes wait, conflicts to review. */
  'sync.status': method<SyncStatus>()(none),
  /** Signs in to a team server; the token is kept on this machine (never in the project file). */
  'sync.signIn': method<{ serverUrl: string; user: string }>()(z.object({ serverUrl, user, password: z.string().min(1, 'Give your password').max(1000) }).strict()),
  /** Forgets this machine's sign-in for a server (revoking its token there when it can be reached). */
  'sync.signOut': method<{ serverUrl: string; revoked: boolean }>()(z.object({ serverUrl }).strict()),
  /** The projects the signed-in user may join on a server. */
  'sync.projects': method<ServerProject[]>()(z.object({ serverUrl }).strict()),
  /** Owner only: adds a member to the synced project on its server (or changes their role; `role: null` removes them). */
  'sync.setMember': method<{ members: { user: string; role: 'owner' | 'coder' | 'viewer' }[] }>()(z.object({ user, role: z.enum(['owner', 'coder', 'viewer']).nullable() }).strict()),
  /** Publishes the open project to a server (its owner is the signed-in user) and starts syncing it. */
  'sync.publish': change<SyncStatus>()(z.object({ serverUrl }).strict(), { notUndoable: NOT_UNDOABLE.syncPublish }),
  /** Joins a project on a server: downloads it into a NEW project file at `path` and opens it. */
  'sync.join': method<ProjectInfo & { sync: SyncStatus }>()(z.object({ serverUrl, projectGuid, path }).strict()),
  /** Pushes this project's waiting changes, then brings in the team's. */
  'sync.now': change<SyncResult>()(none, { notUndoable: NOT_UNDOABLE.syncNow }),
  /** Sync by itself while online (remembered on this machine for this project). */
  'sync.setAuto': method<SyncStatus>()(z.object({ auto: z.boolean() }).strict()),
  /** The conflict list: values overwritten by a newer write, to review and restore. */
  'sync.conflicts': method<SyncConflict[]>()(z.object({ includeRestored: z.boolean().optional() }).strict()),
  /** Puts a conflict's lost value back (a new change, sent to everyone). */
  'sync.restoreConflict': change<{ conflicts: SyncConflict[]; status: SyncStatus }>()(z.object({ id: z.number().int().positive() }).strict(), { notUndoable: NOT_UNDOABLE.syncRestore }),
} as const;
