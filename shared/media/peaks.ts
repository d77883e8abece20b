/**
 * The waveform of a recording: the loudest sample (absolute value, 0–1) in each of a fixed number
 * of equal stretches of time ("buckets"), over all channels. Computed progressively — a slice of
 * samples at a time, handing control back between slices (`pause`) — so a long recording never
 * holds the window's thread for long; the caller draws what is done after each slice.
 *
 * A WAV of plain samples (PCM or float) is read as it streams in (`wavLayout`, `streamWavPeaks`):
 * never held whole nor decoded, so a two-hour interview needs the peaks and one network chunk of
 * memory, whatever its size. Other recordings are decoded by the engine (at WAVEFORM_SAMPLE_RATE)
 * and reduced with `computePeaks`.
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
/** Larger recordings (other than a plain WAV, which is streamed) get no waveform: the whole file would have to be read into memory to decode it. */
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

/** How a WAV file's samples are laid out (read from its header): plain PCM integers or IEEE floats. */
export interface WavLayout {
  channels: number;
  sampleRate: number;
  /** Bytes of one sample of one channel: 1, 2, 3 or 4 (integers), 4 or 8 (floats). */
  bytesPerSample: number;
  float: boolean;
  /** Where the samples begin, and how many bytes of them there are. */
  dataOffset: number;
  dataBytes: number;
}

/** Bytes read before deciding whether a recording is a WAV that can be streamed (its header is within them). */
export const WAV_HEAD_BYTES = 64 * 1024;

/**
 * The layout of a WAV file from its first bytes, up to its `data` chunk; null when it is not a RIFF
 * WAVE of plain PCM or float samples (compressed WAVs are decoded by the engine instead) or its
 * header is not within `head`. `fileSize` bounds a `data` chunk whose size was left unwritten.
 */
export function wavLayout(head: Uint8Array, fileSize = Infinity): WavLayout | null {
  if (head.length < 12) return null;
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const tag = (at: number) => String.fromCharCode(head[at]!, head[at + 1]!, head[at + 2]!, head[at + 3]!);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return null;
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | null = null;
  for (let at = 12; at + 8 <= head.length; ) {
    const id = tag(at);
    const size = v.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 24 <= head.length) {
      let format = v.getUint16(at + 8, true);
      if (format === 0xfffe && size >= 26 && at + 34 <= head.length) format = v.getUint16(at + 32, true); // WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes
      fmt = { format, channels: v.getUint16(at + 10, true), sampleRate: v.getUint32(at + 12, true), bits: v.getUint16(at + 22, true) };
    } else if (id === 'data') {
      if (!fmt || fmt.channels < 1 || fmt.sampleRate < 1) return null;
      const bytesPerSample = fmt.bits / 8;
      const float = fmt.format === 3;
      const known = (fmt.format === 1 && [1, 2, 3, 4].includes(bytesPerSample)) || (float && (bytesPerSample === 4 || bytesPerSample === 8));
      if (!known) return null;
      const dataOffset = at + 8;
      const dataBytes = Math.max(0, Math.min(size === 0 || size === 0xffffffff ? Infinity : size, fileSize - dataOffset));
      if (!Number.isFinite(dataBytes)) return null;
      return { channels: fmt.channels, sampleRate: fmt.sampleRate, bytesPerSample, float, dataOffset, dataBytes };
    }
    at += 8 + size + (size % 2);
  }
  return null;
}

/**
 * The peaks of a WAV's samples, fed as their bytes arrive, in chunks of any size (a sample split
 * between two chunks is carried over). Memory: the peaks and one frame, whatever the recording's length.
 */
export class WavPeaks {
  readonly peaks: Float32Array;
  private readonly frameBytes: number;
  private readonly frames: number;
  private frame = 0;
  private readonly carry: Uint8Array;
  private carried = 0;

  constructor(
    private readonly layout: WavLayout,
    buckets = WAVEFORM_BUCKETS,
  ) {
    this.peaks = new Float32Array(buckets);
    this.frameBytes = layout.channels * layout.bytesPerSample;
    this.frames = Math.floor(layout.dataBytes / this.frameBytes);
    this.carry = new Uint8Array(this.frameBytes);
  }

