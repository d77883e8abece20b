/**
 * Convergence (issue 17), property-based: 3–5 coders, each with a real project file, edit offline
 * through the services (codings, code edits, merges, moves, deletes, themes, memos) and sync through
 * an ordered log standing in for the server, in random orders, with uploads dropped (lost before
 * the server, or accepted but the answer lost) and retried, and downloads in pieces. At the end every
 * file holds the same project, equal to what the rules give for all operations, and every operation
 * the server acknowledged is in it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical, materialize } from '../../../shared/sync/rules';
import { useTempDir } from '../../../tests/support/temp';
import { apply, step, sync } from '../../../tests/sync/edits';
import { makeTeam, OrderedLog, type Member } from '../../../tests/sync/team';
import { readState } from './replica';

const dump = (m: Member): string => JSON.stringify(canonical(readState(m.db)));

describe('sync convergence (property-based, real project files)', () => {
  const tempDir = useTempDir();

  it('brings every replica to the same project, the one the rules give for all operations, losing nothing acknowledged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 5 }).chain((size) => fc.tuple(fc.constant(size), fc.array(step(size), { minLength: 20, maxLength: 70 }))),
        ([size, steps]) => {
          const server = new OrderedLog();
          const team = makeTeam(tempDir(), size, server);
          const acknowledged = new Set<string>();
          try {
            for (const s of steps) {
              const m = team[s.who]!;
              if ('edit' in s) apply(m, s.edit);
              else sync(m, server, s.sync.drop, s.sync.chunk, acknowledged);
            }
            // back online for good: everyone uploads what is left, then everyone downloads
            for (const m of team) sync(m, server, 'none', 1000, acknowledged);
            for (const m of team) sync(m, server, 'none', 1000, acknowledged);
            for (const m of team) expect(m.replica.pendingCount()).toBe(0);
            for (const id of acknowledged) expect(server.has(id)).toBe(true);
            const want = JSON.stringify(canonical(materialize(server.ops.map((s) => s.op))));
            for (const m of team) {
              expect(dump(m)).toBe(want);
              expect(new Set(m.replica.allOps().map((o) => o.id))).toEqual(new Set(server.ops.map((s) => s.op.id)));
            }
          } finally {
            for (const m of team) m.db.close();
          }
        },
      ),
      // A fixed seed, so a run in CI is repeatable; WEFT_FC_SEED=<n> explores others. Seed 1854402632
      // found crossed adjustments of a coding's passage (rule 4a now; fixed examples in rules.test.ts
      // and replica.test.ts); seeds 1, 2, 3 and 42 pass.
      { numRuns: 20, seed: Number(process.env.WEFT_FC_SEED ?? 20261206) },
    );
  });
});
