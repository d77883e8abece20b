// `npm run bench [-- --size small|default|large] [--out FILE]`: runs the TypeScript benchmark
// (bench/main.ts) under tsx. Not part of `npm test`. See BENCHMARKS.md and the README.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (r.error) {
  console.error(`bench: could not start Node: ${r.error.message}`);
  process.exit(1);
}
process.exit(r.status ?? 1);
