import { describe, expect, it } from 'vitest';
import { parseCsv } from './reader';
import { BOM, csvField, looksLikeFormula, protectFormula, toCsv } from './writer';

describe('CSV (RFC 4180)', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('padded ')).toBe('"padded "');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField('naïve ✓ 😀')).toBe('naïve ✓ 😀');
  });

  it('starts with a BOM, ends every record with CRLF, and reads back exactly', () => {
    const rows = [
      ['h1', 'h2'],
      ['a,b', 'quote "q"'],
      ['multi\nline', ' lead'],
      ['', 'x'],
    ];
    const csv = toCsv(rows);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('h1,h2\r\n"a,b","quote ""q"""\r\n"multi\nline"," lead"\r\n,x\r\n');
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
    expect(parseCsv(csv, ',').map((r) => r.fields)).toEqual(rows);
  });
});

describe('formula protection (OWASP CSV injection)', () => {
  it('prefixes text beginning with = + - @ tab or CR with a single quote, on by default', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('- bullet')).toBe("'- bullet");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-2)).toBe('-2'); // numbers are numbers
    expect(looksLikeFormula('=1')).toBe(true);
    expect(protectFormula(5)).toBe(5);
  });

  it('reads back exactly through Weft\'s reader, quotes included', () => {
    const values = ['=1+1', "'=already quoted", "''-twice", "'plain quote", '-2', '@x', '\tlead', 'ok'];
    const csv = toCsv([values]);
    expect(csv).toContain(`'=1+1,''=already quoted,'''-twice,'plain quote,'-2,'@x,'\tlead,ok`);
    expect(parseCsv(csv).map((r) => r.fields)).toEqual([values]);
  });

  it('can be turned off, writing values exactly', () => {
    expect(csvField('=1+1', false)).toBe('=1+1');
    const csv = toCsv([['name'], ['=HYPERLINK("x")']], { protectFormulas: false, bom: false });
    expect(csv).toBe('name\r\n"=HYPERLINK(""x"")"\r\n');
    expect(toCsv([['name'], ['=HYPERLINK("x")']], { bom: false })).toBe(`name\r\n"'=HYPERLINK(""x"")"\r\n`);
  });
});
