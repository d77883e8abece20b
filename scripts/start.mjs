// `npm start`: builds, then launches Electron where its binary exists; otherwise (or with
// --browser) starts browser mode on 127.0.0.1 and prints the address to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const wantBrowser = process.argv.includes('--browser') || process.env.WEFT_BROWSER === '1';

await import('./build.mjs');

function electronBinary() {
  // electron's package downloads its binary lazily on first require; do that quietly in a child.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (probe.status !== 0) {
    const lines = `${probe.stderr}`.split('\n').filter((l) => /Electron failed|ENOTFOUND|fetch failed|Cannot find module/.test(l));
    const why = lines[0]?.trim();
    return { reason: `its binary is not installed${why ? ` and could not be fetched: ${why}` : ''}` };
  }
  try {
    const path = probe.stdout.trim() || require('electron');
    return typeof path === 'string' && existsSync(path) ? { path } : { reason: 'its binary is not installed' };
  } catch (err) {
    return { reason: String(err?.message ?? err).split('\n')[0] };
  }
}

function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (!wantBrowser) {
  const electron = electronBinary();
  if (electron.path) {
    run(electron.path, ['.']);
  } else {
    console.log(`\nElectron cannot start on this machine (${electron.reason}).`);
    console.log('Starting Weft in browser mode instead — same app, served from this computer only.');
    run(process.execPath, ['--import', 'tsx', 'electron/bridge/main.ts']);
  }
} else {
  run(process.execPath, ['--import', 'tsx', 'electron/bridge/main.ts']);
}
