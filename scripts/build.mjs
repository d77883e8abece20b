// Builds everything the app runs from: the renderer (Vite) and the Electron main/service-host/preload bundles
// (esbuild). Needs no Electron binary.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import { rmSync } from 'node:fs';

const quiet = process.argv.includes('--quiet');
const t0 = Date.now();
for (const d of ['dist/electron', 'dist/cli', 'dist/bridge']) rmSync(d, { recursive: true, force: true });

await viteBuild({ configFile: 'vite.config.ts', logLevel: quiet ? 'warn' : 'info' });

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning' };
await esbuild({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'dist/electron/main.mjs',
  format: 'esm',
  external: ['electron', 'better-sqlite3'],
  banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
});
// The service host: Electron's utility process that runs the AppService, the dispatcher and SQLite
// (main.mjs forks it; main itself never loads better-sqlite3).
await esbuild({
  ...common,
  entryPoints: ['electron/service-host/main.ts'],
  outfile: 'dist/electron/service-host.mjs',
  format: 'esm',
  external: ['electron', 'better-sqlite3'],
  banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
});
await esbuild({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
// The CLI and the browser-mode backend, bundled for fast start-up (bin/weft.mjs and the e2e
// fixture use these when they are newer than the sources).
const nodeBundle = {
  ...common,
  format: 'esm',
  external: ['better-sqlite3', 'electron'],
  banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
};
await esbuild({ ...nodeBundle, entryPoints: ['electron/cli/main.ts'], outfile: 'dist/cli/weft.mjs' });
await esbuild({ ...nodeBundle, entryPoints: ['electron/bridge/main.ts'], outfile: 'dist/bridge/main.mjs' });
// The worker thread of the long exchange jobs (electron/services/jobs/worker-thread.ts starts the
// `exchange-worker.mjs` beside the running bundle), so one beside each backend bundle; packaged
// with dist/** (electron-builder.yml).
for (const dir of ['dist/electron', 'dist/cli', 'dist/bridge']) {
  await esbuild({ ...nodeBundle, entryPoints: ['electron/services/jobs/exchange-worker.ts'], outfile: `${dir}/exchange-worker.mjs` });
}
if (!quiet) console.log(`built renderer and Electron bundles in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
