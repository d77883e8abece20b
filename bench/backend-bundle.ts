/**
 * bench/backend.ts bundled into one file with esbuild, the way scripts/build.mjs bundles the
 * browser-mode backend (dist/bridge) and Electron bundles the main process: a memory figure of the
 * backend then counts the product's code, not the TypeScript loader (tsx) the other figures run
 * under (about 30 MB more at idle). Written to dist/bench/backend.mjs: two levels below the root, as
 * dist/bridge, so the bundled migrator finds migrations/ where it looks (electron/db/migrator.ts).
 * The team server figures (bench/team-server.ts) bundle `weft` the same way.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './child.js';

/**
 * Bundles `entry` (a path from the root) as scripts/build.mjs bundles the product's Node code, into
 * dist/bench/`name`; resolves to the bundle's path.
 */
export async function bundleForBench(entry: string, name: string): Promise<string> {
  const dir = join(ROOT, 'dist', 'bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, name);
  // split as scripts/build.mjs splits the backends: what only some calls need stays in chunks beside it
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    external: ['better-sqlite3', 'electron'],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
    entryPoints: { [name.replace(/\.mjs$/, '')]: join(ROOT, entry) },
    outdir: dir,
    splitting: true,
    outExtension: { '.js': '.mjs' },
  });
  return outfile;
}

export const bundleBackend = (): Promise<string> => bundleForBench('bench/backend.ts', 'backend.mjs');
