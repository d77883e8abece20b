/**
 * Chance-corrected agreement coefficients with standard errors and confidence intervals, in the
 * general framework of Gwet (2014): every coefficient is (pa − pe) / (1 − pe) and they differ
 * only in the chance agreement pe; weights give partial credit to near misses of ordered codes.
 *
 * SOURCES
 * - Gwet, K. L. (2014). Handbook of Inter-Rater Reliability (4th ed.). Advanced Analytics.
 *   Chapters 2–3 (two raters, contingency table; weights) and 5 (many raters, missing ratings).
 *   The same formulas are in Gwet's R package irrCAC (functions kappa2.table, scott2.table,
 *   gwet.ac1.table, bp2.table, pa2.table; pa.coeff.raw, fleiss.kappa.raw, gwet.ac1.raw,
 *   bp.coeff.raw), whose published outputs the tests reproduce.
 * - Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the presence of
 *   high agreement. British Journal of Mathematical and Statistical Psychology, 61, 29–48 (AC1
 *   and its variance).
 * - Cohen (1960); Cohen (1968) weighted kappa; Scott (1955); Fleiss (1971); Brennan & Prediger
 *   (1981). The two-rater kappa variance is that of Fleiss, Cohen & Everitt (1969), "Large sample
 *   standard errors of kappa and weighted kappa", Psychological Bulletin 72, 323–327.
 *
 * DEFINITIONS (two coders, table p_kl = share of units coder A put in k and coder B in l; q
 * categories; weights w_kl, 1 on the diagonal)
 *   pa = Σ w_kl p_kl
 *   Cohen's kappa (weighted when w is not the identity): pe = Σ w_kl p_k+ p_+l
 *   Scott's pi: pe = Σ w_kl π_k π_l with π_k = (p_k+ + p_+k) / 2
 *   Brennan–Prediger: pe = Σ w_kl / q²  (1/q unweighted)
 *   Gwet's AC1 (AC2 with weights): pe = Σ w_kl · Σ_k π_k (1 − π_k) / (q (q − 1))
 * With many coders (and missing values) the "raw ratings" forms of chapter 5 are used: pa is
 * the mean over units rated by ≥ 2 coders of the weighted share of agreeing pairs, π_k is the
 * mean over rated units of the share of that unit's ratings in k, and Fleiss' kappa takes the
 * place of Cohen's and Scott's.
 *
 * VARIANCE AND INTERVALS: the linearisation variances of Gwet (2014) with an infinite population
 * (no finite-population correction). The interval is coefficient ± t_{1−(1−level)/2, n−1} · SE, as
 * Gwet and irrCAC report it, with the upper bound capped at 1. These intervals assume units that
 * are a random sample of independent units.
 */
import { studentTQuantile } from './distributions';

export type WeightScheme = 'identity' | 'linear' | 'quadratic';
export const WEIGHT_SCHEMES: readonly WeightScheme[] = ['identity', 'linear', 'quadratic'];

/**
 * Gwet's (2014, ch. 3) weights over category scores (ascending): identity 1 on the diagonal;
 * linear 1 − |x_k − x_l| / (x_max − x_min); quadratic 1 − (x_k − x_l)² / (x_max − x_min)². For
 * categories that are not numbers, the scores are their ranks 1..q.
 */
export function agreementWeights(scheme: WeightScheme, scores: readonly number[]): number[][] {
  const q = scores.length;
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  return scores.map((x, k) =>
    scores.map((y, l) => {
      if (scheme === 'identity' || q < 2 || hi === lo) return k === l ? 1 : 0;
      const d = Math.abs(x - y) / (hi - lo);
      return scheme === 'linear' ? 1 - d : 1 - d * d;
    }),
  );
}

export type CoefficientId = 'percent' | 'cohen' | 'scott' | 'fleiss' | 'brennan-prediger' | 'gwet';

/** One coefficient with its parts and precision. */
export interface AgreementCoefficient {
  readonly id: CoefficientId;
  /** Display name, e.g. "Cohen's kappa", "Weighted kappa (quadratic)", "Gwet's AC2 (linear)". */
  readonly name: string;
  readonly weights: WeightScheme;
  /** The coefficient (for 'percent', pa itself as a proportion), or null when undefined. */
  readonly value: number | null;
  /** Why `value` is null. */
  readonly reason: string | null;
  /** pa: observed (weighted) agreement, a proportion. */
  readonly observedAgreement: number | null;
  /** pe: chance agreement, a proportion (0 for percent agreement). */
  readonly expectedAgreement: number | null;
  readonly standardError: number | null;
  /** Confidence interval bounds (see `confidence`), or null when not computed. */
  readonly ciLower: number | null;
  readonly ciUpper: number | null;
  /** Confidence level of the interval, e.g. 0.95. */
  readonly confidence: number;
  /** Units the coefficient was computed from. */
  readonly units: number;
}

