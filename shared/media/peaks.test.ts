import { describe, expect, it } from 'vitest';
import { addPeaks, columnPeaks, computePeaks, streamWavPeaks, WavPeaks, wavLayout } from './peaks';
import { toneWav } from './wav';

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

describe('waveform peaks of a WAV read as it streams', () => {
  const wav = toneWav([{ ms: 700, hz: 440 }, { ms: 500, hz: 0 }, { ms: 300, hz: 660 }], 8000, 0.5);
  /** The samples of a 16-bit mono WAV, as the engine would decode them. */
  const samples = (bytes: Uint8Array) => {
    const v = new DataView(bytes.buffer, bytes.byteOffset + 44);
    return Float32Array.from({ length: (bytes.length - 44) / 2 }, (_, i) => v.getInt16(2 * i, true) / 32768);
  };

  it('reads the layout of a PCM WAV, and refuses what is not one', () => {
    expect(wavLayout(wav)).toEqual({ channels: 1, sampleRate: 8000, bytesPerSample: 2, float: false, dataOffset: 44, dataBytes: wav.length - 44 });
    expect(wavLayout(wav.subarray(0, 30))).toBeNull(); // the header is not all there
    expect(wavLayout(new TextEncoder().encode('ID3 not a wav at all'))).toBeNull();
    const adpcm = wav.slice(0, 44);
    new DataView(adpcm.buffer).setUint16(20, 2, true); // MS ADPCM: compressed, left to the engine
    expect(wavLayout(adpcm)).toBeNull();
  });

  it('gives the same peaks as the decoded samples, fed in chunks of any size (samples split between chunks)', () => {
    const layout = wavLayout(wav)!;
    const expected = new Float32Array(64);
    addPeaks([samples(wav)], expected, 0, (wav.length - 44) / 2);
    for (const size of [1, 7, 4096]) {
      const w = new WavPeaks(layout, 64);
      const data = wav.subarray(44);
      for (let at = 0; at < data.length; at += size) w.push(data.subarray(at, at + size));
      expect(w.done).toBe(1);
      expect(w.peaks).toEqual(expected);
    }
  });

  it('reads stereo 24-bit and float samples by their size, the louder channel', () => {
    const frames = [
      [0.25, -0.5],
      [0, 0.125],
    ];
    const int24 = new Uint8Array(frames.length * 6);
    const f32 = new Float32Array(frames.flat());
    frames.flat().forEach((x, i) => {
      const n = Math.round(x * 8388608) & 0xffffff;
      int24.set([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff], i * 3);
    });
    const a = new WavPeaks({ channels: 2, sampleRate: 8000, bytesPerSample: 3, float: false, dataOffset: 0, dataBytes: int24.length }, 2);
    a.push(int24);
    expect([...a.peaks]).toEqual([0.5, 0.125]);
    const b = new WavPeaks({ channels: 2, sampleRate: 8000, bytesPerSample: 4, float: true, dataOffset: 0, dataBytes: f32.byteLength }, 2);
    b.push(new Uint8Array(f32.buffer));
    expect([...b.peaks]).toEqual([0.5, 0.125]);
  });

  it('streams a two-hour recording: a fixed number of peaks, pausing between slices, never holding the file', async () => {
    // two hours of 8-bit silence at 2 kHz with one click: 14 MB, fed in 64 KB chunks made on the fly
    const sampleRate = 2000;
    const frames = 2 * 3600 * sampleRate;
    const head = wav.slice(0, 44);
    const hv = new DataView(head.buffer);
    hv.setUint16(22, 1, true);
    hv.setUint32(24, sampleRate, true);
    hv.setUint16(34, 8, true);
    hv.setUint32(40, frames, true);
    const layout = wavLayout(head)!;
    expect(layout).toMatchObject({ bytesPerSample: 1, dataBytes: frames });
    let sent = 0;
    const click = frames / 2;
    const next = async () => {
      if (sent >= frames) return null;
      const chunk = new Uint8Array(Math.min(65536, frames - sent)).fill(128);
      if (click >= sent && click < sent + chunk.length) chunk[click - sent] = 255;
      sent += chunk.length;
      return chunk;
    };
    let pauses = 0;
    const peaks = await streamWavPeaks(layout, head, next, { pause: async () => void pauses++ });
    expect(peaks).toHaveLength(2048);
    expect(peaks![1024]).toBeCloseTo(127 / 128);
    expect(peaks!.filter((p) => p > 0)).toHaveLength(1);
    expect(pauses).toBeGreaterThan(40);
  });

  it('stops when cancelled', async () => {
    let reads = 0;
    const layout = wavLayout(wav)!;
    const peaks = await streamWavPeaks(layout, wav.subarray(0, 44), async () => (++reads > 100 ? null : wav.subarray(44, 1044)), { pause: async () => {}, isCancelled: () => reads > 2 });
    expect(peaks).toBeNull();
  });
});
