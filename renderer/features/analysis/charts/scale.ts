/** Small helpers for the SVG charts: nice axis ticks, colours, text width estimates. */

/** Ticks from 0 to at least `max` at a 1/2/5 × 10^n step (at least 1: the charts count things), about `count` of them. */
export function niceTicks(max: number, count = 5): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) ticks.push(Math.round(v * 1e9) / 1e9);
  if (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

/** Distinct colours for series, in order (colour-blind friendly first). */
export const SERIES_COLOURS = ['#4263eb', '#f59f00', '#0ca678', '#d6336c', '#7048e8', '#1098ad', '#e8590c', '#74b816', '#495057', '#ae3ec9'];

export const seriesColour = (i: number) => SERIES_COLOURS[i % SERIES_COLOURS.length]!;

/** Rough width of text in px at a font size (for layout without measuring the DOM). */
export const textWidth = (text: string, size = 12) => [...text].length * size * 0.56;

export function truncate(text: string, maxWidth: number, size = 12): string {
  if (textWidth(text, size) <= maxWidth) return text;
  const chars = Math.max(1, Math.floor(maxWidth / (size * 0.56)) - 1);
  return `${[...text].slice(0, chars).join('')}…`;
}

/** White → `to` by t in [0, 1]. */
export function mix(to: string, t: number): string {
  const n = parseInt(to.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  const c = (v: number) => Math.round(255 + (v - 255) * Math.max(0, Math.min(1, t)));
  return `rgb(${c(r)}, ${c(g)}, ${c(b)})`;
}

export const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif';
