/**
 * A team for the sync tests: real project files (one per simulated machine) made with the services,
 * and an in-process ordered log standing in for the team server (it numbers operations in the order
 * they arrive and ignores one uploaded twice, as `weft serve` does).
 */
import { join } from 'node:path';
import type { OpEnvelope, SequencedOp } from '../../shared/sync/protocol';
import { parsePlainText } from '../../shared/import/plain-text';
import { createProjectFile, type DB } from '../../electron/db/connection';
import { createCode } from '../../electron/services/codes';
import { insertDocument } from '../../electron/services/documents';
import { currentCoderId } from '../../electron/services/project-session';
import { createTheme } from '../../electron/services/themes';
import { createProjectFromOps, openReplica, type SqliteReplica } from '../../electron/services/sync/replica';

export const TEXT = 'We trusted the nurses. They cared for us 🌍 at night, and the doctors listened when we spoke.';

export class OrderedLog {
  readonly ops: SequencedOp[] = [];
  private readonly ids = new Set<string>();
  push(ops: readonly OpEnvelope[]): number {
    for (const op of ops) {
      if (this.ids.has(op.id)) continue;
      this.ids.add(op.id);
      this.ops.push({ seq: this.ops.length + 1, op: JSON.parse(JSON.stringify(op)) as OpEnvelope });
    }
    return this.ops.length;
  }
  after(seq: number, limit = Infinity): SequencedOp[] {
    return this.ops.slice(seq, seq + limit);
  }
  has(id: string): boolean {
    return this.ids.has(id);
  }
}

export interface Member {
  name: string;
  db: DB;
  replica: SqliteReplica;
  coderId: number;
}

const PROJECT = 'team-project-guid';

/** The founder makes a project (a document, three codes, a theme) and publishes it; the others join. */
export function makeTeam(dir: string, size: number, server: OrderedLog): Member[] {
  const founder = createProjectFile(join(dir, 'member-0.weft'));
  const coderId = founder.transaction(() => {
    const me = currentCoderId(founder, 'Coder 0');
    insertDocument(founder, parsePlainText(TEXT, 'UTF-8'), { name: 'Interview', sourceName: null, coderId: me });
    for (const name of ['Trust', 'Care', 'Listening']) createCode(founder, { name });
    createTheme(founder, { name: 'Being looked after' });
    return me;
  })();
  const replica = openReplica(founder);
  replica.enable({ serverUrl: 'memory:', projectGuid: PROJECT, clientId: 'client0' });
  replica.setActor(guidOfCoder(founder, coderId));
  server.push(replica.snapshot());
  replica.markPushed(replica.pending().map((o) => o.id));
  const team: Member[] = [{ name: 'Coder 0', db: founder, replica, coderId }];
  for (let i = 1; i < size; i++) {
    const db = createProjectFromOps(join(dir, `member-${i}.weft`), { name: 'Team', serverUrl: 'memory:', projectGuid: PROJECT, clientId: `client${i}`, ops: server.after(0) });
    const r = openReplica(db);
    const me = db.transaction(() => currentCoderId(db, `Coder ${i}`))();
    r.setActor(guidOfCoder(db, me));
    team.push({ name: `Coder ${i}`, db, replica: r, coderId: me });
  }
  return team;
}

export const guidOfCoder = (db: DB, id: number): string => db.prepare('SELECT guid FROM coders WHERE id = ?').pluck().get(id) as string;
