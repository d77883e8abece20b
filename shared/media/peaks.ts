/**
 * The waveform of a recording: the loudest sample (absolute value, 0–1) in each of a fixed number
 * of equal stretches of time ("buckets"), over all channels. Computed progressively — a slice of
 * samples at a time, handing control back between slices (`pause`) — so a long recording never
 * holds the window's thread for long; the caller draws what is done after each slice.
 */

/** How many buckets a waveform has, whatever the recording's length (drawn scaled to the width). */
export const WAVEFORM_BUCKETS = 2048;
/** Samples (per channel) read between two pauses. */
export const PEAK_SLICE_SAMPLES = 262_144;
/**
 * The sample rate recordings are decoded at for the waveform (the engine resamples while decoding):
 * enough for the shape of speech, and a 2-hour stereo interview stays under 120 MB decoded.
 */
export const WAVEFORM_SAMPLE_RATE = 4000;
/** Larger recordings get no waveform (the whole file would have to be read into memory to decode it). */
export const WAVEFORM_MAX_BYTES = 256 * 1024 * 1024;

/** The peak of each bucket over samples [from, to) of `channels` (all the same length), written into `peaks`. */
export function addPeaks(channels: readonly Float32Array[], peaks: Float32Array, from: number, to: number): void {
  const length = channels[0]?.length ?? 0;
  if (length === 0) return;
  const buckets = peaks.length;
  for (const data of channels) {
    for (let i = from; i < to; i++) {
      const b = Math.min(buckets - 1, Math.floor((i * buckets) / length));
      const v = Math.abs(data[i]!);
      if (v > peaks[b]!) peaks[b] = v;
    }
  }
}

/**
 * Fills the peaks of `channels` slice by slice: after each slice `progress(peaks, done)` is told
 * how far it got (0–1) and `pause()` is awaited before the next. `isCancelled` stops it early
 * (the document was closed). Returns the finished peaks, or null when cancelled.
 */
export async function computePeaks(
  channels: readonly Float32Array[],
  options: {
    buckets?: number;
    slice?: number;
    pause: () => Promise<void>;
    progress?: (peaks: Float32Array, done: number) => void;
    isCancelled?: () => boolean;
  },
): Promise<Float32Array | null> {
  const peaks = new Float32Array(options.buckets ?? WAVEFORM_BUCKETS);
  const length = channels[0]?.length ?? 0;
  const slice = Math.max(1, options.slice ?? PEAK_SLICE_SAMPLES);
  for (let from = 0; from < length; from += slice) {
    if (options.isCancelled?.()) return null;
    const to = Math.min(length, from + slice);
    addPeaks(channels, peaks, from, to);
    options.progress?.(peaks, to / length);
    if (to < length) await options.pause();
  }
  return options.isCancelled?.() ? null : peaks;
}

/** The loudest bucket of `peaks` under each of `columns` equal columns (for drawing at any width). */
export function columnPeaks(peaks: Float32Array, columns: number): Float32Array {
  const out = new Float32Array(Math.max(0, columns));
  const n = peaks.length;
  for (let c = 0; c < out.length; c++) {
    const from = Math.floor((c * n) / out.length);
    const to = Math.max(from + 1, Math.floor(((c + 1) * n) / out.length));
    let max = 0;
    for (let i = from; i < to && i < n; i++) if (peaks[i]! > max) max = peaks[i]!;
    out[c] = max;
  }
  return out;
}
