import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, parseCsv } from './reader';
import { toCsv } from './writer';

const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CsvSyntaxError);
    return (err as Error).message;
  }
  throw new Error('expected a CsvSyntaxError');
};

describe('parseCsv (RFC 4180)', () => {
  it('handles quotes, escaped quotes, delimiters and line breaks inside quotes, CRLF and BOM', () => {
    const text = '\ufeffname,note\r\n"Smith, Ann","said ""hi""\r\ntwice"\r\nBo,plain\r\n';
    expect(parseCsv(text)).toEqual([
      { fields: ['name', 'note'], line: 1 },
      { fields: ['Smith, Ann', 'said "hi"\ntwice'], line: 2 },
      { fields: ['Bo', 'plain'], line: 4 },
    ]);
  });

  it('handles CR-only line ends, a last line without line break, and empty fields', () => {
    expect(parseCsv('a,b\rc,\r,d').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c', ''],
      ['', 'd'],
    ]);
  });

  it('reports an unclosed quote with its line', () => {
    expect(reason(() => parseCsv('name,x\nA,"open\nB,2\n', ',', 'p.csv'))).toBe('line 2: a quoted value is never closed (a " is missing)');
  });
});

describe('parseCsv: lines, delimiters, round trip', () => {
  it('gives each record the source line where it starts, counting line breaks inside quotes', () => {
    const text = 'a,b\r\n"one\r\ntwo\rthree",x\n\nlast,"q"\n';
    expect(parseCsv(text)).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['one\ntwo\nthree', 'x'], line: 2 },
      { fields: [''], line: 5 },
      { fields: ['last', 'q'], line: 6 },
    ]);
    const err = (() => {
      try {
        parseCsv('a\nb\n\n"x\ny', ',', 'f.csv');
      } catch (e) {
        return e as CsvSyntaxError;
      }
    })();
    expect(err?.line).toBe(4);
    expect(err?.file).toBe('f.csv');
  });

  it('detects comma, semicolon and tab from the header line only', () => {
    expect(detectDelimiter('a;b;c\nx,y,z,w')).toBe(';');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
  });

  it('reads back whatever the writer wrote (formula protection off)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ' ', ',', ';', '"', '\n', '\r\n', '\t', 'é', '=', '😀') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => (r[i] ?? '').replace(/\r\n/g, '\n')));
        const back = parseCsv(toCsv(table, { protectFormulas: false }), ',').map((r) => r.fields);
        expect(back).toEqual(table);
      }),
      { numRuns: 300 },
    );
  });
});
