/**
 * Kappa coefficients for categorical (nominal) judgements of fixed units.
 *
 * - Cohen's kappa: Cohen, J. (1960). A coefficient of agreement for nominal scales.
 *   Educational and Psychological Measurement, 20(1), 37–46.
 * - Fleiss' kappa: Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
 *   Psychological Bulletin, 76(5), 378–382.
 * - Brennan & Prediger's kappa: Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa:
 *   Some uses, misuses, and alternatives. Educational and Psychological Measurement, 41(3),
 *   687–699.
 *
 * All three have the form κ = (Po − Pe) / (1 − Pe) and differ only in the chance term Pe.
 * When Pe = 1 the ratio is 0/0 (e.g. every judgement falls in one category); the functions
 * then return `kappa: null` with a reason instead of NaN.
 */
import { coderCount, type ReliabilityData, type ReliabilityValue } from './types';

export interface CohenKappaResult {
  /** κ = (Po − Pe) / (1 − Pe), or null when undefined (see `undefinedReason`). */
  readonly kappa: number | null;
  readonly undefinedReason: string | null;
  /** Po: proportion of units on which the two coders agree. */
  readonly observedAgreement: number;
  /** Pe = Σ_i p(A=i)·p(B=i): chance agreement from the two coders' own marginals (Cohen 1960). */
  readonly expectedAgreement: number;
  /** Number of units in the table. */
  readonly units: number;
}

/**
 * Cohen's kappa from a square agreement table: `table[i][j]` = number of units coder A put in
 * category i and coder B in category j (same category order on both axes).
 */
export function cohenKappaFromTable(table: readonly (readonly number[])[]): CohenKappaResult {
  const k = table.length;
  table.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`row ${i + 1} of the agreement table has ${row.length} cells; the table must be ${k}×${k}`);
    row.forEach((v) => {
      if (!Number.isFinite(v) || v < 0) throw new RangeError(`agreement table cells must be non-negative counts (got ${v})`);
    });
  });
  let n = 0;
  let diag = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = table[i]![j]!;
      n += v;
      rows[i]! += v;
      cols[j]! += v;
      if (i === j) diag += v;
    }
  }
  if (n === 0) {
    return { kappa: null, undefinedReason: 'no unit was coded by both coders', observedAgreement: Number.NaN, expectedAgreement: Number.NaN, units: 0 };
  }
  const po = diag / n;
  let pe = 0;
  for (let i = 0; i < k; i++) pe += (rows[i]! / n) * (cols[i]! / n);
  if (Math.abs(1 - pe) < 1e-12) {
    return {
      kappa: null,
      undefinedReason: 'both coders put every unit in the same single category, so chance agreement is 1 and kappa is 0/0',
      observedAgreement: po,
      expectedAgreement: pe,
      units: n,
    };
  }
  return { kappa: (po - pe) / (1 - pe), undefinedReason: null, observedAgreement: po, expectedAgreement: pe, units: n };
}

export interface CohenKappaForUnitsResult extends CohenKappaResult {
  /** Categories in first-appearance order (coder A's values first, then B's); the table's axes. */
  readonly categories: readonly ReliabilityValue[];
  /** table[i][j]: units with A = categories[i] and B = categories[j]. */
  readonly table: readonly (readonly number[])[];
  /** Units left out because one or both coders have no value for them (listwise deletion). */
  readonly skippedUnits: number;
}

/**
 * Cohen's kappa for two coders' nominal values on the same units (`a[u]`, `b[u]` for unit u;
 * `null` = missing). Units missing either value are left out. Values compare with `===`.
 */
export function cohenKappa(
  a: readonly (ReliabilityValue | null)[],
  b: readonly (ReliabilityValue | null)[],
): CohenKappaForUnitsResult {
  if (a.length !== b.length) throw new RangeError(`the two coders have ${a.length} and ${b.length} units; they must code the same units`);
  const index = new Map<ReliabilityValue, number>();
  const categories: ReliabilityValue[] = [];
  const see = (v: ReliabilityValue) => {
    if (!index.has(v)) {
      index.set(v, categories.length);
      categories.push(v);
    }
  };
  const pairs: [ReliabilityValue, ReliabilityValue][] = [];
  let skipped = 0;
  for (let u = 0; u < a.length; u++) {
    const x = a[u] ?? null;
    const y = b[u] ?? null;
    if (x === null || y === null) {
      skipped++;
      continue;
    }
    pairs.push([x, y]);
  }
  for (const [x] of pairs) see(x);
  for (const [, y] of pairs) see(y);
  const k = categories.length;
  const table = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [x, y] of pairs) table[index.get(x)!]![index.get(y)!]! += 1;
  return { ...cohenKappaFromTable(table), categories, table, skippedUnits: skipped };
}

