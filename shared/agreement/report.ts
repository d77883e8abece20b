/**
 * One call that runs every coefficient that applies to a reliability matrix.
 *
 * - Krippendorff's alpha (Krippendorff 2011) always, at the requested level.
 * - Fleiss' kappa (Fleiss 1971) only for nominal data where every coded unit has the same
 *   number (≥ 2) of values — Fleiss assumes a constant number of ratings per subject. Units
 *   nobody coded are left out first (they carry no information for any coefficient).
 * - Cohen's kappa (Cohen 1960) only for exactly 2 coders and nominal data, over the units both
 *   coded (listwise deletion).
 * Where a coefficient does not apply or is 0/0, it is null and a reason says why.
 */
import { cohenKappa, type CohenKappaForUnitsResult, fleissKappa, type FleissKappaForUnitsResult } from './kappa';
import { type AlphaResult, krippendorffAlpha } from './krippendorff';
import { coderCount, type MeasurementLevel, type ReliabilityData, type ReliabilityMatrix } from './types';

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
}

/**
 * Runs alpha, and Fleiss' and Cohen's kappa where they apply, on `matrix` (a parsed reliability
 * CSV, or a bare units × coders array with null for missing values).
 *
 * Throws a RangeError when there are fewer than 2 coders or the rows differ in length, and the
 * errors of {@link krippendorffAlpha} for values that do not fit the level.
 */
export function reliabilityReport(matrix: ReliabilityMatrix | ReliabilityData, level: MeasurementLevel): ReliabilityReport {
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
  };
}

function isData(x: ReliabilityMatrix | ReliabilityData): x is ReliabilityData {
  return Array.isArray(x);
}
