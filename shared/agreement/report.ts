/**
 * One call that runs every coefficient that applies to a reliability matrix.
 *
 * - Krippendorff's alpha (Krippendorff 2011) always, at the requested level.
 * - Fleiss' kappa (Fleiss 1971) only for nominal data where every coded unit has the same
 *   number (≥ 2) of values — Fleiss assumes a constant number of ratings per subject. Units
 *   nobody coded are left out first (they carry no information for any coefficient).
 * - Cohen's kappa (Cohen 1960) only for exactly 2 coders and nominal data, over the units both
 *   coded (listwise deletion).
 * - `coefficients`: percent agreement, po and pe, Cohen's kappa, Scott's pi, Brennan–Prediger and
 *   Gwet's AC1 for 2 coders (units both coded); percent agreement, Fleiss' kappa (Gwet's form for
 *   missing ratings), Brennan–Prediger and AC1 for 3+ coders; plus weighted kappa and AC2 with
 *   linear and quadratic weights for ordinal, interval and ratio data — each with a standard
 *   error and confidence interval (see coefficients.ts).
 * - `alphaBootstrap`: with `options.bootstrap`, a bootstrapped interval for alpha (bootstrap.ts).
 * Where a coefficient does not apply or is 0/0, it is null and a reason says why.
 */
import { type AlphaBootstrap, bootstrapAlpha } from './bootstrap';
import {
  type AgreementCoefficient,
  agreementWeights,
  multiCoderCoefficientsSparse,
  twoCoderCoefficients,
  type UnitRatings,
  type WeightScheme,
} from './coefficients';
import { cohenKappa, type CohenKappaForUnitsResult, fleissKappa, type FleissKappaForUnitsResult } from './kappa';
import { type AlphaResult, krippendorffAlpha } from './krippendorff';
import { coderCount, type MeasurementLevel, type ReliabilityData, type ReliabilityMatrix, type ReliabilityValue } from './types';

export interface ReliabilityReportOptions {
  /** Bootstrap alpha's interval with this many samples and this seed. */
  readonly bootstrap?: { readonly samples: number; readonly seed: number };
  /** Confidence level of every interval, default 0.95. */
  readonly confidence?: number;
}

export interface ReliabilityReport {
  readonly level: MeasurementLevel;
  /** Number of coders (columns). */
  readonly coders: number;
  /** Number of units (rows), including units nobody coded. */
  readonly units: number;
  /** n: values in units coded by ≥ 2 coders — the values alpha is computed from. */
  readonly pairableValues: number;
  /** Units coded by ≥ 2 coders. */
  readonly pairableUnits: number;

  readonly alpha: number | null;
  readonly alphaReason: string | null;
  readonly alphaDetail: AlphaResult;

  readonly fleissKappa: number | null;
  readonly fleissKappaReason: string | null;
  readonly fleissDetail: FleissKappaForUnitsResult | null;

  readonly cohenKappa: number | null;
  readonly cohenKappaReason: string | null;
  readonly cohenDetail: CohenKappaForUnitsResult | null;

  /** Agreement coefficients with standard errors and intervals (see the module comment). */
  readonly coefficients: readonly AgreementCoefficient[];
  /** Bootstrapped interval for alpha, when asked for and alpha is defined. */
  readonly alphaBootstrap: AlphaBootstrap | null;
}

/**
 * Runs alpha, and Fleiss' and Cohen's kappa where they apply, on `matrix` (a parsed reliability
 * CSV, or a bare units × coders array with null for missing values).
 *
 * Throws a RangeError when there are fewer than 2 coders or the rows differ in length, and the
 * errors of {@link krippendorffAlpha} for values that do not fit the level.
 */
