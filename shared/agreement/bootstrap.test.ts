import { describe, expect, it } from 'vitest';
import { bootstrapAlpha } from './bootstrap';
import { studentTCdf, studentTQuantile } from './distributions';
import { krippendorffAlpha } from './krippendorff';
import type { ReliabilityData } from './types';

const _ = null;
/** Krippendorff (2011), section C: 4 observers × 12 units, missing values; nominal α = 0.743. */
const obs = {
  A: [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  C: [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
};
const K2011_C: ReliabilityData = obs.A.map((_v, u) => [obs.A[u]!, obs.B[u]!, obs.C[u]!, obs.D[u]!]);

describe("bootstrapped interval for Krippendorff's alpha (Hayes & Krippendorff 2007, KALPHA)", () => {
  const alpha = krippendorffAlpha(K2011_C, 'nominal');

  it('is reproducible: the same seed gives the same interval, another seed a different draw', () => {
    const a = bootstrapAlpha(alpha, { samples: 2000, seed: 7 })!;
    const b = bootstrapAlpha(alpha, { samples: 2000, seed: 7 })!;
    const c = bootstrapAlpha(alpha, { samples: 2000, seed: 8 })!;
    expect(b).toEqual(a);
    expect(c.mean).not.toBe(a.mean);
  });

  it('Krippendorff (2011) section C: M = min(25·q, (m − 1)·n/2) = 60 pairs, the interval brackets α = 0.743', () => {
    const r = bootstrapAlpha(alpha, { samples: 5000, seed: 1 })!;
    // n = 40 pairable values, m = 4 coders: (4 − 1)·40/2 = 60 < 25·q
    expect(r.pairsPerSample).toBe(60);
    expect(r.lower).toBeLessThan(0.743);
    expect(r.upper).toBeGreaterThan(0.743);
    expect(r.upper).toBeLessThanOrEqual(1);
    // the bootstrap distribution is centred on alpha (its mean is unbiased for 1 − D_o/D_e)
    expect(Math.abs(r.mean - alpha.alpha!)).toBeLessThan(0.02);
    expect(r.lower).toBeGreaterThan(0.4);
    // q(α_min) grows as the minimum rises
    const q = r.belowMinimum.map((x) => x.probability);
    expect(q[0]!).toBeGreaterThanOrEqual(q[1]!);
    expect(q[1]!).toBeGreaterThanOrEqual(q[5]!);
    expect(r.belowMinimum[0]!.minimum).toBe(0.9);
  });

  it('perfect agreement with variation: every bootstrapped alpha is 1', () => {
    const perfect = krippendorffAlpha(
      [
        ['a', 'a'],
        ['b', 'b'],
        ['a', 'a'],
        ['c', 'c'],
      ],
      'nominal',
    );
    const r = bootstrapAlpha(perfect, { samples: 500, seed: 3 })!;
    // M = min(25·3, 1·8/2) = 4; a sample with 4 pairs of one value has no variation (counted as 0, as KALPHA does)
    expect(r.pairsPerSample).toBe(4);
    expect(r.upper).toBe(1);
    const zeros = Math.round(500 * ((2 * 2) ** 4 / 8 ** 4 + (2 / 8) ** 4 + (2 / 8) ** 4));
    expect(r.mean).toBeCloseTo((500 - zeros) / 500, 10);
  });

  it('undefined alpha gives no interval; bad options are refused', () => {
    const flat = krippendorffAlpha(
      [
        [1, 1],
        [1, 1],
      ],
      'nominal',
    );
    expect(bootstrapAlpha(flat, { samples: 100, seed: 1 })).toBeNull();
    expect(() => bootstrapAlpha(alpha, { samples: 0, seed: 1 })).toThrow(/samples/);
    expect(() => bootstrapAlpha(alpha, { samples: 10, seed: -1 })).toThrow(/seed/);
    expect(() => bootstrapAlpha(alpha, { samples: 10, seed: 1.5 })).toThrow(/seed/);
  });

  it('ordinal and interval levels use their own difference function', () => {
    const ord = bootstrapAlpha(krippendorffAlpha(K2011_C, 'ordinal'), { samples: 3000, seed: 11 })!;
    const int = bootstrapAlpha(krippendorffAlpha(K2011_C, 'interval'), { samples: 3000, seed: 11 })!;
    expect(Math.abs(ord.mean - 0.815)).toBeLessThan(0.03);
    expect(Math.abs(int.mean - 0.849)).toBeLessThan(0.03);
  });
});

/**
 * Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability measure
 * for coding data. Communication Methods and Measures 1(1), 77–89, Table 1: five observers rate
 * the tone of 40 newspaper articles about a challenger (0 sure loser … 3 likely winner), "." =
 * missing. Published: ordinal α = .7598 (the KALPHA output in the paper). Rows are units.
 */
const HAYES_2007 = `1 1 2 . 2|1 1 0 1 .|2 3 3 3 .|. 0 0 . 0|0 0 0 . 0|0 0 0 . 0|1 0 2 . 1|1 . 2 0 .|2 2 2 . 2|2 1 1 1 .|. 1 0 0 .|0 0 0 0 .|1 2 2 2 .|3 3 2 2 3|1 1 1 . 1|1 1 1 . 1|2 1 2 . 2|1 2 3 3 .|1 1 0 1 .|0 0 0 . 0|0 0 1 1 .|0 0 . 0 0|2 3 3 3 .|0 0 0 0 .|1 2 . 2 2|0 1 1 1 .|0 0 0 1 0|1 2 1 2 .|1 1 2 2 .|1 1 2 . 2|1 1 0 . 0|2 1 2 1 .|2 2 . 2 2|3 2 2 2 .|2 2 2 . 2|2 2 3 . 2|2 2 2 . 2|2 2 . 1 2|2 2 2 2 .|1 1 1 . 1`
  .split('|')
  .map((row) => row.split(' ').map((v) => (v === '.' ? null : Number(v))));

describe('Hayes & Krippendorff (2007), Table 1: 40 articles × 5 observers, ordinal', () => {
  const alpha = krippendorffAlpha(HAYES_2007, 'ordinal');

  it('ordinal α = .7598, as published', () => {
    expect(HAYES_2007).toHaveLength(40);
    expect(alpha.alpha).toBeCloseTo(0.7598, 4);
    expect(alpha.pairableValues).toBe(159);
  });

  it('bootstrap as KALPHA 3.0: M = min(25·q, (5 − 1)·159/2) = 318 pairs per sample; reproducible; brackets α', () => {
    const r = bootstrapAlpha(alpha, { samples: 10000, seed: 2007 })!;
    expect(r.pairsPerSample).toBe(318);
    expect(r).toEqual(bootstrapAlpha(alpha, { samples: 10000, seed: 2007 }));
    expect(r.lower).toBeLessThan(0.7598);
    expect(r.upper).toBeGreaterThan(0.7598);
    expect(Math.abs(r.mean - 0.7598)).toBeLessThan(0.01);
    // alpha is far below 0.9 and far above 0.5 here, whatever the random draws
    expect(r.belowMinimum.find((x) => x.minimum === 0.9)!.probability).toBeGreaterThan(0.99);
    expect(r.belowMinimum.find((x) => x.minimum === 0.5)!.probability).toBeLessThan(0.01);
  });
});

/**
 * KALPHA's published interval and q table for this example are not compared here: they could not be
 * found in the sources available to us (the paper's text was not reachable beyond its first page),
 * and figures are not copied from memory. Instead, an independent check of the algorithm itself.
 *
 * Each bootstrap α* is 1 − Σ δ²(M drawn pairs) / (M · D_e), the M draws independent, each pair
 * (c, k) drawn with probability o_ck / n (both orders together). So, from the coincidences alone
 * (not from the code under test): E[δ²] = Σ o_ck δ²_ck / n = D_o, hence E[α*] = α exactly, and
 * SD(α*) = √((Σ o_ck δ⁴_ck / n − D_o²) / M) / D_e. With M = 318 the distribution is close to normal,
 * so the 95 % interval is α ± 1.96 · SD and q(α_min) = Φ((α_min − α) / SD), up to the small skew of
 * a sum of 318 draws (well within the tolerances below: 0.005 on a bound, 0.01 on a q). A bootstrap
 * that drew pairs with the wrong weights, used another M or read the wrong ranks would miss them.
 * And the interval must be stable across seeds (the samples are many enough to report).
 */
describe('Hayes & Krippendorff (2007) example: the bootstrap against its own analytic moments, and across seeds', () => {
  const alpha = krippendorffAlpha(HAYES_2007, 'ordinal');
  const o = alpha.coincidences;
  const n = alpha.pairableValues;
  const marginals = o.map((row) => row.reduce((s, x) => s + x, 0));
  // ordinal δ²_ck (Krippendorff 2011, eq. for ordinal metric): (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
  const d2 = (c: number, k: number) => {
    const [lo, hi] = c <= k ? [c, k] : [k, c];
    let s = 0;
    for (let g = lo; g <= hi; g++) s += marginals[g]!;
    return (s - (marginals[c]! + marginals[k]!) / 2) ** 2;
  };
  let m1 = 0;
  let m2 = 0;
  for (let c = 0; c < o.length; c++) {
    for (let k = 0; k < o.length; k++) {
      m1 += (o[c]![k]! * d2(c, k)) / n;
      m2 += (o[c]![k]! * d2(c, k) ** 2) / n;
    }
  }
  const M = 318;
  const sd = Math.sqrt((m2 - m1 * m1) / M) / alpha.expectedDisagreement;
  const a = alpha.alpha!;
  const z = studentTQuantile(0.975, 1e6); // the normal quantile (t with a million degrees of freedom)
  const phi = (x: number) => studentTCdf(x, 1e6);

  it('E[δ²] of a drawn pair is D_o, so the bootstrap is centred on α; SD(α*) ≈ 0.0221', () => {
    expect(m1).toBeCloseTo(alpha.observedDisagreement, 9);
    expect(sd).toBeCloseTo(0.0221, 4);
  });

  it('50,000 samples: mean within 4 standard errors of α, bounds within 0.005 of α ± 1.96·SD, q(α_min) within 0.01 of Φ', () => {
    const r = bootstrapAlpha(alpha, { samples: 50_000, seed: 2007 })!;
    expect(r.pairsPerSample).toBe(M);
    expect(Math.abs(r.mean - a)).toBeLessThan((4 * sd) / Math.sqrt(50_000));
    expect(Math.abs(r.lower - (a - z * sd))).toBeLessThan(0.005);
    expect(Math.abs(r.upper - (a + z * sd))).toBeLessThan(0.005);
    for (const { minimum, probability } of r.belowMinimum) expect(Math.abs(probability - phi((minimum - a) / sd)), `q(${minimum})`).toBeLessThan(0.01);
  });

  it('20,000 samples under five seeds: the bounds agree within 0.004', () => {
    const runs = [1, 2, 3, 42, 2007].map((seed) => bootstrapAlpha(alpha, { samples: 20_000, seed })!);
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    expect(spread(runs.map((r) => r.lower))).toBeLessThan(0.004);
    expect(spread(runs.map((r) => r.upper))).toBeLessThan(0.004);
    expect(spread(runs.map((r) => r.belowMinimum.find((q) => q.minimum === 0.8)!.probability))).toBeLessThan(0.01);
  });
});
