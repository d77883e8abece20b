/** Selecting transcript text with the real mouse, as a researcher does. */
import type { Page } from '@playwright/test';

/** Screen coordinates of the first and last character of `phrase` in the document view. */
export async function phraseBox(page: Page, phrase: string, occurrence = 0) {
  // The transcript renders after the document loads, and what docks above it (the recording's
  // player) may still move it: wait until the phrase is on the page and stays where it is.
  let last: Awaited<ReturnType<typeof measurePhrase>> = null;
  for (let tries = 0; tries < 60; tries++) {
    const box = await measurePhrase(page, phrase, occurrence);
    if (box && last && JSON.stringify(box) === JSON.stringify(last)) return box;
    last = box;
    await page.waitForTimeout(box ? 100 : 200);
  }
  if (last) return last;
  throw new Error(`“${phrase}” is not in the document view`);
}

async function measurePhrase(page: Page, phrase: string, occurrence: number) {
  return page.evaluate(
    ({ phrase, occurrence }) => {
      const root = document.querySelector('[data-testid="document-text"]');
      if (!root) return null;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => (n.parentElement?.closest('[data-nontext]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      });
      const nodes: { node: Text; from: number }[] = [];
      let all = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n as Text, from: all.length });
        all += n.textContent;
      }
      let at = -1;
      for (let i = 0; i <= occurrence; i++) at = all.indexOf(phrase, at + 1);
      if (at < 0) return null;
      const locate = (pos: number) => {
        const hit = [...nodes].reverse().find((x) => x.from <= pos)!;
        return { node: hit.node, offset: pos - hit.from };
      };
      const charRect = (pos: number) => {
        const a = locate(pos);
        const r = document.createRange();
        r.setStart(a.node, a.offset);
        r.setEnd(a.node, Math.min(a.offset + 1, a.node.length));
        const rects = r.getClientRects();
        return rects[rects.length - 1]!;
      };
      const first = charRect(at);
      const last = charRect(at + phrase.length - 1);
      return {
        startX: first.left + 1,
        startY: first.top + first.height / 2,
        endX: last.right - 1,
        endY: last.top + last.height / 2,
      };
    },
    { phrase, occurrence },
  );
}

export async function selectWithMouse(page: Page, phrase: string, occurrence = 0) {
  const box = await phraseBox(page, phrase, occurrence);
  await page.mouse.move(box.startX, box.startY);
  await page.mouse.down();
  await page.mouse.move((box.startX + box.endX) / 2, (box.startY + box.endY) / 2, { steps: 4 });
  await page.mouse.move(box.endX, box.endY, { steps: 4 });
  await page.mouse.up();
}
