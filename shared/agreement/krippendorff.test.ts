import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from './krippendorff';
import type { ReliabilityData } from './types';

const _ = null;

/**
 * Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
 * Communication, Departmental Papers (ASC) 43. Section C, "Nominal data, any number of
 * observers, missing values": 4 observers (A–D) × 12 units, values 1–5, "." = missing.
 * Published results: nominal α = 0.743 (section C), and in section E for the same data
 * ordinal α = 0.815, interval α = 0.849, ratio α = 0.797.
 *
 * The paper lays the data out observers × units; here it is transposed to units × coders.
 */
const observers = {
  A: [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  C: [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
};
const K2011_C: ReliabilityData = observers.A.map((_v, u) => [observers.A[u]!, observers.B[u]!, observers.C[u]!, observers.D[u]!]);

/**
 * Krippendorff (2011), section A, "Binary or dichotomous data, two observers, no missing
 * data": observers A and B, 10 units. Published α = 0.095.
 */
const K2011_A: ReliabilityData = [
  [0, 1],
  [1, 1],
  [0, 1],
  [0, 0],
  [0, 0],
  [0, 1],
  [0, 0],
  [0, 0],
  [1, 0],
  [0, 0],
];

describe("Krippendorff's alpha — published worked examples (Krippendorff 2011)", () => {
  it('section C: 4 observers × 12 units with missing data, nominal α = 0.743', () => {
    const r = krippendorffAlpha(K2011_C, 'nominal');
    expect(r.alpha).toBeCloseTo(0.743, 3);
    // Unit 12 has a single value, so it is not pairable: 40 pairable values in 11 units (paper: n.. = 40).
    expect(r.pairableValues).toBe(40);
    expect(r.pairableUnits).toBe(11);
    expect(r.coders).toBe(4);
    expect(r.units).toBe(12);
  });

  it('section C coincidence margins: n_1..n_5 = 9, 13, 10, 5, 3 (paper, coincidence matrix)', () => {
    const r = krippendorffAlpha(K2011_C, 'nominal');
    expect(r.values).toEqual([1, 2, 3, 4, 5]);
    const margins = r.coincidences.map((row) => row.reduce((s, x) => s + x, 0));
    margins.forEach((m, i) => expect(m).toBeCloseTo([9, 13, 10, 5, 3][i]!, 10));
  });

  it('section E, same data: ordinal α = 0.815', () => {
    expect(krippendorffAlpha(K2011_C, 'ordinal').alpha).toBeCloseTo(0.815, 3);
  });

  it('section E, same data: interval α = 0.849', () => {
    expect(krippendorffAlpha(K2011_C, 'interval').alpha).toBeCloseTo(0.849, 3);
  });

  it('section E, same data: ratio α = 0.797', () => {
    expect(krippendorffAlpha(K2011_C, 'ratio').alpha).toBeCloseTo(0.797, 3);
  });

  it('section A: two observers, binary, 10 units, α = 0.095', () => {
    const r = krippendorffAlpha(K2011_A, 'nominal');
    expect(r.alpha).toBeCloseTo(0.095, 3);
    // o_00 = 10, o_01 = o_10 = 4, o_11 = 2 (paper's coincidence matrix), n = 20.
    expect(r.coincidences).toEqual([
      [10, 4],
      [4, 2],
    ]);
    expect(r.pairableValues).toBe(20);
  });

  it('ordinal values given as labels with an explicit order give the same α as their ranks', () => {
    const labels = ['none', 'low', 'mid', 'high', 'max'];
    const asLabels = K2011_C.map((row) => row.map((v) => (v === null ? null : labels[(v as number) - 1]!)));
    expect(krippendorffAlpha(asLabels, 'ordinal', { order: labels }).alpha).toBeCloseTo(0.815, 3);
    // Ordinal alpha depends only on the order, not on the spacing of the numbers.
    const stretched = K2011_C.map((row) => row.map((v) => (v === null ? null : (v as number) ** 3)));
    expect(krippendorffAlpha(stretched, 'ordinal').alpha).toBeCloseTo(0.815, 3);
  });
});

describe("Krippendorff's alpha — edge cases", () => {
  it('perfect agreement with variation gives α = 1 at every level', () => {
    const data = [
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, _],
    ];
    for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      expect(krippendorffAlpha(data, level).alpha).toBe(1);
    }
  });

  it('no variation (every value the same) is undefined, reported as null with a reason — not NaN', () => {
    const r = krippendorffAlpha(
      [
        ['yes', 'yes'],
        ['yes', 'yes'],
        ['yes', _],
      ],
      'nominal',
    );
    expect(r.alpha).toBeNull();
    expect(r.undefinedReason).toMatch(/no variation/);
    expect(r.expectedDisagreement).toBe(0);
  });

  it('no pairable unit (each unit coded by at most one coder) is undefined', () => {
    const r = krippendorffAlpha(
      [
        ['a', _],
        [_, 'b'],
        [_, _],
      ],
      'nominal',
    );
    expect(r.alpha).toBeNull();
    expect(r.undefinedReason).toMatch(/no unit was coded by two or more coders/);
    expect(r.pairableValues).toBe(0);
  });

  it('units with a single value are ignored (missing data)', () => {
    const withExtra = [...K2011_A, [1, _], [_, 0]];
    expect(krippendorffAlpha(withExtra, 'nominal').alpha).toBeCloseTo(krippendorffAlpha(K2011_A, 'nominal').alpha!, 12);
  });

  it('systematic disagreement gives α below 0', () => {
    const r = krippendorffAlpha(
      [
        ['a', 'b'],
        ['b', 'a'],
        ['a', 'b'],
        ['b', 'a'],
      ],
      'nominal',
    );
    expect(r.alpha!).toBeLessThan(0);
  });

  it('a single coder is an error', () => {
    expect(() => krippendorffAlpha([[1], [2]], 'nominal')).toThrow(/at least 2 coders/);
  });

  it('ragged rows are an error naming the unit', () => {
    expect(() => krippendorffAlpha([[1, 2], [1]], 'nominal')).toThrow(/unit 2/);
  });

  it('interval and ratio data must be numbers; ratio data must be ≥ 0', () => {
    expect(() => krippendorffAlpha([['1', 2]], 'interval')).toThrow(/unit 1, coder 1.*not a number/);
    expect(() => krippendorffAlpha([[-1, 2]], 'ratio')).toThrow(/negative/);
  });

  it('ordinal labels need an order; values missing from it are an error', () => {
    expect(() => krippendorffAlpha([['low', 'high']], 'ordinal')).toThrow(/options\.order/);
    expect(() => krippendorffAlpha([['low', 'high']], 'ordinal', { order: ['low'] })).toThrow(/"high" is not in the given order/);
  });

  it('1 and "1" are different nominal values', () => {
    const r = krippendorffAlpha(
      [
        [1, '1'],
        [2, 2],
      ],
      'nominal',
    );
    expect(r.values).toEqual([1, '1', 2]);
  });

  it('no data at all is undefined, not an error', () => {
    expect(krippendorffAlpha([], 'nominal').alpha).toBeNull();
  });
});
