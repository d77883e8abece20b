import { describe, expect, it } from 'vitest';
import type { TextRange } from './ranges';
import { compareSegments, DEFAULT_MIN_OVERLAP_PERCENT, overlapPercent, segmentAgreement } from './segments';

const r = (start: number, end: number): TextRange => ({ start, end });

describe('overlap relative to the union of two segments (MAXQDA "segment overlap")', () => {
  it('is |x ∩ y| / |x ∪ y| × 100', () => {
    expect(overlapPercent(r(0, 100), r(0, 90))).toBe(90);
    expect(overlapPercent(r(0, 100), r(5, 105))).toBeCloseTo((95 / 105) * 100, 12);
    expect(overlapPercent(r(0, 100), r(10, 110))).toBeCloseTo((90 / 110) * 100, 12);
    expect(overlapPercent(r(0, 10), r(10, 20))).toBe(0);
    expect(overlapPercent(r(0, 10), r(50, 60))).toBe(0);
  });

  it('uses a 90% default threshold, inclusive', () => {
    expect(DEFAULT_MIN_OVERLAP_PERCENT).toBe(90);
    expect(compareSegments([r(0, 100)], [r(0, 90)]).agreementsA).toBe(1);
    expect(compareSegments([r(0, 100)], [r(0, 89)]).agreementsA).toBe(0);
  });

  it('is relative to the union, not to the shorter segment: a short segment inside a long one does not agree', () => {
    // [40,50) lies wholly inside [0,100) but covers only 10% of the union.
    const c = compareSegments([r(0, 100)], [r(40, 50)]);
    expect(c.a[0]).toMatchObject({ agrees: false, bestMatch: r(40, 50), overlapPercent: 10 });
    expect(c.b[0]).toMatchObject({ agrees: false, overlapPercent: 10 });
  });

  it('takes the threshold as a parameter', () => {
    expect(compareSegments([r(0, 100)], [r(40, 100)], { minOverlapPercent: 60 }).agreementsA).toBe(1);
    expect(compareSegments([r(0, 100)], [r(40, 100)], { minOverlapPercent: 61 }).agreementsA).toBe(0);
    expect(() => compareSegments([], [], { minOverlapPercent: 0 })).toThrow(/minOverlapPercent/);
    expect(() => compareSegments([], [], { minOverlapPercent: 101 })).toThrow(/minOverlapPercent/);
  });

  it('reports the best-overlapping segment of the other coder', () => {
    const c = compareSegments([r(10, 20)], [r(0, 12), r(11, 20), r(19, 40)], { mergeOverlapping: false });
    expect(c.a[0]).toMatchObject({ agrees: true, bestMatch: r(11, 20), overlapPercent: 90 });
  });
});

