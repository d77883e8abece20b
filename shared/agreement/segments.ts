/**
 * Segment-level agreement between two coders, as MAXQDA's Intercoder Agreement reports it
 * with the option "Segment overlap" (a.k.a. "min. code intersection rate at segment level").
 *
 * SOURCE: MAXQDA manual, "Intercoder Agreement" (maxqda.com/help-mx24/coding/
 * problem-intercoder-agreement-qualitative-research, and the MAXQDA 2018/2022 editions of the
 * same chapter), including its section on the chance-corrected coefficient kappa.
 *
 * DEFINITIONS
 * - The unit of analysis is the coded segment. Every segment of BOTH coders is checked: a
 *   segment agrees when the other coder assigned the same code to a segment that overlaps it
 *   by at least `minOverlapPercent` (default 90). Overlap is measured relative to the union of
 *   the two segments: |x ∩ y| / |x ∪ y| × 100, in the unit of the ranges (Weft passes code points).
 * - Code-specific results table (one row per code): Agreements = agreeing segments of A plus
 *   agreeing segments of B; Non-agreements = segments of either coder without a match;
 *   Total = all segments of both coders; Percentage = Agreements / Total × 100. The bottom
 *   "Total" row sums the rows, and its percentage is the observed agreement P_observed.
 * - The four-field table MAXQDA shows for kappa has a = agreements, b = segments only coder A
 *   has (unmatched A segments), c = segments only coder B has; the fourth cell ("neither coder
 *   coded it") does not exist for free segmentation, so P_observed = a / (a + b + c), which is
 *   the Total row's percentage.
 * - Chance agreement follows Brennan & Prediger (1981): P_chance = 1 / k, where k is "the
 *   number of different categories used by the two coders", i.e. the number of codes in the
 *   code-specific results table. Kappa = (P_observed − P_chance) / (1 − P_chance).
 *   Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: Some uses, misuses, and
 *   alternatives. Educational and Psychological Measurement, 41(3), 687–699.
 *
 * VERIFICATION NOTE: the P_chance = 1/k rule ("the number of different categories used by the
 * two coders … the number of codes in the code-specific results table") and "P_observed is the
 * percentage in the Total row" were checked against the manual's text. That every segment of
 * both documents is checked, and the three-cell table, follow the manual's description of the
 * segment-level results table; no published MAXQDA output was available to test against, so
 * the tests use hand-worked examples.
 *
 * CHOICES (documented):
 * - A code counts towards k when at least one coder has a segment for it in the compared
 *   documents (a code nobody used has no row in MAXQDA's table). Pass `categories` to use
 *   another k, e.g. the size of the code system.
 * - MAXQDA never stores two overlapping codings of the same code by the same coder in one
 *   document (it merges them), so by default overlapping segments from one coder for one code
 *   are merged first (`mergeOverlapping: true`). Touching segments stay separate.
 * - Each segment counts once, however many of the other coder's segments it matches.
 * - Empty segments (start = end) are rejected: they cannot be coded and would have no overlap.
 */
import { brennanPredigerKappa } from './kappa';
import { checkRange, type TextRange } from './ranges';

/** MAXQDA's default minimum overlap for two segments to agree, in percent of their union. */
export const DEFAULT_MIN_OVERLAP_PERCENT = 90;

export interface SegmentOptions {
  /** Minimum overlap, as a percentage of the union of the two segments (0 < p ≤ 100). Default 90. */
  readonly minOverlapPercent?: number;
  /** Merge one coder's overlapping segments of one code before comparing. Default true. */
  readonly mergeOverlapping?: boolean;
}

export interface SegmentAgreementOptions extends SegmentOptions {
  /** k for P_chance = 1/k. Default: the number of codes with at least one segment. */
  readonly categories?: number;
}

/** The outcome for one segment. */
export interface SegmentCheck {
  readonly segment: TextRange;
  /** True when the other coder has a segment of the same code overlapping it by ≥ the threshold. */
  readonly agrees: boolean;
  /** The other coder's segment with the largest overlap (earliest on ties), or null if none overlaps. */
  readonly bestMatch: TextRange | null;
  /** Overlap with `bestMatch` as a percentage of their union; 0 when nothing overlaps. */
  readonly overlapPercent: number;
}

/** Both coders' segments for one code in one document, each checked against the other coder. */
export interface SegmentComparison {
  readonly a: readonly SegmentCheck[];
  readonly b: readonly SegmentCheck[];
  /** Agreeing segments of A. */
  readonly agreementsA: number;
  /** Agreeing segments of B. */
  readonly agreementsB: number;
  /** Segments of A without a match (cell b of MAXQDA's four-field table). */
  readonly aOnly: number;
  /** Segments of B without a match (cell c). */
  readonly bOnly: number;
}

