/**
 * A stamp of a project's state as a connection sees it: it changes whenever anything in the
 * project changes — through this connection (`total_changes()`: every row it inserted, updated or
 * deleted) or through another one (`data_version`: moves when another connection, e.g. the CLI,
 * commits). Equal stamps on one connection mean nothing was written in between, except inside a
 * transaction later rolled back (a rollback moves neither number): callers that keep something by
 * the stamp do not keep what they read inside an open transaction.
 */
import type { DB } from './connection.js';

export function changeStamp(db: DB): string {
  const dataVersion = db.prepare('PRAGMA data_version').pluck().get() as number;
  const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
  return `${dataVersion}:${changes}`;
}
