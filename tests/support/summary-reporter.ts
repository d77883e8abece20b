/**
 * Vitest reporter that records pass/fail counts in .test-counts/vitest.json, so scripts/test.mjs
 * can print one closing "N passed, N failed" line for the whole run. Files that fail to load
 * count as failures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let tests = 0;
      for (const test of mod.children.allTests()) {
        tests++;
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (tests === 0 && mod.state() === 'failed') failed++;
    }
    failed += unhandledErrors.length;
    mkdirSync('.test-counts', { recursive: true });
    writeFileSync('.test-counts/vitest.json', JSON.stringify({ passed, failed, skipped }));
  }
}
