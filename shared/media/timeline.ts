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
