/**
 * The sync status on the hot path (it is asked after every API call while synced): the counts are
 * read from the file again only when the file changed, and the status still follows a local change,
 * a pull, a push and a restore. Real project files and a real token file.
 */
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/sync/status';
import { useTempDir } from '../../../tests/support/temp';
import { makeTeam, OrderedLog, type Member } from '../../../tests/sync/team';
import { createCoding } from '../codings';
import { updateCode } from '../codes';
import { ProjectSync } from './client';
import type { Replica } from './replica-contract';
import { TokenStore } from './tokens';

const tempDir = useTempDir();
const codeId = (m: Member, name: string) => m.db.prepare('SELECT id FROM codes WHERE name = ?').pluck().get(name) as number;
const docId = (m: Member) => m.db.prepare('SELECT id FROM documents').pluck().get() as number;

/** The member's replica, counting how often the status reads the counts from the file. */
function counting(replica: Replica) {
  const reads = { n: 0 };
  const r: Replica = Object.assign(Object.create(replica) as Replica, {
    pendingCount: () => {
      reads.n++;
      return replica.pendingCount();
    },
  });
  return { r, reads };
}

describe('sync status on the hot path', () => {
  it('reads the counts again only when the file changed, and follows a local change, a pull, a push and a restore', () => {
    const server = new OrderedLog();
    const [ana, ben] = makeTeam(tempDir(), 2, server);
    const url = 'http://127.0.0.1:9';
    ana!.replica.enable({ ...ana!.replica.link()!, serverUrl: url }); // a server address the token file keys by
    const tokens = new TokenStore(tempDir());
    tokens.set(url, { token: 't', user: 'ana' });
    const { r, reads } = counting(ana!.replica);
    const sync = new ProjectSync(r, { tokens, auto: false, usable: () => true });
    const status = (): SyncStatus => sync.status();

    expect(status()).toMatchObject({ linked: true, user: 'ana', pending: 0, conflicts: 0 });
    const first = reads.n;
    for (let i = 0; i < 5; i++) status(); // nothing changed: the counts are not read again
    expect(reads.n).toBe(first);

    // a local change
    createCoding(ana!.db, { documentId: docId(ana!), codeId: codeId(ana!, 'Trust'), start: 0, end: 4, coderId: ana!.coderId });
    updateCode(ana!.db, codeId(ana!, 'Care'), { definition: 'Ana’s' });
    const waiting = ana!.replica.pendingCount(); // the coding, the definition and its time
    expect(waiting).toBeGreaterThanOrEqual(2);
    expect(status().pending).toBe(waiting);
    expect(reads.n).toBe(first + 1);

    // a push (the server accepted them)
    server.push(ana!.replica.pending());
    ana!.replica.markPushed(ana!.replica.pending().map((o) => o.id));
    expect(status().pending).toBe(0);

    // a pull that brings a conflict (Ben overwrote Ana's definition without having seen it)
    updateCode(ben!.db, codeId(ben!, 'Care'), { definition: 'Ben’s' });
    server.push(ben!.replica.pending());
    ana!.replica.applyRemote(server.after(ana!.replica.link()!.lastSeq));
    expect(status()).toMatchObject({ pending: 0, conflicts: 1 });

    // a restore of the lost value
    ana!.replica.restore(ana!.replica.conflicts()[0]!.id);
    expect(status()).toMatchObject({ pending: ana!.replica.pendingCount(), conflicts: 0 });
    expect(status().pending).toBeGreaterThan(0);

    // signed out by another door (another TokenStore on the same file)
    new TokenStore(tokens.dir).delete(url);
    expect(status().user).toBe(null);
  });
});
