/** Team-server sign-ins on this machine: one file, readable by the user only, keyed by server URL; never in a project. */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { defaultConfigDir, normalizeServerUrl, TokenStore, TOKENS_FILE } from './tokens';

const tempDir = useTempDir();

describe('sign-in tokens', () => {
  it('are kept in one file with mode 0600, keyed by the server URL as normalised', () => {
    const dir = join(tempDir(), 'config');
    const store = new TokenStore(dir);
    expect(store.get('https://weft.example.org')).toBeNull();
    store.set('https://weft.example.org/', { token: 't-ana', user: 'ana' });
    store.set('http://127.0.0.1:8080', { token: 't-local', user: 'ben' });
    const file = join(dir, TOKENS_FILE);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(store.get('https://WEFT.example.org')).toMatchObject({ token: 't-ana', user: 'ana' });
    expect(new TokenStore(dir).get('http://127.0.0.1:8080/')).toMatchObject({ token: 't-local', user: 'ben' });
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object).sort()).toEqual(['http://127.0.0.1:8080', 'https://weft.example.org']);
    expect(store.delete('https://weft.example.org')).toMatchObject({ user: 'ana' });
    expect(store.get('https://weft.example.org')).toBeNull();
    expect(store.get('http://127.0.0.1:8080')).not.toBeNull();
  });

  it('a damaged file counts as signed out everywhere and is rewritten at the next sign-in', () => {
    const dir = tempDir();
    writeFileSync(join(dir, TOKENS_FILE), '{not json');
    const store = new TokenStore(dir);
    expect(store.get('https://a.example')).toBeNull();
    store.set('https://a.example', { token: 'x', user: 'u' });
    expect(store.get('https://a.example')?.token).toBe('x');
  });

  it('WEFT_CONFIG_DIR chooses the folder', () => {
    const dir = tempDir();
    const before = process.env.WEFT_CONFIG_DIR;
    process.env.WEFT_CONFIG_DIR = dir;
    try {
      expect(defaultConfigDir()).toBe(dir);
      new TokenStore().set('https://a.example', { token: 'x', user: 'u' });
      expect(existsSync(join(dir, TOKENS_FILE))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.WEFT_CONFIG_DIR;
      else process.env.WEFT_CONFIG_DIR = before;
    }
  });

  it('server addresses: http(s) only, no credentials, query or fragment; trailing slashes dropped', () => {
    expect(normalizeServerUrl(' https://weft.example.org/team/ ')).toBe('https://weft.example.org/team');
    expect(normalizeServerUrl('http://localhost:7070')).toBe('http://localhost:7070');
    expect(() => normalizeServerUrl('weft.example.org')).toThrow(/not a server address/);
    expect(() => normalizeServerUrl('ftp://weft.example.org')).toThrow(/https:\/\//);
    expect(() => normalizeServerUrl('https://ana:secret@weft.example.org')).toThrow(/own fields/);
    expect(() => normalizeServerUrl('https://weft.example.org/?x=1')).toThrow(/after \? or #/);
    // plain HTTP only to this computer: a password never crosses a network unencrypted
    expect(() => normalizeServerUrl('http://weft.example.org/team')).toThrow(/only over https:\/\/.*use https:\/\/weft\.example\.org\/team/);
    expect(normalizeServerUrl('http://127.0.0.2:80/')).toBe('http://127.0.0.2');
    expect(normalizeServerUrl('http://[::1]:7070')).toBe('http://[::1]:7070');
  });
});
