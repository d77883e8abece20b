// `npm test`: typecheck, lint, unit tests (vitest), build, and end-to-end tests (Playwright in Debian's
// Chromium against browser mode). Ends with one line for the whole run: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

rmSync('.test-counts', { recursive: true, force: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const steps = [];

function run(label, cmd, args) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  steps.push({ label, ok: r.status === 0 });
  return r.status === 0;
}

function countsFrom(file, label, ok) {
  if (!existsSync(file)) {
    // the runner did not get as far as reporting: count the whole step as one failure
    totals.failed += 1;
    console.log(`(${label} reported no results)`);
    return;
  }
  const c = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  if (!ok && c.failed === 0) totals.failed += 1;
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

// 1. Typecheck (renderer, electron, shared and tests, each with its own environment) counts as one check.
if (run('typecheck (renderer, electron, shared, tests)', process.execPath, ['scripts/typecheck.mjs'])) totals.passed += 1;
else totals.failed += 1;

// 1b. Lint (ESLint: the import boundaries, React hooks, accessibility, TypeScript rules) counts as one check.
if (run('lint (ESLint)', npx, ['eslint', '.', '--max-warnings', '0'])) totals.passed += 1;
else totals.failed += 1;

// 2. Build: the renderer, the Electron bundles, and the CLI/backend bundles the tests run.
const built = run('build', process.execPath, ['scripts/build.mjs', '--quiet']);
if (!built) totals.failed += 1;

// 2b. Electronegativity over the Electron code, the renderer and the built HTML (its CSP): one check.
// Every finding must be fixed or judged in security/electronegativity-judged.json.
if (run('Electron security scan (Electronegativity)', process.execPath, ['scripts/electronegativity.mjs'])) totals.passed += 1;
else totals.failed += 1;

// 3. Unit and integration tests (CLI tests run bin/weft.mjs, which uses the fresh bundle).
const unitOk = run('unit tests (vitest)', npx, ['vitest', 'run']);
countsFrom('.test-counts/vitest.json', 'vitest', unitOk);

// 4. End-to-end tests against the built renderer and backend.
if (built) {
  const e2eOk = run('end-to-end tests (Playwright, Chromium, browser mode)', npx, ['playwright', 'test', '--project=web']);
  countsFrom('.test-counts/e2e.json', 'playwright', e2eOk);
}

console.log('\n=== summary ===');
for (const s of steps) console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.label}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
