import { describe, expect, it } from 'vitest';
import { blend, contrastRatio, INK_RGB, MIN_TEXT_CONTRAST, PAGE_RGB, parseHex, readableTintAlpha } from './contrast';

describe('colour contrast', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio([255, 255, 255], [255, 255, 255])).toBe(1);
    expect(contrastRatio(parseHex('#777')!, [255, 255, 255])).toBeCloseTo(4.48, 2);
    expect(parseHex('#3B5BDB')).toEqual([59, 91, 219]);
    expect(parseHex('red')).toBeNull();
  });

  it('keeps the wanted tint for light and middle colours', () => {
    for (const c of ['#f4a261', '#ffe066', '#74c0fc', '#e03131']) expect(readableTintAlpha(c, 0.38)).toBe(0.38);
  });

  it('weakens the tint of dark colours until the text is readable again, for every colour', () => {
    expect(readableTintAlpha('#000000', 0.6)).toBeLessThan(0.6);
    // every colour on a coarse grid of the RGB cube, at the strongest tint the view uses
    for (let r = 0; r <= 255; r += 51) {
      for (let g = 0; g <= 255; g += 51) {
        for (let b = 0; b <= 255; b += 51) {
          const alpha = readableTintAlpha(`#${[r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('')}`, 0.6);
          expect(alpha).toBeGreaterThan(0.2); // still visibly the code's colour
          expect(contrastRatio(INK_RGB, blend([r, g, b], alpha, PAGE_RGB))).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
        }
      }
    }
  });
});