/** |x ∩ y| / |x ∪ y| × 100 for two non-empty ranges (0 when they do not overlap). */
export function overlapPercent(x: TextRange, y: TextRange): number {
  const inter = Math.min(x.end, y.end) - Math.max(x.start, y.start);
  if (inter <= 0) return 0;
  const union = Math.max(x.end, y.end) - Math.min(x.start, y.start);
  return (inter / union) * 100;
}

function checkOptions(options: SegmentOptions): { min: number; merge: boolean } {
  const min = options.minOverlapPercent ?? DEFAULT_MIN_OVERLAP_PERCENT;
  if (!(min > 0 && min <= 100)) throw new RangeError(`minOverlapPercent must be above 0 and at most 100 (got ${min})`);
  return { min, merge: options.mergeOverlapping ?? true };
}

function prepare(segments: readonly TextRange[], who: string, length: number, merge: boolean): TextRange[] {
  segments.forEach((s, i) => {
    checkRange(s, length, `${who}, segment ${i + 1}`);
    if (s.end === s.start) throw new RangeError(`${who}, segment ${i + 1}: the segment ${s.start}–${s.end} is empty`);
  });
  const sorted = segments.map((s) => ({ start: s.start, end: s.end })).sort((x, y) => x.start - y.start || x.end - y.end);
  if (!merge) return sorted;
  const out: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push(s);
  }
  return out;
}

/** Checks each segment of `xs` against `ys` (sorted by start). */
function checkAgainst(xs: readonly TextRange[], ys: readonly TextRange[], min: number): SegmentCheck[] {
  // maxEnd[j] = max end among ys[0..j]: lets the backward scan stop as soon as nothing earlier can overlap.
  const maxEnd: number[] = [];
  ys.forEach((y, j) => maxEnd.push(Math.max(y.end, j > 0 ? maxEnd[j - 1]! : -Infinity)));
  return xs.map((x) => {
    // first index with start >= x.end
    let lo = 0;
    let hi = ys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ys[mid]!.start < x.end) lo = mid + 1;
      else hi = mid;
    }
    let best: TextRange | null = null;
    let bestInter = 0;
    let bestUnion = 1;
    for (let j = lo - 1; j >= 0 && maxEnd[j]! > x.start; j--) {
      const y = ys[j]!;
      const inter = Math.min(x.end, y.end) - Math.max(x.start, y.start);
      if (inter <= 0) continue;
      const union = Math.max(x.end, y.end) - Math.min(x.start, y.start);
      // compare inter/union > bestInter/bestUnion exactly in integers; >= keeps the earliest on ties
      if (best === null || inter * bestUnion >= bestInter * union) {
        best = y;
        bestInter = inter;
        bestUnion = union;
      }
    }
    const agrees = best !== null && bestInter * 100 >= min * bestUnion;
    return { segment: x, agrees, bestMatch: best, overlapPercent: best ? (bestInter / bestUnion) * 100 : 0 };
  });
}

/**
 * Compares two coders' segments for ONE code in ONE document.
 *
 * @param length optional document length (in the unit of the segments) to validate the segments against
 */
export function compareSegments(
  a: readonly TextRange[],
  b: readonly TextRange[],
  options: SegmentOptions = {},
  length: number = Number.POSITIVE_INFINITY,
): SegmentComparison {
  const { min, merge } = checkOptions(options);
  const sa = prepare(a, 'coder A', length, merge);
  const sb = prepare(b, 'coder B', length, merge);
  const ca = checkAgainst(sa, sb, min);
  const cb = checkAgainst(sb, sa, min);
  const agreementsA = ca.filter((c) => c.agrees).length;
  const agreementsB = cb.filter((c) => c.agrees).length;
  return { a: ca, b: cb, agreementsA, agreementsB, aOnly: ca.length - agreementsA, bOnly: cb.length - agreementsB };
}

/** One code in one document: both coders' segments. */
export interface SegmentAgreementInput {
  readonly code: string;
  /** Document identifier, only carried through to the per-comparison details. */
  readonly document?: string;
  /** Document length, if known, to validate the segments. */
  readonly length?: number;
  readonly a: readonly TextRange[];
  readonly b: readonly TextRange[];
}

