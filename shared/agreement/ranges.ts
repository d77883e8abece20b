/**
 * Range helpers for the agreement statistics.
 *
 * Stored positions follow `shared/domain/offsets.ts`: UTF-16 code unit offsets into the
 * document's stored text, ranges end-exclusive `[start, end)`. The statistics count CHARACTERS
 * as Unicode code points (the unit NVivo's coding comparison counts; an emoji is one character,
 * an emoji ZWJ sequence as many as its code points): convert with {@link toCodePointRanges}
 * before counting. The helpers below are unit-agnostic: they count whatever unit they are given.
 */
import type { OffsetMap } from '../domain/offsets';

/** A coded stretch of text, `[start, end)`. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Checks a range against a document length. Empty ranges (`start === end`) are accepted and
 * code nothing; reversed, fractional, negative or out-of-document ranges throw a RangeError
 * naming `who` (e.g. "coder A, range 3").
 */
export function checkRange(range: TextRange, length: number, who: string): void {
  const { start, end } = range;
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new RangeError(`${who}: positions must be whole numbers (got ${start}–${end})`);
  }
  if (start < 0) throw new RangeError(`${who}: start ${start} is before the beginning of the text`);
  if (end > length) throw new RangeError(`${who}: end ${end} is past the end of the text (length ${length})`);
  if (end < start) throw new RangeError(`${who}: the range ${start}–${end} is reversed`);
}

/**
 * The union of a set of ranges as sorted, disjoint, non-touching ranges (overlapping and
 * touching ranges are merged; empty ranges are dropped). O(n log n).
 */
export function unionOfRanges(ranges: readonly TextRange[]): TextRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((x, y) => x.start - y.start || x.end - y.end);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) {
      if (r.end > last.end) last.end = r.end;
    } else {
      out.push({ start: r.start, end: r.end });
    }
  }
  return out;
}

/** Total length of sorted disjoint ranges (as returned by {@link unionOfRanges}). */
export function coveredLength(disjoint: readonly TextRange[]): number {
  let total = 0;
  for (const r of disjoint) total += r.end - r.start;
  return total;
}

/**
 * Length of the intersection of two sets of sorted disjoint ranges: a two-pointer sweep over
 * the boundaries, O(n + m), independent of the document length.
 */
export function intersectionLength(a: readonly TextRange[], b: readonly TextRange[]): number {
  let i = 0;
  let j = 0;
  let total = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const lo = Math.max(x.start, y.start);
    const hi = Math.min(x.end, y.end);
    if (hi > lo) total += hi - lo;
    if (x.end <= y.end) i++;
    else j++;
  }
  return total;
}

/**
 * Converts ranges in UTF-16 code units (as stored) into code point ranges, with the text's
 * {@link OffsetMap}. Throws a RangeError for an offset outside the text or inside a surrogate pair.
 */
export function toCodePointRanges(map: OffsetMap, ranges: readonly TextRange[]): TextRange[] {
  return ranges.map((r) => ({ start: map.toCodePoint(r.start), end: map.toCodePoint(r.end) }));
}
