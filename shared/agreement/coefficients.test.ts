import { describe, expect, it } from 'vitest';
import { agreementWeights, type AgreementCoefficient, multiCoderCoefficients, twoCoderCoefficients } from './coefficients';
import { studentTQuantile } from './distributions';

const byId = (rows: AgreementCoefficient[]) => Object.fromEntries(rows.map((r) => [r.id, r]));

/**
 * Gwet, K. L. (2014). Handbook of Inter-Rater Reliability, 4th ed.: 100 pregnant women
 * classified by two abstractors as Ectopic / AIU / NIU (the dataset "cont3x3abstractors" of
 * Gwet's R package irrCAC, whose README and vignettes publish the figures below; irrCAC 1.0,
 * CRAN 2019, README "Computing agreement coefficients from contingency tables" and vignette
 * "Weighted chance-corrected agreement coefficients").
 */
const ABSTRACTORS = [
  [13, 0, 0],
  [0, 20, 7],
  [0, 4, 56],
];

describe('two coders: Gwet (2014) abstractors table, unweighted', () => {
  const r = byId(twoCoderCoefficients(ABSTRACTORS));
  it('percent agreement 0.89 (SE 0.03128898)', () => {
    expect(r.percent!.value).toBeCloseTo(0.89, 10);
    expect(r.percent!.standardError).toBeCloseTo(0.03128898, 7);
    expect(r.percent!.units).toBe(100);
  });
  it("Cohen's kappa 0.7964094 (SE 0.05891072, 95% CI 0.68 to 0.913)", () => {
    expect(r.cohen!.value).toBeCloseTo(0.7964094, 7);
    expect(r.cohen!.standardError).toBeCloseTo(0.05891072, 7);
    expect(r.cohen!.ciLower).toBeCloseTo(0.68, 2);
    expect(r.cohen!.ciUpper).toBeCloseTo(0.913, 3);
    // po and pe: 89/100 on the diagonal; pe = (13·13 + 27·24 + 60·63) / 100²
    expect(r.cohen!.observedAgreement).toBeCloseTo(0.89, 12);
    expect(r.cohen!.expectedAgreement).toBeCloseTo((13 * 13 + 27 * 24 + 60 * 63) / 10000, 12);
  });
  it("Scott's pi 0.7962397 (SE 0.05905473)", () => {
    expect(r.scott!.value).toBeCloseTo(0.7962397, 7);
    expect(r.scott!.standardError).toBeCloseTo(0.05905473, 7);
  });
  it("Gwet's AC1 0.8493305 (SE 0.04321747, CI 0.764 to 0.935)", () => {
    expect(r.gwet!.name).toBe("Gwet's AC1");
    expect(r.gwet!.value).toBeCloseTo(0.8493305, 7);
    expect(r.gwet!.standardError).toBeCloseTo(0.04321747, 7);
    expect(r.gwet!.ciLower).toBeCloseTo(0.764, 3);
    expect(r.gwet!.ciUpper).toBeCloseTo(0.935, 3);
  });
  it('Brennan–Prediger 0.835 (SE 0.04693346), chance agreement 1/3', () => {
    expect(r['brennan-prediger']!.value).toBeCloseTo(0.835, 10);
    expect(r['brennan-prediger']!.expectedAgreement).toBeCloseTo(1 / 3, 12);
    expect(r['brennan-prediger']!.standardError).toBeCloseTo(0.04693346, 7);
  });
});