/** A row of MAXQDA's code-specific results table (or its Total row when `code` is null). */
export interface CodeSegmentAgreement {
  readonly code: string | null;
  /** Agreeing segments of both coders (agreementsA + agreementsB). */
  readonly agreements: number;
  /** Segments of either coder without a match (aOnly + bOnly). */
  readonly nonAgreements: number;
  /** All segments of both coders. */
  readonly total: number;
  /** agreements / total × 100, or null when there are no segments. */
  readonly percentAgreement: number | null;
  readonly agreementsA: number;
  readonly agreementsB: number;
  readonly aOnly: number;
  readonly bOnly: number;
}

export interface SegmentAgreementReport {
  readonly minOverlapPercent: number;
  /** One row per code with at least one segment, in first-appearance order. */
  readonly codes: readonly CodeSegmentAgreement[];
  /** The Total row. */
  readonly total: CodeSegmentAgreement;
  /** MAXQDA's four-field table for kappa: a = agreements, b = A only, c = B only (no d cell). */
  readonly table: { readonly agreements: number; readonly aOnly: number; readonly bOnly: number };
  /** k: the number of categories behind P_chance. */
  readonly categories: number;
  /** P_observed = a / (a + b + c), or null when there are no segments. */
  readonly observedAgreement: number | null;
  /** P_chance = 1 / k, or null when k = 0. */
  readonly chanceAgreement: number | null;
  /** Kappa (Brennan & Prediger) = (P_observed − P_chance) / (1 − P_chance), or null (see `kappaReason`). */
  readonly kappa: number | null;
  readonly kappaReason: string | null;
  /** The per-document, per-code details, in input order — for reviewing disagreements. */
  readonly comparisons: readonly { readonly code: string; readonly document?: string; readonly comparison: SegmentComparison }[];
}

/**
 * MAXQDA-style segment agreement over any number of (document, code) comparisons.
 * See the module comment for the definitions and their source.
 */
export function segmentAgreement(inputs: readonly SegmentAgreementInput[], options: SegmentAgreementOptions = {}): SegmentAgreementReport {
  const { min } = checkOptions(options);
  const rows = new Map<string, { agreementsA: number; agreementsB: number; aOnly: number; bOnly: number }>();
  const comparisons = inputs.map((input) => {
    const comparison = compareSegments(input.a, input.b, options, input.length ?? Number.POSITIVE_INFINITY);
    const row = rows.get(input.code) ?? { agreementsA: 0, agreementsB: 0, aOnly: 0, bOnly: 0 };
    row.agreementsA += comparison.agreementsA;
    row.agreementsB += comparison.agreementsB;
    row.aOnly += comparison.aOnly;
    row.bOnly += comparison.bOnly;
    rows.set(input.code, row);
    return input.document === undefined ? { code: input.code, comparison } : { code: input.code, document: input.document, comparison };
  });
  const toRow = (code: string | null, r: { agreementsA: number; agreementsB: number; aOnly: number; bOnly: number }): CodeSegmentAgreement => {
    const agreements = r.agreementsA + r.agreementsB;
    const nonAgreements = r.aOnly + r.bOnly;
    const total = agreements + nonAgreements;
    return { code, agreements, nonAgreements, total, percentAgreement: total > 0 ? (agreements / total) * 100 : null, ...r };
  };
  const codes = [...rows].map(([code, r]) => toRow(code, r)).filter((r) => r.total > 0);
  const sum = { agreementsA: 0, agreementsB: 0, aOnly: 0, bOnly: 0 };
  for (const r of codes) {
    sum.agreementsA += r.agreementsA;
    sum.agreementsB += r.agreementsB;
    sum.aOnly += r.aOnly;
    sum.bOnly += r.bOnly;
  }
  const total = toRow(null, sum);
  const k = options.categories ?? codes.length;
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`categories must be a whole number (got ${k})`);
  const po = total.total > 0 ? total.agreements / total.total : null;
  let kappa: number | null = null;
  let kappaReason: string | null = null;
  if (po === null) kappaReason = 'neither coder has any segment, so there is nothing to compare';
  else if (k < 2) kappaReason = `with ${k} categor${k === 1 ? 'y' : 'ies'} chance agreement 1/k is 1 (or undefined), so kappa is 0/0; compare at least 2 codes or pass categories`;
  else kappa = brennanPredigerKappa(po, k);
  return {
    minOverlapPercent: min,
    codes,
    total,
    table: { agreements: total.agreements, aOnly: total.aOnly, bOnly: total.bOnly },
    categories: k,
    observedAgreement: po,
    chanceAgreement: k > 0 ? 1 / k : null,
    kappa,
    kappaReason,
    comparisons,
  };
}
