/** The replica of a synced project on real project files (issue 17): what is recorded, applied, refused. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonical, materialize } from '../../../shared/sync/rules';
import type { OpBody } from '../../../shared/sync/ops';
import { useTempDir } from '../../../tests/support/temp';
import { guidOfCoder, makeTeam, OrderedLog, type Member } from '../../../tests/sync/team';
import { createCode, deleteCode, mergeCodes, updateCode } from '../codes';
import { createCoding, updateCodingRange } from '../codings';
import { currentCoderId } from '../project-session';
import { exportCoderSet } from '../team/export-set';
import { historyOf } from '../undo';
import { createProjectFromOps, openReplica, readState, renewReplicaId } from './replica';

const tempDir = useTempDir();
const sameAsItsLog = (m: Member) => expect(JSON.stringify(canonical(readState(m.db)))).toBe(JSON.stringify(canonical(materialize(m.replica.allOps()))));
const codeId = (m: Member, name: string) => m.db.prepare('SELECT id FROM codes WHERE name = ?').pluck().get(name) as number;
const docId = (m: Member) => m.db.prepare('SELECT id FROM documents').pluck().get() as number;
const bodies = (m: Member): OpBody[] => m.replica.pending().map((o) => o.body as OpBody);
function sync(team: Member[], server: OrderedLog) {
  for (const m of team) {
    server.push(m.replica.pending());
    m.replica.markPushed(m.replica.pending().map((o) => o.id));
  }
  for (const m of team) m.replica.applyRemote(server.after(m.replica.link()!.lastSeq));
}
const later = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3); // the next wall-clock millisecond or so

describe('recording (migration 0010 triggers)', () => {
  it('records every change of a synced project as operations the rules turn back into the same project: services, merges, cascades, undo', () => {
    const server = new OrderedLog();
    const [ana] = makeTeam(tempDir(), 1, server);
    const m = ana!;
    expect(m.replica.pendingCount()).toBe(0);
    const db = m.db;
    db.transaction(() => {
      const sub = createCode(db, { name: 'Sub', parentId: codeId(m, 'Trust') });
      createCoding(db, { documentId: docId(m), codeId: sub.id, start: 0, end: 5, coderId: m.coderId });
      createCoding(db, { documentId: docId(m), codeId: codeId(m, 'Care'), start: 3, end: 9, coderId: m.coderId });
      mergeCodes(db, codeId(m, 'Care'), codeId(m, 'Listening'));
      updateCode(db, codeId(m, 'Listening'), { definition: 'Being heard' });
    })();
    historyOf(db).run('delete', () => deleteCode(db, codeId(m, 'Trust'))); // takes Sub and its coding
    historyOf(db).undo(); // brings them back
    const kinds = bodies(m).map((b) => `${b.t}${'kind' in b ? ` ${b.kind}` : ''}`);
    expect(kinds).toEqual(expect.arrayContaining(['create code', 'create coding', 'mergeCode', 'delete code', 'delete coding', 'set code']));
    expect(bodies(m)).toContainEqual({ t: 'mergeCode', from: expect.any(String), into: expect.any(String) });
    sameAsItsLog(m);
    expect(db.prepare("SELECT count(*) FROM codes WHERE name IN ('Trust', 'Sub')").pluck().get()).toBe(2);
  });

  it('gives a coding its coder’s GUID as the operation’s actor, whoever works in the file', () => {
    const server = new OrderedLog();
    const [m] = makeTeam(tempDir(), 1, server);
    const other = m!.db.transaction(() => currentCoderId(m!.db, 'Ben'))();
    createCoding(m!.db, { documentId: docId(m!), codeId: codeId(m!, 'Care'), start: 0, end: 4, coderId: other });
    const op = m!.replica.pending().find((o) => (o.body as OpBody).t === 'create' && (o.body as { kind: string }).kind === 'coding')!;
    expect(op.actor).toBe(guidOfCoder(m!.db, other));
  });

  it('refuses to change a shared document’s text, and records nothing', () => {
    const [m] = makeTeam(tempDir(), 1, new OrderedLog());
    const before = m!.replica.pendingCount();
    expect(() => m!.db.prepare("UPDATE documents SET text = 'changed'").run()).toThrow(/cannot change once shared/);
    expect(m!.replica.pendingCount()).toBe(before);
  });

  it('stamps an edit with the clock of when it was made: an edit made offline earlier loses to one made after it', () => {
    const server = new OrderedLog();
    const [ana, ben] = makeTeam(tempDir(), 2, server);
    updateCode(ana!.db, codeId(ana!, 'Trust'), { definition: 'earlier, offline' });
    later();
    updateCode(ben!.db, codeId(ben!, 'Trust'), { definition: 'later' });
    sync([ben!, ana!], server); // the later edit reaches the server first; the offline one afterwards
    for (const m of [ana!, ben!]) expect(m.db.prepare("SELECT definition FROM codes WHERE name = 'Trust'").pluck().get()).toBe('later');
  });

  it('leaves sync in a copy of the project (a coder’s set): the copy records nothing and must join to sync', () => {
    const [m] = makeTeam(tempDir(), 1, new OrderedLog());
    const out = join(tempDir(), 'set.weft');
    exportCoderSet(m!.db, m!.coderId, out);
    const copy = new Database(out, { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM sync_link').pluck().get()).toBe(0);
    expect(copy.prepare('SELECT count(*) FROM sync_ops').pluck().get()).toBe(0);
    copy.close();
  });
});

describe('applying the server’s operations', () => {
  it('rejects a batch with a bad operation as a whole: nothing is written', () => {
    const server = new OrderedLog();
    const [ana, ben] = makeTeam(tempDir(), 2, server);
    updateCode(ana!.db, codeId(ana!, 'Trust'), { name: 'Trusting' });
    server.push(ana!.replica.pending());
    const good = server.after(ben!.replica.link()!.lastSeq);
    const bad = { seq: good.at(-1)!.seq + 1, op: { ...good[0]!.op, id: 'x', body: { t: 'set', kind: 'document', guid: 'd', field: 'text', value: 'new', prev: null } } };
    const before = { state: JSON.stringify(canonical(readState(ben!.db))), ops: ben!.replica.allOps().length, link: ben!.replica.link() };
    expect(() => ben!.replica.applyRemote([...good, bad])).toThrow(/not one this version of Weft understands/);
    expect(JSON.stringify(canonical(readState(ben!.db)))).toBe(before.state);
    expect(ben!.replica.allOps()).toHaveLength(before.ops);
    expect(ben!.replica.link()).toEqual(before.link);
    expect(ben!.replica.applyRemote(good)).toMatchObject({ applied: good.length });
    expect(ben!.db.prepare("SELECT count(*) FROM codes WHERE name = 'Trusting'").pluck().get()).toBe(1);
  });

  it('lands a coding made offline on a code someone else merged on the merged code, with its coder, in both files', () => {
    const server = new OrderedLog();
    const [ana, ben] = makeTeam(tempDir(), 2, server);
    createCoding(ben!.db, { documentId: docId(ben!), codeId: codeId(ben!, 'Care'), start: 0, end: 2, coderId: ben!.coderId }); // offline
    ana!.db.transaction(() => mergeCodes(ana!.db, codeId(ana!, 'Care'), codeId(ana!, 'Listening')))();
    sync([ana!, ben!], server);
    sync([ana!, ben!], server);
    for (const m of [ana!, ben!]) {
      expect(m.db.prepare('SELECT c.name AS code, d.name AS coder FROM codings k JOIN codes c ON c.id = k.code_id JOIN coders d ON d.id = k.coder_id').all()).toEqual([
        { code: 'Listening', coder: 'Coder 1' },
      ]);
    }
  });

  it('keeps a coding’s passage whole when two coders’ adjustments cross (convergence seed 1854402632): both files hold the later one', () => {
    const server = new OrderedLog();
    const [ana, ben] = makeTeam(tempDir(), 2, server);
    const k = createCoding(ana!.db, { documentId: docId(ana!), codeId: codeId(ana!, 'Trust'), start: 3, end: 10, coderId: ana!.coderId });
    sync([ana!, ben!], server);
    const kBen = ben!.db.prepare('SELECT id FROM codings').pluck().get() as number;
    updateCodingRange(ana!.db, k.id, 8, 10); // Ana moves the start (only the start is recorded)
    later();
    updateCodingRange(ben!.db, kBen, 3, 5); // Ben, not having seen it, moves the end before Ana's start
    sync([ana!, ben!], server); // failed: CHECK constraint failed: start >= 0 AND end > start
    sync([ana!, ben!], server);
    for (const m of [ana!, ben!]) {
      expect(m.db.prepare('SELECT start, end FROM codings').all()).toEqual([{ start: 3, end: 5 }]);
      sameAsItsLog(m);
    }
  });

  it('puts a definition overwritten unseen in the conflict list, and restoring it syncs to everyone', () => {
    const server = new OrderedLog();
    const [ana, ben] = makeTeam(tempDir(), 2, server);
    updateCode(ana!.db, codeId(ana!, 'Care'), { definition: 'Ana: looking after' });
    later();
    updateCode(ben!.db, codeId(ben!, 'Care'), { definition: 'Ben: being looked after' });
    sync([ana!, ben!], server);
    sync([ana!, ben!], server);
    const [conflict] = ana!.replica.conflicts();
    expect(conflict).toMatchObject({ kind: 'code', entityName: 'Care', field: 'definition', lostValue: 'Ana: looking after', lostBy: 'Coder 0', keptValue: 'Ben: being looked after', keptBy: 'Coder 1', restored: false });
    ana!.replica.restore(conflict!.id);
    expect(ana!.replica.conflicts()).toEqual([]);
    expect(ana!.replica.conflicts({ includeRestored: true })).toMatchObject([{ restored: true }]);
    sync([ana!, ben!], server);
    for (const m of [ana!, ben!]) expect(m.db.prepare("SELECT definition FROM codes WHERE name = 'Care'").pluck().get()).toBe('Ana: looking after');
  });

  it('an older copy of a synced file (a restored backup) sees its own changes come back and says so; renewed, it goes on as a new replica', () => {
    const server = new OrderedLog();
    const [ana] = makeTeam(tempDir(), 1, server);
    const dir = tempDir();
    const [copied, restored] = [join(dir, 'copied.weft'), join(dir, 'restored.weft')];
    for (const f of [copied, restored]) ana!.db.prepare('VACUUM INTO ?').run(f);
    updateCode(ana!.db, codeId(ana!, 'Care'), { definition: 'Written after the backup' });
    sync([ana!], server);

    const old = new Database(copied);
    const r = openReplica(old);
    expect(r.diverged()).toBeNull();
    r.applyRemote(server.after(r.link()!.lastSeq));
    expect(r.diverged()).toMatch(/older copy of a synced project .*Weft does not send its changes/);
    old.close();

    const back = new Database(restored);
    renewReplicaId(back); // what restoring a backup in the app does
    const r2 = openReplica(back);
    expect(r2.link()!.clientId).not.toBe('client0');
    r2.applyRemote(server.after(r2.link()!.lastSeq));
    expect(r2.diverged()).toBeNull();
    expect(back.prepare("SELECT definition FROM codes WHERE name = 'Care'").pluck().get()).toBe('Written after the backup');
    updateCode(back, back.prepare("SELECT id FROM codes WHERE name = 'Trust'").pluck().get() as number, { definition: 'After the restore' });
    expect(r2.pending().map((o) => o.clientId)).toEqual(expect.arrayContaining([r2.link()!.clientId]));
    expect(r2.pending().every((o) => o.clientId !== 'client0')).toBe(true);
    back.close();
  });

  it('joins: a new file holds what the server’s operations define; a bad operation leaves no file', () => {
    const server = new OrderedLog();
    const [ana] = makeTeam(tempDir(), 1, server);
    const path = join(tempDir(), 'joined.weft');
    const bad = [...server.after(0), { seq: 999, op: { ...server.after(0)[0]!.op, hlc: 'nonsense' } }];
    expect(() => createProjectFromOps(path, { name: 'Team', serverUrl: 'memory:', projectGuid: 'p', ops: bad })).toThrow(/not one this version/);
    expect(existsSync(path)).toBe(false);
    const db = createProjectFromOps(path, { name: 'Team', serverUrl: 'memory:', projectGuid: 'p', ops: server.after(0) });
    expect(JSON.stringify(canonical(readState(db)))).toBe(JSON.stringify(canonical(readState(ana!.db))));
    expect(db.prepare("SELECT value FROM project_meta WHERE key = 'guid'").pluck().get()).toBe('p');
    db.close();
  });
});
