/**
 * Character-level agreement between two coders for one code in one document, as NVivo's
 * Coding Comparison query defines it.
 *
 * SOURCE: NVivo help, "Run a Coding Comparison query" (NVivo 10 desktop help,
 * help-nv10.qsrinternational.com/desktop/procedures/run_a_coding_comparison_query.htm) and
 * "Coding comparison query" (NVivo 12 Windows help, help-nv.qsrinternational.com/12/win/…/
 * coding-comparison-query.htm):
 *
 * - Agreement is computed "individually for each combination of node and source". Every
 *   character of the source is a unit; each coder either coded it at the node or not.
 * - Percentage agreement = (characters coded by both + characters coded by neither) / source
 *   size × 100. NVivo's own example: 1000 characters, 50 coded by both, 150 by only one,
 *   800 by neither → (800 + 50) / 1000 = 85%.
 * - Kappa: expected frequency of chance agreement ΣEF = EF1 + EF2 with
 *   EF1 = (units coded by A × units coded by B) / total units and
 *   EF2 = (units not coded by A × units not coded by B) / total units;
 *   K = (units of agreement − ΣEF) / (total units − ΣEF). This is Cohen's (1960) kappa on the
 *   2×2 table coded/not coded, with the chance term taken from the two coders' marginals.
 * - "If the users are in complete agreement then the Kappa coefficient (K) = 1."
 * - When groups of users are compared, "content is taken to be coded if at least one member
 *   of a group coded it" — so passing several users' ranges in one list reproduces a group
 *   comparison. Overlapping ranges from one coder are likewise taken as their union.
 *
 * DEGENERATE CASES (documented choices):
 * - Both coders coded nothing, or both coded the whole document: ΣEF equals the total, so the
 *   formula is 0/0. These are complete agreement, and NVivo reports K = 1 for complete
 *   agreement, so we return kappa = 1 and percentAgreement = 100, flagged
 *   `degenerate: 'no-variation'`.
 * - One coder coded nothing and the other coded something: the formula gives exactly 0 (this
 *   is the usual cause of the "all my kappas are 0 or 1" question in NVivo's help); no
 *   special case is needed.
 * - Empty document (length 0): nothing to disagree about; percentAgreement = 100, kappa = 1,
 *   flagged `degenerate: 'empty-document'`.
 *
 * UNITS: a character is a Unicode code point, as NVivo counts them: an emoji is 1 character and
 * an emoji ZWJ sequence (👩‍👩‍👧) counts its code points (5), not its UTF-16 units (8).
 * `characterAgreement` counts in whatever unit its arguments use; `characterAgreementInText`
 * takes stored UTF-16 ranges and counts code points.
 */
import { OffsetMap } from '../domain/offsets';
import { checkRange, coveredLength, intersectionLength, type TextRange, toCodePointRanges, unionOfRanges } from './ranges';

/** The 2×2 table of one NVivo comparison row, in characters (code points). */
export interface CharacterCounts {
  /** Document length: the total number of units. */
  readonly length: number;
  /** Coded by both A and B ("A and B"). */
  readonly both: number;
  /** Coded by A and not by B ("A and Not B"). */
  readonly aOnly: number;
  /** Coded by B and not by A ("B and Not A"). */
  readonly bOnly: number;
  /** Coded by neither ("Not A and Not B"). */
  readonly neither: number;
}

export interface CharacterAgreement extends CharacterCounts {
  /** Units coded by A (both + aOnly). */
  readonly codedByA: number;
  /** Units coded by B (both + bOnly). */
  readonly codedByB: number;
  /** (both + neither) / length × 100 — NVivo's "Agreement" column. */
  readonly percentAgreement: number;
  /** (aOnly + bOnly) / length × 100 — NVivo's "Disagreement" column. */
  readonly percentDisagreement: number;
  /** Each cell as a percentage of the document, as NVivo's four detail columns show them. */
  readonly percentages: { readonly both: number; readonly aOnly: number; readonly bOnly: number; readonly neither: number };
  /** ΣEF: agreement expected by chance, in units (NVivo's EF1 + EF2). */
  readonly expectedAgreement: number;
  /** NVivo's Kappa coefficient (always a number; see the degenerate cases above). */
  readonly kappa: number;
  /** Set when kappa was fixed by convention rather than by the formula. */
  readonly degenerate: null | 'no-variation' | 'empty-document';
}

/**
 * NVivo's percentage agreement and kappa from an already counted 2×2 table.
 * Throws a RangeError when the cells are negative, fractional or do not sum to `length`.
 */
