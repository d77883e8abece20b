import { describe, expect, it } from 'vitest';
import { codingTimeSpan, formatTime, formatTimestamp, timeline, turnAt, turnAtOffset } from './timeline';

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

describe('codingTimeSpan', () => {
  // A transcript with emoji (two UTF-16 units each), CJK and a combining accent; offsets are
  // UTF-16 code units as everywhere (shared/domain/offsets.ts), found in the real text.
  const parts = ['Interview notes', 'Ana: I loved it 😀😀 really', 'Bo: 我们很喜欢 the café', 'Ana: Cafe\u0301 again 👍', 'Bo: no time here'];
  const text = parts.join('\n');
  const at = (p: string) => text.indexOf(p);
  const turn = (p: string, beginMs: number | null, endMs: number | null = null) => ({ start: at(p), end: at(p) + p.length, beginMs, endMs });
  const turns = [turn(parts[1]!, 60_000), turn(parts[2]!, 724_000), turn(parts[3]!, 730_500), turn(parts[4]!, null)];
  const span = (p: string) => codingTimeSpan(turns, at(p), at(p) + p.length);

  it('starts at the turn holding the start and ends where the next timed turn begins', () => {
    expect(span('😀😀 really')).toEqual({ start: 60_000, end: 724_000 });
    expect(span('我们很喜欢')).toEqual({ start: 724_000, end: 730_500 });
    expect(formatTimestamp(span('我们很喜欢')!.start)).toBe('[12:04]');
  });
  it('spans every turn a coding crosses', () => {
    expect(codingTimeSpan(turns, at('😀'), at('Cafe\u0301') + 5)).toEqual({ start: 60_000, end: null });
    expect(codingTimeSpan(turns, at('😀'), at('我们') + 2)).toEqual({ start: 60_000, end: 730_500 });
  });
  it('uses the end time of the last turn when the transcript gives it', () => {
    const withEnds = [turn(parts[1]!, 60_000, 65_000), turn(parts[2]!, 724_000, 729_000)];
    expect(codingTimeSpan(withEnds, at('😀'), at('我们') + 2)).toEqual({ start: 60_000, end: 729_000 });
  });
  it('has no end after the last timed turn when nothing later has a time', () => {
    expect(span('again 👍')).toEqual({ start: 730_500, end: null });
  });
  it('starts at the first timed turn when the coding begins before it (a heading)', () => {
    expect(codingTimeSpan(turns, 0, at('I loved'))).toEqual({ start: 60_000, end: 724_000 });
    expect(codingTimeSpan(turns, 0, 'Interview'.length)).toBeNull();
  });
  it('finds the turn of an empty coding at its offset', () => {
    expect(codingTimeSpan(turns, at('很'), at('很'))).toEqual({ start: 724_000, end: 730_500 });
  });
  it('gives no span in untimed turns or untimed documents', () => {
    expect(span('no time here')).toBeNull();
    expect(codingTimeSpan(turns.map((t) => ({ ...t, beginMs: null })), 0, text.length)).toBeNull();
    expect(codingTimeSpan([], 0, 10)).toBeNull();
  });
  it('does not depend on the order the turns are given in', () => {
    expect(codingTimeSpan([...turns].reverse(), at('😀'), at('我们') + 2)).toEqual({ start: 60_000, end: 730_500 });
  });
});
