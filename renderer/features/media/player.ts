/**
 * The one recording player of the window (docked above the transcript): the transcript's
 * timestamps and the keyboard reach it here. Rates go in steps a transcriber expects.
 */
let element: HTMLMediaElement | null = null;

export const RATES = [0.5, 0.6, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;
export const SKIP_SECONDS = 5;

export function attachPlayer(el: HTMLMediaElement | null) {
  element = el;
}

export const hasPlayer = () => element !== null;

/** Plays from `ms` on the recording. */
export function playFrom(ms: number) {
  if (!element) return false;
  element.currentTime = Math.max(0, ms / 1000);
  void element.play().catch(() => {});
  return true;
}

export function togglePlay() {
  if (!element) return false;
  if (element.paused) void element.play().catch(() => {});
  else element.pause();
  return true;
}

/** Puts the playback position at `seconds` (kept within the recording), playing or not. */
export function seek(seconds: number) {
  if (!element || !Number.isFinite(element.duration)) return false;
  element.currentTime = Math.min(element.duration, Math.max(0, seconds));
  return true;
}

/** Moves the playback position by `seconds` (negative: back). */
export function skip(seconds: number) {
  if (!element) return false;
  const end = Number.isFinite(element.duration) ? element.duration : Infinity;
  element.currentTime = Math.min(end, Math.max(0, element.currentTime + seconds));
  return true;
}

/** One step slower (-1) or faster (+1); returns the new rate. */
export function stepRate(direction: -1 | 1): number | null {
  if (!element) return null;
  const i = RATES.findIndex((r) => r >= element!.playbackRate - 1e-6);
  const at = i < 0 ? RATES.length - 1 : i;
  const next = RATES[Math.min(RATES.length - 1, Math.max(0, at + direction))]!;
  element.playbackRate = next;
  return next;
}

/** The playback position in ms, or null without a player. */
export const positionMs = () => (element ? Math.round(element.currentTime * 1000) : null);
