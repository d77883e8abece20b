import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, backupBudget, backupsToDelete, type RetainedBackup } from './retention.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 11, 4, 18, 0, 0);

const backup = (ageMs: number, size = 1000, id = `b${ageMs}`): RetainedBackup => ({ id, createdAt: NOW - ageMs, size });
const input = { now: NOW, projectSize: 1_000_000 };

describe('backup retention', () => {
  it('keeps everything while there are few small backups', () => {
    const list = [backup(0), backup(10 * MIN), backup(2 * DAY), backup(20 * DAY)];
    expect(backupsToDelete(list, input)).toEqual([]);
  });

  it('keeps the newest 20 as they are and thins older ones to one per hour within a day', () => {
    // 20 backups in the last 20 minutes, then 12 more at 10-minute steps (two hours' worth).
    const recent = Array.from({ length: 20 }, (_, i) => backup(i * MIN));
    const older = Array.from({ length: 12 }, (_, i) => backup(3 * HOUR + i * 10 * MIN));
    const removed = new Set(backupsToDelete([...older, ...recent], input));
    for (const b of recent) expect(removed.has(b.id)).toBe(false);
    const keptOlder = older.filter((b) => !removed.has(b.id));
    const hours = new Set(keptOlder.map((b) => Math.floor(b.createdAt / HOUR)));
    expect(keptOlder.length).toBe(hours.size);
    expect(keptOlder.length).toBeGreaterThanOrEqual(2);
    expect(keptOlder.length).toBeLessThanOrEqual(3);
  });

  it('keeps the newest backup of each hour and of each day', () => {
    const recent = Array.from({ length: 20 }, (_, i) => backup(i * MIN));
    const sameDay = [backup(5 * DAY + 1 * HOUR, 1000, 'day5-newer'), backup(5 * DAY + 2 * HOUR, 1000, 'day5-older')];
    // NOW is 18:00 UTC, so both fall on the same UTC day (16:00 and 17:00, five days ago).
    expect(backupsToDelete([...recent, ...sameDay], input)).toEqual(['day5-older']);
    const sameHour = [backup(2 * HOUR + MIN, 1000, 'hour-newer'), backup(2 * HOUR + 5 * MIN, 1000, 'hour-older')];
    expect(backupsToDelete([...recent, ...sameHour], input)).toEqual(['hour-older']);
  });

  it('drops backups older than a month', () => {
    const recent = Array.from({ length: 20 }, (_, i) => backup(i * MIN));
    expect(backupsToDelete([...recent, backup(40 * DAY, 1000, 'ancient')], input)).toEqual(['ancient']);
  });

  it('keeps a month-old backup while it is among the newest 20', () => {
    expect(backupsToDelete([backup(0), backup(40 * DAY, 1000, 'ancient')], input)).toEqual([]);
  });

  it('stays within five times the project size, dropping the oldest first', () => {
    const list = Array.from({ length: 10 }, (_, i) => backup(i * HOUR, 300_000));
    const removed = backupsToDelete(list, { now: NOW, projectSize: 300_000 });
    // Budget 1.5 MB = five backups of 300 kB; the five oldest go.
    expect(removed).toEqual(list.slice(5).reverse().map((b) => b.id));
  });

  it('caps the budget at 2 GB for a large project', () => {
    expect(backupBudget(1024 ** 3)).toBe(DEFAULT_RETENTION.maxTotalBytes);
    expect(backupBudget(100)).toBe(500);
  });

  it('always keeps the newest backup, even when it alone is over budget', () => {
    const list = [backup(0, 10_000_000, 'newest'), backup(HOUR, 10_000_000, 'older')];
    expect(backupsToDelete(list, { now: NOW, projectSize: 1000 })).toEqual(['older']);
  });

  it('orders ties of the same time by id, so the result does not depend on the input order', () => {
    const a = backup(HOUR, 600, 'a');
    const b = backup(HOUR, 600, 'b');
    const one = backupsToDelete([a, b], { now: NOW, projectSize: 200 });
    const two = backupsToDelete([b, a], { now: NOW, projectSize: 200 });
    expect(one).toEqual(two);
    expect(one).toEqual(['a']);
  });
});
