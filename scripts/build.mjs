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
await esbuild({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
// The backends: the service host (Electron's utility process that runs the AppService, the
// dispatcher and SQLite; main.mjs forks it, main itself never loads better-sqlite3), the CLI and the
// browser-mode backend (bin/weft.mjs and the e2e fixture use these when they are newer than the
// sources), each with the worker thread of the long exchange jobs beside it
// (electron/services/jobs/worker-thread.ts starts the `exchange-worker.mjs` beside the running
// bundle); packaged with dist/** (electron-builder.yml). Split: what only some calls need (PDF,
// Word and Excel readers and writers) is in chunks beside the entry, loaded by the first call that
// needs it, so a backend starts without parsing them (about 25 MB less resident at idle; bench
// figure 12). Chunks stay in the entry's folder: modules find migrations/ and the worker relative
// to themselves.
const nodeBundle = {
  ...common,
  format: 'esm',
  external: ['better-sqlite3', 'electron'],
  banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
  splitting: true,
  outExtension: { '.js': '.mjs' },
};
const exchangeWorker = 'electron/services/jobs/exchange-worker.ts';
await esbuild({ ...nodeBundle, entryPoints: { 'service-host': 'electron/service-host/main.ts', 'exchange-worker': exchangeWorker }, outdir: 'dist/electron' });
await esbuild({ ...nodeBundle, entryPoints: { weft: 'electron/cli/main.ts', 'exchange-worker': exchangeWorker }, outdir: 'dist/cli' });
await esbuild({ ...nodeBundle, entryPoints: { main: 'electron/bridge/main.ts', 'exchange-worker': exchangeWorker }, outdir: 'dist/bridge' });
if (!quiet) console.log(`built renderer and Electron bundles in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
