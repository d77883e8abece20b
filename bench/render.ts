/**
 * Measurement 6: a long transcript with thousands of codings in Debian's Chromium, against
 * browser mode (the real renderer build served by the real backend).
 *
 * - First paint: from navigation start (cold page load: the app boots, opens the project's first
 *   document) and from a click on the document in the list, to the frame in which the document's
 *   first line is on screen: a MutationObserver sees the text arrive in the DOM, then a
 *   requestAnimationFrame callback plus a posted message mark the end of that frame's paint.
 * - Scroll: the transcript's scroll container is scrolled from top to bottom by script, one step
 *   per frame, and the time between successive requestAnimationFrame callbacks is recorded.
 *   Chromium runs with its frame-rate limit and vsync off, so a frame takes as long as its work
 *   (script, style, layout, paint) rather than a fixed 16.7 ms.
 * - Baseline: the same text as plain paragraphs in a static page (no React, no highlights), first
 *   paint and the same scroll, in the same browser.
 */
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.js';

/** The e2e switches, and no frame-rate limit or vsync (a frame takes as long as its work). */
const RENDER_ARGS = [...CHROMIUM_ARGS, '--disable-frame-rate-limit', '--disable-gpu-vsync'];

export const VIEWPORT = { width: 1400, height: 900 };

const firstLine = (err: unknown) => ((err as Error)?.message ?? String(err)).split('\n')[0]!.slice(0, 300);

export interface ScrollStats {
  frames: number[];
  scrollHeight: number;
  step: number;
  reachedEnd: boolean;
}

export interface RenderResult {
  chromium: string;
  /** Navigation start → first line of the auto-opened long document painted. */
  coldPaintMs: number;
  /** Click on the document in the list → its first line painted (one per repeat). */
  openPaintMs: number[];
  openError?: string;
  scroll?: ScrollStats;
  scrollError?: string;
  baselinePaintMs: number;
  baselineScroll: ScrollStats;
  domNodes: number;
  /** What the cold load spent its time on: DOMContentLoaded and the API calls (ms from navigation start). */
  coldTimeline: { domContentLoaded: number; api: { method: string; start: number; end: number; bytes: number }[] };
}

/**
 * Functions passed to page.evaluate are compiled by tsx/esbuild with keepNames, which wraps inner
 * functions in a `__name(fn, "name")` call; the page needs that helper too.
 */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

/**
 * Installed in the app's pages: `window.__benchWait(marker)` resolves when the frame in which
 * the marker text appeared in the transcript view has been painted; `window.__benchCold` is the
 * same wait armed before the app's own scripts run (the cold-load measurement).
 */
const initScript = (coldMarker: string, timeoutMs: number) => `
${NAME_SHIM}
(() => {
  const has = (marker) => {
    const root = document.querySelector('[data-testid="document-text"]');
    return !!root && (root.textContent || '').includes(marker);
  };
  window.__benchWait = (marker) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      obs.disconnect();
      reject(new Error('the text did not appear within ${Math.round(timeoutMs / 1000)} s: ' + marker.slice(0, 60)));
    }, ${timeoutMs});
    const obs = new MutationObserver(() => {
      if (!has(marker)) return;
      obs.disconnect();
      clearTimeout(timer);
      const domAt = performance.now();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve({ domAt, paintAt: performance.now() });
        ch.port2.postMessage(0);
      });
    });
    obs.observe(document, { subtree: true, childList: true, characterData: true });
  });
  window.__benchCold = window.__benchWait(${JSON.stringify(coldMarker)});
})();
`;

