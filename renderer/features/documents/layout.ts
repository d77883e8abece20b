/**
 * Pure layout for the document view: which codings touch which paragraph, a stripe lane for
 * each coding (consistent across paragraphs), and per-paragraph arrays whose identity only
 * changes when that paragraph's codings change — so memoised paragraphs re-render only when
 * their own codings do.
 */

export interface Para {
  start: number;
  end: number;
}

export interface LayoutCoding {
  id: number;
  codeId: number;
  start: number;
  end: number;
}

/** What a paragraph needs to draw one coding (highlight runs and its stripe). */
export interface ParaCoding {
  id: number;
  codeId: number;
  start: number;
  end: number;
  lane: number;
  color: string;
  name: string;
  /** The coder's name, or the names of every coder who made this same coding ("Ana, Ben"). */
  coder: string;
  /** Whether codings by more than one coder are shown: then the stripe's label names the coder(s). */
  showCoder: boolean;
  hasMemo: boolean;
}

/**
 * Identical codings (same code, same start and end) made by several coders, as one: the first
 * coding stands for them all, with every coder's name in order of appearance. Others pass as they are.
 */
export function mergeIdenticalCodings<T extends { id: number; codeId: number; start: number; end: number; coder: string }>(codings: readonly T[]): (T & { coders: string[] })[] {
  const byKey = new Map<string, T & { coders: string[] }>();
  const out: (T & { coders: string[] })[] = [];
  for (const c of codings) {
    const key = `${c.codeId}:${c.start}:${c.end}`;
    const seen = byKey.get(key);
    if (seen) {
      if (!seen.coders.includes(c.coder)) seen.coders.push(c.coder);
      continue;
    }
    const first = { ...c, coders: [c.coder] };
    byKey.set(key, first);
    out.push(first);
  }
  return out;
}

/** Index of the paragraph containing `offset` (the last one starting at or before it). */
export function paragraphAt(paras: readonly Para[], offset: number): number {
  let lo = 0;
  let hi = paras.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (paras[mid]!.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** For each paragraph, the codings that overlap it (an empty paragraph inside a coding counts, so its stripe continues). */
export function bucketByParagraph<T extends { start: number; end: number }>(paras: readonly Para[], codings: readonly T[]): T[][] {
  const buckets: T[][] = paras.map(() => []);
  for (const c of codings) {
    let i = paragraphAt(paras, c.start);
    for (; i < paras.length && paras[i]!.start < c.end; i++) {
      const p = paras[i]!;
      if (c.end > p.start && c.start < p.end) buckets[i]!.push(c);
    }
  }
  return buckets;
}

/**
 * Greedy interval colouring: each coding gets the lowest lane free at its start. Codings are
 * taken longest-first among equal starts, so an enclosing coding sits left of what it contains.
 */
export function assignLanes(codings: readonly LayoutCoding[]): Map<number, number> {
  const sorted = [...codings].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
  const laneEnds: number[] = [];
  const lanes = new Map<number, number>();
  for (const c of sorted) {
    let lane = laneEnds.findIndex((end) => end <= c.start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = c.end;
    lanes.set(c.id, lane);
  }
  return lanes;
}

const keyOf = (list: readonly ParaCoding[]) =>
  list.map((c) => `${c.id},${c.codeId},${c.start},${c.end},${c.lane},${c.color},${c.hasMemo ? 1 : 0},${c.showCoder ? 1 : 0},${c.coder},${c.name}`).join('|');

/**
 * Keeps the previous array for a paragraph when its content is unchanged. Call `update` with
 * the fresh buckets; it returns arrays where unchanged paragraphs keep their old identity.
 */
export class ParagraphCache {
  private keys: string[] = [];
  private lists: ParaCoding[][] = [];
  private paraKey = '';

  update(paraSignature: string, buckets: ParaCoding[][]): ParaCoding[][] {
    if (paraSignature !== this.paraKey) {
      this.paraKey = paraSignature;
      this.keys = [];
      this.lists = [];
    }
    const out = buckets.map((list, i) => {
      const key = keyOf(list);
      if (this.keys[i] === key) return this.lists[i]!;
      this.keys[i] = key;
      this.lists[i] = list;
      return list;
    });
    this.keys.length = buckets.length;
    this.lists.length = buckets.length;
    return out;
  }
}