describe('segment agreement over codes — MAXQDA results table and kappa (Brennan & Prediger)', () => {
  /**
   * Hand-worked example (definitions: MAXQDA manual, "Intercoder Agreement"; kappa with
   * P_chance = 1/k after Brennan & Prediger 1981):
   *   code X — A: [0,10) [20,30) [40,50);  B: [0,10) [21,30) [60,70)
   *     A's [0,10) 100% ✓, [20,30)~[21,30) 90% ✓, [40,50) ✗;  B's [0,10) ✓, [21,30) ✓, [60,70) ✗
   *     → agreements 4, non-agreements 2, total 6, 66.7%
   *   code Y — A: [100,120);  B: [100,120) [130,140)  → agreements 2, non-agreements 1, total 3
   *   Total: 6 of 9 → P_observed = 2/3; k = 2 codes → P_chance = 1/2;
   *   kappa = (2/3 − 1/2) / (1 − 1/2) = 1/3.
   */
  const inputs = [
    { code: 'X', document: 'interview-1', a: [r(0, 10), r(20, 30), r(40, 50)], b: [r(0, 10), r(21, 30), r(60, 70)] },
    { code: 'Y', document: 'interview-1', a: [r(100, 120)], b: [r(100, 120), r(130, 140)] },
  ];

  it('builds the code-specific results table', () => {
    const rep = segmentAgreement(inputs);
    expect(rep.codes).toHaveLength(2);
    expect(rep.codes[0]).toMatchObject({ code: 'X', agreements: 4, nonAgreements: 2, total: 6, aOnly: 1, bOnly: 1 });
    expect(rep.codes[0]!.percentAgreement).toBeCloseTo((4 / 6) * 100, 12);
    expect(rep.codes[1]).toMatchObject({ code: 'Y', agreements: 2, nonAgreements: 1, total: 3, aOnly: 0, bOnly: 1 });
    expect(rep.total).toMatchObject({ code: null, agreements: 6, nonAgreements: 3, total: 9 });
  });

  it('reports the four-field table, P_observed, P_chance = 1/k and kappa', () => {
    const rep = segmentAgreement(inputs);
    expect(rep.table).toEqual({ agreements: 6, aOnly: 1, bOnly: 2 });
    expect(rep.categories).toBe(2);
    expect(rep.observedAgreement).toBeCloseTo(2 / 3, 12);
    expect(rep.observedAgreement! * 100).toBeCloseTo(rep.total.percentAgreement!, 12);
    expect(rep.chanceAgreement).toBe(0.5);
    expect(rep.kappa).toBeCloseTo(1 / 3, 12);
    expect(rep.minOverlapPercent).toBe(90);
  });

  it('accepts another k (e.g. the size of the code system)', () => {
    const rep = segmentAgreement(inputs, { categories: 4 });
    expect(rep.kappa).toBeCloseTo((2 / 3 - 1 / 4) / (3 / 4), 12);
  });

  it('sums a code over several documents', () => {
    const rep = segmentAgreement([
      { code: 'X', document: 'd1', a: [r(0, 10)], b: [r(0, 10)] },
      { code: 'X', document: 'd2', a: [r(0, 10)], b: [] },
      { code: 'Y', document: 'd2', a: [r(20, 30)], b: [r(20, 30)] },
    ]);
    expect(rep.codes[0]).toMatchObject({ code: 'X', agreements: 2, nonAgreements: 1, total: 3 });
    expect(rep.comparisons.map((c) => c.document)).toEqual(['d1', 'd2', 'd2']);
  });

  it('perfect agreement on two codes gives kappa 1', () => {
    const rep = segmentAgreement([
      { code: 'X', a: [r(0, 10)], b: [r(0, 10)] },
      { code: 'Y', a: [r(20, 30)], b: [r(20, 30)] },
    ]);
    expect(rep.kappa).toBe(1);
  });

  it('a single code leaves kappa undefined (1/k = 1), with a reason', () => {
    const rep = segmentAgreement([{ code: 'X', a: [r(0, 10)], b: [r(0, 10)] }]);
    expect(rep.observedAgreement).toBe(1);
    expect(rep.kappa).toBeNull();
    expect(rep.kappaReason).toMatch(/1 category/);
  });

  it('codes without segments are not in the table and not counted in k', () => {
    const rep = segmentAgreement([...inputs, { code: 'Z', a: [], b: [] }]);
    expect(rep.codes.map((c) => c.code)).toEqual(['X', 'Y']);
    expect(rep.categories).toBe(2);
  });

  it('no segments at all: nothing to compare', () => {
    const rep = segmentAgreement([{ code: 'X', a: [], b: [] }]);
    expect(rep.observedAgreement).toBeNull();
    expect(rep.kappa).toBeNull();
    expect(rep.kappaReason).toMatch(/nothing to compare/);
  });
});

describe('segment agreement — overlapping segments and text offsets', () => {
  it('merges one coder’s overlapping segments of a code by default (MAXQDA stores no overlapping same-code segments)', () => {
    const merged = compareSegments([r(0, 50), r(40, 100)], [r(0, 100)]);
    expect(merged.a).toHaveLength(1);
    expect(merged.agreementsA + merged.agreementsB).toBe(2);
    const separate = compareSegments([r(0, 50), r(40, 100)], [r(0, 100)], { mergeOverlapping: false });
    expect(separate.a).toHaveLength(2);
    expect(separate.agreementsA + separate.agreementsB).toBe(0);
  });

  it('keeps touching segments separate', () => {
    expect(compareSegments([r(0, 10), r(10, 20)], []).a).toHaveLength(2);
  });

  it('nested segments from the other coder: the best-overlapping one decides', () => {
    const c = compareSegments([r(0, 100)], [r(0, 300), r(2, 98), r(40, 60)], { mergeOverlapping: false });
    expect(c.a[0]).toMatchObject({ agrees: true, bestMatch: r(2, 98), overlapPercent: 96 });
  });

  it('measures in UTF-16 units, so an emoji counts two', () => {
    const text = '😀😀😀😀😀 ok';
    // A codes the five emoji (10 units); B codes four of them (8 units): 80% < 90%.
    const c = compareSegments([r(0, 10)], [r(2, 10)], {}, text.length);
    expect(c.a[0]!.overlapPercent).toBe(80);
    expect(c.agreementsA).toBe(0);
  });

  it('rejects empty or out-of-document segments, naming them', () => {
    expect(() => compareSegments([r(5, 5)], [])).toThrow(/coder A, segment 1: .*empty/);
    expect(() => compareSegments([], [r(0, 20)], {}, 10)).toThrow(/coder B, segment 1: end 20 is past the end/);
  });

  it('scales to many segments', () => {
    const a = Array.from({ length: 20_000 }, (_v, i) => r(i * 100, i * 100 + 50));
    const b = Array.from({ length: 20_000 }, (_v, i) => r(i * 100 + 2, i * 100 + 50));
    const t0 = Date.now();
    const c = compareSegments(a, b);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(c.agreementsA).toBe(20_000);
    expect(c.agreementsB).toBe(20_000);
  });
});
