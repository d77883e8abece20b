/**
 * Spreadsheet/document exports and the exchange workflows on real project files: XLSX read back
 * with exceljs cell by cell, DOCX read with mammoth, codebook CSV and .qdc round trips, previews
 * that write nothing and say exactly what the import then does, and .qdpx → new project files.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { parseCsv } from '../../../shared/csv/reader';
import { parsePlainText } from '../../../shared/import/plain-text';
import { createDispatcher } from '../../ipc/dispatch';
import { AppService } from '../app-service';
import { linkSpeakersToCases, upsertCase } from '../cases';
import { createCode, listCodes, codePaths } from '../codes';
import { createCoding } from '../codings';
import { insertDocument } from '../documents';
import { ProjectSession } from '../project-session';
import { buildSampleProject } from '../sample/build-sample';
import { assignCode, createTheme } from '../themes';
import { historyOf } from '../undo';
import { PROJECT_XSD, CODEBOOK_XSD, HAS_REFI, SAMPLES, xmllint } from '../../../tests/interop/reference';
import { openQdpx } from '../../refi/qdpx';
import {
  importCodebookFileBytes,
  importProjectAsNewFile,
  previewProjectImport,
  renderCodebook,
  renderExtracts,
  renderProject,
} from './workflows';
import { writeUserFile } from '../../fs/user-files';
import { codebookEntries, extractsTable } from './tables';

const tempDir = useTempDir();

const TEXT = [
  'Interviewer: How was the first week? 😀',
  'Amira: Honestly, I felt like I knew nothing 🌉 at all.',
  'Ben: I trusted my mentor | from day one, "really".',
].join('\n');

/** A project with nested codes whose fields need quoting/escaping, themes, participants with attributes, astral characters. */
function fixture() {
  const s = ProjectSession.create(join(tempDir(), 'fixture.weft'), 'Ana');
  const ids = s.transaction(() => {
    upsertCase(s.db, 'Amira', { role: { value: 'nurse', kind: 'text' }, age: { value: '24', kind: 'number' } });
    upsertCase(s.db, 'Ben', { role: { value: 'mentor', kind: 'text' } });
    const doc = insertDocument(s.db, parsePlainText(TEXT, 'UTF-8'), { name: 'Ward, interviews', sourceName: null, coderId: null });
    linkSpeakersToCases(s.db, doc);
    const feelings = createCode(s.db, { name: 'Feelings', definition: 'Emotions, named or shown.', color: '#eb5757' });
    const fear = createCode(s.db, {
      name: 'Not knowing',
      parentId: feelings.id,
      definition: 'Feeling "out of depth";\nnot knowing where things are.',
      inclusion: 'Says they knew nothing',
      exclusion: '# Not a heading\nSkills they lack',
      example: 'I felt like I knew nothing',
      color: '#f2994a',
    });
    const trust = createCode(s.db, { name: 'Trust | mentors', definition: 'Trusting someone, *really*.', color: '#2d9cdb' });
    const theme = createTheme(s.db, { name: 'Thrown in' });
    assignCode(s.db, theme, fear.id);
    const theme2 = createTheme(s.db, { name: 'Being held' });
    assignCode(s.db, theme2, fear.id);
    assignCode(s.db, theme2, trust.id);
    const at = (phrase: string) => {
      const i = TEXT.indexOf(phrase);
      if (i < 0) throw new Error(phrase);
      return { start: i, end: i + phrase.length };
    };
    const coder = s.coderId();
    createCoding(s.db, { documentId: doc, codeId: fear.id, coderId: coder, ...at('I felt like I knew nothing 🌉') });
    createCoding(s.db, { documentId: doc, codeId: trust.id, coderId: coder, ...at('I trusted my mentor | from day one, "really".') });
    return { doc, feelings: feelings.id, fear: fear.id, trust: trust.id };
  });
  return { s, db: s.db, ...ids };
}

async function readSheet(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

const cellValues = (ws: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const vals = (row.values as unknown[]).slice(1);
    rows.push(vals.map((v) => (v === undefined || v === null ? '' : v)));
  });
  return rows;
};

