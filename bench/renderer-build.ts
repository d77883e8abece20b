/**
 * The renderer build the render measurement serves. Built by Vite into the benchmark's own cache
 * folder (never into dist/, which the e2e tests of other work use), one per checkout, and rebuilt
 * only when a source file is newer than the last build.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './child.js';

const SOURCES = ['renderer', 'shared', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export interface RendererBuild {
  dir: string;
  note?: string;
}

export async function ensureRendererBuild(): Promise<RendererBuild> {
  // one folder per checkout: git worktrees that share one node_modules must not build into each other's
  const checkout = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
  const cache = join(ROOT, 'node_modules', '.cache', `weft-bench-${checkout}`);
  const out = join(cache, 'renderer');
  const stampFile = join(cache, 'renderer.stamp');
  const stamp = String(Math.max(...SOURCES.map((s) => join(ROOT, s)).filter(existsSync).map(newestMtime)));
  if (existsSync(join(out, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return { dir: out };
  mkdirSync(cache, { recursive: true });
  try {
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    writeFileSync(stampFile, stamp);
    return { dir: out };
  } catch (err) {
    const fallback = join(ROOT, 'dist', 'renderer');
    const reason = (err as Error).message.split('\n')[0]!.slice(0, 200);
    if (existsSync(join(fallback, 'index.html'))) {
      return { dir: fallback, note: `the renderer did not build from the working tree (${reason}); measured the existing dist/renderer build` };
    }
    throw new Error(`the renderer did not build: ${reason}`);
  }
}
