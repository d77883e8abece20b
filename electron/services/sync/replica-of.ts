/**
 * The Replica of an open project (its change log and merge rules, `replica.ts`): one per
 * connection, and the coder working in it as the author of its changes.
 */
import type { DB } from '../../db/connection.js';
import type { ProjectSession } from '../project-session.js';
import { openReplica, type SqliteReplica } from './replica.js';

const replicas = new WeakMap<DB, SqliteReplica>();
/** The coder last made the author, by connection (the row id and its GUID). */
const actors = new WeakMap<DB, { coderId: number; guid: string }>();

export function replicaOf(session: ProjectSession): SqliteReplica {
  let r = replicas.get(session.db);
  if (!r) {
    r = openReplica(session.db);
    replicas.set(session.db, r);
  }
  return r;
}

/**
 * Makes the coder working in this file (who is coding here) the author of the changes recorded
 * from now on — shown as “who” in the conflict list on every replica. Codings carry their own coder.
 */
export function syncActor(session: ProjectSession, evenIfNotSynced = false): void {
  if (session.readOnly || !session.db.open) return;
  const coderId = session.coderId();
  if (actors.get(session.db)?.coderId === coderId) return; // asked after every call: nothing to read when nobody changed
  const replica = replicaOf(session);
  if (!evenIfNotSynced && !replica.link()) return;
  const guid = session.db.prepare('SELECT guid FROM coders WHERE id = ?').pluck().get(coderId) as string | undefined;
  if (!guid) return;
  if (actors.get(session.db)?.guid !== guid) replica.setActor(guid);
  actors.set(session.db, { coderId, guid });
}
