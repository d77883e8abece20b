/**
 * The Electronegativity step of `npm test` (scripts/electronegativity.mjs) must be able to fail:
 * run on a deliberately insecure main process, it reports the insecure settings and exits 1.
 * (Weft's own scan is its own step in `npm test`, not repeated here.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../support/temp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tempDir = useTempDir();

function scan(...args: string[]) {
  const out = join(tempDir(), 'findings.json');
  const r = spawnSync(process.execPath, ['scripts/electronegativity.mjs', ...args, '--out', out], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, report: () => JSON.parse(readFileSync(out, 'utf8')) };
}

describe('Electronegativity scan', () => {
  it('finds nodeIntegration, missing context isolation and an http page in an insecure main process, and fails', () => {
    const r = scan('--input', 'tests/fixtures/electron-insecure', '--judged', 'none');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const { findings, parseErrors, files } = r.report();
    expect(files).toBe(1);
    expect(parseErrors).toEqual([]);
    const ids = new Set(findings.map((f: { id: string; file: string }) => `${f.id} ${f.file}`));
    for (const id of ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'HTTP_RESOURCES_JS_CHECK']) {
      expect(ids, id).toContain(`${id} tests/fixtures/electron-insecure/main.js`);
    }
    // and the window-wide gaps: no navigation limits, no permission handler, no CSP
    for (const id of ['LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'CSP_GLOBAL_CHECK']) {
      expect(ids, id).toContain(`${id} N/A`);
    }
    expect(r.stdout).toMatch(/NEW +NODE_INTEGRATION_JS_CHECK tests\/fixtures\/electron-insecure\/main\.js:7/);
  });

  it('refuses a judgement without a reason, and a run with nothing to scan', () => {
    const judged = join(tempDir(), 'judged.json');
    writeFileSync(judged, JSON.stringify({ judged: [{ id: 'NODE_INTEGRATION_JS_CHECK', file: 'tests/fixtures/electron-insecure/main.js' }] }));
    const noReason = scan('--input', 'tests/fixtures/electron-insecure', '--judged', judged);
    expect(noReason.status).toBe(2);
    expect(noReason.stderr).toMatch(/needs "id", "file" and a "reason"/);
    const nothing = scan('--input', 'tests/fixtures/no-such-folder', '--judged', 'none');
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toMatch(/Nothing to scan at tests\/fixtures\/no-such-folder/);
  });

  it('applies judgements: a judged finding passes, an unjudged one and a judgement that matches nothing fail', () => {
    const judged = join(tempDir(), 'judged.json');
    const file = 'tests/fixtures/electron-insecure/main.js';
    const reason = 'Judged for this test only: the fixture is insecure on purpose.';
    writeFileSync(
      judged,
      JSON.stringify({
        judged: [
          { id: 'NODE_INTEGRATION_JS_CHECK', file, sample: 'nodeIntegration: true', reason },
          { id: 'OPEN_EXTERNAL_JS_CHECK', file, reason },
        ],
      }),
    );
    const r = scan('--input', 'tests/fixtures/electron-insecure', '--judged', judged);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^judged NODE_INTEGRATION_JS_CHECK tests\/fixtures\/electron-insecure\/main\.js:7/m);
    expect(r.stdout).toMatch(/^NEW +CONTEXT_ISOLATION_JS_CHECK/m);
    expect(r.stdout).toMatch(/^STALE +OPEN_EXTERNAL_JS_CHECK tests\/fixtures\/electron-insecure\/main\.js/m);
    const { findings, staleJudgements } = r.report();
    expect(findings.find((f: { id: string }) => f.id === 'NODE_INTEGRATION_JS_CHECK').judged).toBe(reason);
    expect(staleJudgements).toHaveLength(1);
  });
});