async function scrollThrough(page: Page, containerOf: string, targetFrames: number, maxMs: number): Promise<ScrollStats> {
  return page.evaluate(
    async ({ containerOf, targetFrames, maxMs }) => {
      const start = document.querySelector(containerOf) as HTMLElement | null;
      let el: HTMLElement | null = start;
      while (el) {
        const style = getComputedStyle(el);
        if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 10) break;
        el = el.parentElement;
      }
      const sc = (el ?? document.scrollingElement) as HTMLElement;
      sc.scrollTop = 0;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const range = sc.scrollHeight - sc.clientHeight;
      const step = Math.max(sc.clientHeight / 8, range / targetFrames);
      const frames: number[] = [];
      let last: number | null = null;
      const began = performance.now();
      return new Promise<ScrollStats>((resolve) => {
        const frame = () => {
          const t = performance.now();
          if (last !== null) frames.push(t - last);
          last = t;
          const atEnd = sc.scrollTop + sc.clientHeight >= sc.scrollHeight - 2;
          if (atEnd || frames.length >= targetFrames * 3 || t - began > maxMs) {
            resolve({ frames, scrollHeight: sc.scrollHeight, step, reachedEnd: atEnd });
            return;
          }
          sc.scrollTop += step;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
    { containerOf, targetFrames, maxMs },
  );
}

async function clickAndWait(page: Page, button: Locator, marker: string): Promise<number> {
  return button.evaluate(
    (el, marker) =>
      new Promise<number>((resolve, reject) => {
        const w = (window as unknown as { __benchWait: (m: string) => Promise<{ paintAt: number }> }).__benchWait(marker);
        const t0 = performance.now();
        (el as HTMLElement).click();
        w.then((r) => resolve(r.paintAt - t0), reject);
      }),
    marker,
  );
}

function docButton(page: Page, name: string): Locator {
  const exact = new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return page.getByRole('navigation', { name: 'Documents' }).getByRole('button', { name: exact }).first();
}

export interface RenderOptions {
  url: string;
  origin: string;
  bigDocName: string;
  bigMarker: string;
  smallDocName: string;
  smallMarker: string;
  /** The long document's text, for the static baseline page. */
  text: string;
  repeats: number;
  scrollFrames: number;
  /** A scroll that takes longer than this stops where it is (and says it did not reach the end). */
  scrollMaxMs: number;
  timeoutMs: number;
  log?: (msg: string) => void;
}

export async function measureRender(o: RenderOptions): Promise<RenderResult> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: RENDER_ARGS, headless: true });
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    context.setDefaultTimeout(o.timeoutMs);
    await context.addInitScript({ content: initScript(o.bigMarker, o.timeoutMs) });
    const page = await context.newPage();

    o.log?.('   Chromium started; cold page load …');
    // Cold load: the app boots and opens the project's first document, the long one.
    await page.goto(o.url);
    const cold = await page.evaluate(() => (window as unknown as { __benchCold: Promise<{ paintAt: number }> }).__benchCold);
    // performance.now() counts from this navigation's start.
    const coldPaintMs = cold.paintAt;
    const coldTimeline = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const api = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.name.includes('/api/'))
        .map((e) => ({ method: decodeURIComponent(e.name.slice(e.name.indexOf('/api/') + 5)), start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize }));
      return { domContentLoaded: nav?.domContentLoadedEventEnd ?? 0, api };
    });

    o.log?.(`   cold paint ${Math.round(coldPaintMs)} ms; opening from the list …`);
    // Open from the document list: switch to the short document and back, `repeats` times.
    const openPaintMs: number[] = [];
    let openError: string | undefined;
    try {
      for (let i = 0; i < o.repeats; i++) {
        await clickAndWait(page, docButton(page, o.smallDocName), o.smallMarker);
        openPaintMs.push(await clickAndWait(page, docButton(page, o.bigDocName), o.bigMarker));
      }
    } catch (err) {
      openError = firstLine(err);
    }
    const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    o.log?.('   scrolling …');
    let scroll: ScrollStats | undefined;
    let scrollError: string | undefined;
    try {
      scroll = await scrollThrough(page, '[data-testid="document-text"]', o.scrollFrames, o.scrollMaxMs);
    } catch (err) {
      scrollError = firstLine(err);
    }
    o.log?.('   baseline page …');

    // Baseline: a static page with the same text as plain paragraphs, same width, font and line height.
    const baseContext = await browser.newContext({ viewport: VIEWPORT });
    baseContext.setDefaultTimeout(o.timeoutMs);
    await baseContext.addInitScript({ content: NAME_SHIM });
    const base = await baseContext.newPage();
    await base.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await base.evaluate(NAME_SHIM);
    const baselinePaintMs = await base.evaluate(async (text) => {
      const style = document.createElement('style');
      style.textContent =
        'html,body{margin:0;height:100%;font-family:system-ui,sans-serif}#sc{height:100vh;overflow:auto}' +
        '#doc{max-width:860px;margin:0 auto;padding:1.5rem 2rem 4rem;font-size:1.02rem;line-height:1.75;white-space:pre-wrap;overflow-wrap:anywhere}';
      document.head.appendChild(style);
      const sc = document.createElement('div');
      sc.id = 'sc';
      document.body.appendChild(sc);
      const t0 = performance.now();
      const doc = document.createElement('div');
      doc.id = 'doc';
      for (const line of text.split('\n')) {
        const p = document.createElement('div');
        p.textContent = line;
        doc.appendChild(p);
      }
      sc.appendChild(doc);
      return new Promise<number>((resolve) =>
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => resolve(performance.now() - t0);
          ch.port2.postMessage(0);
        }),
      );
    }, o.text);
    const baselineScroll = await scrollThrough(base, '#doc', o.scrollFrames, o.scrollMaxMs);
    return { chromium: browser.version(), coldPaintMs, openPaintMs, openError, scroll, scrollError, baselinePaintMs, baselineScroll, domNodes, coldTimeline };
  } finally {
    await browser.close();
  }
}