describe('codebook exports', () => {
  it('XLSX has the CSV columns, cell by cell, with the colour as the cell fill', async () => {
    const { db } = fixture();
    const r = await renderCodebook(db, 'xlsx', 'Weft test');
    expect(r.fileName).toBe('fixture codebook.xlsx');
    expect(r.items).toBe(3);
    const wb = await readSheet(r.bytes);
    const ws = wb.getWorksheet('Codebook')!;
    const rows = cellValues(ws);
    expect(rows).toEqual([
      ['path', 'definition', 'inclusion', 'exclusion', 'example', 'themes', 'colour', 'codings', 'documents'],
      ['Feelings', 'Emotions, named or shown.', '', '', '', '', '#eb5757', 1, 1],
      [
        'Feelings/Not knowing',
        'Feeling "out of depth";\nnot knowing where things are.',
        'Says they knew nothing',
        '# Not a heading\nSkills they lack',
        'I felt like I knew nothing',
        'Thrown in; Being held',
        '#f2994a',
        1,
        1,
      ],
      ['Trust | mentors', 'Trusting someone, *really*.', '', '', '', 'Being held', '#2d9cdb', 1, 1],
    ]);
    expect(ws.getCell('H2').value).toBe(1); // counts are numbers, not text
    expect((ws.getCell('G3').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFF2994A');
    expect(ws.getRow(1).font?.bold).toBe(true);
  });

  it('DOCX opens in mammoth with a heading per code and every field', async () => {
    const { db } = fixture();
    const r = await renderCodebook(db, 'docx', 'Weft test');
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(r.bytes) });
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(lines[0]).toBe('Codebook — fixture');
    expect(lines).toContain('Feelings');
    expect(lines).toContain('Not knowing');
    expect(lines).toContain('Path: Feelings/Not knowing');
    expect(text).toContain('Definition: Feeling "out of depth";');
    expect(text).toContain('Exclusion criteria: # Not a heading');
    expect(lines).toContain('Example: I felt like I knew nothing');
    expect(lines).toContain('Themes: Thrown in; Being held');
    expect(lines).toContain('Theme: Being held');
    expect(lines).toContain('Colour: #2d9cdb');
    expect(lines).toContain('Codings: 1 in 1 document');
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(r.bytes) });
    expect(html).toContain('<h1>Feelings</h1>');
    expect(html).toContain('<h2>Not knowing</h2>');
  });

  it('Markdown and CSV are UTF-8 text with the same rows; .qdc validates against the schema', async () => {
    const { db } = fixture();
    const md = new TextDecoder().decode((await renderCodebook(db, 'md', 'Weft test')).bytes);
    expect(md).toContain('| Trust \\| mentors | Trusting someone, \\*really\\*. |  |  |  | Being held | #2d9cdb | 1 | 1 |');
    const csv = (await renderCodebook(db, 'csv', 'Weft test')).bytes;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const qdc = await renderCodebook(db, 'qdc', 'Weft test');
    if (HAS_REFI) {
      const v = xmllint(qdc.bytes, CODEBOOK_XSD);
      expect(v.output).not.toMatch(/fails to validate/);
      expect(v.ok).toBe(true);
    }
  });

  it('refuses to export an empty codebook with a clear message', async () => {
    const s = ProjectSession.create(join(tempDir(), 'Empty study.weft'), 'Ana');
    await expect(renderCodebook(s.db, 'csv', 'Weft')).rejects.toThrow('The project “Empty study” has no codes yet, so there is no codebook to export.');
    await expect(renderCodebook(s.db, 'qdc', 'Weft')).rejects.toThrow(/no codes yet/);
  });

  for (const format of ['csv', 'qdc'] as const) {
    it(`a codebook exported as ${format} imports into an empty project as the same tree with the same fields`, async () => {
      const { db } = fixture();
      const bytes = (await renderCodebook(db, format, 'Weft test')).bytes;
      const target = ProjectSession.create(join(tempDir(), 'target.weft'), 'Bo');
      const r = importCodebookFileBytes(target, `book.${format}`, bytes);
      expect(r.format).toBe(format);
      expect(r.imported.codes).toBe(3);
      expect(r.newCodes).toEqual(['Feelings', 'Feelings/Not knowing', 'Trust | mentors']);
      const tree = (d: typeof db) => {
        const paths = codePaths(d);
        return listCodes(d).map((c) => ({ path: paths.get(c.id), definition: c.definition, inclusion: c.inclusion, exclusion: c.exclusion, example: c.example, color: c.color }));
      };
      expect(tree(target.db)).toEqual(tree(db));
      if (format === 'qdc') {
        // themes travel in a .qdc (as Sets of codes)
        expect(codebookEntries(target.db).map((e) => e.themes)).toEqual([[], ['Thrown in', 'Being held'], ['Being held']]);
      }
      // importing again changes nothing
      const again = importCodebookFileBytes(target, `book.${format}`, bytes);
      expect(again.imported.codes).toBe(0);
      expect(again.matched.codes).toBe(3);
      expect(again.newCodes).toEqual([]);
    });
  }
});

