/**
 * The waveform of an audio recording, docked under its player: drawn from the recording's decoded
 * peaks (shared/media/peaks.ts), with the part already played shaded and a line at the playback
 * position that follows playback. Clicking seeks there; it is a slider for the keyboard (←/→ 5 s,
 * PageUp/PageDown 30 s, Home/End).
 *
 * It never blocks the window: a WAV of plain samples is read as it streams in, a slice at a time
 * (never held whole: shared/media/peaks.ts `streamWavPeaks`); other formats are decoded by the
 * engine off the main thread (at a low sample rate) and reduced a slice at a time. Drawn as they
 * come. Recordings over WAVEFORM_MAX_BYTES that are not such a WAV get no waveform, and say so.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { columnPeaks, computePeaks, streamWavPeaks, WAV_HEAD_BYTES, WAVEFORM_MAX_BYTES, WAVEFORM_SAMPLE_RATE, wavLayout } from '../../../shared/media/peaks';
import { formatTime } from '../../../shared/media/timeline';
import { seek, SKIP_SECONDS } from './player';

type WaveState = { kind: 'drawing'; done: number } | { kind: 'ready' } | { kind: 'none'; why: string };

const pauseForInput = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The pieces of a download as one array. */
function concat(pieces: Uint8Array[], length: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function Waveform({ url, size, element }: { url: string; size: number; element: HTMLMediaElement | null }) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const peaksRef = useRef<Float32Array | null>(null);
  const [state, setState] = useState<WaveState>({ kind: 'drawing', done: 0 });
  const [position, setPosition] = useState({ at: 0, duration: 0 });

  const draw = () => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    ctx.clearRect(0, 0, width, height);
    const peaks = peaksRef.current;
    const played = element && Number.isFinite(element.duration) && element.duration > 0 ? element.currentTime / element.duration : 0;
    const styles = getComputedStyle(canvas);
    if (peaks) {
      const columns = columnPeaks(peaks, Math.floor(width / (2 * ratio)));
      const step = width / Math.max(1, columns.length);
      const mid = height / 2;
      for (let c = 0; c < columns.length; c++) {
        const h = Math.max(ratio, columns[c]! * (height - 2 * ratio));
        ctx.fillStyle = (c + 0.5) / columns.length <= played ? styles.getPropertyValue('--wave-played') || '#3b5bdb' : styles.getPropertyValue('--wave') || '#9aa5b1';
        ctx.fillRect(c * step, mid - h / 2, Math.max(ratio, step - ratio), h);
      }
    }
    ctx.fillStyle = styles.getPropertyValue('--wave-cursor') || '#c92a2a';
    ctx.fillRect(Math.min(width - 2 * ratio, played * width), 0, 2 * ratio, height);
  };
  const drawRef = useRef(draw);
  useLayoutEffect(() => {
    drawRef.current = draw;
  });
  const tooLarge = size > WAVEFORM_MAX_BYTES;

  // read and reduce, progressively; a new recording (url) starts over
  useEffect(() => {
    let cancelled = false;
    peaksRef.current = null;
    const options = {
      pause: pauseForInput,
      isCancelled: () => cancelled,
      progress: (partial: Float32Array, done: number) => {
        peaksRef.current = partial;
        setState({ kind: 'drawing', done });
        drawRef.current();
      },
    };
    void (async () => {
      try {
        const response = await fetch(url);
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        const reader = response.body.getReader();
        const next = async () => {
          const r = await reader.read();
          return r.done ? null : r.value;
        };
        // the first bytes tell whether it is a WAV of plain samples: then it is read as it streams in
        const pieces: Uint8Array[] = [];
        let read = 0;
        for (let chunk = await next(); chunk; chunk = read < WAV_HEAD_BYTES ? await next() : null) {
          pieces.push(chunk);
          read += chunk.length;
        }
        const head = concat(pieces, read);
        const layout = wavLayout(head, size);
        let peaks: Float32Array | null;
        if (layout) peaks = await streamWavPeaks(layout, head, next, options);
        else if (tooLarge) {
          void reader.cancel();
          setState({ kind: 'none', why: `No waveform: the recording is larger than ${Math.round(WAVEFORM_MAX_BYTES / 1024 / 1024)} MB.` });
          return;
        } else {
          // other formats: the whole file, decoded (and resampled to a low rate) on the engine's own thread
          for (let chunk = await next(); chunk; chunk = await next()) {
            pieces.push(chunk);
            read += chunk.length;
          }
          if (cancelled) return;
          const all = concat(pieces, read);
          const whole = all.byteOffset === 0 && all.byteLength === all.buffer.byteLength ? (all.buffer as ArrayBuffer) : (all.slice().buffer as ArrayBuffer);
          const audio = await new OfflineAudioContext(1, 1, WAVEFORM_SAMPLE_RATE).decodeAudioData(whole);
          if (cancelled) return;
          const channels = Array.from({ length: audio.numberOfChannels }, (_, i) => audio.getChannelData(i));
          peaks = await computePeaks(channels, options);
        }
        if (!peaks || cancelled) {
          void reader.cancel();
          return;
        }
        peaksRef.current = peaks;
        setState({ kind: 'ready' });
        drawRef.current();
      } catch {
        if (!cancelled) setState({ kind: 'none', why: 'No waveform: the recording could not be decoded for drawing (it still plays).' });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [url, size, tooLarge]);

  // follow playback: redraw on every position change, and each frame while playing
  useEffect(() => {
    if (!element) return;
    let frame = 0;
    const update = () => {
      setPosition({ at: element.currentTime, duration: Number.isFinite(element.duration) ? element.duration : 0 });
      drawRef.current();
    };
    const tick = () => {
      drawRef.current();
      frame = element.paused ? 0 : requestAnimationFrame(tick);
    };
    const onPlay = () => {
      if (!frame) frame = requestAnimationFrame(tick);
    };
    const events = ['timeupdate', 'seeked', 'loadedmetadata', 'durationchange', 'pause'] as const;
    for (const e of events) element.addEventListener(e, update);
    element.addEventListener('play', onPlay);
    update();
    if (!element.paused) onPlay();
    return () => {
      for (const e of events) element.removeEventListener(e, update);
      element.removeEventListener('play', onPlay);
      cancelAnimationFrame(frame);
    };
  }, [element]);

  // redraw at a new width
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => drawRef.current());
    observer.observe(canvas);
    return () => observer.disconnect();
  }, []);

  const seekTo = (seconds: number) => void seek(seconds);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || !element) return;
    const moves: Record<string, number> = { ArrowLeft: -SKIP_SECONDS, ArrowDown: -SKIP_SECONDS, ArrowRight: SKIP_SECONDS, ArrowUp: SKIP_SECONDS, PageDown: -30, PageUp: 30 };
    if (e.key in moves) seekTo(element.currentTime + moves[e.key]!);
    else if (e.key === 'Home') seekTo(0);
    else if (e.key === 'End') seekTo(element.duration);
    else return;
    e.preventDefault();
  };

  const shown: WaveState = state;
  const label = `${formatTime(position.at * 1000)} of ${formatTime(position.duration * 1000)}`;
  return (
    <div className="waveform" data-testid="waveform" data-state={shown.kind} aria-busy={shown.kind === 'drawing'}>
      <canvas
        ref={canvasRef}
        role="slider"
        tabIndex={0}
        aria-label="Waveform: playback position"
        aria-valuemin={0}
        aria-valuemax={Math.round(position.duration)}
        aria-valuenow={Math.round(position.at)}
        aria-valuetext={label}
        title="Click to play from there; ←/→ 5 s, PageUp/PageDown 30 s, Home/End"
        onKeyDown={onKeyDown}
        onClick={(e) => {
          if (!element || !Number.isFinite(element.duration)) return;
          const box = e.currentTarget.getBoundingClientRect();
          seekTo(((e.clientX - box.left) / Math.max(1, box.width)) * element.duration);
        }}
      />
      {shown.kind === 'drawing' ? (
        <span className="waveform-note muted small" role="status">
          Drawing waveform… {Math.round(shown.done * 100)}%
        </span>
      ) : shown.kind === 'none' ? (
        <span className="waveform-note muted small" role="status">
          {shown.why}
        </span>
      ) : null}
    </div>
  );
}
