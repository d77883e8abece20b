/**
 * Turn times ↔ REFI-QDA sync points (MAPPING.md “Recordings”). A SyncPoint ties a place in a
 * transcript's text to a time in its recording; Weft's turns carry a beginning and an end time.
 * Offsets here are Weft offsets (UTF-16, into the transcript's text); the serializer and
 * resolveSourceText convert them from and to the file's positions like any selection position.
 */
import type { ParsedTurn } from '../import/types.js';
import { deriveGuid } from './guid.js';
import type { ExchangeSyncPoint } from './model.js';

/** The salt of the first turn's sync points (deriveGuid of the source's GUID); each turn adds 2. */
const TURN_SALT = 0x3e00_0000_0000;

export interface TimedTurn {
  start: number;
  end: number;
  beginMs?: number | null;
  endMs?: number | null;
}

/**
 * The sync points of a document's turns, in text order: for each turn, one at its start when its
 * beginning is timed and one at its end when its end is. Their GUIDs derive from the source's, so
 * a re-export writes the same ones.
 */
export function syncPointsOfTurns(sourceGuid: string, turns: readonly TimedTurn[]): ExchangeSyncPoint[] {
  const points: ExchangeSyncPoint[] = [];
  turns.forEach((t, i) => {
    if (t.beginMs !== undefined && t.beginMs !== null) points.push({ guid: deriveGuid(sourceGuid, TURN_SALT + 2 * i), timeStamp: t.beginMs, offset: t.start });
    if (t.endMs !== undefined && t.endMs !== null) points.push({ guid: deriveGuid(sourceGuid, TURN_SALT + 2 * i + 1), timeStamp: t.endMs, offset: t.end });
  });
  return points;
}

/**
 * Times turns from a transcript's sync points (those with both a time and a place). A turn begins
 * at the time of the (last) sync point at its start and ends at the (first) one at its end, so
 * where one turn ends exactly where the next begins, the earlier point is the end and the later
 * the beginning. A transcript without turns gets one turn (no speaker) per stretch of text from
 * one timed sync point to the next (the last to the end of the text), ending at the next's time.
 */
export function timeTurns(turns: readonly ParsedTurn[], points: readonly ExchangeSyncPoint[] | undefined, textLength: number): ParsedTurn[] {
  const timed = (points ?? []).filter((p): p is ExchangeSyncPoint & { offset: number; timeStamp: number } => p.offset !== undefined && p.timeStamp !== undefined);
  if (timed.length === 0) return [...turns];
  if (turns.length > 0) {
    return turns.map((t) => {
      const begin = timed.filter((p) => p.offset === t.start).at(-1);
      const end = timed.find((p) => p.offset === t.end);
      return { ...t, ...(begin ? { beginMs: begin.timeStamp } : {}), ...(end ? { endMs: end.timeStamp } : {}) };
    });
  }
  const sorted = [...timed].sort((a, b) => a.offset - b.offset || a.timeStamp - b.timeStamp);
  const out: ParsedTurn[] = [];
  sorted.forEach((p, i) => {
    const next = sorted.slice(i + 1).find((q) => q.offset > p.offset);
    const end = next?.offset ?? textLength;
    if (end <= p.offset || sorted[i - 1]?.offset === p.offset) return;
    out.push({ speaker: null, start: p.offset, end, beginMs: p.timeStamp, endMs: next && next.timeStamp >= p.timeStamp ? next.timeStamp : null });
  });
  return out;
}
