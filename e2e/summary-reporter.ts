/** Records Playwright's pass/fail counts in .test-counts/e2e.json for scripts/test.mjs. */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
    if (result.status === 'passed') this.passed++;
    else if (result.status === 'skipped') this.skipped++;
    else this.failed++;
  }

  onEnd(result: FullResult) {
    if (result.status !== 'passed' && this.failed === 0) this.failed = 1; // e.g. global setup failed
    mkdirSync('.test-counts', { recursive: true });
    writeFileSync('.test-counts/e2e.json', JSON.stringify({ passed: this.passed, failed: this.failed, skipped: this.skipped }));
  }
}
