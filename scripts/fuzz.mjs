// `npm run fuzz`: the long fuzz run. Same tests as the bounded run in `npm test` (tests/fuzz/),
// with many more inputs and a fresh seed, printed so a failure can be replayed:
//   npm run fuzz -- --runs 20000 --seed 1234     (or WEFT_FUZZ_RUNS / WEFT_FUZZ_SEED)
import { spawnSync } from 'node:child_process';

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = arg('runs') ?? process.env.WEFT_FUZZ_RUNS ?? '5000';
const seed = arg('seed') ?? process.env.WEFT_FUZZ_SEED ?? String((Math.random() * 2 ** 31) | 0);
console.log(`fuzz: ${runs} inputs per reader, seed ${seed} (replay: npm run fuzz -- --runs ${runs} --seed ${seed})`);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const r = spawnSync(npx, ['vitest', 'run', 'tests/fuzz'], { stdio: 'inherit', env: { ...process.env, WEFT_FUZZ_RUNS: runs, WEFT_FUZZ_SEED: seed } });
process.exit(r.status ?? 1);
