/**
 * Shared types for unit-based reliability data (Krippendorff's alpha, Cohen's and Fleiss' kappa).
 */

/** Levels of measurement (Krippendorff 2011, section E "difference functions"). */
export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export const MEASUREMENT_LEVELS: readonly MeasurementLevel[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/**
 * One coder's value for one unit. Values are compared with `===`, so the number 1 and the
 * string "1" are different values. Interval and ratio data must be finite numbers.
 */
export type ReliabilityValue = string | number;

/** Rows are units, columns are coders; `null` is a missing value (the coder did not code the unit). */
export type ReliabilityData = readonly (readonly (ReliabilityValue | null)[])[];

/** Reliability data with names, as read from a reliability CSV. */
export interface ReliabilityMatrix {
  /** Coder names, one per column of `data`. */
  readonly coders: readonly string[];
  /** Unit labels, one per row of `data`. */
  readonly units: readonly string[];
  /** units × coders; null = missing. */
  readonly data: ReliabilityData;
  /** For ordinal data: every value in rank order, lowest first. */
  readonly order?: readonly ReliabilityValue[];
}

/**
 * Checks that `data` is a rectangular units × coders table and returns the number of coders.
 * Throws a RangeError naming the first row whose length differs from the first row's.
 */
export function coderCount(data: ReliabilityData): number {
  const first = data[0];
  if (!first) return 0;
  const m = first.length;
  data.forEach((row, i) => {
    if (row.length !== m) throw new RangeError(`unit ${i + 1} has ${row.length} values but unit 1 has ${m}: rows must have one entry per coder`);
  });
  return m;
}

export const describeValue = (v: ReliabilityValue) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
