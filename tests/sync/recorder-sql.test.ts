/**
 * Migration 0010 holds the recorder as tests/support/sync-recorder-sql.ts builds it from
 * shared/sync/ops.ts: the two never drift apart. The migration file is the frozen truth (its tables
 * are checked by the migrations lock); its recorder part must be exactly the generator's output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/temp';
import { recorderTriggers } from '../support/sync-recorder-sql';

/** The line of migration 0010 after which its recorder triggers begin. */
const RECORDER_START = '-- The recorder (electron/services/sync/recorder-sql.ts).\n';

describe('migration 0010 and the recorder', () => {
  it('ends with exactly the triggers recorder-sql.ts builds from the description of synced things', () => {
    const sql = readFileSync(`${REPO}migrations/0010_sync_log.sql`, 'utf8');
    const at = sql.indexOf(RECORDER_START);
    expect(at, 'the recorder’s heading in migration 0010').toBeGreaterThan(0);
    expect(sql.indexOf(RECORDER_START, at + 1), 'one recorder heading').toBe(-1);
    expect(sql.slice(at + RECORDER_START.length)).toBe(`${recorderTriggers().join('\n\n')}\n`);
  });
});
