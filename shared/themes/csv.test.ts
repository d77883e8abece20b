import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../tests/support/temp';
import { parseThemesCsv } from './csv';

describe('themes CSV', () => {
  it('reads the seven themes and explanations of the coaching study, quoted commas included', () => {
    const { rows, problems } = parseThemesCsv(readFileSync(join(FIXTURES, 'coaching-study/themes.csv'), 'utf8'));
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(7);
    expect(rows[1]).toEqual({
      name: 'Who sets the task',
      definition: 'How activities were chosen: by the coach, by the client, or together',
      parent: null,
      status: null,
      codes: [],
      line: 3,
    });
    expect(rows.map((r) => r.name)).toContain("What's in the word?");
  });

  it('accepts a BOM, semicolons, other column names and skips blank lines', () => {
    const { rows } = parseThemesCsv('\uFEFFName;Description;Overarching theme\n\nA;first;\nB;second;A\n');
    expect(rows.map((r) => [r.name, r.definition, r.parent])).toEqual([
      ['A', 'first', null],
      ['B', 'second', 'A'],
    ]);
  });

  it('explains a missing header or name column', () => {
    expect(() => parseThemesCsv('', 'empty.csv')).toThrow(expect.objectContaining({ file: 'empty.csv', message: expect.stringMatching(/^the file is empty/) }));
    expect(() => parseThemesCsv('colour,explanation\nred,x', 'odd.csv')).toThrow(
      expect.objectContaining({ file: 'odd.csv', message: expect.stringMatching(/^there is no theme name column.*“colour”, “explanation”/) }),
    );
  });
});