export interface CoefficientOptions {
  /** Confidence level, default 0.95. */
  readonly confidence?: number;
  /** Compute standard errors and intervals (default true). */
  readonly intervals?: boolean;
}

const NAMES: Record<CoefficientId, Record<WeightScheme, string>> = {
  percent: { identity: 'Percent agreement', linear: 'Percent agreement (linear weights)', quadratic: 'Percent agreement (quadratic weights)' },
  cohen: { identity: "Cohen's kappa", linear: 'Weighted kappa (linear)', quadratic: 'Weighted kappa (quadratic)' },
  scott: { identity: "Scott's pi", linear: "Scott's pi (linear)", quadratic: "Scott's pi (quadratic)" },
  fleiss: { identity: "Fleiss' kappa", linear: "Fleiss' kappa (linear)", quadratic: "Fleiss' kappa (quadratic)" },
  'brennan-prediger': { identity: 'Brennan–Prediger kappa', linear: 'Brennan–Prediger (linear)', quadratic: 'Brennan–Prediger (quadratic)' },
  gwet: { identity: "Gwet's AC1", linear: "Gwet's AC2 (linear)", quadratic: "Gwet's AC2 (quadratic)" },
};

export const coefficientName = (id: CoefficientId, weights: WeightScheme) => NAMES[id][weights];

function checkConfidence(c: number): number {
  if (!(c > 0 && c < 1)) throw new RangeError(`the confidence level must be between 0 and 1 (got ${c})`);
  return c;
}

function checkWeights(weights: readonly (readonly number[])[], q: number): void {
  if (weights.length !== q || weights.some((row) => row.length !== q)) throw new RangeError(`the weights must be a ${q}×${q} table, one row and column per category`);
}

/** Builds one result row; `variance` is null when it cannot be computed. */
function estimate(
  id: CoefficientId,
  scheme: WeightScheme,
  pa: number,
  pe: number,
  n: number,
  variance: ((coef: number) => number) | null,
  options: CoefficientOptions,
): AgreementCoefficient {
  const confidence = checkConfidence(options.confidence ?? 0.95);
  const base = { id, name: coefficientName(id, scheme), weights: scheme, observedAgreement: pa, expectedAgreement: pe, confidence, units: n };
  if (Math.abs(1 - pe) < 1e-12) {
    return {
      ...base,
      value: null,
      reason: 'chance agreement is 1 (every judgement falls in one category), so the coefficient is 0/0',
      standardError: null,
      ciLower: null,
      ciUpper: null,
    };
  }
  const value = (pa - pe) / (1 - pe);
  if (options.intervals === false || variance === null || n < 2) {
    return { ...base, value, reason: null, standardError: null, ciLower: null, ciUpper: null };
  }
  const se = Math.sqrt(Math.max(0, variance(value)));
  const t = studentTQuantile(1 - (1 - confidence) / 2, n - 1);
  return { ...base, value, reason: null, standardError: se, ciLower: value - t * se, ciUpper: Math.min(1, value + t * se) };
}

function emptyRows(ids: readonly CoefficientId[], scheme: WeightScheme, reason: string, options: CoefficientOptions): AgreementCoefficient[] {
  const confidence = checkConfidence(options.confidence ?? 0.95);
  return ids.map((id) => ({
    id,
    name: coefficientName(id, scheme),
    weights: scheme,
    value: null,
    reason,
    observedAgreement: null,
    expectedAgreement: null,
    standardError: null,
    ciLower: null,
    ciUpper: null,
    confidence,
    units: 0,
  }));
}

export const TWO_CODER_COEFFICIENTS: readonly CoefficientId[] = ['percent', 'cohen', 'scott', 'brennan-prediger', 'gwet'];
export const MULTI_CODER_COEFFICIENTS: readonly CoefficientId[] = ['percent', 'fleiss', 'brennan-prediger', 'gwet'];

/**
 * Two coders, q×q contingency table of counts (`table[k][l]`: units coder A put in category k
 * and coder B in l). Returns percent agreement, Cohen's kappa, Scott's pi, Brennan–Prediger and
 * Gwet's AC1/AC2 with the given weights (default identity).
 */
