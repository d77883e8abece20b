/**
 * The coding view's panes: the widths of the document list, the codebook and the side panel
 * (extracts or memos), which of the two outer panes are collapsed, and focus mode (only the
 * transcript and the codebook). Remembered per project on this computer (localStorage, keyed by
 * the project file's path, like the other view preferences): it is how this person likes to work,
 * not part of the analysis, so the project file is not written when a pane is resized.
 */

export type Pane = 'docs' | 'codes' | 'side';

export interface PaneLayout {
  docs: number;
  codes: number;
  side: number;
  docsOpen: boolean;
  codesOpen: boolean;
  focus: boolean;
}

export const DEFAULT_LAYOUT: PaneLayout = { docs: 230, codes: 310, side: 360, docsOpen: true, codesOpen: true, focus: false };

/** Narrowest and widest each pane may be dragged, in CSS pixels. */
export const PANE_LIMITS: Record<Pane, readonly [number, number]> = { docs: [120, 520], codes: [240, 600], side: [240, 680] };

/** Arrow keys move a splitter this far (Shift: four times as far). */
export const PANE_STEP = 16;

export function clampPane(pane: Pane, width: number): number {
  const [min, max] = PANE_LIMITS[pane];
  return Math.round(Math.min(max, Math.max(min, Number.isFinite(width) ? width : DEFAULT_LAYOUT[pane])));
}

/** A stored layout read back tolerantly: unknown or broken values fall back to the defaults. */
export function parseLayout(stored: string | null): PaneLayout {
  let raw: Partial<Record<keyof PaneLayout, unknown>> = {};
  try {
    const v: unknown = stored ? JSON.parse(stored) : {};
    if (v && typeof v === 'object') raw = v as typeof raw;
  } catch {
    raw = {};
  }
  const width = (p: Pane) => (typeof raw[p] === 'number' ? clampPane(p, raw[p]) : DEFAULT_LAYOUT[p]);
  const flag = (k: 'docsOpen' | 'codesOpen' | 'focus') => (typeof raw[k] === 'boolean' ? raw[k] : DEFAULT_LAYOUT[k]);
  return { docs: width('docs'), codes: width('codes'), side: width('side'), docsOpen: flag('docsOpen'), codesOpen: flag('codesOpen'), focus: flag('focus') };
}

/** What is shown: focus mode hides the document list and the side panel and keeps the codebook. */
export function visiblePanes(layout: PaneLayout, sideWanted: boolean): { docs: boolean; codes: boolean; side: boolean } {
  if (layout.focus) return { docs: false, codes: true, side: false };
  return { docs: layout.docsOpen, codes: layout.codesOpen, side: sideWanted };
}

/**
 * The transcript's least width while no side panel is open: about 60 characters of text beside its
 * time gutter and coding stripes (coding.css). In a narrow window the document list and the codebook
 * give way first (each down to its narrowest), so the text stays readable at 1024 px.
 */
export const TRANSCRIPT_MIN = '40rem';

/**
 * CSS grid columns for [docs rail|docs, splitter] transcript [splitter, codes|codes rail] [splitter, side].
 * Each pane is as wide as chosen when the window has room, and no narrower than its limit.
 */
export function gridColumns(layout: PaneLayout, sideWanted: boolean): string {
  const v = visiblePanes(layout, sideWanted);
  const pane = (p: Pane) => `minmax(${PANE_LIMITS[p][0]}px, ${layout[p]}px)`;
  const cols: string[] = [];
  if (!layout.focus) cols.push(...(v.docs ? [pane('docs'), '6px'] : ['2rem']));
  cols.push(`minmax(${v.side ? '16rem' : TRANSCRIPT_MIN}, 1fr)`);
  cols.push(...(v.codes ? ['6px', pane('codes')] : ['2rem']));
  if (v.side) cols.push('6px', pane('side'));
  return cols.join(' ');
}

const KEY = 'weft.paneLayout:';

export function loadLayout(projectPath: string): PaneLayout {
  try {
    return parseLayout(localStorage.getItem(KEY + projectPath));
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function saveLayout(projectPath: string, layout: PaneLayout): void {
  try {
    localStorage.setItem(KEY + projectPath, JSON.stringify(layout));
  } catch {
    // storage full or unavailable: the layout is only kept for this session
  }
}
