/**
 * How Debian's Chromium runs here, headless: the e2e specs (playwright.config.ts) and the benchmarks
 * (bench/render.ts) launch the same browser with the same switches.
 */

/** The browser: CHROMIUM_PATH, else Debian's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** No sandbox or GPU (containers, CI), and nothing running in the background. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
