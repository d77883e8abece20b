/** Timestamps in transcripts: "1:02", "01:02:03", "00:01:02.500" (VTT), "00:01:02,500" (SRT). */

/** Matches a timestamp: optional hours, minutes, seconds, optional fraction after "." or ",". */
export const TIMECODE_SOURCE = String.raw`(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?`;

const TIMECODE = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/;

/**
 * Milliseconds for a timestamp, or null when it is not one (minutes/seconds above 59 are refused
 * when an hour part is present; "75:10" alone is read as 75 minutes, as Otter writes long calls).
 */
export function parseTimecode(s: string): number | null {
  const m = TIMECODE.exec(s.trim());
  if (!m) return null;
  const h = m[1] === undefined ? 0 : Number(m[1]);
  const min = Number(m[2]);
  const sec = Number(m[3]);
  if (sec > 59 || (m[1] !== undefined && min > 59)) return null;
  const frac = m[4] === undefined ? 0 : Number(m[4].padEnd(3, '0'));
  return ((h * 60 + min) * 60 + sec) * 1000 + frac;
}

/** "h:mm:ss" or "m:ss" for messages. */
export function formatTimecode(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}
