/**
 * Co-occurrence of codes, from coding ranges. Pure.
 *
 * Units:
 *  - overlap: two codings of different codes in the same document that share at least one
 *    character. The count for codes A and B is the number of such overlapping coding pairs.
 *  - turn: speaker turns (in a document without turns, its paragraphs stand in);
 *  - paragraph: paragraphs (lines of text that are not blank).
 *   For turn and paragraph, the count for A and B is the number of units in which both codes
 *   have a coding that touches the unit (overlaps it by at least one character).
 * The diagonal counts a code's own units: its codings (overlap) or the units it touches.
 */
import type { CooccurrenceUnit } from './types.js';

export interface RangeCoding {
  id: number;
  codeId: number;
  documentId: number;
  start: number;
  end: number;
}

export interface Unit {
  documentId: number;
  start: number;
  end: number;
}

export interface CooccurrenceInstanceRef {
  documentId: number;
  start: number;
  end: number;
  codingIds: number[];
}

export interface CooccurrenceCounts {
  codeIds: number[];
  counts: number[][];
  /** Instances per pair key `${a}:${b}` with a <= b (codes by id). */
  instances: Map<string, CooccurrenceInstanceRef[]>;
}

export const pairKey = (a: number, b: number) => (a <= b ? `${a}:${b}` : `${b}:${a}`);

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function byDocument<T extends { documentId: number }>(items: readonly T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const it of items) {
    const list = m.get(it.documentId) ?? [];
    list.push(it);
    m.set(it.documentId, list);
  }
  return m;
}

/**
 * Counts co-occurrences among `codeIds` (rows/columns in that order). `units` are required for
 * the turn and paragraph units (one list for all documents).
 */
export function cooccurrence(
  codings: readonly RangeCoding[],
  codeIds: readonly number[],
  unit: CooccurrenceUnit,
  units: readonly Unit[] = [],
  options: { keepInstances?: boolean } = {},
): CooccurrenceCounts {
  const index = new Map(codeIds.map((c, i) => [c, i]));
  const counts = codeIds.map(() => codeIds.map(() => 0));
  const instances = new Map<string, CooccurrenceInstanceRef[]>();
  const keep = options.keepInstances ?? false;
  const record = (a: number, b: number, ref: CooccurrenceInstanceRef) => {
    if (!keep) return;
    const key = pairKey(a, b);
    const list = instances.get(key) ?? [];
    list.push(ref);
    instances.set(key, list);
  };
  const relevant = codings.filter((k) => index.has(k.codeId));
  const docs = byDocument(relevant);

  if (unit === 'overlap') {
    for (const [documentId, list] of docs) {
      const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id);
      for (let i = 0; i < sorted.length; i++) {
        const a = sorted[i]!;
        const ia = index.get(a.codeId)!;
        counts[ia]![ia]! += 1;
        record(a.codeId, a.codeId, { documentId, start: a.start, end: a.end, codingIds: [a.id] });
        for (let j = i + 1; j < sorted.length; j++) {
          const b = sorted[j]!;
          if (b.start >= a.end) break;
          if (b.codeId === a.codeId || !overlaps(a, b)) continue;
          const ib = index.get(b.codeId)!;
          counts[ia]![ib]! += 1;
          counts[ib]![ia]! += 1;
          record(a.codeId, b.codeId, { documentId, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end), codingIds: [a.id, b.id] });
        }
      }
    }
    return { codeIds: [...codeIds], counts, instances };
  }

  const unitsByDoc = byDocument(units);
  for (const [documentId, list] of docs) {
    const docUnits = [...(unitsByDoc.get(documentId) ?? [])].sort((a, b) => a.start - b.start);
    for (const u of docUnits) {
      const inside = list.filter((k) => overlaps(k, u));
      if (inside.length === 0) continue;
      const codes = [...new Set(inside.map((k) => k.codeId))].sort((a, b) => index.get(a)! - index.get(b)!);
      for (let i = 0; i < codes.length; i++) {
        const a = codes[i]!;
        const ia = index.get(a)!;
        counts[ia]![ia]! += 1;
        record(a, a, { documentId, start: u.start, end: u.end, codingIds: inside.filter((k) => k.codeId === a).map((k) => k.id) });
        for (let j = i + 1; j < codes.length; j++) {
          const b = codes[j]!;
          const ib = index.get(b)!;
          counts[ia]![ib]! += 1;
          counts[ib]![ia]! += 1;
          record(a, b, {
            documentId,
            start: u.start,
            end: u.end,
            codingIds: inside.filter((k) => k.codeId === a || k.codeId === b).map((k) => k.id),
          });
        }
      }
    }
  }
  return { codeIds: [...codeIds], counts, instances };
}
