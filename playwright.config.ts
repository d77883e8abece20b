import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium';

/**
 * E2E runs the real renderer build against the real backend.
 * - project "web" (default): Debian's Chromium against browser mode (the loopback bridge).
 * - project "electron": the same specs through Electron, on machines that have its binary
 *   (run with `npx playwright test --project=electron`).
 */
export default defineConfig({
  testDir: 'e2e/specs',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./e2e/summary-reporter.ts']],
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: 'web', grepInvert: /@electron-only/ },
    { name: 'electron', grepInvert: /@web-only/ },
  ],
});