describe('two coders: the same table with quadratic weights (weighted kappa, AC2)', () => {
  const w = agreementWeights('quadratic', [1, 2, 3]);
  const r = byId(twoCoderCoefficients(ABSTRACTORS, { weights: w, scheme: 'quadratic' }));
  it('weighted kappa 0.8921569 (SE 0.03535151, CI 0.822 to 0.962)', () => {
    expect(r.cohen!.name).toBe('Weighted kappa (quadratic)');
    expect(r.cohen!.value).toBeCloseTo(0.8921569, 7);
    expect(r.cohen!.standardError).toBeCloseTo(0.03535151, 7);
    expect(r.cohen!.ciLower).toBeCloseTo(0.822, 3);
    expect(r.cohen!.ciUpper).toBeCloseTo(0.962, 3);
  });
  it("Scott's pi 0.8921093, AC2 0.9402369 (SE 0.01792019), Brennan–Prediger 0.9175, percent 0.9725", () => {
    expect(r.scott!.value).toBeCloseTo(0.8921093, 7);
    expect(r.scott!.standardError).toBeCloseTo(0.03539506, 7);
    expect(r.gwet!.name).toBe("Gwet's AC2 (quadratic)");
    expect(r.gwet!.value).toBeCloseTo(0.9402369, 7);
    expect(r.gwet!.standardError).toBeCloseTo(0.01792019, 7);
    expect(r['brennan-prediger']!.value).toBeCloseTo(0.9175, 10);
    expect(r['brennan-prediger']!.standardError).toBeCloseTo(0.02346673, 7);
    expect(r.percent!.value).toBeCloseTo(0.9725, 10);
    expect(r.percent!.standardError).toBeCloseTo(0.007822244, 8);
  });
  it('linear weights: 1 − |k − l| / (q − 1); the weighted kappa lies between the unweighted and quadratic ones here', () => {
    expect(agreementWeights('linear', [1, 2, 3])).toEqual([
      [1, 0.5, 0],
      [0.5, 1, 0.5],
      [0, 0.5, 1],
    ]);
    expect(agreementWeights('quadratic', [1, 2, 3])[0]).toEqual([1, 0.75, 0]);
    const lin = byId(twoCoderCoefficients(ABSTRACTORS, { weights: agreementWeights('linear', [1, 2, 3]), scheme: 'linear' }));
    // Hand calculation: pa = 0.89 + 0.5·0.11 = 0.945; pe = Σ w_kl p_k+ p_+l with margins A (.13,.27,.60), B (.13,.24,.63).
    const A = [0.13, 0.27, 0.6];
    const B = [0.13, 0.24, 0.63];
    const W = agreementWeights('linear', [1, 2, 3]);
    let pe = 0;
    for (let k = 0; k < 3; k++) for (let l = 0; l < 3; l++) pe += W[k]![l]! * A[k]! * B[l]!;
    expect(lin.cohen!.observedAgreement).toBeCloseTo(0.945, 12);
    expect(lin.cohen!.value).toBeCloseTo((0.945 - pe) / (1 - pe), 12);
    expect(lin.cohen!.value!).toBeGreaterThan(0.7964094);
    expect(lin.cohen!.value!).toBeLessThan(0.8921569);
  });
  /**
   * Linear weights, published figures: the same table with irrCAC's `linear.weights(1:3)` as
   * reproduced (to 3 decimals) by the test suite of irrCAC's Python port (A. Fergadis, irrCAC
   * 0.4, test/unit/irrCAC/table/test_cohen.py, test_scott.py, test_gwet.py,
   * test_brennan_prediger.py, "cont3x3abstractors … linear_weights").
   */
  it('linear weights against irrCAC: kappa 0.843 (CI 0.748 to 0.938), pi 0.843 (SE 0.048), AC2 0.900 (CI 0.842 to 0.958), BP 0.876 (CI 0.806 to 0.946)', () => {
    const lin = byId(twoCoderCoefficients(ABSTRACTORS, { weights: agreementWeights('linear', [1, 2, 3]), scheme: 'linear' }));
    const three = (x: number | null | undefined) => Math.round(x! * 1000) / 1000;
    expect(lin.cohen!.name).toBe('Weighted kappa (linear)');
    expect([three(lin.cohen!.value), three(lin.cohen!.ciLower), three(lin.cohen!.ciUpper)]).toEqual([0.843, 0.748, 0.938]);
    expect([three(lin.scott!.value), three(lin.scott!.standardError), three(lin.scott!.ciLower), three(lin.scott!.ciUpper)]).toEqual([0.843, 0.048, 0.748, 0.938]);
    expect([three(lin.gwet!.value), three(lin.gwet!.ciLower), three(lin.gwet!.ciUpper)]).toEqual([0.9, 0.842, 0.958]);
    expect([three(lin['brennan-prediger']!.value), three(lin['brennan-prediger']!.ciLower), three(lin['brennan-prediger']!.ciUpper)]).toEqual([0.876, 0.806, 0.946]);
  });
});

/**
 * Krippendorff (2011), section C data — 4 coders × 12 units with missing values — as the
 * dataset "cac.raw4raters" of irrCAC (README, "Computing agreement coefficients from raw
 * ratings", and the weighting vignette for the quadratic figures). Rows: counts per category 1–5.
 */
const K2011_COUNTS = [
  [3, 0, 0, 0, 0], // 1,1,.,1
  [0, 3, 1, 0, 0], // 2,2,3,2
  [0, 0, 4, 0, 0],
  [0, 0, 4, 0, 0],
  [0, 4, 0, 0, 0],
  [1, 1, 1, 1, 0], // 1,2,3,4
  [0, 0, 0, 4, 0],
  [3, 1, 0, 0, 0], // 1,1,2,1
  [0, 4, 0, 0, 0],
  [0, 0, 0, 0, 3], // .,5,5,5
  [2, 0, 0, 0, 0], // .,.,1,1
  [0, 0, 1, 0, 0], // .,.,3,. (one rating: counts for π, not for pa)
];

