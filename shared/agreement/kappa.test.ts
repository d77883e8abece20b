import { describe, expect, it } from 'vitest';
import { brennanPredigerKappa, cohenKappa, cohenKappaFromTable, fleissKappa, fleissKappaFromCounts } from './kappa';

describe("Cohen's kappa — published worked examples", () => {
  /**
   * Wikipedia, "Cohen's kappa", section "Examples" → "Simple example": 50 grant proposals,
   * readers A and B say yes/no. Both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
   * po = 0.7, pe = 0.5, κ = 0.4.
   */
  it('Wikipedia simple example (50 items, yes/no): κ = 0.4', () => {
    const r = cohenKappaFromTable([
      [20, 5],
      [10, 15],
    ]);
    expect(r.observedAgreement).toBeCloseTo(0.7, 12);
    expect(r.expectedAgreement).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    expect(r.units).toBe(50);
  });

  it('the same example given as two coders’ unit-by-unit answers', () => {
    const a: string[] = [];
    const b: string[] = [];
    const add = (n: number, x: string, y: string) => {
      for (let i = 0; i < n; i++) {
        a.push(x);
        b.push(y);
      }
    };
    add(20, 'yes', 'yes');
    add(5, 'yes', 'no');
    add(10, 'no', 'yes');
    add(15, 'no', 'no');
    const r = cohenKappa(a, b);
    expect(r.kappa).toBeCloseTo(0.4, 12);
    expect(r.categories).toEqual(['yes', 'no']);
    expect(r.table).toEqual([
      [20, 5],
      [10, 15],
    ]);
  });

  /**
   * Wikipedia, "Cohen's kappa", "Same percentages but different numbers": two 100-item tables
   * with the same 60% agreement — (45, 15 / 25, 15) gives κ = 0.1304 and (25, 35 / 5, 35)
   * gives κ = 0.2593.
   */
  it('Wikipedia "same percentages but different numbers": κ = 0.1304 and 0.2593', () => {
    expect(
      cohenKappaFromTable([
        [45, 15],
        [25, 15],
      ]).kappa,
    ).toBeCloseTo(0.1304, 4);
    expect(
      cohenKappaFromTable([
        [25, 35],
        [5, 35],
      ]).kappa,
    ).toBeCloseTo(0.2593, 4);
  });
});

describe("Cohen's kappa — edge cases", () => {
  it('perfect agreement gives 1; missing values are left out listwise', () => {
    const r = cohenKappa(['a', 'b', null, 'a', 'c'], ['a', 'b', 'b', 'a', null]);
    expect(r.kappa).toBe(1);
    expect(r.units).toBe(3);
    expect(r.skippedUnits).toBe(2);
  });

  it('one shared category for every unit is undefined (0/0), reported as null', () => {
    const r = cohenKappa(['x', 'x', 'x'], ['x', 'x', 'x']);
    expect(r.kappa).toBeNull();
    expect(r.undefinedReason).toMatch(/same single category/);
  });

  it('no unit coded by both is undefined', () => {
    expect(cohenKappa(['x', null], [null, 'y']).kappa).toBeNull();
  });

  it('units must line up', () => {
    expect(() => cohenKappa(['a'], ['a', 'b'])).toThrow(/same units/);
  });
});

describe("Fleiss' kappa — published worked example", () => {
  /**
   * Wikipedia, "Fleiss' kappa", section "Worked example": 10 subjects, 14 raters each,
   * 5 categories. Published p_j = 0.143, 0.200, 0.279, 0.150, 0.229; P̄ = 0.378;
   * P̄e = 0.213; κ = 0.210.
   */
  const WIKIPEDIA = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];

  it('10 subjects × 14 raters × 5 categories: κ ≈ 0.210', () => {
    const r = fleissKappaFromCounts(WIKIPEDIA);
    expect(r.subjects).toBe(10);
    expect(r.raters).toBe(14);
    [0.143, 0.2, 0.279, 0.15, 0.229].forEach((p, j) => expect(r.categoryProportions[j]).toBeCloseTo(p, 3));
    expect(r.observedAgreement).toBeCloseTo(0.378, 3);
    expect(r.expectedAgreement).toBeCloseTo(0.213, 3);
    expect(r.kappa).toBeCloseTo(0.21, 3);
  });

  it('the same example as a units × raters matrix gives the same κ', () => {
    const data = WIKIPEDIA.map((counts) => counts.flatMap((c, j) => new Array<number>(c).fill(j + 1)));
    const r = fleissKappa(data);
    expect(r.kappa).toBeCloseTo(fleissKappaFromCounts(WIKIPEDIA).kappa!, 12);
  });
});

describe("Fleiss' kappa — edge cases", () => {
  it('unequal numbers of ratings per subject are an error naming the subject', () => {
    expect(() =>
      fleissKappaFromCounts([
        [1, 1],
        [2, 1],
      ]),
    ).toThrow(/subject 2 has 3 ratings/);
    expect(() =>
      fleissKappa([
        ['a', 'a', 'b'],
        ['a', null, 'b'],
      ]),
    ).toThrow(/unit 2 has 2 values/);
  });

  it('units nobody coded are skipped', () => {
    const r = fleissKappa([
      ['a', 'a'],
      [null, null],
      ['b', 'b'],
    ]);
    expect(r.kappa).toBe(1);
    expect(r.skippedUnits).toBe(1);
  });

  it('every rating in one category is undefined (null with a reason)', () => {
    const r = fleissKappaFromCounts([
      [3, 0],
      [3, 0],
    ]);
    expect(r.kappa).toBeNull();
    expect(r.undefinedReason).toMatch(/same category/);
  });

  it('one rating per subject is an error', () => {
    expect(() => fleissKappaFromCounts([[1, 0]])).toThrow(/at least 2 ratings/);
  });
});

describe("Brennan & Prediger's kappa (chance = 1/k)", () => {
  // Brennan & Prediger (1981), Educational and Psychological Measurement 41(3): κn = (Po − 1/k)/(1 − 1/k).
  it('follows (Po − 1/k) / (1 − 1/k)', () => {
    expect(brennanPredigerKappa(0.8, 2)).toBeCloseTo(0.6, 12);
    expect(brennanPredigerKappa(0.7, 4)).toBeCloseTo((0.7 - 0.25) / 0.75, 12);
    expect(brennanPredigerKappa(1, 5)).toBe(1);
  });

  it('is undefined for fewer than 2 categories', () => {
    expect(brennanPredigerKappa(1, 1)).toBeNull();
  });
});
