/**
 * The README's Keyboard table is true and complete: it is the one list of keys in the code
 * (renderer/app/keyboard.ts) row for row, every module that list names handles keys, and every
 * module of the window with a key handler is named by it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYBOARD } from '../../renderer/app/keyboard';

const root = join(__dirname, '..', '..');
const renderer = join(root, 'renderer');
/** A key handler: a React onKeyDown, or a keydown listener on the window or the document. */
const HANDLER = /onKeyDown=|addEventListener\(\s*'keydown'/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

function readmeTable(): { keys: string; action: string }[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('### Keyboard');
  expect(start, 'README has a “### Keyboard” section').toBeGreaterThan(-1);
  const lines = readme.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('| Keys | Action |'));
  const rows: { keys: string; action: string }[] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.slice(1, -1).split(' | ').map((c) => c.trim());
    expect(cells, line).toHaveLength(2);
    rows.push({ keys: cells[0]!, action: cells[1]! });
  }
  return rows;
}

describe('the keyboard table', () => {
  it('is renderer/app/keyboard.ts, row for row', () => {
    expect(readmeTable()).toEqual(KEYBOARD.map(({ keys, action }) => ({ keys, action })));
  });

  it('names only modules that handle keys, and every module with a key handler', () => {
    for (const s of KEYBOARD) {
      expect(s.handledIn.length, s.keys).toBeGreaterThan(0);
      for (const file of s.handledIn) {
        const path = join(renderer, file);
        expect(existsSync(path), `${s.keys}: renderer/${file} exists`).toBe(true);
        expect(HANDLER.test(readFileSync(path, 'utf8')), `${s.keys}: renderer/${file} has a key handler`).toBe(true);
      }
    }
    const named = new Set(KEYBOARD.flatMap((s) => s.handledIn));
    const handlers = sources(renderer)
      .filter((p) => HANDLER.test(readFileSync(p, 'utf8')))
      .map((p) => relative(renderer, p).split('\\').join('/'));
    expect(handlers.length).toBeGreaterThan(10);
    expect(handlers.filter((f) => !named.has(f)), 'modules with key handlers that the keyboard table does not name').toEqual([]);
  });
});
