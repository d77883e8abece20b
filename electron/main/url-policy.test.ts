import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppUrl, isOwnTopFrame } from './url-policy';

describe('window URL policy', () => {
  it('treats only app://weft pages as our own', () => {
    expect(isAppUrl('app://weft/index.html')).toBe(true);
    expect(isAppUrl('app://weft.evil/index.html')).toBe(false);
    expect(isAppUrl('app://weft@evil/index.html')).toBe(false);
    expect(isAppUrl('https://weft.example/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('IPC sender check (weft:connect and dialog:*)', () => {
  const top = (url: string) => ({ url, parent: null });

  it('answers Weft’s own page in a top-level frame', () => {
    expect(isOwnTopFrame(top('app://weft/index.html'))).toBe(true);
    expect(isOwnTopFrame(top('app://weft/index.html#/coding'))).toBe(true);
  });

  it('refuses other pages, sub-frames and frames that are gone', () => {
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://weft.evil/', 'about:blank', 'data:text/html,x', '']) {
      expect(isOwnTopFrame(top(url)), url).toBe(false);
    }
    expect(isOwnTopFrame({ url: 'app://weft/index.html', parent: top('app://weft/index.html') })).toBe(false);
    expect(isOwnTopFrame(null)).toBe(false);
    expect(isOwnTopFrame(undefined)).toBe(false);
  });
});

describe('Electron sources', () => {
  const electronDir = fileURLToPath(new URL('..', import.meta.url));
  const sources = (readdirSync(electronDir, { recursive: true }) as string[])
    .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f))
    .map((f) => ({ file: f, text: readFileSync(join(electronDir, f), 'utf8') }));

  it('register every IPC handler through the one sender check', () => {
    const registrations = sources.flatMap(({ file, text }) => [...text.matchAll(/ipcMain\.(handle|handleOnce|on|once)\(/g)].map(() => file));
    expect(registrations).toEqual([join('main', 'main.ts')]);
    const main = sources.find((s) => s.file === join('main', 'main.ts'))!.text;
    expect(main).toMatch(/ipcMain\.handle\(channel, \(event, input: unknown\) => \(isOwnTopFrame\(event\.senderFrame\)/);
  });

  it('never hand a URL to the system browser (no shell.openExternal)', () => {
    expect(sources.filter(({ text }) => /openExternal/.test(text)).map((s) => s.file)).toEqual([]);
  });
});
