#!/usr/bin/env node
// The `weft` command line. In a checkout it runs the TypeScript sources through tsx; a packaged
// build ships dist/cli/weft.mjs instead, which this file prefers when present.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundled = fileURLToPath(new URL('../dist/cli/weft.mjs', import.meta.url));
if (process.env.WEFT_CLI_FROM_SOURCE !== '1' && existsSync(bundled) && process.env.WEFT_CLI_BUNDLED === '1') {
  await import(bundled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/main.ts');
}
