import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inferKind, parseParticipantsCsv } from './participants-csv.js';
import { ImportError } from './types.js';

const fixture = (p: string) => new Uint8Array(readFileSync(new URL(`../../tests/fixtures/coaching-study/${p}`, import.meta.url)));

const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return (err as Error).message;
  }
  throw new Error('expected an ImportError');
};

describe('participants.csv fixture', () => {
  const table = parseParticipantsCsv(fixture('participants.csv'));

  it('reads 16 participants with typed attributes', () => {
    expect(table.nameColumn).toBe('name');
    expect(table.delimiter).toBe(',');
    expect(table.rows).toHaveLength(16);
    expect(table.attributes).toEqual([
      { name: 'role', kind: 'category', values: ['coach', 'client'] },
      { name: 'age', kind: 'number', values: ['58', '47', '61', '52', '49', '56', '44', '63', '41', '38', '45', '59', '50', '36', '48', '54'] },
      { name: 'gender', kind: 'category', values: ['M', 'F'] },
    ]);
    expect(table.rows[0]).toEqual({ name: 'Dan', values: { role: 'coach', age: '58', gender: 'M' }, line: 2 });
    expect(table.rows[15]).toEqual({ name: 'Raj', values: { role: 'client', age: '54', gender: 'M' }, line: 17 });
    expect(table.rows.map((r) => r.name)).toContain('Samantha');
  });
});

describe('parseParticipantsCsv', () => {
  it('detects semicolons and tabs, and finds the name column by other common headings', () => {
    const semi = parseParticipantsCsv('Pseudonym;Site;Score\nAna;North;1,5\nBen;South;2\n');
    expect(semi.delimiter).toBe(';');
    expect(semi.nameColumn).toBe('Pseudonym');
    expect(semi.rows[0]!.values).toEqual({ Site: 'North', Score: '1,5' });
    const tab = parseParticipantsCsv('id\tgroup\nP1\tA\nP2\tA\nP3\tB\nP4\tB\n');
    expect(tab.delimiter).toBe('\t');
    expect(tab.attributes).toEqual([{ name: 'group', kind: 'category', values: ['A', 'B'] }]);
  });

  it('infers number, date, boolean, category and text', () => {
    const t = parseParticipantsCsv(
      [
        'name,age,interviewed,consent,role,quote',
        'A,34,2024-03-01,yes,coach,"Loved it, mostly"',
        'B,41.5,2024-02-29,No,coach,It was fine',
        'C,,2024-03-15T10:30:00Z,TRUE,client,Hmm',
        'D,-2,2023-12-31,n,client,',
      ].join('\n'),
    );
    expect(t.attributes.map((a) => [a.name, a.kind])).toEqual([
      ['age', 'number'],
      ['interviewed', 'date'],
      ['consent', 'boolean'],
      ['role', 'category'],
      ['quote', 'text'],
    ]);
    expect(t.rows[2]!.values.age).toBe('');
  });

  it('inferKind edge cases', () => {
    expect(inferKind([])).toBe('text');
    expect(inferKind(['', ''])).toBe('text');
    expect(inferKind(['2024-02-30'])).toBe('text'); // no such day
    expect(inferKind(['0', '1', '1'])).toBe('number');
    expect(inferKind(['a', 'b', 'c', 'd'])).toBe('text');
    expect(inferKind(['a', 'b', 'a', 'b'])).toBe('category');
  });

  it('accepts trailing empty cells some spreadsheets write, and skips blank lines', () => {
    const t = parseParticipantsCsv('name,role,\nAna,coach,\n\n,,\nBen,client,,\n');
    expect(t.rows.map((r) => r.name)).toEqual(['Ana', 'Ben']);
  });

  it('decodes bytes (Windows-1252 from Excel)', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('name,city\nRen'), 0xe9, ...new TextEncoder().encode(',Li'), 0xe8, ...new TextEncoder().encode('ge\n')]);
    expect(parseParticipantsCsv(bytes).rows[0]).toEqual({ name: 'René', values: { city: 'Liège' }, line: 2 });
  });

  it('gives clear errors', () => {
    expect(reason(() => parseParticipantsCsv('role,age\ncoach,50\n'))).toBe(
      'no name column: the first row needs a column headed “name” (or participant, pseudonym, case, speaker); the columns are: role, age',
    );
    expect(reason(() => parseParticipantsCsv('name,age\nDan,50\nNeil,53\ndan,57\n'))).toBe('the name “dan” appears twice (lines 2 and 4)');
    expect(reason(() => parseParticipantsCsv('name,role,age\nDan,coach,57\nNeil,coach\n'))).toBe('line 3 has 2 values but the header has 3 columns');
    expect(reason(() => parseParticipantsCsv('name,role\nDan,coach,57\n'))).toBe('line 2 has 3 values but the header has 2 columns');
    expect(reason(() => parseParticipantsCsv('name,role\n,coach\n'))).toBe('line 2 has no name');
    expect(reason(() => parseParticipantsCsv('name,role,Role\nA,b,c\n'))).toBe('line 1: the heading “Role” is used for two columns (2 and 3)');
    expect(reason(() => parseParticipantsCsv('name,,x\nA,b,c\n'))).toBe('line 1: column 2 has no heading');
    expect(reason(() => parseParticipantsCsv('name,role\n'))).toBe('the CSV file has a header row but no participants');
    expect(reason(() => parseParticipantsCsv('\ufeff \n'))).toBe('the CSV file is empty');
    expect(reason(() => parseParticipantsCsv('role\nx\n', { nameColumn: 'who' }))).toBe('there is no column called “who”; the columns are: role');
  });

  it('reports the line where a multi-line row starts', () => {
    expect(reason(() => parseParticipantsCsv('name,note\nA,"two\nlines"\nB\n'))).toBe('line 4 has 1 value but the header has 2 columns');
  });
});
