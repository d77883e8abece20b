import { describe, expect, it } from 'vitest';
import { alsoBeforeText } from './also-before';

describe('alsoBeforeText', () => {
  it('says nothing for a backup that stands only for its own moment', () => {
    expect(alsoBeforeText({})).toBeNull();
    expect(alsoBeforeText({ alsoBefore: [] })).toBeNull();
  });
  it('counts the later moments by reason', () => {
    const at = '2026-12-05T10:00:00.000Z';
    expect(alsoBeforeText({ alsoBefore: [{ reason: 'import', at }] })).toBe('also before an import (nothing had changed since)');
    expect(alsoBeforeText({ alsoBefore: [{ reason: 'import', at }, { reason: 'merge', at }, { reason: 'import', at }] })).toBe(
      'also before 2 imports and a merge (nothing had changed since)',
    );
  });
});