export function reliabilityReport(matrix: ReliabilityMatrix | ReliabilityData, level: MeasurementLevel, options: ReliabilityReportOptions = {}): ReliabilityReport {
  const data: ReliabilityData = isData(matrix) ? matrix : matrix.data;
  const order = isData(matrix) ? undefined : matrix.order;
  const m = coderCount(data);
  const named = isData(matrix) ? m : matrix.coders.length;
  if (named !== m && data.length > 0) throw new RangeError(`the matrix names ${named} coders but its rows have ${m} values`);
  if (named < 2) throw new RangeError(`a reliability report needs at least 2 coders (got ${named})`);

  const alphaDetail = krippendorffAlpha(data, level, order ? { order } : {});

  let fleissDetail: FleissKappaForUnitsResult | null = null;
  let fleissKappaReason: string | null = null;
  if (level !== 'nominal') {
    fleissKappaReason = `Fleiss' kappa is for nominal data (this is ${level})`;
  } else {
    const counts = new Set(data.map((row) => row.filter((v) => v !== null).length).filter((c) => c > 0));
    if (counts.size === 0) fleissKappaReason = 'no unit was coded';
    else if (counts.size > 1) {
      fleissKappaReason = `units are coded by different numbers of coders (${[...counts].sort((a, b) => a - b).join(', ')}); Fleiss' kappa needs the same number for every unit — use alpha, which handles missing values`;
    } else if ([...counts][0]! < 2) fleissKappaReason = 'every unit is coded by only one coder';
    else {
      fleissDetail = fleissKappa(data);
      fleissKappaReason = fleissDetail.undefinedReason;
    }
  }

  let cohenDetail: CohenKappaForUnitsResult | null = null;
  let cohenKappaReason: string | null = null;
  if (m !== 2) cohenKappaReason = `Cohen's kappa is for exactly 2 coders (there are ${m}); see Fleiss' kappa or alpha`;
  else if (level !== 'nominal') cohenKappaReason = `Cohen's kappa is for nominal data (this is ${level})`;
  else {
    cohenDetail = cohenKappa(
      data.map((row) => row[0] ?? null),
      data.map((row) => row[1] ?? null),
    );
    cohenKappaReason = cohenDetail.undefinedReason;
  }

  const alphaBootstrap = options.bootstrap ? bootstrapAlpha(alphaDetail, { ...options.bootstrap, ...(options.confidence === undefined ? {} : { confidence: options.confidence }) }) : null;
  const coefficients = agreementCoefficients(data, level, { ...(order ? { order } : {}), ...(options.confidence === undefined ? {} : { confidence: options.confidence }) });

  return {
    level,
    coders: m,
    units: data.length,
    pairableValues: alphaDetail.pairableValues,
    pairableUnits: alphaDetail.pairableUnits,
    alpha: alphaDetail.alpha,
    alphaReason: alphaDetail.undefinedReason,
    alphaDetail,
    fleissKappa: fleissDetail?.kappa ?? null,
    fleissKappaReason,
    fleissDetail,
    cohenKappa: cohenDetail?.kappa ?? null,
    cohenKappaReason,
    cohenDetail,
    coefficients,
    alphaBootstrap,
  };
}

/**
 * The coefficients of coefficients.ts for reliability data (units × coders, null = missing).
 * Categories: every value in the data — for ordinal data with an `order`, every value of the
 * order (the categories available to the coders), in rank order. Weighted forms use the ranks
 * (ordinal) or the values (interval, ratio) as scores.
 */
export function agreementCoefficients(
  data: ReliabilityData,
  level: MeasurementLevel,
  options: { readonly order?: readonly ReliabilityValue[]; readonly confidence?: number } = {},
): AgreementCoefficient[] {
  const m = coderCount(data);
  const seen = new Set<ReliabilityValue>();
  const categories: ReliabilityValue[] = [];
  const add = (v: ReliabilityValue) => {
    if (!seen.has(v)) {
      seen.add(v);
      categories.push(v);
    }
  };
  if (level === 'ordinal' && options.order) options.order.forEach(add);
  for (const row of data) for (const v of row) if (v !== null) add(v);
  const numeric = categories.every((v) => typeof v === 'number');
  if (level !== 'nominal' && !(level === 'ordinal' && options.order) && numeric) categories.sort((x, y) => (x as number) - (y as number));
  const index = new Map(categories.map((v, i) => [v, i]));
  const q = categories.length;
  const scores = level === 'interval' || level === 'ratio' ? categories.map((v) => v as number) : categories.map((_, i) => i + 1);
  const schemes: WeightScheme[] = level === 'nominal' ? ['identity'] : ['identity', 'linear', 'quadratic'];
  const confidence = options.confidence === undefined ? {} : { confidence: options.confidence };

  const out: AgreementCoefficient[] = [];
  if (m === 2) {
    const table = Array.from({ length: q }, () => new Array<number>(q).fill(0));
    for (const row of data) if (row[0] != null && row[1] != null) table[index.get(row[0])!]![index.get(row[1])!]! += 1;
    for (const scheme of schemes) {
      const rows = twoCoderCoefficients(table, { weights: agreementWeights(scheme, scores), scheme, ...confidence });
      out.push(...(scheme === 'identity' ? rows : rows.filter((r) => r.id === 'cohen' || r.id === 'gwet')));
    }
  } else {
    const units: UnitRatings[] = [];
    for (const row of data) {
      const byCategory = new Map<number, number>();
      for (const v of row) if (v !== null) byCategory.set(index.get(v)!, (byCategory.get(index.get(v)!) ?? 0) + 1);
      if (byCategory.size) units.push({ categories: [...byCategory.keys()], counts: [...byCategory.values()] });
    }
    for (const scheme of schemes) {
      const rows = multiCoderCoefficientsSparse(units, q, { weights: agreementWeights(scheme, scores), scheme, ...confidence });
      out.push(...(scheme === 'identity' ? rows : rows.filter((r) => r.id === 'fleiss' || r.id === 'gwet')));
    }
  }
  return out;
}

function isData(x: ReliabilityMatrix | ReliabilityData): x is ReliabilityData {
  return Array.isArray(x);
}