describe('codebook import previews', () => {
  it('a preview writes nothing, leaves undo alone, and reports exactly what the import then does', async () => {
    const { db } = fixture();
    const qdc = (await renderCodebook(db, 'qdc', 'Weft')).bytes;
    const csv = new TextEncoder().encode('category,topic,definition\nFeelings,Relief,Letting go\nPlaces,Ward,\n');
    const target = ProjectSession.create(join(tempDir(), 'target.weft'), 'Bo');
    createCode(target.db, { name: 'Feelings' });
    const dump = () => JSON.stringify([target.db.prepare('SELECT * FROM codes').all(), target.db.prepare('SELECT * FROM themes').all(), target.db.prepare('SELECT * FROM theme_codes').all()]);
    for (const [name, bytes] of [
      ['book.qdc', qdc],
      ['book.csv', csv],
    ] as const) {
      const before = dump();
      const undoBefore = historyOf(target.db).state();
      const preview = importCodebookFileBytes(target, name, bytes, { dryRun: true });
      expect(preview.dryRun).toBe(true);
      expect(dump()).toBe(before);
      expect(historyOf(target.db).state()).toEqual(undoBefore);
      const real = importCodebookFileBytes(target, name, bytes);
      expect(real.dryRun).toBe(false);
      expect({ ...real, dryRun: true }).toEqual(preview);
      expect(dump()).not.toBe(before);
    }
    expect(codePaths(target.db).size).toBe(6); // Feelings, Not knowing, Trust | mentors, Relief, Places, Ward
  });

  it('a .qdc import is one Undo step', async () => {
    const { db } = fixture();
    const qdc = (await renderCodebook(db, 'qdc', 'Weft')).bytes;
    const target = ProjectSession.create(join(tempDir(), 'target.weft'), 'Bo');
    // as the API wrapper runs it (undo-steps.ts): one step, named by the import
    historyOf(target.db).run('Import codebook', () => importCodebookFileBytes(target, 'team.qdc', qdc));
    expect(historyOf(target.db).state().undoLabel).toBe('Import codebook team.qdc');
    historyOf(target.db).undo();
    expect(target.db.prepare('SELECT count(*) FROM codes').pluck().get()).toBe(0);
    expect(target.db.prepare('SELECT count(*) FROM themes').pluck().get()).toBe(0);
  });

  it('gives specific errors and writes nothing for bad files', () => {
    const target = ProjectSession.create(join(tempDir(), 'target.weft'), 'Bo');
    expect(() => importCodebookFileBytes(target, 'x.csv', new Uint8Array())).toThrow(expect.objectContaining({ file: 'x.csv', message: 'the file is empty (0 bytes)' }));
    expect(() => importCodebookFileBytes(target, 'x.csv', new TextEncoder().encode('weight,height\n1,2\n'))).toThrow(/no column naming the codes/);
    if (HAS_REFI) {
      expect(() => importCodebookFileBytes(target, 'cut.qdc', readFileSync(join(SAMPLES, 'atlasti-win-23.4-qdc/atlasti-23.4.0-truncated.qdc')))).toThrow(
        /^“cut\.qdc”: The file is truncated or incomplete/,
      );
    }
    expect(target.db.prepare('SELECT count(*) FROM codes').pluck().get()).toBe(0);
  });
});

