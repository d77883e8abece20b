/**
 * Writes a small WAV file (16-bit PCM, mono) of tones: the recording of the sample project and the
 * test recordings are made with it, never downloaded. Each segment is a tone (Hz, 0 = silence) for
 * a number of milliseconds, faded in and out so it does not click.
 */
export interface ToneSegment {
  ms: number;
  hz: number;
}

export function toneWav(segments: readonly ToneSegment[], sampleRate = 8000, amplitude = 0.3): Uint8Array {
  const counts = segments.map((s) => Math.round((s.ms / 1000) * sampleRate));
  const total = counts.reduce((a, b) => a + b, 0);
  const bytes = new Uint8Array(44 + total * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + total * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, total * 2, true);
  let at = 44;
  const fade = Math.round(sampleRate * 0.01);
  segments.forEach((s, k) => {
    const n = counts[k]!;
    for (let i = 0; i < n; i++) {
      const envelope = Math.min(1, i / fade, (n - 1 - i) / fade);
      const v = s.hz > 0 ? Math.sin((2 * Math.PI * s.hz * i) / sampleRate) * amplitude * envelope : 0;
      view.setInt16(at, Math.round(v * 32767), true);
      at += 2;
    }
  });
  return bytes;
}