  /** How much of the samples has been read (0–1). */
  get done(): number {
    return this.frames === 0 ? 1 : this.frame / this.frames;
  }

  /** Feeds the next bytes of the `data` chunk (from its start, in order); bytes past its end are ignored. */
  push(chunk: Uint8Array): void {
    let at = 0;
    if (this.carried > 0) {
      const take = Math.min(this.frameBytes - this.carried, chunk.length);
      this.carry.set(chunk.subarray(0, take), this.carried);
      this.carried += take;
      at = take;
      if (this.carried < this.frameBytes) return;
      if (this.frame < this.frames) this.read(this.carry, 0, 1);
      this.carried = 0;
    }
    const whole = Math.min(Math.floor((chunk.length - at) / this.frameBytes), this.frames - this.frame);
    this.read(chunk, at, whole);
    at += whole * this.frameBytes;
    if (this.frame < this.frames && at < chunk.length) {
      this.carry.set(chunk.subarray(at, at + this.frameBytes));
      this.carried = Math.min(this.frameBytes, chunk.length - at);
    }
  }

  /** Reads `count` whole frames from `bytes` at `offset`. */
  private read(bytes: Uint8Array, offset: number, count: number) {
    const { channels, bytesPerSample, float } = this.layout;
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const buckets = this.peaks.length;
    const sample: (at: number) => number = float
      ? bytesPerSample === 4
        ? (at) => v.getFloat32(at, true)
        : (at) => v.getFloat64(at, true)
      : bytesPerSample === 1
        ? (at) => (v.getUint8(at) - 128) / 128
        : bytesPerSample === 2
          ? (at) => v.getInt16(at, true) / 32768
          : bytesPerSample === 3
            ? (at) => ((v.getUint8(at + 2) << 24) | (v.getUint8(at + 1) << 16) | (v.getUint8(at) << 8)) / 2147483648
            : (at) => v.getInt32(at, true) / 2147483648;
    let at = offset;
    for (let n = 0; n < count; n++, this.frame++) {
      const b = Math.min(buckets - 1, Math.floor((this.frame * buckets) / this.frames));
      for (let c = 0; c < channels; c++, at += bytesPerSample) {
        const x = Math.abs(sample(at));
        if (x > this.peaks[b]!) this.peaks[b] = x;
      }
    }
  }
}

/**
 * The peaks of a WAV read as it streams: `head` is the first bytes of the file (with its header),
 * `next()` gives the following chunks (null at the end). After about every PEAK_SLICE_SAMPLES
 * frames, `progress` is told and `pause()` awaited, as in `computePeaks`. Null when cancelled.
 */
export async function streamWavPeaks(
  layout: WavLayout,
  head: Uint8Array,
  next: () => Promise<Uint8Array | null>,
  options: { buckets?: number; pause: () => Promise<void>; progress?: (peaks: Float32Array, done: number) => void; isCancelled?: () => boolean },
): Promise<Float32Array | null> {
  const wav = new WavPeaks(layout, options.buckets);
  const sliceBytes = PEAK_SLICE_SAMPLES * layout.channels * layout.bytesPerSample;
  let sinceSlice = 0;
  const feed = async (chunk: Uint8Array) => {
    for (let at = 0; at < chunk.length; ) {
      const piece = chunk.subarray(at, at + sliceBytes - sinceSlice);
      wav.push(piece);
      at += piece.length;
      sinceSlice += piece.length;
      if (sinceSlice >= sliceBytes) {
        sinceSlice = 0;
        options.progress?.(wav.peaks, wav.done);
        await options.pause();
        if (options.isCancelled?.()) return false;
      }
    }
    return true;
  };
  if (!(await feed(head.subarray(layout.dataOffset)))) return null;
  while (wav.done < 1) {
    if (options.isCancelled?.()) return null;
    const chunk = await next();
    if (!chunk) break;
    if (!(await feed(chunk))) return null;
  }
  if (options.isCancelled?.()) return null;
  options.progress?.(wav.peaks, 1);
  return wav.peaks;
}
