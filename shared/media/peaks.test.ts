import { describe, expect, it } from 'vitest';
import { addPeaks, columnPeaks, computePeaks } from './peaks';

/** A tone of `amplitude` for `n` samples, then silence for `n` samples. */
function toneThenSilence(n: number, amplitude: number): Float32Array {
  const a = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) a[i] = Math.sin((2 * Math.PI * 440 * i) / 8000) * amplitude;
  return a;
}

describe('waveform peaks', () => {
  it('gives the loud half its amplitude and the silent half zero', () => {
    const peaks = new Float32Array(4);
    const data = toneThenSilence(8000, 0.5);
    addPeaks([data], peaks, 0, data.length);
    expect(peaks[0]).toBeCloseTo(0.5, 2);
    expect(peaks[1]).toBeCloseTo(0.5, 2);
    expect(peaks[2]).toBe(0);
    expect(peaks[3]).toBe(0);
  });

  it('takes the louder channel, and negative samples by their size', () => {
    const left = new Float32Array([0.1, -0.2, 0.1, 0.1]);
    const right = new Float32Array([0, 0, -0.9, 0]);
    const peaks = new Float32Array(2);
    addPeaks([left, right], peaks, 0, 4);
    expect([...peaks].map((v) => Math.round(v * 10) / 10)).toEqual([0.2, 0.9]);
  });

  it('computes slice by slice, pausing between slices, and gives the same peaks as at once', async () => {
    const data = toneThenSilence(10_000, 0.8);
    const whole = new Float32Array(16);
    addPeaks([data], whole, 0, data.length);
    let pauses = 0;
    const progress: number[] = [];
    const peaks = await computePeaks([data], {
      buckets: 16,
      slice: 3000,
      pause: async () => {
        pauses++;
      },
      progress: (_p, done) => progress.push(done),
    });
    expect(peaks).toEqual(whole);
    expect(pauses).toBe(Math.ceil(20_000 / 3000) - 1);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('stops when cancelled', async () => {
    const data = toneThenSilence(10_000, 0.8);
    let slices = 0;
    const peaks = await computePeaks([data], { slice: 1000, pause: async () => {}, isCancelled: () => ++slices > 2 });
    expect(peaks).toBeNull();
  });

  it('scales to any number of columns, keeping the loudest', () => {
    const peaks = Float32Array.from([0.1, 0.9, 0.2, 0.3, 0, 0, 0.5, 0.4]);
    expect([...columnPeaks(peaks, 2)].map((v) => Math.round(v * 10) / 10)).toEqual([0.9, 0.5]);
    expect(columnPeaks(peaks, 16)).toHaveLength(16);
    expect(columnPeaks(peaks, 16)[3]).toBeCloseTo(0.9);
  });
});
