/**
 * What the product bundles (scripts/build.mjs) are made of: no test code, and no module under
 * electron/, shared/ or renderer/ that only tests use (test helpers live under tests/support/).
 * esbuild resolves each entry point's imports as the build does, without writing anything.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/temp';

const ENTRIES = ['electron/main/main.ts', 'electron/service-host/main.ts', 'electron/preload/preload.ts', 'electron/cli/main.ts', 'electron/bridge/main.ts', 'electron/services/jobs/exchange-worker.ts', 'renderer/main.tsx'];
const inputs = new Map<string, string[]>();
/** The packages each bundle imports (left outside it, as the build leaves better-sqlite3). */
const packages = new Map<string, Set<string>>();

beforeAll(async () => {
  for (const entry of ENTRIES) {
    const r = await build({
      absWorkingDir: REPO,
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      platform: entry.startsWith('renderer/') ? 'browser' : 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
      loader: { '.css': 'empty', '.svg': 'empty', '.png': 'empty', '.woff2': 'empty' },
    });
    inputs.set(entry, Object.keys(r.metafile.inputs));
    packages.set(entry, new Set(Object.values(r.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path))));
  }
});

describe('product bundles', () => {
  it('contain no test code', () => {
    for (const [entry, files] of inputs) {
      expect(files.filter((f) => /^(tests|e2e|bench)\//.test(f) || /\.(test|spec)\.tsx?$/.test(f)), entry).toEqual([]);
    }
  });

  it('use every module under electron/, shared/ and renderer/ that has code (a test-only helper belongs in tests/support/)', () => {
    const reached = new Set([...inputs.values()].flat());
    const modules = execSync("git ls-files 'electron/*.ts' 'shared/*.ts' 'renderer/*.ts' 'renderer/*.tsx'", { cwd: REPO, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !/\.test\.tsx?$|\.d\.ts$/.test(f));
    // A module of types only is erased by the build, so it is never an input; one with code must be.
    const hasCode = (f: string) => /^export\s+(const|let|function|async\s+function|class|enum|default|\{)/m.test(readFileSync(`${REPO}${f}`, 'utf8'));
    expect(modules.filter((f) => !reached.has(f) && hasCode(f))).toEqual([]);
  });

  it('load SQLite only in the service host: Electron’s main process and the preload never open a project', () => {
    expect(packages.get('electron/service-host/main.ts')).toContain('better-sqlite3');
    for (const entry of ['electron/main/main.ts', 'electron/preload/preload.ts']) {
      expect([...packages.get(entry)!].filter((p) => p.startsWith('better-sqlite3')), entry).toEqual([]);
      expect(inputs.get(entry)!.filter((f) => f.startsWith('electron/db/') || f.startsWith('electron/services/')), entry).toEqual([]);
    }
  });
});
