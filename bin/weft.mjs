#!/usr/bin/env node
// The `weft` command line. `npm run build` (and npm start / npm test) bundles it into
// dist/cli/weft.mjs, which starts about three times faster; this launcher uses that bundle when it
// is newer than every source file, and otherwise runs the TypeScript sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/cli/weft.mjs`;

function newestSource(dir, limit) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (newestSource(p, limit)) return true;
    } else if (/\.(ts|sql)$/.test(entry.name) && statSync(p).mtimeMs > limit) return true;
  }
  return false;
}

function bundleIsFresh() {
  if (process.env.WEFT_CLI_FROM_SOURCE === '1' || !existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  return !['electron', 'shared', 'migrations'].some((d) => existsSync(`${root}${d}`) && newestSource(`${root}${d}`, built));
}

if (bundleIsFresh()) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/main.ts');
}
