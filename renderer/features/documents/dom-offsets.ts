/**
 * Maps a DOM selection inside the document view to text offsets (UTF-16 units).
 * The view renders each run of text in an element carrying `data-s` (its start offset) with exactly
 * one text node inside, and each paragraph in an element with `data-start`/`data-end`.
 * Elements outside the text flow (gutters, labels) carry `data-nontext` and are skipped.
 */

function runStart(el: Element): number | null {
  const s = el.getAttribute('data-s');
  return s === null ? null : Number(s);
}

/** First text offset at or after `node` in document order within `root`. */
function offsetAtOrAfter(root: Element, node: Node): number | null {
  const walker = root.ownerDocument.createTreeWalker(root, 1 /* SHOW_ELEMENT */);
  walker.currentNode = node;
  let el: Node | null = node.nodeType === 1 ? node : walker.nextNode();
  while (el) {
    const e = el as Element;
    if (e.closest('[data-nontext]') === null) {
      const s = runStart(e);
      if (s !== null) return s;
      const ps = e.getAttribute('data-start');
      if (ps !== null) return Number(ps);
    }
    el = walker.nextNode();
  }
  return null;
}

export function domPointToOffset(root: Element, node: Node, offset: number): number | null {
  if (!root.contains(node)) return null;
  if (node.nodeType === 3) {
    const run = node.parentElement?.closest('[data-s]');
    if (run && root.contains(run)) return runStart(run)! + Math.min(offset, node.textContent?.length ?? 0);
    const para = node.parentElement?.closest('[data-start]');
    return para ? Number(para.getAttribute('data-start')) : null;
  }
  const el = node as Element;
  const s = runStart(el);
  if (s !== null) return offset === 0 ? s : s + (el.textContent?.length ?? 0);
  const child = el.childNodes[offset];
  if (child) return offsetAtOrAfter(root, child) ?? Number(root.getAttribute('data-end') ?? 0);
  // past the last child: the end of this paragraph, or of the next thing after it
  const end = el.getAttribute('data-end');
  if (end !== null) return Number(end);
  let next: Node | null = el;
  while (next && !next.nextSibling && next !== root) next = next.parentNode;
  if (next && next !== root && next.nextSibling) return offsetAtOrAfter(root, next.nextSibling);
  return Number(root.getAttribute('data-end') ?? 0);
}

export function selectionToRange(root: Element, selection: Selection | null): [number, number] | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const a = domPointToOffset(root, range.startContainer, range.startOffset);
  const b = domPointToOffset(root, range.endContainer, range.endOffset);
  if (a === null || b === null) return null;
  const start = Math.min(a, b);
  const end = Math.max(a, b);
  return end > start ? [start, end] : null;
}

/**
 * The DOM point of a text offset, among the paragraphs currently rendered (virtualised views
 * render only some): the text node of the run containing it and the offset inside that node.
 */
export function offsetToDomPoint(root: Element, offset: number): { node: Node; offset: number } | null {
  const runs = root.querySelectorAll<HTMLElement>('[data-s]');
  let best: HTMLElement | null = null;
  let bestStart = -1;
  for (const run of runs) {
    if (run.closest('[data-nontext]')) continue;
    const s = Number(run.dataset.s);
    const len = run.textContent?.length ?? 0;
    if (s <= offset && offset <= s + len && s >= bestStart) {
      // prefer the run that starts at the offset over the one ending there
      best = run;
      bestStart = s;
    }
  }
  if (!best) return null;
  const node = best.firstChild ?? best;
  return { node, offset: Math.min(offset - bestStart, node.textContent?.length ?? 0) };
}

/**
 * DOM ranges covering `[start, end)` within the rendered paragraphs (one per paragraph, so a
 * range never spans a paragraph that is not rendered).
 */
export function rangesForOffsets(root: Element, start: number, end: number): Range[] {
  const out: Range[] = [];
  for (const para of root.querySelectorAll<HTMLElement>('.para[data-start]')) {
    const ps = Number(para.dataset.start);
    const pe = Number(para.dataset.end);
    const s = Math.max(start, ps);
    const e = Math.min(end, pe);
    if (e <= s) continue;
    const a = offsetToDomPoint(para, s);
    const b = offsetToDomPoint(para, e);
    if (!a || !b) continue;
    const r = root.ownerDocument.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    out.push(r);
  }
  return out;
}
