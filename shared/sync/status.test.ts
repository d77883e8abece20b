import { describe, expect, it } from 'vitest';
import { conflictValueText, NOT_SYNCED, syncStatusLabel, type SyncStatus } from './status';

const linked: SyncStatus = { ...NOT_SYNCED, linked: true, serverUrl: 'https://s', projectGuid: 'g', user: 'ana', online: true, auto: true };

describe('the status line’s words', () => {
  it('synced, changes waiting, offline, conflicts to review, signed out', () => {
    expect(syncStatusLabel(NOT_SYNCED)).toBe('Not synced');
    expect(syncStatusLabel(linked)).toBe('Synced');
    expect(syncStatusLabel({ ...linked, pending: 1 })).toBe('1 change waiting');
    expect(syncStatusLabel({ ...linked, pending: 3 })).toBe('3 changes waiting');
    expect(syncStatusLabel({ ...linked, pending: 3, online: false })).toBe('Offline — 3 changes waiting');
    expect(syncStatusLabel({ ...linked, conflicts: 2 })).toBe('Synced — 2 conflicts to review');
    expect(syncStatusLabel({ ...linked, user: null, pending: 1 })).toBe('Signed out — 1 change waiting');
    expect(syncStatusLabel({ ...linked, online: null })).toBe('Synced');
    expect(syncStatusLabel({ ...linked, syncing: true })).toBe('Syncing…');
  });

  it('values in the conflict list are shown as text', () => {
    expect(conflictValueText('Trust <b>')).toBe('Trust <b>');
    expect(conflictValueText('')).toBe('(empty)');
    expect(conflictValueText(null)).toBe('(empty)');
    expect(conflictValueText(3)).toBe('3');
  });
});
