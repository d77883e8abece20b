/**
 * The packaging configuration, read the way electron-builder reads it (its own loader and its own
 * schema, so a misspelt fuse fails here rather than being ignored at packaging time).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(`${ROOT}package.json`);

interface BuilderConfig {
  electronFuses?: Record<string, boolean> | null;
  npmRebuild?: boolean;
  asar?: boolean | object | null;
}
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const loadConfig = () => getConfig(ROOT, null, null);

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfiguration(await loadConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would reject a misspelt fuse (so the schema check above means something)', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('flips the Electron fuses: no Node mode, no NODE_OPTIONS, no inspector; code only from an integrity-checked app.asar; encrypted cookies', async () => {
    const { electronFuses, asar } = await loadConfig();
    expect(electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
    // onlyLoadAppFromAsar needs the app packed into app.asar (electron-builder's default).
    expect(asar).not.toBe(false);
  });

  it('never rebuilds native modules except when packaging (`npm run dist`), and CI does not package', async () => {
    expect((await loadConfig()).npmRebuild).toBe(false);
    const scripts = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).scripts as Record<string, string>;
    const rebuilding = Object.entries(scripts).filter(([, cmd]) => /npmRebuild=true/.test(cmd)).map(([name]) => name);
    expect(rebuilding).toEqual(['dist']);
    const ci = readFileSync(`${ROOT}.ci/run`, 'utf8');
    expect(ci).not.toMatch(/electron-builder|npm run dist\b/);
  });
});
