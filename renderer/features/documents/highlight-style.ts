/** Background for a run covered by codes: one colour tinted, several as diagonal stripes. */
export function tint(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function highlightBackground(colors: string[]): string | undefined {
  if (colors.length === 0) return undefined;
  if (colors.length === 1) return tint(colors[0]!, 0.38);
  const stops = colors.flatMap((c, i) => [`${tint(c, 0.45)} ${i * 8}px`, `${tint(c, 0.45)} ${(i + 1) * 8}px`]);
  return `repeating-linear-gradient(135deg, ${stops.join(', ')})`;
}
