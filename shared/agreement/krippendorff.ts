/**
 * Krippendorff's alpha for 2+ coders with missing data.
 *
 * SOURCE: Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Departmental
 * Papers (ASC), Annenberg School for Communication, University of Pennsylvania, paper 43.
 *
 * Definition (coincidence-matrix form used throughout that paper):
 * - A unit u is *pairable* when it has m_u ≥ 2 values; units with fewer values are ignored.
 * - Coincidences: o_ck = Σ_u (number of ordered pairs of values (c, k) from different coders in
 *   unit u) / (m_u − 1). Margins n_c = Σ_k o_ck; n = Σ_c n_c = the number of pairable values.
 * - α = 1 − D_o / D_e = 1 − (n − 1) · Σ_c Σ_k o_ck δ²_ck / Σ_c Σ_k n_c n_k δ²_ck,
 *   with D_o = (1/n) Σ o_ck δ²_ck and D_e = (1/(n(n−1))) Σ n_c n_k δ²_ck.
 * - Difference functions δ²_ck:
 *   nominal  0 if c = k, else 1;
 *   ordinal  (Σ_{g=c..k} n_g − (n_c + n_k)/2)², over the values in rank order;
 *   interval (c − k)²;
 *   ratio    ((c − k) / (c + k))²  (0 when c = k = 0; values must be ≥ 0).
 *
 * UNDEFINED CASES (returned as `alpha: null` with a reason, never NaN):
 * - no pairable unit (n = 0): nothing to compare;
 * - no variation (D_e = 0): every pairable value is the same, so α = 0/0. Krippendorff's
 *   reading: such data cannot show whether coders can tell values apart, so reliability is not
 *   assessable, even though every pair agrees.
 */
import { coderCount, describeValue, type MeasurementLevel, type ReliabilityData, type ReliabilityValue } from './types';

export interface AlphaOptions {
  /**
   * Ordinal level only: every possible value in rank order, lowest first. Needed when the
   * values are not all numbers; numbers are ranked numerically when this is omitted.
   */
  readonly order?: readonly ReliabilityValue[];
}

export interface AlphaResult {
  readonly level: MeasurementLevel;
  /** α, or null when undefined (see `undefinedReason`). */
  readonly alpha: number | null;
  readonly undefinedReason: string | null;
  /** D_o: observed disagreement (mean δ² over pairable value pairs). NaN when n = 0. */
  readonly observedDisagreement: number;
  /** D_e: disagreement expected by chance. NaN when n < 2. */
  readonly expectedDisagreement: number;
  /** n: number of pairable values (values in units with ≥ 2 values). */
  readonly pairableValues: number;
  /** Number of units with ≥ 2 values. */
  readonly pairableUnits: number;
  /** Pairs of values from different coders within units: Σ m_u (m_u − 1) / 2 (KALPHA's "Pairs"). */
  readonly valuePairs: number;
  /** Number of units (rows). */
  readonly units: number;
  /** Number of coders (columns). */
  readonly coders: number;
  /**
   * The distinct pairable values, in the order of the coincidence matrix: first appearance
   * (nominal), rank (ordinal) or numeric (interval, ratio).
   */
  readonly values: readonly ReliabilityValue[];
  /** o_ck: coincidences, `coincidences[c][k]` for `values[c]`, `values[k]`. */
  readonly coincidences: readonly (readonly number[])[];
}

function checkNumbers(data: ReliabilityData, level: MeasurementLevel): void {
  data.forEach((row, u) =>
    row.forEach((v, c) => {
      if (v === null) return;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new TypeError(`unit ${u + 1}, coder ${c + 1}: ${describeValue(v)} is not a number; the ${level} level needs finite numbers`);
      }
      if (level === 'ratio' && v < 0) {
        throw new RangeError(`unit ${u + 1}, coder ${c + 1}: ${v} is negative; the ratio level needs values ≥ 0 (an absolute zero)`);
      }
    }),
  );
}

/**
 * Krippendorff's alpha for reliability data `data` (units × coders, null = missing) at the
 * given level of measurement.
 *
 * Throws when there are fewer than 2 coders, when rows differ in length, when interval or
 * ratio data hold a non-number (or a negative number for ratio), and for ordinal data whose
 * values are not all numbers and no `options.order` ranks them (or a value is not in it).
 */
