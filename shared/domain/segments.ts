/**
 * Splits a stretch of text into runs where the set of covering codings is constant, so the
 * renderer can draw overlapping and nested highlights without measuring anything.
 */

export interface Span {
  id: number;
  start: number;
  end: number;
}

export interface Segment {
  start: number;
  end: number;
  /** Ids of the spans covering this run, in the order the spans were given. */
  cover: number[];
}

/**
 * Segments of `[from, to)`. Spans may overlap, nest or lie partly outside the window.
 * Runs with no cover are included, so the segments tile the window exactly.
 */
export function segmentRange(from: number, to: number, spans: readonly Span[]): Segment[] {
  if (to <= from) return [];
  const inside = spans.filter((s) => s.end > from && s.start < to);
  const cuts = new Set<number>([from, to]);
  for (const s of inside) {
    if (s.start > from) cuts.add(s.start);
    if (s.end < to) cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const cover = inside.filter((s) => s.start <= a && s.end >= b).map((s) => s.id);
    out.push({ start: a, end: b, cover });
  }
  return out;
}