export function characterAgreementFromCounts(counts: CharacterCounts): CharacterAgreement {
  const { length, both, aOnly, bOnly, neither } = counts;
  for (const [name, v] of Object.entries({ length, both, aOnly, bOnly, neither })) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative whole number (got ${v})`);
  }
  if (both + aOnly + bOnly + neither !== length) {
    throw new RangeError(`the cells (${both} + ${aOnly} + ${bOnly} + ${neither}) do not add up to the length ${length}`);
  }
  const codedByA = both + aOnly;
  const codedByB = both + bOnly;
  if (length === 0) {
    return {
      ...counts,
      codedByA,
      codedByB,
      percentAgreement: 100,
      percentDisagreement: 0,
      percentages: { both: 0, aOnly: 0, bOnly: 0, neither: 0 },
      expectedAgreement: 0,
      kappa: 1,
      degenerate: 'empty-document',
    };
  }
  const agree = both + neither;
  const ef1 = (codedByA * codedByB) / length;
  const ef2 = ((length - codedByA) * (length - codedByB)) / length;
  const expected = ef1 + ef2;
  // length − ΣEF = (A(T−B) + B(T−A)) / T, which is 0 exactly when A = B = 0 or A = B = T.
  const noVariation = (codedByA === 0 && codedByB === 0) || (codedByA === length && codedByB === length);
  const pct = (v: number) => (v / length) * 100;
  return {
    ...counts,
    codedByA,
    codedByB,
    percentAgreement: pct(agree),
    percentDisagreement: pct(aOnly + bOnly),
    percentages: { both: pct(both), aOnly: pct(aOnly), bOnly: pct(bOnly), neither: pct(neither) },
    expectedAgreement: expected,
    kappa: noVariation ? 1 : (agree - expected) / (length - expected),
    degenerate: noVariation ? 'no-variation' : null,
  };
}

/**
 * NVivo-style character-level agreement for one code in one document.
 *
 * @param length document length, in the unit of the ranges (code points for NVivo's figures; see
 *   {@link characterAgreementInText})
 * @param a coder A's ranges for the code (may overlap or nest; their union is used)
 * @param b coder B's ranges for the code (likewise)
 *
 * Runs in O((n + m) log(n + m)) for n and m ranges — a sweep over sorted boundaries, never a
 * per-character array — so a book-length document costs no more than a short one.
 * Throws a RangeError for a range outside `[0, length]`, reversed, or not in whole units.
 */
export function characterAgreement(length: number, a: readonly TextRange[], b: readonly TextRange[]): CharacterAgreement {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`length must be a non-negative whole number (got ${length})`);
  a.forEach((r, i) => checkRange(r, length, `coder A, range ${i + 1}`));
  b.forEach((r, i) => checkRange(r, length, `coder B, range ${i + 1}`));
  const ua = unionOfRanges(a);
  const ub = unionOfRanges(b);
  const codedA = coveredLength(ua);
  const codedB = coveredLength(ub);
  const both = intersectionLength(ua, ub);
  const aOnly = codedA - both;
  const bOnly = codedB - both;
  return characterAgreementFromCounts({ length, both, aOnly, bOnly, neither: length - both - aOnly - bOnly });
}

/**
 * NVivo-style character-level agreement for one code in one text, from stored ranges (UTF-16
 * code units, as every position in Weft), counted in characters = Unicode code points.
 * Pass `map` to reuse one {@link OffsetMap} for many comparisons in the same text.
 */
export function characterAgreementInText(text: string, a: readonly TextRange[], b: readonly TextRange[], map: OffsetMap = new OffsetMap(text)): CharacterAgreement {
  a.forEach((r, i) => checkRange(r, text.length, `coder A, range ${i + 1}`));
  b.forEach((r, i) => checkRange(r, text.length, `coder B, range ${i + 1}`));
  return characterAgreement(map.codePointLength, toCodePointRanges(map, a), toCodePointRanges(map, b));
}

/** Summary of many NVivo comparison rows (documents × codes). */
export interface CharacterAgreementSummary {
  /** Number of rows summarised. */
  readonly rows: number;
  /**
   * The rows' 2×2 tables summed cell by cell, with percentage agreement and kappa computed
   * from the summed table (every code × character is one unit). NOT an NVivo output.
   */
  readonly pooled: CharacterAgreement;
  /** Plain mean of the rows' kappas (each row counts once). */
  readonly meanKappa: number;
  /** Mean of the rows' kappas weighted by each row's document length. */
  readonly lengthWeightedKappa: number;
  /** Plain mean of the rows' percentage agreements. */
  readonly meanPercentAgreement: number;
  /**
   * Mean of the rows' percentage agreements weighted by document length (this always equals
   * `pooled.percentAgreement`). Falls back to the plain mean when every document is empty.
   */
  readonly lengthWeightedPercentAgreement: number;
}

/**
 * An "overall" figure over several documents and/or codes.
 *
 * NVivo itself reports no overall value: its Coding Comparison results have one row per node
 * and source, and "results for single nodes or cases across all files in the query are not
 * shown, nor an overall value for all nodes or cases and files" (NVivo 12 help, "Coding
 * comparison query"). Its help (NVivo 10) answers "How can I calculate an average Kappa
 * coefficient or percentage agreement across multiple sources or nodes?" by leaving the
 * averaging to the user, on results exported to a spreadsheet — so there is no NVivo-defined
 * overall value to reproduce. We therefore offer the three usual readings and name them
 * plainly: the plain mean (every row counts once), the mean weighted by document length, and
 * the pooled 2×2 table (counts summed, kappa recomputed). Say which one you report.
 *
 * Returns null for an empty list.
 */
export function summarizeCharacterAgreement(rows: readonly CharacterAgreement[]): CharacterAgreementSummary | null {
  if (rows.length === 0) return null;
  let length = 0;
  let both = 0;
  let aOnly = 0;
  let bOnly = 0;
  let neither = 0;
  let kappaSum = 0;
  let kappaWeighted = 0;
  let pctSum = 0;
  let pctWeighted = 0;
  for (const r of rows) {
    length += r.length;
    both += r.both;
    aOnly += r.aOnly;
    bOnly += r.bOnly;
    neither += r.neither;
    kappaSum += r.kappa;
    kappaWeighted += r.kappa * r.length;
    pctSum += r.percentAgreement;
    pctWeighted += r.percentAgreement * r.length;
  }
  const n = rows.length;
  return {
    rows: n,
    pooled: characterAgreementFromCounts({ length, both, aOnly, bOnly, neither }),
    meanKappa: kappaSum / n,
    lengthWeightedKappa: length > 0 ? kappaWeighted / length : kappaSum / n,
    meanPercentAgreement: pctSum / n,
    lengthWeightedPercentAgreement: length > 0 ? pctWeighted / length : pctSum / n,
  };
}
