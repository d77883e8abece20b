/**
 * Issue 18, hostile input: names refuse control and bidirectional-override characters (API) or
 * lose them with a warning (imports); codings cannot split a character; spreadsheet exports
 * neutralise formulas unless asked not to; an XLSX table with an empty heading is a VALIDATION
 * error. Everything runs through the real dispatcher on a real project file.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dispatcherOf, useProjectService } from '../../tests/support/project-service';
import { parseCsv } from '../../shared/csv/reader';

const { app, dir } = useProjectService('names.weft');
const { dispatch, ok } = dispatcherOf(app);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

async function importText(name: string, text: string): Promise<number> {
  await ok('documents.importFiles', { files: [{ name, base64: b64(text) }] });
  const docs = (await ok('documents.list', {})) as { id: number; name: string }[];
  return docs.find((d) => d.name.startsWith(name.replace(/\.txt$/, '')))!.id;
}

describe('names refuse control and bidirectional-override characters', () => {
  it('refuses them in every named thing created through the API, naming the character', async () => {
    const refused: [string, unknown, RegExp][] = [
      ['codes.create', { name: 'Trust\u0001' }, /invisible control character U\+0001/],
      ['codes.create', { name: 'evil\u202Etxt.exe' }, /U\+202E \(right-to-left override\)/],
      ['codes.create', { name: 'two\nlines' }, /line break \(U\+000A\)/],
      ['themes.create', { name: 'Theme\u0085' }, /U\+0085/],
      ['cases.create', { name: 'P\u20661' }, /U\+2066/],
      ['attributes.create', { name: 'role\u0000', scope: 'case', kind: 'text' }, /U\+0000/],
      ['attributes.create', { name: 'role', scope: 'case', kind: 'category', categories: ['a\u0007'] }, /U\+0007/],
      ['app.setCoder', { name: 'Ana\u202B' }, /U\+202B/],
    ];
    for (const [method, input, message] of refused) {
      const r = await dispatch(method, input);
      expect(r.ok, method).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message).toMatch(message);
      }
    }
    expect(await ok('codes.list', {})).toEqual([]);
    // plain names, right-to-left scripts and emoji are fine
    for (const name of ['ثقة', 'שלום', 'Café ☕', '信任', '👩‍👩‍👧 family']) expect((await ok('codes.create', { name })).name).toBe(name);
  });

  it('cleans them with a warning when a codebook CSV, a .qdc or a participants CSV brings them', async () => {
    const csv = await ok('exchange.importCodebook', { source: { name: 'book.csv', base64: b64('name,definition\n"Tr\u0001ust",ok\n"\u202Eevil",x\n') } });
    expect(csv.warnings.join('\n')).toMatch(/line 2: the code name .* contained invisible control character U\+0001; it was removed/);
    expect(csv.warnings.join('\n')).toMatch(/U\+202E/);
    const qdc = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes>
  <Code guid="11111111-1111-1111-1111-111111111111" name="Hope&#x202E;" isCodable="true"/>
  <Code guid="22222222-2222-2222-2222-222222222222" name="Fear&#9;less" isCodable="true"/>
</Codes></CodeBook>`;
    const refi = await ok('exchange.importCodebook', { source: { name: 'book.qdc', base64: b64(qdc) } });
    expect(refi.warnings.join('\n')).toMatch(/The code “Hope\[U\+202E\]” contained invisible control character U\+202E; it was removed/);
    const names = ((await ok('codes.list', {})) as { name: string }[]).map((c) => c.name).sort();
    expect(names).toEqual(['Fear less', 'Hope', 'Trust', 'evil']);

    const cases = await ok('participants.importCsv', { name: 'p.csv', base64: b64('name,ro\u0001le\nAna\u202E,coach\n') });
    expect(cases.warnings.join('\n')).toMatch(/heading of column 2/);
    const table = await ok('cases.table', {});
    expect(table.cases.map((c: { name: string }) => c.name)).toEqual(['Ana']);
    expect(table.attributes.map((a: { name: string }) => a.name)).toEqual(['role']);
  });
});

describe('a coding may not split a character', () => {
  it('refuses a start or end between a letter and its accent, inside an emoji sequence or a flag', async () => {
    const text = 'Cafe\u0301 with 👩‍👩‍👧 and 🇩🇪🇫🇷 here';
    const doc = await importText('chars.txt', text);
    const code = (await ok('codes.create', { name: 'Place' })).id;
    const e = text.indexOf('e\u0301');
    const fam = text.indexOf('👩');
    const flags = text.indexOf('🇩');
    for (const [start, end] of [
      [0, e + 1], // between e and U+0301
      [fam + 2, fam + 5], // inside the ZWJ sequence
      [flags, flags + 6], // between the two halves of the French flag
    ] as const) {
      const r = await dispatch('codings.create', { documentId: doc, codeId: code, start, end });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/falls inside a character/);
    }
    const whole = await ok('codings.create', { documentId: doc, codeId: code, start: flags, end: flags + 8 });
    expect(text.slice(whole.start, whole.end)).toBe('🇩🇪🇫🇷');
    expect((await ok('codings.create', { documentId: doc, codeId: code, start: 0, end: e + 2 })).end).toBe(e + 2);
  });
});

describe('formula protection in spreadsheet exports', () => {
  const evil = '=HYPERLINK("http://evil.example","click")';

  async function xlsxCells(base64: string): Promise<unknown[]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(base64, 'base64') as never);
    const values: unknown[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => values.push(c.value)));
    return values;
  }

  it('writes a code named like a formula as text by default, and as it is when turned off', async () => {
    await ok('codes.create', { name: evil, definition: '-2 or - a bullet' });
    const quoted = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const on = decode((await ok('exchange.exportCodebookBytes', { format: 'csv' })).base64);
    expect(on.split('\r\n')[1]).toMatch(new RegExp(`^${escapeRe(quoted(`'${evil}`))},'-2 or - a bullet,`));
    const off = decode((await ok('exchange.exportCodebookBytes', { format: 'csv', protectFormulas: false })).base64);
    expect(off.split('\r\n')[1]).toMatch(new RegExp(`^${escapeRe(quoted(evil))},-2 or - a bullet,`));
    // Weft's reader removes the quote again: the protected export reads back exactly
    expect(parseCsv(on).map((r) => r.fields)[1]!.slice(0, 2)).toEqual([evil, '-2 or - a bullet']);

    expect(await xlsxCells((await ok('exchange.exportCodebookBytes', { format: 'xlsx' })).base64)).toContain(`'${evil}`);
    const plain = await xlsxCells((await ok('exchange.exportCodebookBytes', { format: 'xlsx', protectFormulas: false })).base64);
    expect(plain).toContain(evil);
    expect(plain).not.toContain(`'${evil}`);
  });

  it('protects extracts, cases and analysis tables too', async () => {
    const doc = await importText('formula.txt', '@SUM(A1) said the client.');
    const code = (await ok('codes.create', { name: '+plus' })).id;
    await ok('codings.create', { documentId: doc, codeId: code, start: 0, end: 8 });
    const extracts = decode((await ok('exchange.exportExtractsBytes', { format: 'csv' })).base64).split('\r\n')[1]!.split(',');
    expect(extracts).toEqual(expect.arrayContaining(["'+plus", "'@SUM(A1)"]));
    await ok('cases.create', { name: '-Ana' });
    expect((await ok('cases.exportCsv', {})).csv).toContain("\r\n'-Ana\r\n");
    expect((await ok('cases.exportCsv', { protectFormulas: false })).csv).toContain('\r\n-Ana\r\n');
    const table = { name: 'T', header: ['Code'], rows: [['=1+1'], [3]] };
    expect(await xlsxCells((await ok('analysis.exportXlsx', { tables: [table] })).base64)).toEqual(['Code', "'=1+1", 3]);
  });

  it('refuses an XLSX table with an empty heading or no columns (VALIDATION, with the reason)', async () => {
    for (const header of [['Code', ''], [' '], []]) {
      const r = await dispatch('analysis.exportXlsx', { tables: [{ name: 'T', header, rows: [] }] });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message).toMatch(/heading|column/);
      }
    }
  });
});

describe('team merge cleans names from the other file', () => {
  it('drops control and bidi characters from names in an older .weft, with a warning per name', async () => {
    const { ProjectSession } = await import('./project-session');
    const { readWeftProject } = await import('./team/incoming');
    const other = join(dir(), 'other.weft');
    const s = ProjectSession.create(other, 'Ben');
    try {
      const { createCode } = await import('./codes');
      const code = createCode(s.db, { name: 'placeholder' });
      // written directly, as an older Weft (before the name rule) could have stored it
      s.db.prepare('UPDATE codes SET name = ? WHERE id = ?').run('Hope\u202E\u0001', code.id);
    } finally {
      s.close();
    }
    const incoming = readWeftProject(other, 'other.weft');
    expect(incoming.codes.map((c) => c.name)).toEqual(['Hope']);
    expect(incoming.warnings).toEqual(['In “other.weft”, the code “Hope[U+202E][U+0001]” contained invisible control characters U+202E, U+0001; they were removed']);
  });
});
