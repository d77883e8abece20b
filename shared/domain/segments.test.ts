import { describe, expect, it } from 'vitest';
import { segmentRange } from './segments';

describe('segmentRange', () => {
  it('tiles the window with runs of constant cover for overlapping and nested spans', () => {
    const segs = segmentRange(0, 20, [
      { id: 1, start: 2, end: 10 },
      { id: 2, start: 5, end: 15 },
      { id: 3, start: 6, end: 8 },
    ]);
    expect(segs).toEqual([
      { start: 0, end: 2, cover: [] },
      { start: 2, end: 5, cover: [1] },
      { start: 5, end: 6, cover: [1, 2] },
      { start: 6, end: 8, cover: [1, 2, 3] },
      { start: 8, end: 10, cover: [1, 2] },
      { start: 10, end: 15, cover: [2] },
      { start: 15, end: 20, cover: [] },
    ]);
  });

  it('clips spans that cross the window edges', () => {
    expect(segmentRange(10, 20, [{ id: 7, start: 0, end: 12 }])).toEqual([
      { start: 10, end: 12, cover: [7] },
      { start: 12, end: 20, cover: [] },
    ]);
  });
});