describe('coded extracts', () => {
  it('has one column per participant attribute, themes, and offsets in UTF-16 and code points', () => {
    const { db } = fixture();
    const t = extractsTable(db);
    expect(t.attributes).toEqual(['role', 'age']);
    const [a, b] = t.entries;
    expect(a).toMatchObject({ document: 'Ward, interviews', participant: 'Amira', attributes: ['nurse', '24'], code: 'Feelings/Not knowing', themes: ['Thrown in', 'Being held'], text: 'I felt like I knew nothing 🌉', coder: 'Ana' });
    expect(TEXT.slice(a!.start, a!.end)).toBe(a!.text);
    expect(a!.start - a!.startCp).toBe(1); // one emoji before it in the first line
    expect(a!.end - a!.endCp).toBe(2); // and its own
    expect([...TEXT].slice(a!.startCp, a!.endCp).join('')).toBe(a!.text);
    expect(b).toMatchObject({ participant: 'Ben', attributes: ['mentor', ''], code: 'Trust | mentors', themes: ['Being held'] });
    expect(b!.start - b!.startCp).toBe(2);
  });

  it('CSV and XLSX say the same, cell by cell', async () => {
    const { db } = fixture();
    const csv = await renderExtracts(db, 'csv');
    const rows = parseCsv(new TextDecoder().decode(csv.bytes), ',').map((r) => r.fields);
    expect(rows[0]).toEqual(['document', 'participant', 'role', 'age', 'code', 'themes', 'text', 'start', 'end', 'start_cp', 'end_cp', 'coder', 'time']);
    const xlsx = await renderExtracts(db, 'xlsx');
    expect(xlsx.fileName).toBe('fixture extracts.xlsx');
    const ws = (await readSheet(xlsx.bytes)).getWorksheet('Extracts')!;
    const cells = cellValues(ws);
    expect(cells).toHaveLength(3);
    expect(cells.map((r) => r.map(String))).toEqual(rows);
    expect(typeof ws.getCell('H2').value).toBe('number');
    expect(ws.getCell('G3').value).toBe('I trusted my mentor | from day one, "really".');
  });

  it('filters like the retrieval (codes with their sub-codes)', async () => {
    const { db, feelings } = fixture();
    expect((await renderExtracts(db, 'csv', { codeIds: [feelings] })).items).toBe(1);
  });
});