export function twoCoderCoefficients(
  table: readonly (readonly number[])[],
  options: CoefficientOptions & { readonly weights?: readonly (readonly number[])[]; readonly scheme?: WeightScheme } = {},
): AgreementCoefficient[] {
  const q = table.length;
  table.forEach((row, i) => {
    if (row.length !== q) throw new RangeError(`row ${i + 1} of the agreement table has ${row.length} cells; the table must be ${q}×${q}`);
    for (const v of row) if (!Number.isFinite(v) || v < 0) throw new RangeError(`agreement table cells must be non-negative counts (got ${v})`);
  });
  const scheme = options.scheme ?? 'identity';
  const w = options.weights ?? agreementWeights('identity', table.map((_, i) => i + 1));
  checkWeights(w, q);
  let n = 0;
  for (const row of table) for (const v of row) n += v;
  if (n === 0) return emptyRows(TWO_CODER_COEFFICIENTS, scheme, 'no unit was coded by both coders', options);

  const p = table.map((row) => row.map((v) => v / n));
  const rowM = p.map((row) => row.reduce((s, x) => s + x, 0)); // p_k+
  const colM = p[0]!.map((_, l) => p.reduce((s, row) => s + row[l]!, 0)); // p_+l
  const pi = rowM.map((r, k) => (r + colM[k]!) / 2);
  let pa = 0;
  let sumW = 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      pa += w[k]![l]! * p[k]![l]!;
      sumW += w[k]![l]!;
    }
  }
  // w̄_k· = Σ_l w_kl p_+l  and  w̄_·l = Σ_k w_kl p_k+  (Fleiss, Cohen & Everitt 1969)
  const wRow = rowM.map((_, k) => colM.reduce((s, c, l) => s + w[k]![l]! * c, 0));
  const wCol = colM.map((_, l) => rowM.reduce((s, r, k) => s + w[k]![l]! * r, 0));
  const wPi = pi.map((_, k) => (wRow[k]! + wCol[k]!) / 2);
  const sumCells = (f: (k: number, l: number) => number) => {
    let s = 0;
    for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) if (p[k]![l]! > 0) s += p[k]![l]! * f(k, l);
    return s;
  };
  const linearised = (pe: number, term: (coef: number, k: number, l: number) => number) => (coef: number) => {
    const s = sumCells((k, l) => term(coef, k, l) ** 2);
    const c = pa - 2 * (1 - coef) * pe;
    return (s - c * c) / (n * (1 - pe) ** 2);
  };

  let peCohen = 0;
  let peScott = 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      peCohen += w[k]![l]! * rowM[k]! * colM[l]!;
      peScott += w[k]![l]! * pi[k]! * pi[l]!;
    }
  }
  const peBP = sumW / (q * q);
  const gw = q > 1 ? sumW / (q * (q - 1)) : 0;
  const peGwet = q > 1 ? gw * pi.reduce((s, x) => s + x * (1 - x), 0) : 1;
  const sumW2 = sumCells((k, l) => w[k]![l]! ** 2);

  return [
    estimate('percent', scheme, pa, 0, n, () => (sumW2 - pa * pa) / n, options),
    estimate('cohen', scheme, pa, peCohen, n, linearised(peCohen, (c, k, l) => w[k]![l]! - (1 - c) * (wRow[k]! + wCol[l]!)), options),
    estimate('scott', scheme, pa, peScott, n, linearised(peScott, (c, k, l) => w[k]![l]! - (1 - c) * (wPi[k]! + wPi[l]!)), options),
    estimate('brennan-prediger', scheme, pa, peBP, n, () => (sumW2 - pa * pa) / (n * (1 - peBP) ** 2), options),
    estimate('gwet', scheme, pa, peGwet, n, linearised(peGwet, (c, k, l) => w[k]![l]! - 2 * (1 - c) * gw * (1 - (pi[k]! + pi[l]!) / 2)), options),
  ];
}

/** One unit's ratings, sparse: `counts[j]` coders put the unit in category `categories[j]`. */
export interface UnitRatings {
  readonly categories: readonly number[];
  readonly counts: readonly number[];
}

/**
 * Any number of coders, missing ratings allowed: `counts[i][k]` = number of coders who put unit
 * i in category k (units nobody rated must be left out). Returns percent agreement, Fleiss'
 * kappa, Brennan–Prediger and Gwet's AC1/AC2 (Gwet 2014, ch. 5, "raw ratings").
 */
export function multiCoderCoefficients(
  counts: readonly (readonly number[])[],
  options: CoefficientOptions & { readonly weights?: readonly (readonly number[])[]; readonly scheme?: WeightScheme } = {},
): AgreementCoefficient[] {
  const q = counts[0]?.length ?? 0;
  const units = counts.map((row, i) => {
    if (row.length !== q) throw new RangeError(`unit ${i + 1} has ${row.length} category counts but unit 1 has ${q}`);
    const categories: number[] = [];
    const c: number[] = [];
    row.forEach((v, k) => {
      if (v !== 0) {
        categories.push(k);
        c.push(v);
      }
    });
    return { categories, counts: c };
  });
  return multiCoderCoefficientsSparse(units, q, options);
}

