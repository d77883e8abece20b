import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../tests/support/temp';
import { CodebookCsvError, parseCodebookCsv, walkCodebook } from './csv';
import { inVivoName } from './in-vivo';

describe('parseCodebookCsv', () => {
  it('reads a two-level codebook CSV: 8 categories → 40 topics', () => {
    const text = readFileSync(join(FIXTURES, 'coaching-topics.csv'), 'utf8');
    const book = parseCodebookCsv(text);
    expect(book.roots).toHaveLength(8);
    expect(book.roots.map((r) => r.children.length)).toEqual([5, 5, 5, 5, 5, 5, 5, 5]);
    expect(book.roots.reduce((n, r) => n + r.children.length, 0)).toBe(40);
    expect(book.count).toBe(48);
    expect(book.roots[0]!.name).toBe('A. Leading people');
    expect(book.roots[0]!.children[0]!.name).toBe('Giving feedback');
    expect(book.roots[3]!.children.map((c) => c.name)).toContain('Energy and rest');
    expect(book.roots.every((r) => r.children.every((c) => c.children.length === 0))).toBe(true);
    expect(book.warnings).toEqual([]);
  });

  it('reads a flat file with a path column, fields, quotes, and rows that describe parents', () => {
    const csv = [
      'Name,Definition,Inclusion criteria,Exclusion criteria,Typical example,Colour,Path',
      'Trust,"Confidence in the other, built over time",Explicit trust talk,"Formal ""contracts""",“I knew she had my back”,#56CCF2,Relationship/Trust',
      'Rapport,,,,,,Relationship/Rapport',
      ',The coaching relationship,,,,#bb6bd9,Relationship',
      'Deep,Nested three levels,,,,,Relationship/Trust/Deep',
      'Homework,Tasks between sessions,,,,nope,',
    ].join('\r\n');
    const book = parseCodebookCsv(csv);
    expect(book.count).toBe(5);
    const paths = walkCodebook(book.roots).map((w) => w.path.join('/'));
    expect(paths).toEqual(['Relationship', 'Relationship/Trust', 'Relationship/Trust/Deep', 'Relationship/Rapport', 'Homework']);
    const rel = book.roots[0]!;
    expect(rel.definition).toBe('The coaching relationship');
    expect(rel.color).toBe('#bb6bd9');
    const trust = rel.children[0]!;
    expect(trust).toMatchObject({
      definition: 'Confidence in the other, built over time',
      inclusion: 'Explicit trust talk',
      exclusion: 'Formal "contracts"',
      example: '“I knew she had my back”',
      color: '#56ccf2',
    });
    expect(book.warnings).toEqual([expect.stringMatching(/line 6: “nope” is not a colour/)]);
  });

  it('accepts a semicolon-separated parent,code file and a plain list of names', () => {
    const book = parseCodebookCsv('Parent;Code;Description\nFeelings;Anxiety;Worry about the ward\nFeelings;Relief;\n;Other;\n');
    expect(walkCodebook(book.roots).map((w) => w.path.join('/'))).toEqual(['Feelings', 'Feelings/Anxiety', 'Feelings/Relief', 'Other']);
    expect(parseCodebookCsv('code\nA\nB\nA\n').count).toBe(2);
  });

  it('refuses files it cannot read with a specific reason', () => {
    expect(() => parseCodebookCsv('')).toThrow(CodebookCsvError);
    expect(() => parseCodebookCsv('')).toThrow(/empty/);
    expect(() => parseCodebookCsv('colour,weight\n#ffffff,3\n')).toThrow(/no column naming the codes.*accepted columns/);
    expect(() => parseCodebookCsv('name\n')).toThrow(/no codes/);
    expect(() => parseCodebookCsv('name\n"unterminated\n')).toThrow(/never closed/);
  });
});

describe('inVivoName', () => {
  it('keeps the participant’s words, trimmed and shortened at a word boundary', () => {
    expect(inVivoName('  “like being thrown in the deep end.”  ')).toBe('like being thrown in the deep end');
    expect(inVivoName('the bridge\nback to work 🌉')).toBe('the bridge back to work 🌉');
    const long = 'I felt like I knew nothing at all and everyone else seemed to know exactly what to do every single time';
    const name = inVivoName(long);
    expect(name.endsWith('…')).toBe(true);
    expect(name.length).toBeLessThanOrEqual(61);
    expect(long.startsWith(name.slice(0, -1))).toBe(true);
    expect(inVivoName('...')).toBe('');
  });
});
