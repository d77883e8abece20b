import { defineConfig } from '@playwright/test';

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
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'web', grepInvert: /@electron-only/ },
    { name: 'electron', grepInvert: /@web-only/ },
  ],
});
