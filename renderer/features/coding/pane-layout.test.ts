import { describe, expect, it } from 'vitest';
import { clampPane, DEFAULT_LAYOUT, gridColumns, PANE_LIMITS, parseLayout, visiblePanes } from './pane-layout';

describe('coding view panes', () => {
  it('keeps widths within the limits', () => {
    expect(clampPane('docs', 10)).toBe(PANE_LIMITS.docs[0]);
    expect(clampPane('codes', 5000)).toBe(PANE_LIMITS.codes[1]);
    expect(clampPane('side', 300.4)).toBe(300);
    expect(clampPane('docs', Number.NaN)).toBe(DEFAULT_LAYOUT.docs);
  });

  it('reads a stored layout tolerantly', () => {
    expect(parseLayout(null)).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('not json')).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout('[1,2]')).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout(JSON.stringify({ docs: 9999, codes: 'wide', docsOpen: false, focus: 1 }))).toEqual({
      ...DEFAULT_LAYOUT,
      docs: PANE_LIMITS.docs[1],
      docsOpen: false,
    });
  });

  it('lays out the grid: collapsed panes leave a rail, focus mode shows only the transcript and the codebook', () => {
    // the panes give way to the transcript (down to their narrowest) in a narrow window
    expect(gridColumns(DEFAULT_LAYOUT, false)).toBe('minmax(120px, 230px) 6px minmax(40rem, 1fr) 6px minmax(240px, 310px)');
    expect(gridColumns(DEFAULT_LAYOUT, true)).toBe('minmax(120px, 230px) 6px minmax(16rem, 1fr) 6px minmax(240px, 310px) 6px minmax(240px, 360px)');
    expect(gridColumns({ ...DEFAULT_LAYOUT, docsOpen: false, codesOpen: false }, false)).toBe('2rem minmax(40rem, 1fr) 2rem');
    const focus = { ...DEFAULT_LAYOUT, focus: true, codesOpen: false };
    expect(visiblePanes(focus, true)).toEqual({ docs: false, codes: true, side: false });
    expect(gridColumns(focus, true)).toBe('minmax(40rem, 1fr) 6px minmax(240px, 310px)');
  });
});