describe('projects', () => {
  it('a .qdpx becomes a new project file; existing files are never overwritten; failures leave nothing', async () => {
    const dir = tempDir();
    const sample = buildSampleProject(join(dir, 'sample.weft'), 'Ana');
    const qdpx = renderProject(sample.db, 'Weft test');
    const a = openQdpx(qdpx.bytes);
    if (HAS_REFI) expect(xmllint(a.qde, PROJECT_XSD).ok).toBe(true);
    a.close();
    const src = join(dir, 'sample.qdpx');
    writeUserFile(src, qdpx.bytes);

    const listing = readdirSync(dir).sort();
    const preview = await previewProjectImport(src, 'sample.qdpx', 'Bo');
    expect(preview.projectName).toBe('Sample study — First year on the ward');
    expect(preview.origin).toBe('Weft test');
    expect(preview.suggestedFileName).toBe('Sample study — First year on the ward.weft');
    expect(readdirSync(dir).sort()).toEqual(listing); // a preview writes no file

    const r = await importProjectAsNewFile(src, 'sample.qdpx', join(dir, 'copy'), 'Bo');
    expect(r.path).toBe(join(dir, 'copy.weft'));
    expect({ imported: r.imported, matched: r.matched, warnings: r.warnings }).toEqual({ imported: preview.imported, matched: preview.matched, warnings: preview.warnings });
    const copy = ProjectSession.open(r.path, 'Bo');
    expect(copy.info().name).toBe('Sample study — First year on the ward'); // Project@name, not the file name
    const count = (d: typeof sample.db, t: string) => d.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
    for (const t of ['documents', 'codes', 'codings', 'cases', 'themes', 'memos', 'coders']) expect(count(copy.db, t), t).toBe(count(sample.db, t));
    copy.close();
    expect(readdirSync(dir).filter((f) => f.includes('importing'))).toEqual([]);

    // never overwrite
    const before = readFileSync(r.path);
    await expect(importProjectAsNewFile(src, 'sample.qdpx', r.path, 'Bo')).rejects.toThrow(/already exists\. Importing never overwrites a file/);
    expect(readFileSync(r.path).equals(before)).toBe(true);

    // a broken archive: a specific error, no file left behind
    const broken = join(dir, 'broken.qdpx');
    writeFileSync(broken, qdpx.bytes.subarray(0, qdpx.bytes.length >> 1));
    await expect(importProjectAsNewFile(broken, 'broken.qdpx', join(dir, 'broken.weft'), 'Bo')).rejects.toThrow(/broken\.qdpx/);
    expect(readdirSync(dir).filter((f) => f.startsWith('broken.weft'))).toEqual([]);
  });

  it('through the API: preview, import as new (opened), exports as bytes and to paths', async () => {
    const dir = tempDir();
    const app = new AppService({ host: 'cli', dataDir: join(dir, 'data') });
    app.openSample();
    const call = createDispatcher(app.handlers, () => {});
    const ok = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await call(m, input);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as T;
    };
    const bytes = await ok<{ base64: string; fileName: string; mimeType: string; items: number }>('exchange.exportProjectBytes', {});
    expect(bytes.fileName).toBe('Sample study — First year on the ward.qdpx');
    expect(bytes.mimeType).toBe('application/zip');
    for (const format of ['qdc', 'csv', 'xlsx', 'md', 'docx']) {
      const r = await ok<{ base64: string; fileName: string; items: number }>('exchange.exportCodebookBytes', { format });
      expect(r.fileName.endsWith(`codebook.${format}`)).toBe(true);
      expect(r.items).toBe(8);
      const file = await ok<{ path: string; size: number }>('exchange.exportCodebook', { format, path: join(dir, `cb.${format}`) });
      expect(readFileSync(file.path).length).toBe(file.size);
    }
    const ex = await ok<{ items: number }>('exchange.exportExtracts', { format: 'xlsx', path: join(dir, 'ex.xlsx') });
    expect(ex.items).toBe(18);

    const source = { name: 'upload.qdpx', base64: bytes.base64 };
    const preview = await ok<{ imported: { documents: number; codings: number }; warnings: string[] }>('exchange.previewProject', { source });
    expect(preview.imported).toMatchObject({ documents: 3, codings: 18 });
    const result = await ok<{ project: { path: string; name: string }; imported: unknown; warnings: string[] }>('exchange.importProjectAsNew', { source, target: join(dir, 'Imported study.weft') });
    expect(result.project).toMatchObject({ path: join(dir, 'Imported study.weft'), name: 'Sample study — First year on the ward' });
    expect(result.imported).toEqual(preview.imported);
    expect(app.current().path).toBe(join(dir, 'Imported study.weft'));
    const again = await call('exchange.importProjectAsNew', { source, target: join(dir, 'Imported study.weft') });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error).toMatchObject({ code: 'CONFLICT' });

    // codebook preview/import by path into the open (imported) project: everything matches
    const cb = await ok<{ imported: { codes: number }; matched: { codes: number }; dryRun: boolean }>('exchange.previewCodebook', { source: join(dir, 'cb.qdc') });
    expect(cb).toMatchObject({ dryRun: true, imported: { codes: 0 }, matched: { codes: 8 } });
    const missing = await call('exchange.importCodebook', { source: join(dir, 'nope.csv') });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.message).toMatch(/nope\.csv” does not exist/);
    app.shutdown();
  });
});