describe('many coders with missing values: Krippendorff (2011) data as Gwet’s cac.raw4raters', () => {
  it('unweighted: percent 0.8181818 (SE 0.12561), Fleiss 0.76117 (SE 0.15302, pe 0.2387153), AC1 0.77544 (SE 0.14295, pe 0.1903212), BP 0.77273 (SE 0.14472)', () => {
    const r = byId(multiCoderCoefficients(K2011_COUNTS));
    expect(r.percent!.value).toBeCloseTo(0.8181818, 7);
    expect(r.percent!.standardError).toBeCloseTo(0.12561, 5);
    expect(r.fleiss!.value).toBeCloseTo(0.76117, 5);
    expect(r.fleiss!.expectedAgreement).toBeCloseTo(0.2387153, 7);
    expect(r.fleiss!.standardError).toBeCloseTo(0.15302, 5);
    expect(r.gwet!.value).toBeCloseTo(0.77544, 5);
    expect(r.gwet!.expectedAgreement).toBeCloseTo(0.1903212, 7);
    expect(r.gwet!.standardError).toBeCloseTo(0.14295, 5);
    // published interval (0.461, 1): t(0.975, 11) = 2.200985
    expect(r.gwet!.ciLower).toBeCloseTo(0.461, 3);
    expect(r.gwet!.ciUpper).toBe(1);
    expect(r['brennan-prediger']!.value).toBeCloseTo(0.77273, 5);
    expect(r['brennan-prediger']!.expectedAgreement).toBeCloseTo(0.2, 12);
    expect(r['brennan-prediger']!.standardError).toBeCloseTo(0.14472, 5);
    expect(r.fleiss!.units).toBe(12);
  });
  it('quadratic weights: percent 0.9753788, AC2 0.914 (SE 0.10396, pe 0.7137044), Fleiss 0.86494 (SE 0.14603), BP 0.90152 (SE 0.11089)', () => {
    const w = agreementWeights('quadratic', [1, 2, 3, 4, 5]);
    const r = byId(multiCoderCoefficients(K2011_COUNTS, { weights: w, scheme: 'quadratic' }));
    expect(r.percent!.value).toBeCloseTo(0.9753788, 7);
    expect(r.percent!.standardError).toBeCloseTo(0.09062, 5);
    expect(r.gwet!.value).toBeCloseTo(0.914, 3);
    expect(r.gwet!.expectedAgreement).toBeCloseTo(0.7137044, 7);
    expect(r.gwet!.standardError).toBeCloseTo(0.10396, 5);
    expect(r.fleiss!.value).toBeCloseTo(0.86494, 5);
    expect(r.fleiss!.expectedAgreement).toBeCloseTo(0.8177083, 7);
    expect(r.fleiss!.standardError).toBeCloseTo(0.14603, 5);
    expect(r['brennan-prediger']!.value).toBeCloseTo(0.90152, 5);
    expect(r['brennan-prediger']!.standardError).toBeCloseTo(0.11089, 5);
  });
});

describe('the kappa paradox and degenerate tables', () => {
  it('rare code, high agreement: kappa is low while AC1 stays high (Gwet 2008’s argument)', () => {
    // 100 units, both say "absent" on 90, disagree on 10 of the remaining units: po = 0.90
    const r = byId(twoCoderCoefficients([
      [0, 5],
      [5, 90],
    ]));
    expect(r.percent!.value).toBeCloseTo(0.9, 12);
    expect(r.cohen!.value!).toBeLessThan(0); // pe = 0.05² + 0.95² = 0.905 > po
    expect(r.gwet!.value!).toBeGreaterThan(0.88);
  });
  it('every unit in one category: kappa and pi are 0/0 with a reason, BP and percent still defined', () => {
    const r = byId(twoCoderCoefficients([
      [10, 0],
      [0, 0],
    ]));
    expect(r.cohen!.value).toBeNull();
    expect(r.cohen!.reason).toMatch(/chance agreement is 1/);
    expect(r.scott!.value).toBeNull();
    expect(r['brennan-prediger']!.value).toBe(1);
    expect(r.percent!.value).toBe(1);
  });
  it('an empty table gives every coefficient null with a reason; bad tables are refused', () => {
    const r = twoCoderCoefficients([
      [0, 0],
      [0, 0],
    ]);
    expect(r.every((c) => c.value === null && c.reason === 'no unit was coded by both coders')).toBe(true);
    expect(() => twoCoderCoefficients([[1, 2], [3]])).toThrow(/2×2/);
    expect(() => twoCoderCoefficients([[-1]])).toThrow(/non-negative/);
    expect(() => multiCoderCoefficients([[0, 0]])).toThrow(/no rating/);
    expect(() => twoCoderCoefficients(ABSTRACTORS, { confidence: 95 })).toThrow(/confidence level/);
  });
  it('intervals: false leaves out standard errors; a 90% interval is narrower than a 95% one', () => {
    const none = byId(twoCoderCoefficients(ABSTRACTORS, { intervals: false }));
    expect(none.cohen!.standardError).toBeNull();
    expect(none.cohen!.value).toBeCloseTo(0.7964094, 7);
    const c90 = byId(twoCoderCoefficients(ABSTRACTORS, { confidence: 0.9 })).cohen!;
    expect(c90.ciLower!).toBeGreaterThan(0.68);
    expect(c90.ciLower).toBeCloseTo(0.7964094 - studentTQuantile(0.95, 99) * 0.05891072, 6);
  });
});
