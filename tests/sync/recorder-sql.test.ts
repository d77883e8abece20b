/** Migration 0010 holds the recorder as recorder-sql.ts builds it from ops.ts: the two never drift apart. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/temp';
import { migration0010 } from '../support/sync-migration-0010';

describe('migration 0010 and the recorder', () => {
  it('is exactly the text recorder-sql.ts builds from the description of synced things', () => {
    expect(readFileSync(`${REPO}migrations/0010_sync_log.sql`, 'utf8')).toBe(migration0010());
  });
});
