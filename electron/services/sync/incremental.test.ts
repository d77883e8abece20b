/**
 * Incremental apply (issue 17), property-based on real project files: while 3–5 coders edit and sync
 * at random (tests/sync/edits.ts), every batch a file receives is applied twice — as the replica
 * does it (only the new operations, when `applyLater` allows) and, on a copy of the file made just
 * before, rebuilt from the whole log — and the two files must hold the same project, the same
 * field clocks, tombstones and conflict list, and report the same.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SequencedOp } from '../../../shared/sync/protocol';
import { canonical } from '../../../shared/sync/rules';
import { useTempDir } from '../../../tests/support/temp';
import { apply, step, sync } from '../../../tests/sync/edits';
import { makeTeam, OrderedLog, type Member } from '../../../tests/sync/team';
import type { DB } from '../../db/connection';
import { createCoding, deleteCoding } from '../codings';
import { updateCode } from '../codes';
import { historyOf } from '../undo';
import type { ApplyReport } from './replica-contract';
import { openReplica, readState } from './replica';

/** Everything applying writes, by GUID (row ids may differ between the two files). */
function applied(db: DB): unknown {
  return {
    project: canonical(readState(db)),
    clocks: db.prepare('SELECT kind, guid, field, hlc FROM sync_field_clock ORDER BY kind, guid, field').all(),
    tombstones: db.prepare('SELECT kind, guid, hlc FROM sync_tombstones ORDER BY guid').all(),
    conflicts: db.prepare('SELECT kind, guid, field, lost_value, lost_by, lost_at, kept_value, kept_by, kept_at, restored FROM sync_conflicts ORDER BY kind, guid, field, lost_at').all(),
    ops: db.prepare('SELECT id, origin, pushed, server_seq, p_kind, p_guid, p_field FROM sync_ops ORDER BY seq').all(),
  };
}

/** Applies `ops` to the member's file as the replica does, and to a copy made just before rebuilt from the whole log; both must agree. */
function appliedTwice(dir: string, m: Member, ops: SequencedOp[], name: string): ApplyReport {
  const path = join(dir, `copy-${name}.weft`);
  m.db.prepare('VACUUM INTO ?').run(path);
  const copy = new Database(path) as DB;
  try {
    const full = openReplica(copy, { incremental: false }).applyRemote(ops);
    const report = m.replica.applyRemote(ops);
    expect(full.rebuilt).toBe(true);
    expect({ ...report, rebuilt: true }).toEqual(full);
    expect(applied(m.db)).toEqual(applied(copy));
    return report;
  } finally {
    copy.close();
  }
}

describe('incremental apply (property-based, real project files)', () => {
  const tempDir = useTempDir();

  it('a coding removed and brought back by Undo between two pulls: the next pull rebuilds, and agrees', () => {
    const dir = tempDir();
    const server = new OrderedLog();
    const [ana, ben] = makeTeam(dir, 2, server);
    const acknowledged = new Set<string>();
    const k = createCoding(ana!.db, { documentId: ana!.db.prepare('SELECT id FROM documents').pluck().get() as number, codeId: ana!.db.prepare('SELECT id FROM codes LIMIT 1').pluck().get() as number, start: 2, end: 9, coderId: ana!.coderId });
    let n = 0;
    const twice = (m: Member, ops: SequencedOp[]) => void appliedTwice(dir, m, ops, String(n++));
    sync(ana!, server, 'none', 100, acknowledged, twice);
    sync(ben!, server, 'none', 100, acknowledged, twice); // the tables now match the rules: pulls may go incrementally
    historyOf(ana!.db).run('remove a coding', () => deleteCoding(ana!.db, k.id));
    historyOf(ana!.db).undo();
    updateCode(ben!.db, ben!.db.prepare('SELECT id FROM codes LIMIT 1').pluck().get() as number, { definition: 'Ben’s' });
    sync(ben!, server, 'none', 100, acknowledged, twice);
    const report = appliedTwice(dir, ana!, server.after(ana!.replica.link()!.lastSeq), 'last');
    expect(report.rebuilt).toBe(true);
    expect(ana!.db.prepare('SELECT count(*) FROM codings').pluck().get()).toBe(1);
  });

  it('gives, batch after batch, exactly what a rebuild from the whole log gives', () => {
    const taken = { incremental: 0, rebuilt: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 5 }).chain((size) => fc.tuple(fc.constant(size), fc.array(step(size), { minLength: 20, maxLength: 70 }))),
        ([size, steps]) => {
          const dir = tempDir();
          const server = new OrderedLog();
          const team = makeTeam(dir, size, server);
          let copies = 0;
          const twice = (m: Member, ops: SequencedOp[]) => {
            const report = appliedTwice(dir, m, ops, String(copies++));
            taken[report.rebuilt ? 'rebuilt' : 'incremental']++;
          };
          const acknowledged = new Set<string>();
          try {
            for (const s of steps) {
              const m = team[s.who]!;
              if ('edit' in s) apply(m, s.edit);
              else sync(m, server, s.sync.drop, s.sync.chunk, acknowledged, twice);
            }
            for (const m of team) sync(m, server, 'none', 1000, acknowledged, twice);
            for (const m of team) sync(m, server, 'none', 1000, acknowledged, twice);
          } finally {
            for (const m of team) m.db.close();
          }
        },
      ),
      { numRuns: 15, seed: Number(process.env.WEFT_FC_SEED ?? 20261206) },
    );
    // the incremental path is taken, and so is the rebuild (both compared above)
    expect(taken.incremental).toBeGreaterThan(0);
    expect(taken.rebuilt).toBeGreaterThan(0);
  });
});
