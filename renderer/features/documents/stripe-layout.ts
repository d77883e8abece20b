/**
 * Where a paragraph's coding stripes go: from the top of a coding's first line in the paragraph to
 * the bottom of its last line (to the next paragraph when it continues), its label beside the
 * stripe's top, the labels of codings starting in the paragraph stacked so they never overlap.
 *
 * Measured from the laid-out text, which only layout knows. The paragraphs rendered in one go
 * (a new document, the rows entering the window while scrolling) queue themselves from their layout
 * effect; the queue is measured in one pass that reads every paragraph's layout first and then
 * writes every stripe's position (a microtask later: after React's commit, before paint). Reading
 * and writing in turn, paragraph by paragraph, would lay the page out once per paragraph.
 */
import type { Segment } from '../../../shared/domain/segments';

/** Vertical gap between paragraphs (CSS .para-slot padding-bottom), bridged by continuing stripes. */
const PARA_GAP = 10;
/** The height of a stripe label (CSS .stripe-label line-height + border), in px. */
const LABEL_HEIGHT = 15;
/** A stripe is never shorter than this, in px. */
const MIN_STRIPE = 6;

interface StripeCoding {
  id: number;
  start: number;
  end: number;
  lane: number;
}

interface Job {
  el: HTMLElement;
  start: number;
  end: number;
  codings: readonly StripeCoding[];
  segments: readonly Segment[];
}

/** Per coding: [top, bottom] of its stripe and the top of its label, in px from the paragraph's top. */
type Extents = Map<number, [number, number, number]>;

let queue = new Map<HTMLElement, Job>();

/** Measures a paragraph's stripes before the next paint (with the others queued meanwhile). */
export function queueStripeLayout(el: HTMLElement, start: number, end: number, codings: readonly StripeCoding[], segments: readonly Segment[]): void {
  if (queue.size === 0) queueMicrotask(flushStripeLayout);
  queue.set(el, { el, start, end, codings, segments });
}

/** Reads the extents of one paragraph's stripes from its layout. */
function measureStripes(job: Job): Extents {
  const { el, start, end, codings, segments } = job;
  const top0 = el.getBoundingClientRect().top;
  const height = el.offsetHeight;
  const runTop = new Map<number, DOMRect | undefined>();
  const rectsOf = (s: number) => el.querySelector(`[data-s="${s}"]`)?.getClientRects();
  const next: Extents = new Map();
  for (const c of codings) {
    const s = Math.max(c.start, start);
    const e = Math.min(c.end, end);
    let top = 0;
    let bottom = height;
    if (e > s) {
      if (!runTop.has(s)) runTop.set(s, rectsOf(s)?.[0]);
      const fr = runTop.get(s);
      const lastSeg = segments.find((seg) => seg.end === e);
      const lrs = lastSeg ? rectsOf(lastSeg.start) : undefined;
      const lr = lrs?.[lrs.length - 1];
      if (fr) top = c.start < start ? 0 : fr.top - top0;
      if (lr) bottom = c.end > end ? height : lr.bottom - top0;
    }
    if (c.end > end) bottom = height + PARA_GAP;
    next.set(c.id, [Math.round(top), Math.round(bottom), Math.round(top)]);
  }
  // labels of the codings that start here, in the label column, stacked so they never overlap
  let below = -Infinity;
  for (const c of codings.filter((k) => k.start >= start).sort((a, b) => next.get(a.id)![0] - next.get(b.id)![0] || a.lane - b.lane)) {
    const x = next.get(c.id)!;
    x[2] = Math.max(x[0], below);
    below = x[2] + LABEL_HEIGHT;
  }
  return next;
}

function writeStripes(el: HTMLElement, extents: Extents): void {
  for (const button of el.querySelectorAll<HTMLElement>(':scope > .stripes > .stripe')) {
    const x = extents.get(Number(button.dataset.codingId));
    if (!x) continue;
    button.style.top = `${x[0]}px`;
    button.style.height = `${Math.max(MIN_STRIPE, x[1] - x[0])}px`;
    const label = button.firstElementChild as HTMLElement | null;
    if (label) label.style.top = `${x[2] - x[0]}px`;
  }
}

/** Measures every queued paragraph, then positions their stripes. */
function flushStripeLayout(): void {
  const jobs = [...queue.values()].filter((j) => j.el.isConnected);
  queue = new Map();
  const measured = jobs.map((job) => measureStripes(job));
  jobs.forEach((job, i) => writeStripes(job.el, measured[i]!));
}
