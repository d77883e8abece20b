/**
 * A transcript's turns on the recording's timeline: which turn is being spoken at a playback
 * time, and how a time is shown ("[12:04]"). Times are milliseconds from the recording's start,
 * the turns' `beginMs` as the transcript gave them (VTT/SRT cues, Otter, or set by hand).
 */
import { formatTimecode } from '../import/timecode.js';

export interface TimedTurn {
  /** The turn's text offsets [start, end) (UTF-16 code units, see shared/domain/offsets.ts). */
  start: number;
  end: number;
  beginMs: number | null;
  endMs?: number | null;
}

/** The turns that have a time, ordered by time (turns with the same time keep their order). */
export function timeline<T extends TimedTurn>(turns: readonly T[]): (T & { beginMs: number })[] {
  return turns
    .map((t, i) => ({ t, i }))
    .filter((x): x is { t: T & { beginMs: number }; i: number } => x.t.beginMs !== null && Number.isFinite(x.t.beginMs))
    .sort((a, b) => a.t.beginMs - b.t.beginMs || a.i - b.i)
    .map((x) => x.t);
}

/**
 * The turn being spoken at `ms` on a timeline (from `timeline()`): the last one that began at or
 * before it (through a pause, until the next one begins, so the highlight does not flicker). Null
 * before the first turn, and after the last turn's end when it has one (the recording runs on).
 */
export function turnAt<T extends TimedTurn & { beginMs: number }>(line: readonly T[], ms: number): T | null {
  let lo = 0;
  let hi = line.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (line[mid]!.beginMs <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return null;
  const turn = line[found]!;
  const last = found === line.length - 1;
  if (last && turn.endMs !== undefined && turn.endMs !== null && turn.endMs > turn.beginMs && ms > turn.endMs) return null;
  return turn;
}

/** The turn whose text contains `offset` (the caret), or null. */
export function turnAtOffset<T extends TimedTurn>(turns: readonly T[], offset: number): T | null {
  return turns.find((t) => offset >= t.start && (offset < t.end || (t.start === t.end && offset === t.start))) ?? null;
}

/** A time as a transcript shows it: "12:04", "1:02:03" (whole seconds, rounded down). */
export const formatTime = (ms: number): string => formatTimecode(Math.max(0, ms));

/** A time in brackets, as extracts and reports show it: "[12:04]". */
export const formatTimestamp = (ms: number): string => `[${formatTime(ms)}]`;

/** Where a coded passage lies on the recording (ms); `end` is null when nothing after it has a time. */
export interface TimeSpan {
  start: number;
  end: number | null;
}

const timed = (t: TimedTurn): t is TimedTurn & { beginMs: number } => t.beginMs !== null && Number.isFinite(t.beginMs);

/**
 * The time span of a coded passage [start, end) (text offsets, the unit of shared/domain/offsets.ts)
 * derived from the document's turns, at read time (codings store no times):
 * - start: the time of the first turn the passage overlaps that has one (the turn holding its
 *   start; when that turn has no time, e.g. a heading before the first timed turn, the next timed
 *   turn inside the passage);
 * - end: the end time of the last turn it overlaps when that is known, else the time of the next
 *   timed turn after it; null when neither exists (the last turn of a recording without end times).
 * Null when no turn the passage overlaps has a time (an untimed document, a passage before the
 * first timed turn or outside every turn).
 */
export function codingTimeSpan(turns: readonly TimedTurn[], start: number, end: number): TimeSpan | null {
  const ordered = [...turns].sort((a, b) => a.start - b.start);
  const overlaps = (t: TimedTurn) =>
    start === end ? start >= t.start && (start < t.end || (t.start === t.end && start === t.start)) : start < t.end && end > t.start;
  let first = -1;
  let last = -1;
  ordered.forEach((t, i) => {
    if (!overlaps(t)) return;
    if (first === -1) first = i;
    last = i;
  });
  if (first === -1) return null;
  const begin = ordered.slice(first, last + 1).find(timed);
  if (!begin) return null;
  const lastTurn = ordered[last]!;
  let endMs: number | null = null;
  if (timed(lastTurn) && lastTurn.endMs !== undefined && lastTurn.endMs !== null && Number.isFinite(lastTurn.endMs)) endMs = lastTurn.endMs;
  else endMs = ordered.slice(last + 1).find(timed)?.beginMs ?? null;
  return { start: begin.beginMs, end: endMs !== null && endMs >= begin.beginMs ? endMs : null };
}
