/**
 * Colour contrast (WCAG 2 relative luminance and contrast ratio) and the one rule for drawing a
 * code's colour behind transcript text: the colour is laid over the page as a tint, as strong as
 * wanted but never so strong that the text on it falls below 4.5:1 (WCAG AA for body text). Any
 * code colour a researcher picks, however dark, keeps the text readable.
 */

export type Rgb = readonly [number, number, number];

/** "#rgb" or "#rrggbb" (case-insensitive) to 0–255 channels; anything else is null. */
export function parseHex(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const n = parseInt(h, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG relative luminance of an sRGB colour (0 black … 1 white). */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio between two colours (1 … 21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `top` at opacity `alpha` over the opaque `under`. */
export function blend(top: Rgb, alpha: number, under: Rgb): Rgb {
  return [0, 1, 2].map((i) => Math.round(top[i]! * alpha + under[i]! * (1 - alpha))) as unknown as Rgb;
}

/** The page behind the transcript and the transcript's text (renderer/styles.css --bg and --ink). */
export const PAGE_RGB: Rgb = [0xf7, 0xf6, 0xf3];
export const INK_RGB: Rgb = [0x1f, 0x23, 0x28];
export const MIN_TEXT_CONTRAST = 4.5;

/**
 * The opacity to tint `hex` behind text: `wanted` when the text stays at least `min`:1 on it, else
 * the strongest opacity that keeps it so (found to 1/100). Unreadable input colours count as grey.
 */
export function readableTintAlpha(hex: string, wanted: number, { page = PAGE_RGB, ink = INK_RGB, min = MIN_TEXT_CONTRAST } = {}): number {
  const colour = parseHex(hex) ?? [128, 128, 128];
  const ok = (alpha: number) => contrastRatio(ink, blend(colour, alpha, page)) >= min;
  if (ok(wanted)) return wanted;
  let lo = 0;
  let hi = wanted;
  while (hi - lo > 0.005) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return Math.floor(lo * 100) / 100;
}
