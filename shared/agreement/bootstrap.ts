/**
 * Bootstrapped confidence interval for Krippendorff's alpha, as Hayes & Krippendorff's KALPHA
 * macro computes it.
 *
 * SOURCES: Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability
 * measure for coding data. Communication Methods and Measures, 1(1), 77–89; Krippendorff's
 * "Algorithm for bootstrapping a distribution of α" (afhayes.com/public/alphaboot.pdf); and the
 * KALPHA macro for SPSS itself (A. F. Hayes, version 3.0 of February 5, 2011), whose steps are
 * followed here.
 *
 * THE ALGORITHM (not a resampling of units): alpha's sampling distribution is simulated by
 * drawing pairs of values from the observed coincidence matrix.
 * 1. Each unordered pair of values (c, k), c ≤ k, is drawn with probability o_cc / n on the
 *    diagonal and 2·o_ck / n off it (o = coincidences, n = pairable values).
 * 2. Each bootstrap sample draws M pairs, M = min(25·q, (m − 1)·n / 2), where q is the number of
 *    non-zero cells of the coincidence matrix and m the number of coders; its alpha is
 *    α* = 1 − Σ δ²(drawn pairs) / (M · D_e), with D_e the expected disagreement of the data.
 *    α* below −1 is set to −1.
 * 3. Samples that drew only pairs of one and the same value have no variation (alpha 0/0), which
 *    the macro counts as 0: when only one value ever pairs with itself every α* = 1 becomes 0;
 *    otherwise round(N · Σ_c (o_cc / n)^P) of the α* = 1 are set to 0, P being the number of
 *    pairs of values in the data, Σ_u m_u (m_u − 1) / 2 (as the macro does).
 * 4. The interval is read off the sorted α*: lower = α*_(max(⌊p·N⌋, 1)), upper =
 *    α*_(min(⌊(1 − p)·N⌋ + 1, N)) with p = (1 − level)/2 (1-based ranks). KALPHA also reports
 *    q(α_min): the share of α* below a minimum acceptable alpha — the probability of failing to
 *    reach it.
 *
 * REPRODUCIBLE: the draws come from a seeded generator (mulberry32), so the same data, number of
 * samples and seed always give the same interval. Different software draws different random
 * numbers, so intervals from KALPHA itself agree only up to bootstrap noise.
 */
import { mulberry32 } from './distributions';
import { type AlphaResult, differenceFunction } from './krippendorff';

/** Minimum acceptable alphas KALPHA reports q(α_min) for. */
export const ALPHA_MINIMUMS: readonly number[] = [0.9, 0.8, 0.7, 0.67, 0.6, 0.5];

export interface AlphaBootstrapOptions {
  /** Number of bootstrap samples (KALPHA's default is 1000). */
  readonly samples: number;
  /** Seed of the random generator (a whole number). */
  readonly seed: number;
  /** Confidence level, default 0.95. */
  readonly confidence?: number;
}

export interface AlphaBootstrap {
  readonly samples: number;
  readonly seed: number;
  readonly confidence: number;
  /** M: pairs of values drawn per sample. */
  readonly pairsPerSample: number;
  readonly lower: number;
  readonly upper: number;
  /** Mean of the bootstrapped alphas. */
  readonly mean: number;
  /** q(α_min): share of bootstrapped alphas below each minimum. */
  readonly belowMinimum: readonly { readonly minimum: number; readonly probability: number }[];
}

/**
 * Bootstraps alpha from a computed {@link AlphaResult}. Returns null when alpha itself is
 * undefined (nothing to bootstrap). Throws a RangeError for a bad sample count, seed or level.
 */
export function bootstrapAlpha(result: AlphaResult, options: AlphaBootstrapOptions): AlphaBootstrap | null {
  const { samples, seed } = options;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(samples) || samples < 1 || samples > 1_000_000) throw new RangeError(`the number of bootstrap samples must be a whole number from 1 to 1,000,000 (got ${samples})`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`the seed must be a whole number from 0 to 4294967295 (got ${seed})`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`the confidence level must be between 0 and 1 (got ${confidence})`);
  if (result.alpha === null) return null;

  const o = result.coincidences;
  const n = result.pairableValues;
  const V = result.values.length;
  const marginals = o.map((row) => row.reduce((s, x) => s + x, 0));
  const delta = differenceFunction(result.level, result.values, marginals);
  const De = result.expectedDisagreement;

  // Cumulative probabilities over the pairs c ≤ k, with their δ².
  const cumulative: number[] = [];
  const deltas: number[] = [];
  let sum = 0;
  let nonZero = 0;
  let diagonalValues = 0;
  for (let c = 0; c < V; c++) {
    for (let k = c; k < V; k++) {
      const p = c === k ? o[c]![c]! / n : (2 * o[c]![k]!) / n;
      if (o[c]![k]! > 0) nonZero += c === k ? 1 : 2;
      if (c === k && o[c]![c]! > 0) diagonalValues++;
      if (p <= 0) continue;
      sum += p;
      cumulative.push(sum);
      deltas.push(delta(c, k));
    }
  }
  cumulative[cumulative.length - 1] = 1; // guard against rounding
  const M = Math.max(1, Math.min(25 * nonZero, Math.floor(((result.coders - 1) * n) / 2)));

  const random = mulberry32(seed);
  const alphas = new Array<number>(samples);
  let ones = 0;
  for (let b = 0; b < samples; b++) {
    let total = 0;
    for (let i = 0; i < M; i++) {
      const u = random();
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      total += deltas[lo]!;
    }
    let a = 1 - total / (M * De);
    if (a < -1) a = -1;
    if (a === 1) {
      if (diagonalValues === 1) a = 0;
      else ones++;
    }
    alphas[b] = a;
  }
  // Samples that drew pairs of a single value only: alpha is 0/0 there; count them as 0.
  let expectedSingle = 0;
  for (let c = 0; c < V; c++) expectedSingle += (o[c]![c]! / n) ** result.valuePairs;
  let toZero = Math.min(Math.round(samples * expectedSingle), ones);
  for (let b = 0; b < samples && toZero > 0; b++) {
    if (alphas[b] === 1) {
      alphas[b] = 0;
      toZero--;
    }
  }

  alphas.sort((x, y) => x - y);
  const tail = (1 - confidence) / 2;
  const lowerRank = Math.max(Math.floor(tail * samples), 1);
  const upperRank = Math.min(Math.floor((1 - tail) * samples) + 1, samples);
  return {
    samples,
    seed,
    confidence,
    pairsPerSample: M,
    lower: alphas[lowerRank - 1]!,
    upper: alphas[upperRank - 1]!,
    mean: alphas.reduce((s, x) => s + x, 0) / samples,
    belowMinimum: ALPHA_MINIMUMS.map((minimum) => ({ minimum, probability: alphas.filter((a) => a < minimum).length / samples })),
  };
}
