/** Background for a run covered by codes: one colour tinted, several as diagonal stripes. */
import { readableTintAlpha } from '../../../shared/codebook/contrast';

export function tint(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** A code colour as a tint the transcript text stays readable on (shared/codebook/contrast.ts). */
const readableTint = (hex: string, alpha: number) => tint(hex, readableTintAlpha(hex, alpha));

export function highlightBackground(colors: string[]): string | undefined {
  if (colors.length === 0) return undefined;
  if (colors.length === 1) return readableTint(colors[0]!, 0.38);
  const stops = colors.flatMap((c, i) => [`${readableTint(c, 0.45)} ${i * 8}px`, `${readableTint(c, 0.45)} ${(i + 1) * 8}px`]);
  return `repeating-linear-gradient(135deg, ${stops.join(', ')})`;
}
