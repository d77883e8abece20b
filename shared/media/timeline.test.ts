import { describe, expect, it } from 'vitest';
import { formatTime, formatTimestamp, timeline, turnAt, turnAtOffset } from './timeline';

const turns = [
  { id: 1, start: 0, end: 10, beginMs: 0, endMs: 4000 },
  { id: 2, start: 11, end: 30, beginMs: 5000, endMs: 9000 },
  { id: 3, start: 31, end: 40, beginMs: null, endMs: null },
  { id: 4, start: 41, end: 60, beginMs: 9000, endMs: 15_000 },
];

describe('timeline and turnAt', () => {
  const line = timeline(turns);
  it('keeps only timed turns, ordered by time', () => {
    expect(line.map((t) => t.id)).toEqual([1, 2, 4]);
    expect(timeline([{ start: 5, end: 6, beginMs: 3000 }, { start: 0, end: 1, beginMs: 1000 }]).map((t) => t.start)).toEqual([0, 5]);
  });
  it('finds the turn being spoken, through pauses, and nothing before the first or after the last one ends', () => {
    expect(turnAt(line, 0)?.id).toBe(1);
    expect(turnAt(line, 4500)?.id).toBe(1); // a pause: the turn stays current
    expect(turnAt(line, 5000)?.id).toBe(2);
    expect(turnAt(line, 8999)?.id).toBe(2);
    expect(turnAt(line, 9000)?.id).toBe(4);
    expect(turnAt(line, 15_000)?.id).toBe(4);
    expect(turnAt(line, 15_001)).toBeNull();
    expect(turnAt(timeline([{ start: 0, end: 1, beginMs: 2000 }]), 1999)).toBeNull();
    expect(turnAt([], 0)).toBeNull();
  });
  it('keeps the last turn current when it has no end time', () => {
    expect(turnAt(timeline([{ start: 0, end: 3, beginMs: 1000, endMs: null }]), 3_600_000)?.start).toBe(0);
  });
  it('finds the turn at a caret offset', () => {
    expect(turnAtOffset(turns, 12)?.id).toBe(2);
    expect(turnAtOffset(turns, 10)).toBeNull(); // between turns
    expect(turnAtOffset(turns, 59)?.id).toBe(4);
  });
});

describe('formatting', () => {
  it('shows minutes and seconds, hours when there are any, in brackets for extracts', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(724_999)).toBe('12:04');
    expect(formatTimestamp(724_000)).toBe('[12:04]');
    expect(formatTimestamp(3_723_000)).toBe('[1:02:03]');
    expect(formatTime(-5)).toBe('0:00');
  });
});
