import { describe, expect, it } from 'vitest';
import { logGamma, mulberry32, studentTCdf, studentTQuantile } from './distributions';

describe("Student's t", () => {
  // Critical values from any t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  it('two-sided 95% critical values: ν = 1 12.706, 2 4.303, 10 2.228, 11 2.201, 99 1.984, 1000 1.962', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.3027, 4);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTQuantile(0.975, 11)).toBeCloseTo(2.2010, 4);
    expect(studentTQuantile(0.975, 99)).toBeCloseTo(1.9842, 4);
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.9623, 4);
    expect(studentTQuantile(0.95, 20)).toBeCloseTo(1.7247, 4);
  });
  it('the CDF is symmetric and exact for ν = 1 (Cauchy) and ν = 2', () => {
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 10);
    expect(studentTCdf(-1, 1)).toBeCloseTo(0.25, 10);
    expect(studentTCdf(2, 2)).toBeCloseTo(0.5 + 2 / (2 * Math.sqrt(6)), 10);
    expect(() => studentTQuantile(0.3, 3)).toThrow(/quantile/);
  });
  it('ln Γ: Γ(5) = 24, Γ(1/2) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});

describe('mulberry32', () => {
  it('the same seed gives the same sequence; another seed another one; values in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
