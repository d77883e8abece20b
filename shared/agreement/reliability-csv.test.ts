import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from './krippendorff';
import { parseReliabilityCsv, ReliabilityCsvError } from './reliability-csv';

/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C data (4 observers
 * × 12 units, missing values), written the way a user would export it: one row per unit.
 */
const K2011_CSV = `unit,A,B,C,D
1,1,1,,1
2,2,2,3,2
3,3,3,3,3
4,3,3,3,3
5,2,2,2,2
6,1,2,3,4
7,4,4,4,4
8,1,1,2,1
9,2,2,2,2
10,,5,5,5
11,,,1,1
12,,3,,
`;

function errorOf(f: () => unknown): ReliabilityCsvError {
  try {
    f();
  } catch (e) {
    if (e instanceof ReliabilityCsvError) return e;
    throw e;
  }
  throw new Error('expected a ReliabilityCsvError');
}

describe('parseReliabilityCsv', () => {
  it('reads the Krippendorff (2011) example and reproduces its published alphas', () => {
    const interval = parseReliabilityCsv(K2011_CSV, 'interval');
    expect(interval.coders).toEqual(['A', 'B', 'C', 'D']);
    expect(interval.units).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(interval.unitColumn).toBe('unit');
    expect(interval.data[0]).toEqual([1, 1, null, 1]);
    expect(interval.data[11]).toEqual([null, 3, null, null]);
    expect(interval.lines[0]).toBe(2);
    expect(krippendorffAlpha(interval.data, 'interval').alpha).toBeCloseTo(0.849, 3);

    const nominal = parseReliabilityCsv(K2011_CSV, 'nominal');
    expect(nominal.data[0]).toEqual(['1', '1', null, '1']);
    expect(krippendorffAlpha(nominal.data, 'nominal').alpha).toBeCloseTo(0.743, 3);

    const ordinal = parseReliabilityCsv(K2011_CSV, 'ordinal');
    expect(ordinal.order).toEqual([1, 2, 3, 4, 5]);
    expect(ordinal.notes[0]).toMatch(/ranked numerically/);
    expect(krippendorffAlpha(ordinal.data, 'ordinal', { order: ordinal.order! }).alpha).toBeCloseTo(0.815, 3);

    const ratio = parseReliabilityCsv(K2011_CSV, 'ratio');
    expect(krippendorffAlpha(ratio.data, 'ratio').alpha).toBeCloseTo(0.797, 3);
  });

  it('accepts "id" as the label column, in any case, and works without a label column', () => {
    const withId = parseReliabilityCsv(' ID ,ann,ben\nq1,x,y\n', 'nominal');
    expect(withId.unitColumn).toBe('ID');
    expect(withId.units).toEqual(['q1']);
    const bare = parseReliabilityCsv('ann,ben\nx,y\nx,x\n', 'nominal');
    expect(bare.unitColumn).toBeNull();
    expect(bare.coders).toEqual(['ann', 'ben']);
    expect(bare.units).toEqual(['1', '2']);
  });

  it('treats empty and blank cells as missing, trims values, skips blank lines, strips a BOM, reads CRLF', () => {
    const p = parseReliabilityCsv('\uFEFFunit,a,b\r\n1, yes ,  \r\n\r\n2,,no\r\n', 'nominal');
    expect(p.data).toEqual([
      ['yes', null],
      [null, 'no'],
    ]);
    expect(p.lines).toEqual([2, 4]);
  });

  it('handles quoted cells with delimiters, quotes and line breaks, keeping line numbers right', () => {
    const p = parseReliabilityCsv('unit,a,b\n1,"x, y","say ""hi"""\n"multi\nline",p,q\n3,r,\n', 'nominal');
    expect(p.data[0]).toEqual(['x, y', 'say "hi"']);
    expect(p.units[1]).toBe('multi\nline');
    expect(p.lines).toEqual([2, 3, 5]);
  });

  it('detects semicolon and tab delimiters', () => {
    expect(parseReliabilityCsv('unit;a;b\n1;2.5;3\n', 'interval').data).toEqual([[2.5, 3]]);
    expect(parseReliabilityCsv('a\tb\n1\t2\n', 'interval').data).toEqual([[1, 2]]);
    expect(parseReliabilityCsv('a;b\n1;2\n', 'interval', { delimiter: ';' }).delimiter).toBe(';');
  });

  it('ranks non-numeric ordinal values by first appearance and says so', () => {
    const p = parseReliabilityCsv('unit,a,b\n1,low,mid\n2,high,high\n3,mid,low\n', 'ordinal');
    expect(p.order).toEqual(['low', 'mid', 'high']);
    expect(p.notes[0]).toMatch(/first appearance.*low < mid < high/);
  });

  it('takes an explicit ordinal order and rejects values outside it, naming the line', () => {
    const p = parseReliabilityCsv('unit,a,b\n1,high,mid\n2,low,low\n', 'ordinal', { order: ['low', 'mid', 'high'] });
    expect(p.order).toEqual(['low', 'mid', 'high']);
    expect(p.notes).toEqual([]);
    const e = errorOf(() => parseReliabilityCsv('unit,a,b\n1,high,mid\n2,low,huge\n', 'ordinal', { order: ['low', 'mid', 'high'] }));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/line 3: coder "b" has "huge", which is not in the given ordinal order/);
  });

  it('mixed numeric and text ordinal values are all kept as text', () => {
    const p = parseReliabilityCsv('a,b\n1,2\nn/a,1\n', 'ordinal');
    expect(p.data).toEqual([
      ['1', '2'],
      ['n/a', '1'],
    ]);
    expect(p.order).toEqual(['1', '2', 'n/a']);
  });

  it('rejects non-numeric values for interval and ratio, naming the line and coder', () => {
    const e = errorOf(() => parseReliabilityCsv('unit,ann,ben\n1,2,3\n2,4,four\n', 'interval'));
    expect(e.line).toBe(3);
    expect(e.message).toBe('line 3: coder "ben" has "four", which is not a number; the interval level needs numbers');
    expect(errorOf(() => parseReliabilityCsv('a,b\n2,5\n2,5\n"2,5",1\n', 'ratio')).message).toMatch(/line 4: .*decimals with a point/);
    expect(errorOf(() => parseReliabilityCsv('a,b\n1,-2\n', 'ratio')).message).toMatch(/line 2: .*≥ 0/);
  });

  it('rejects ragged rows, naming the line', () => {
    const e = errorOf(() => parseReliabilityCsv('unit,a,b\n1,x,y\n2,x\n', 'nominal'));
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/line 3: this row has 2 cells but the header has 3/);
    expect(errorOf(() => parseReliabilityCsv('a,b\nx,y,z\n', 'nominal')).message).toMatch(/line 2: this row has 3 cells/);
  });

  it('rejects bad headers and empty files', () => {
    expect(errorOf(() => parseReliabilityCsv('', 'nominal')).message).toBe('the CSV is empty');
    expect(errorOf(() => parseReliabilityCsv('\n\n', 'nominal')).message).toBe('the CSV is empty');
    expect(errorOf(() => parseReliabilityCsv('unit\n1\n', 'nominal')).message).toMatch(/line 1: the header names no coder columns/);
    expect(errorOf(() => parseReliabilityCsv('unit,a,a\n1,x,y\n', 'nominal')).message).toMatch(/coder "a" appears twice/);
    expect(errorOf(() => parseReliabilityCsv('unit,a,\n1,x,y\n', 'nominal')).message).toMatch(/column 3 of the header has no coder name/);
    expect(errorOf(() => parseReliabilityCsv('unit,a,b\n', 'nominal')).message).toMatch(/no rows of data/);
  });

  it('rejects an unclosed quote, naming the line where it opened', () => {
    const e = errorOf(() => parseReliabilityCsv('a,b\nx,"y\nz\n', 'nominal'));
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/never closed/);
  });

  it('reads a single coder column (the report, not the parser, refuses it)', () => {
    expect(parseReliabilityCsv('unit,solo\n1,x\n', 'nominal').coders).toEqual(['solo']);
  });
});