export interface FleissKappaResult {
  /** κ = (P̄ − P̄e) / (1 − P̄e), or null when undefined (see `undefinedReason`). */
  readonly kappa: number | null;
  readonly undefinedReason: string | null;
  /** P̄: mean over subjects of the proportion of agreeing rater pairs. */
  readonly observedAgreement: number;
  /** P̄e = Σ_j p_j², with p_j the share of all ratings in category j. */
  readonly expectedAgreement: number;
  /** p_j for each category (column of the counts table). */
  readonly categoryProportions: readonly number[];
  /** N: number of subjects (units). */
  readonly subjects: number;
  /** n: ratings per subject. */
  readonly raters: number;
}

/**
 * Fleiss' kappa from a subjects × categories table of counts: `counts[i][j]` = number of
 * raters who put subject i in category j. Every row must sum to the same n ≥ 2 (Fleiss 1971
 * assumes a constant number of ratings per subject; the raters need not be the same people).
 */
export function fleissKappaFromCounts(counts: readonly (readonly number[])[]): FleissKappaResult {
  const N = counts.length;
  if (N === 0) throw new RangeError("Fleiss' kappa needs at least one subject");
  const k = counts[0]!.length;
  let n = -1;
  counts.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`subject ${i + 1} has ${row.length} category counts but subject 1 has ${k}`);
    let sum = 0;
    for (const v of row) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`subject ${i + 1}: counts must be non-negative whole numbers (got ${v})`);
      sum += v;
    }
    if (n === -1) n = sum;
    else if (sum !== n) throw new RangeError(`subject ${i + 1} has ${sum} ratings but subject 1 has ${n}: Fleiss' kappa needs the same number of ratings for every subject`);
  });
  if (n < 2) throw new RangeError(`Fleiss' kappa needs at least 2 ratings per subject (got ${n})`);
  const totals = new Array<number>(k).fill(0);
  let pSum = 0;
  for (const row of counts) {
    let sq = 0;
    row.forEach((v, j) => {
      totals[j]! += v;
      sq += v * v;
    });
    pSum += (sq - n) / (n * (n - 1));
  }
  const pBar = pSum / N;
  const proportions = totals.map((t) => t / (N * n));
  const peBar = proportions.reduce((s, p) => s + p * p, 0);
  const base = { observedAgreement: pBar, expectedAgreement: peBar, categoryProportions: proportions, subjects: N, raters: n };
  if (Math.abs(1 - peBar) < 1e-12) {
    return { ...base, kappa: null, undefinedReason: 'every rating falls in the same category, so chance agreement is 1 and kappa is 0/0' };
  }
  return { ...base, kappa: (pBar - peBar) / (1 - peBar), undefinedReason: null };
}

export interface FleissKappaForUnitsResult extends FleissKappaResult {
  /** Categories in first-appearance order (row by row); the columns of the counts table. */
  readonly categories: readonly ReliabilityValue[];
  /** Units with no value from any coder, which are left out. */
  readonly skippedUnits: number;
}

/**
 * Fleiss' kappa from reliability data (units × coders, null = missing). Units nobody coded are
 * left out; every other unit must have the same number (≥ 2) of values, else a RangeError names
 * the first unit that differs.
 */
export function fleissKappa(data: ReliabilityData): FleissKappaForUnitsResult {
  coderCount(data);
  const index = new Map<ReliabilityValue, number>();
  const categories: ReliabilityValue[] = [];
  const units: ReliabilityValue[][] = [];
  let skipped = 0;
  let expect = -1;
  data.forEach((row, u) => {
    const values = row.filter((v): v is ReliabilityValue => v !== null);
    if (values.length === 0) {
      skipped++;
      return;
    }
    if (expect === -1) expect = values.length;
    else if (values.length !== expect) {
      throw new RangeError(`unit ${u + 1} has ${values.length} values but earlier units have ${expect}: Fleiss' kappa needs the same number of values for every unit`);
    }
    for (const v of values) {
      if (!index.has(v)) {
        index.set(v, categories.length);
        categories.push(v);
      }
    }
    units.push(values);
  });
  if (units.length === 0) throw new RangeError("Fleiss' kappa needs at least one coded unit");
  const counts = units.map((values) => {
    const row = new Array<number>(categories.length).fill(0);
    for (const v of values) row[index.get(v)!]! += 1;
    return row;
  });
  return { ...fleissKappaFromCounts(counts), categories, skippedUnits: skipped };
}

/**
 * Brennan & Prediger's (1981) kappa with chance agreement fixed at 1/k for k categories:
 * κn = (Po − 1/k) / (1 − 1/k). Returns null when k < 2 (1/k = 1, so κ would be 0/0).
 *
 * @param observedAgreement Po as a proportion in [0, 1]
 * @param categories k, the number of categories available to the coders
 */
export function brennanPredigerKappa(observedAgreement: number, categories: number): number | null {
  if (!(observedAgreement >= 0 && observedAgreement <= 1)) throw new RangeError(`observed agreement must be a proportion in [0, 1] (got ${observedAgreement})`);
  if (!Number.isInteger(categories) || categories < 0) throw new RangeError(`the number of categories must be a whole number (got ${categories})`);
  if (categories < 2) return null;
  const pc = 1 / categories;
  return (observedAgreement - pc) / (1 - pc);
}