export function krippendorffAlpha(data: ReliabilityData, level: MeasurementLevel, options: AlphaOptions = {}): AlphaResult {
  const coders = coderCount(data);
  if (data.length > 0 && coders < 2) {
    throw new RangeError(`Krippendorff's alpha needs at least 2 coders (got ${coders})`);
  }
  if (level === 'interval' || level === 'ratio') checkNumbers(data, level);

  // Pairable units and their values.
  const pairable: ReliabilityValue[][] = [];
  for (const row of data) {
    const values = row.filter((v): v is ReliabilityValue => v !== null);
    if (values.length >= 2) pairable.push(values);
  }

  // Distinct values, ordered for the level.
  const seen = new Set<ReliabilityValue>();
  const distinct: ReliabilityValue[] = [];
  for (const unitValues of pairable) {
    for (const v of unitValues) {
      if (!seen.has(v)) {
        seen.add(v);
        distinct.push(v);
      }
    }
  }
  let values = distinct;
  if (level === 'interval' || level === 'ratio') {
    values = [...distinct].sort((x, y) => (x as number) - (y as number));
  } else if (level === 'ordinal') {
    if (options.order) {
      const rank = new Map<ReliabilityValue, number>();
      options.order.forEach((v, i) => {
        if (!rank.has(v)) rank.set(v, i);
      });
      for (const v of distinct) {
        if (!rank.has(v)) throw new RangeError(`the ordinal value ${describeValue(v)} is not in the given order`);
      }
      values = [...distinct].sort((x, y) => rank.get(x)! - rank.get(y)!);
    } else {
      // Every value in the data (not only pairable ones) must be a number to rank numerically.
      data.forEach((row, u) =>
        row.forEach((v, c) => {
          if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) {
            throw new TypeError(`unit ${u + 1}, coder ${c + 1}: ${describeValue(v)} is not a number; give options.order to rank non-numeric ordinal values`);
          }
        }),
      );
      values = [...distinct].sort((x, y) => (x as number) - (y as number));
    }
  }

  const V = values.length;
  const index = new Map<ReliabilityValue, number>();
  values.forEach((v, i) => index.set(v, i));

  // Coincidence matrix.
  const o = Array.from({ length: V }, () => new Array<number>(V).fill(0));
  for (const unitValues of pairable) {
    const m = unitValues.length;
    const counts = new Map<number, number>();
    for (const v of unitValues) {
      const i = index.get(v)!;
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const entries = [...counts];
    for (const [c, nc] of entries) {
      for (const [k, nk] of entries) {
        o[c]![k]! += (c === k ? nc * (nc - 1) : nc * nk) / (m - 1);
      }
    }
  }
  const nc = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = nc.reduce((s, x) => s + x, 0);

  const delta = differenceFunction(level, values, nc);

  let observedSum = 0;
  let expectedSum = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      if (c === k) continue;
      const d = delta(c, k);
      observedSum += o[c]![k]! * d;
      expectedSum += nc[c]! * nc[k]! * d;
    }
  }
  const Do = n > 0 ? observedSum / n : Number.NaN;
  const De = n > 1 ? expectedSum / (n * (n - 1)) : Number.NaN;

  const base = {
    level,
    observedDisagreement: Do,
    expectedDisagreement: De,
    pairableValues: n,
    pairableUnits: pairable.length,
    valuePairs: pairable.reduce((sum, values) => sum + (values.length * (values.length - 1)) / 2, 0),
    units: data.length,
    coders,
    values,
    coincidences: o,
  };
  if (pairable.length === 0) {
    return { ...base, alpha: null, undefinedReason: 'no unit was coded by two or more coders, so there are no pairs of values to compare' };
  }
  if (expectedSum === 0) {
    return {
      ...base,
      alpha: null,
      undefinedReason:
        V <= 1
          ? `no variation: every pairable value is ${describeValue(values[0]!)}, so the expected disagreement is 0 and alpha is 0/0 (undefined)`
          : 'no variation under this metric: the expected disagreement is 0, so alpha is 0/0 (undefined)',
    };
  }
  return { ...base, alpha: 1 - (n - 1) * (observedSum / expectedSum), undefinedReason: null };
}

/**
 * The difference function δ²(c, k) of Krippendorff (2011, section E) over the indices of
 * `values` (in coincidence-matrix order), for the given level; `marginals` are the n_c.
 */
export function differenceFunction(level: MeasurementLevel, values: readonly ReliabilityValue[], marginals: readonly number[]): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'ordinal': {
      // cumulative[i] = n_0 + … + n_{i−1}
      const cumulative = [0];
      for (let i = 0; i < values.length; i++) cumulative.push(cumulative[i]! + marginals[i]!);
      return (c, k) => {
        if (c === k) return 0;
        const lo = Math.min(c, k);
        const hi = Math.max(c, k);
        const d = cumulative[hi + 1]! - cumulative[lo]! - (marginals[lo]! + marginals[hi]!) / 2;
        return d * d;
      };
    }
    case 'interval':
      return (c, k) => {
        const d = (values[c] as number) - (values[k] as number);
        return d * d;
      };
    case 'ratio':
      return (c, k) => {
        const x = values[c] as number;
        const y = values[k] as number;
        if (x + y === 0) return 0;
        const d = (x - y) / (x + y);
        return d * d;
      };
  }
}
