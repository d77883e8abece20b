// `npm run typecheck`: TypeScript over each part of the code with only the environment that part
// runs in, so a browser API in the main process or a Node API in the renderer is a type error:
//   renderer/  DOM, no Node types          electron/  Node, no DOM
//   shared/    neither (pure logic)        tsconfig.json (root)  tests, e2e, bench, root configs: Node + DOM
// It runs TypeScript 7 (the native compiler, installed as the `typescript7` alias). The plain
// `typescript` package is 6.0.x because typescript-eslint needs the JavaScript compiler API; it
// checks the same configs if run by hand (`npx tsc -p renderer/tsconfig.json`), only slower.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

export const PROJECTS = [
  ['renderer/tsconfig.json', 'renderer (DOM, no Node)'],
  ['electron/tsconfig.json', 'electron (Node, no DOM)'],
  ['shared/tsconfig.json', 'shared (no Node, no DOM)'],
  ['tsconfig.json', 'tests, e2e, bench and configs (Node + DOM)'],
];

// The package exports only package.json and its API, so find bin/tsc beside package.json.
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript7/package.json')), 'bin', 'tsc');
let failed = 0;
for (const [project, label] of PROJECTS) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty', process.env.CI ? 'false' : 'true'], { stdio: 'inherit' });
  const ok = r.status === 0;
  if (!ok) failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} typecheck ${label} (${project}, ${((Date.now() - started) / 1000).toFixed(1)}s)`);
}
process.exit(failed ? 1 : 0);