/**
 * {@link multiCoderCoefficients} for units given sparsely (only the categories each unit got), so
 * that many units × many categories cost memory and time in the ratings, not in units × q.
 */
export function multiCoderCoefficientsSparse(
  units: readonly UnitRatings[],
  q: number,
  options: CoefficientOptions & { readonly weights?: readonly (readonly number[])[]; readonly scheme?: WeightScheme } = {},
): AgreementCoefficient[] {
  const scheme = options.scheme ?? 'identity';
  const n = units.length;
  const r = units.map((u, i) => {
    if (u.categories.length !== u.counts.length) throw new RangeError(`unit ${i + 1}: categories and counts differ in length`);
    let total = 0;
    u.counts.forEach((v, j) => {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`unit ${i + 1}: counts must be non-negative whole numbers (got ${v})`);
      const k = u.categories[j]!;
      if (!Number.isInteger(k) || k < 0 || k >= q) throw new RangeError(`unit ${i + 1}: category ${k} is not one of the ${q} categories`);
      total += v;
    });
    if (total === 0) throw new RangeError(`unit ${i + 1} has no rating; leave out units nobody rated`);
    return total;
  });
  const w = options.weights ?? agreementWeights('identity', Array.from({ length: q }, (_, i) => i + 1));
  checkWeights(w, q);
  const n2 = r.filter((x) => x >= 2).length;
  if (n2 === 0) return emptyRows(MULTI_CODER_COEFFICIENTS, scheme, 'no unit was coded by two or more coders', options);

  // pa_i = Σ_k r_ik (r*_ik − 1) / (r_i (r_i − 1)) with r*_ik = Σ_l w_kl r_il, for units with r_i ≥ 2.
  const paI = units.map((u, i) => {
    if (r[i]! < 2) return 0;
    let s = 0;
    u.categories.forEach((k, j) => {
      let star = 0;
      u.categories.forEach((l, jj) => (star += w[k]![l]! * u.counts[jj]!));
      s += u.counts[j]! * (star - 1);
    });
    return s / (r[i]! * (r[i]! - 1));
  });
  const pa = paI.reduce((s, x) => s + x, 0) / n2;
  const pi = new Array<number>(q).fill(0);
  units.forEach((u, i) => u.categories.forEach((k, j) => (pi[k]! += u.counts[j]! / r[i]! / n)));
  let sumW = 0;
  let peFleiss = 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      sumW += w[k]![l]!;
      peFleiss += w[k]![l]! * pi[k]! * pi[l]!;
    }
  }
  const peBP = q > 0 ? sumW / (q * q) : 1;
  const gw = q > 1 ? sumW / (q * (q - 1)) : 0;
  const peGwet = q > 1 ? gw * pi.reduce((s, x) => s + x * (1 - x), 0) : 1;
  const wPi = pi.map((_, k) => (pi.reduce((s, x, l) => s + w[k]![l]! * x, 0) + pi.reduce((s, x, l) => s + w[l]![k]! * x, 0)) / 2);

  /** Var = Σ_i (c*_i − c)² / (n (n − 1)) with c*_i = c_i − 2 (1 − c)(pe_i − pe)/(1 − pe) (Gwet 2014, ch. 5). */
  const variance = (pe: number, peI: ((i: number) => number) | null) => (coef: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const ci = ((n / n2) * (paI[i]! - (r[i]! >= 2 ? pe : 0))) / (1 - pe);
      const star = peI ? ci - (2 * (1 - coef) * (peI(i) - pe)) / (1 - pe) : ci;
      s += (star - coef) ** 2;
    }
    return s / (n * (n - 1));
  };
  const paVariance = () => {
    let s = 0;
    for (let i = 0; i < n; i++) s += ((n / n2) * paI[i]! - pa) ** 2;
    return s / (n * (n - 1));
  };
  const dot = (i: number, v: readonly number[]) => units[i]!.categories.reduce((s, k, j) => s + units[i]!.counts[j]! * v[k]!, 0) / r[i]!;
  const oneMinusPi = pi.map((x) => 1 - x);

  return [
    estimate('percent', scheme, pa, 0, n, paVariance, options),
    estimate('fleiss', scheme, pa, peFleiss, n, variance(peFleiss, (i) => dot(i, wPi)), options),
    estimate('brennan-prediger', scheme, pa, peBP, n, variance(peBP, null), options),
    estimate('gwet', scheme, pa, peGwet, n, variance(peGwet, (i) => gw * dot(i, oneMinusPi)), options),
  ];
}
