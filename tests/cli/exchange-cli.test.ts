/**
 * weft export-codebook / import-codebook / export-project / import-project / extracts --format,
 * run as the real binary on real files: every format read back (xmllint, exceljs, mammoth),
 * project round trips compared with `weft summary --json`, and every real REFI-QDA sample.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../support/temp';
import { CODEBOOK_XSD, HAS_REFI, PROJECT_XSD, SAMPLES, xmllint } from '../interop/reference';
import { openQdpx } from '../../electron/refi/qdpx';
import { qdpxOf, text150Fold } from '../support/zip';
import { parseCsv } from '../../shared/csv/reader';
import { ProjectSession } from '../../electron/services/project-session';
import { buildSampleProject } from '../../electron/services/sample/build-sample';
import { codePaths, createCode, listCodes } from '../../electron/services/codes';
import { renderCodebook } from '../../electron/services/exchange/workflows';
import { extractsTable } from '../../electron/services/exchange/tables';
import { extractsCsv } from '../../shared/exchange/index';

const tempDir = useTempDir();
const run = promisify(execFile);

async function weft(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data'), WEFT_CODER: 'Ana' },
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, out: err.stdout ?? '', err: err.stderr ?? '' };
  }
}

/** Fixtures are made in-process (the commands under test are the ones spawned). */
function sample(dir: string, name = 'study.weft'): string {
  const file = join(dir, name);
  buildSampleProject(file, 'Ana').close();
  return file;
}

function withFile<T>(file: string, fn: (s: ProjectSession) => T): T {
  const s = ProjectSession.open(file, 'Ana');
  try {
    return fn(s);
  } finally {
    s.close();
  }
}

/** The code tree with every field, parents first. */
const treeOf = (file: string) =>
  withFile(file, (s) => {
    const paths = codePaths(s.db);
    return listCodes(s.db)
      .map((c) => ({ path: paths.get(c.id)!, color: c.color, definition: c.definition, inclusion: c.inclusion, exclusion: c.exclusion, example: c.example }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  });

// The machine may be busy (the CLI runs through tsx in a child process per call).
const SLOW = { timeout: 300_000 };

const summary = async (file: string) => JSON.parse((await weft(['summary', file, '--json'])).out) as Record<string, number>;

describe('weft exchange commands', SLOW, () => {
  it('every command has --help; usage errors exit 2', async () => {
    const helps = await Promise.all(['export-codebook', 'import-codebook', 'export-project', 'import-project', 'extracts'].map((c) => weft([c, '--help'])));
    for (const [i, c] of ['export-codebook', 'import-codebook', 'export-project', 'import-project', 'extracts'].entries()) {
      expect(helps[i]!.code, c).toBe(0);
      expect(helps[i]!.out).toMatch(new RegExp(`^Usage: weft ${c} `));
    }
    expect(helps[0]!.out).toMatch(/--format qdc\|csv\|xlsx\|md\|docx -o OUT/);
    expect(helps[0]!.out).toMatch(/UTF-8 with a byte order mark/);
    expect(helps[1]!.out).toMatch(/IN\.qdc\|IN\.csv/);
    expect(helps[4]!.out).toMatch(/--format csv\|xlsx -o OUT/);
    const dir = tempDir();
    const file = join(dir, 'any.weft'); // usage is checked before the project is opened
    const [noFormat, badFormat, binaryToStdout, noOut, noTarget, xlsxExtracts] = await Promise.all([
      weft(['export-codebook', file]),
      weft(['export-codebook', file, '--format', 'pdf', '-o', join(dir, 'x.pdf')]),
      weft(['export-codebook', file, '--format', 'docx']),
      weft(['export-project', file]),
      weft(['import-project', join(dir, 'x.qdpx')]),
      weft(['extracts', file, '--format', 'xlsx']),
    ]);
    expect(noFormat).toMatchObject({ code: 2 });
    expect(noFormat.err).toMatch(/give --format qdc\|csv\|xlsx\|md\|docx/);
    expect(badFormat.code).toBe(2);
    expect(badFormat.err).toMatch(/--format must be one of qdc, csv, xlsx, md, docx \(not “pdf”\)/);
    expect(binaryToStdout.code).toBe(2);
    expect(binaryToStdout.err).toMatch(/DOCX is a binary format: give the file to write with -o OUT/);
    expect(noOut.code).toBe(2);
    expect(noTarget.code).toBe(2);
    expect(noTarget.err).toMatch(/missing the new project file to create \(NEW\.weft\)/);
    expect(xlsxExtracts.code).toBe(2);
  });

  it('export-codebook writes qdc, csv, xlsx, md and docx that read back', async () => {
    const dir = tempDir();
    const file = sample(dir);
    const out = (f: string) => join(dir, `codebook.${f}`);
    const results = await Promise.all(['qdc', 'csv', 'xlsx', 'md', 'docx'].map((f) => weft(['export-codebook', file, '--format', f, '-o', out(f)])));
    for (const [i, f] of ['qdc', 'csv', 'xlsx', 'md', 'docx'].entries()) {
      expect(results[i]!.code, results[i]!.err).toBe(0);
      expect(results[i]!.out).toMatch(new RegExp(`^wrote 8 codes to .*codebook\\.${f} \\(${f}, \\d+ bytes\\)`));
    }
    // .qdc: schema-valid, with the codes
    const qdc = readFileSync(out('qdc'), 'utf8');
    if (HAS_REFI) {
      const v = xmllint(qdc, CODEBOOK_XSD);
      expect(v.output).not.toMatch(/fails to validate/);
      expect(v.ok).toBe(true);
    }
    expect(qdc).toContain('name="Feeling unprepared"');
    // CSV: BOM, CRLF, the documented header, one row per code
    const csvBytes = readFileSync(out('csv'));
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = csvBytes.toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('\ufeffpath,definition,inclusion,exclusion,example,themes,colour,codings,documents');
    const rows = parseCsv(csv, ',').map((r) => r.fields);
    expect(rows).toHaveLength(9);
    expect(rows).toContainEqual(['Challenges/Workload and time pressure', 'Too many patients, too little time, unpaid overtime, missed breaks.', '', '', '', 'Never enough time; No time to notice', '#eb5757', '4', '3']);
    // XLSX: same cells
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out('xlsx'));
    const ws = wb.getWorksheet('Codebook')!;
    expect(ws.rowCount).toBe(9);
    for (let r = 1; r <= 9; r++) {
      for (let c = 1; c <= 9; c++) expect(String(ws.getCell(r, c).value ?? ''), `row ${r} column ${c}`).toBe(rows[r - 1]![c - 1]);
    }
    // Markdown: a table row per code
    const md = readFileSync(out('md'), 'utf8');
    expect(md).toMatch(/^# Codebook — Sample study — First year on the ward\n/);
    expect(md).toContain('| Challenges/Workload and time pressure | Too many patients, too little time, unpaid overtime, missed breaks. |  |  |  | Never enough time; No time to notice | #eb5757 | 4 | 3 |');
    // DOCX: headings and fields as text
    const { value: text } = await mammoth.extractRawText({ path: out('docx') });
    expect(text).toContain('Codebook — Sample study — First year on the ward');
    expect(text).toContain('Workload and time pressure');
    expect(text).toContain('Definition: Too many patients, too little time, unpaid overtime, missed breaks.');
    expect(text).toContain('Themes: Never enough time; No time to notice');
    // text formats go to standard output without -o, identical to the file
    const stdout = await weft(['export-codebook', file, '--format', 'csv']);
    expect(stdout.code).toBe(0);
    expect(stdout.out).toBe(csv);
    // the format can come from the file name
    const inferred = await weft(['export-codebook', file, '-o', join(dir, 'by-name.md'), '--json']);
    expect(JSON.parse(inferred.out)).toMatchObject({ format: 'md', items: 8, warnings: [] });
  });

  it('import-codebook reads .qdc and .csv; a CSV export imports back as the same tree', async () => {
    const dir = tempDir();
    const file = sample(dir);
    for (const f of ['qdc', 'csv'] as const) writeFileSync(join(dir, `cb.${f}`), (await withFile(file, (s) => renderCodebook(s.db, f, 'Weft test'))).bytes);
    const a = join(dir, 'a.weft');
    const b = join(dir, 'b.weft');
    ProjectSession.create(a, 'Ana').close();
    ProjectSession.create(b, 'Ana').close();
    const [qdc, csv] = await Promise.all([weft(['import-codebook', a, join(dir, 'cb.qdc'), '--json']), weft(['import-codebook', b, join(dir, 'cb.csv')])]);
    expect(qdc.code, qdc.err).toBe(0);
    const report = JSON.parse(qdc.out);
    expect(report).toMatchObject({ format: 'qdc', imported: { codes: 8, themes: 7 }, warnings: [] });
    expect(report.created).toContain('Support/A safe person to ask');
    expect(csv.code, csv.err).toBe(0);
    expect(csv.out).toMatch(/^8 codes created, 0 already there$/m);
    const [orig, fromQdc, fromCsv] = [treeOf(file), treeOf(a), treeOf(b)];
    expect(fromCsv).toEqual(orig);
    expect(fromQdc).toEqual(orig);
    // a truncated codebook
    const whole = readFileSync(join(dir, 'cb.qdc'));
    const text = whole.toString('utf8');
    writeFileSync(join(dir, 'cut.qdc'), text.slice(0, text.lastIndexOf('</Codes>'))); // cut between elements
    const cut = await weft(['import-codebook', a, join(dir, 'cut.qdc')]);
    expect(cut.code).toBe(4);
    expect(cut.err).toMatch(/^weft import-codebook: “cut\.qdc”: The file is truncated or incomplete/);
    if (HAS_REFI) {
      // [interop] the real ATLAS.ti codebook and its truncated copy
      const atlas = await weft(['import-codebook', a, join(SAMPLES, 'atlasti-win-23.4-qdc/atlasti-23.4.0-edited-by-requal.qdc')]);
      expect(atlas.code, atlas.err).toBe(0);
      expect(atlas.out).toMatch(/codes created/);
      const truncated = await weft(['import-codebook', a, join(SAMPLES, 'atlasti-win-23.4-qdc/atlasti-23.4.0-truncated.qdc')]);
      expect(truncated.code).toBe(4);
      expect(truncated.err).toMatch(/^weft import-codebook: “atlasti-23\.4\.0-truncated\.qdc”: The file is truncated or incomplete/);
    }
  });

  it('export-project → import-project carries the sample’s recording: AudioSource in the archive, turn times, codings, media linked and ok', async () => {
    const dir = tempDir();
    const file = join(dir, 'study.weft');
    buildSampleProject(file, 'Ana', { recordingFor: file }).close();
    const docs = JSON.parse((await weft(['documents', file, '--json'])).out) as { guid: string; name: string; codings: number; media: { kind: string; status: string; path: string } | null }[];
    const withMedia = docs.filter((d) => d.media);
    expect(withMedia.length).toBeGreaterThan(0);
    const qdpx = join(dir, 'study.qdpx');
    const exp = await weft(['export-project', file, '-o', qdpx]);
    expect(exp.code, exp.err).toBe(0);
    const archive = openQdpx(qdpx);
    const xml = new TextDecoder().decode(archive.qde);
    for (const d of withMedia) {
      expect(archive.entryNames).toContain(`sources/${d.guid}.wav`);
      expect(xml).toContain(`<AudioSource guid="${d.guid}"`);
    }
    expect(xml).toMatch(/<SyncPoint guid="[0-9a-f-]{36}" timeStamp="\d+" position="\d+"\/>/);
    if (HAS_REFI) {
      const v = xmllint(archive.qde, PROJECT_XSD);
      expect(v.output).not.toMatch(/fails to validate/);
      expect(v.ok).toBe(true);
    }
    archive.close();
    const copy = join(dir, 'other', 'copy.weft');
    mkdirSync(join(dir, 'other'));
    const imp = await weft(['import-project', qdpx, copy]);
    expect(imp.code, imp.err).toBe(0);
    const after = JSON.parse((await weft(['documents', copy, '--json'])).out) as typeof docs;
    for (const d of withMedia) {
      const c = after.find((x) => x.guid === d.guid)!;
      expect(c).toMatchObject({ name: d.name, codings: d.codings, media: { kind: d.media!.kind, status: 'ok', path: expect.stringMatching(/^copy media\//) } });
    }
    const turns = (f: string) =>
      withFile(f, (s) => s.db.prepare('SELECT d.guid, t.start, t.end, t.begin_ms, t.end_ms FROM turns t JOIN documents d ON d.id = t.document_id ORDER BY d.guid, t.seq').all());
    const codingsOf = (f: string) => withFile(f, (s) => s.db.prepare('SELECT guid, start, end FROM codings ORDER BY guid').all());
    expect(turns(copy)).toEqual(turns(file));
    expect(codingsOf(copy)).toEqual(codingsOf(file));
  });

  it('export-project → import-project gives a project with the same summary; the .qde validates', async () => {
    const dir = tempDir();
    const file = sample(dir);
    const qdpx = join(dir, 'study.qdpx');
    const exp = await weft(['export-project', file, '-o', qdpx]);
    expect(exp.code, exp.err).toBe(0);
    expect(exp.out).toMatch(/^wrote the project \(3 documents\) to .*study\.qdpx \(qdpx, \d+ bytes\)/);
    const archive = openQdpx(qdpx);
    if (HAS_REFI) {
      const v = xmllint(archive.qde, PROJECT_XSD);
      expect(v.output).not.toMatch(/fails to validate/);
      expect(v.ok).toBe(true);
    }
    archive.close();

    const copy = join(dir, 'copy.weft');
    const imp = await weft(['import-project', qdpx, copy]);
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out).toMatch(/^created .*copy\.weft from .*study\.qdpx$/m);
    expect(imp.out).toMatch(/^ {2}3 documents$/m);
    expect(imp.out).toMatch(/^ {2}18 codings$/m);
    expect(imp.out).toMatch(/nothing had to be dropped or repaired/);
    expect(await summary(copy)).toEqual(await summary(file));

    // refuses to overwrite, and leaves the file as it was
    const before = readFileSync(copy);
    const again = await weft(['import-project', qdpx, copy]);
    expect(again.code).toBe(5);
    expect(again.err).toMatch(/^weft import-project: “.*copy\.weft” already exists\. Importing never overwrites a file/);
    expect(readFileSync(copy).equals(before)).toBe(true);

    // the extracts as a spreadsheet agree between the two projects (coder and all)
    const x = await weft(['extracts', copy, '--format', 'csv', '-o', join(dir, 'copy.csv')]);
    expect(x.out).toMatch(/^wrote 18 extracts to /);
    expect(readFileSync(join(dir, 'copy.csv'), 'utf8')).toBe(withFile(file, (s) => extractsCsv(extractsTable(s.db))));
  });

  it('extracts --format xlsx -o writes the participant attributes and both offset units', async () => {
    const dir = tempDir();
    const file = sample(dir);
    const out = join(dir, 'support.xlsx');
    const r = await weft(['extracts', file, '--code', 'Support', '--format', 'xlsx', '-o', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^wrote 5 extracts to /);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Extracts')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['document', 'participant', 'role', 'age', 'setting', 'code', 'themes', 'text', 'start', 'end', 'start_cp', 'end_cp', 'coder', 'time']);
    expect(ws.rowCount).toBe(6);
    const support = withFile(file, (s) => extractsTable(s.db, { codeIds: [s.db.prepare("SELECT id FROM codes WHERE name = 'Support'").pluck().get() as number] }));
    support.entries.forEach((e, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(e.document);
      expect(row.getCell(6).value).toBe(e.code);
      expect(row.getCell(8).value).toBe(e.text);
      expect(row.getCell(9).value).toBe(e.start);
      expect(row.getCell(10).value).toBe(e.end);
      expect(row.getCell(11).value).toBe(e.startCp);
      expect(row.getCell(2).value).toBe(e.participant);
      expect(row.getCell(3).value).toBe(e.attributes[0]);
    });
  });

  it.skipIf(!HAS_REFI)('import-project reads every real sample, printing counts and every dropped or repaired element [interop]', async () => {
    const dir = tempDir();
    const cases: [string, Record<string, number>, RegExp[]][] = [
      ['nvivo-win-12.6/oltas.qdpx', { documents: 1, codes: 60, codings: 97, coders: 2 }, []],
      ['nvivo-mac-15.0/nvivo_project.qdpx', { documents: 0, codes: 262 }, [/was not imported: its plain-text file is empty/]],
      ['qc-1.3.2/demo.qdpx', { documents: 2, codes: 262, codings: 205 }, []],
      ['maxqda-24.7/2025-06-16_ICLS_Conf_Themes_ALL_just10.qdpx', { documents: 10, codes: 307, sets: 2 }, []],
      ['atlasti-win-23.2/target-atlas-project.qdpx', { codes: 3, coders: 2 }, []],
      ['atlasti-win-23.2/blank-atlas-project.qdpx', { documents: 0, codes: 0 }, []],
      ['atlasti-mac-8.4/project.qde', { codes: 14, memos: 2, sets: 16 }, [/1 graph \(network views\) will not be imported/, /The picture source “cornflakes-n-milk\.jpg” was not imported/]],
    ];
    const results: Awaited<ReturnType<typeof weft>>[] = [];
    for (let i = 0; i < cases.length; i += 2) {
      results.push(...(await Promise.all(cases.slice(i, i + 2).map(([src], k) => weft(['import-project', join(SAMPLES, src), join(dir, `s${i + k}.weft`)])))));
    }
    const LABELS: Record<string, RegExp> = {
      documents: /^ {2}(\d+) documents?$/m,
      codes: /^ {2}(\d+) codes?$/m,
      codings: /^ {2}(\d+) codings?$/m,
      coders: /^ {2}(\d+) coders?$/m,
      memos: /^ {2}(\d+) memos?$/m,
      sets: /^ {2}(\d+) sets?$/m,
    };
    for (const [i, [src, counts, warnings]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, `${src}: ${r.err}`).toBe(0);
      const path = join(dir, `s${i}.weft`);
      expect(r.out).toMatch(new RegExp(`^created ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} from `, 'm'));
      for (const [k, n] of Object.entries(counts)) expect(Number(LABELS[k]!.exec(r.out)?.[1]), `${src} ${k}`).toBe(n);
      const listed = r.out.split('\n').filter((l) => l.startsWith('  - '));
      if (warnings.length === 0) {
        expect(r.out, src).toMatch(/^nothing had to be dropped or repaired$/m);
        expect(listed).toEqual([]);
      } else {
        // every warning on its own line, after a count of them
        expect(Number(/^dropped or repaired \((\d+)\):$/m.exec(r.out)?.[1]), src).toBe(listed.length);
        for (const w of warnings) expect(listed.some((l) => w.test(l)), `${src}: ${w}`).toBe(true);
      }
      // what was printed is what the new project holds
      const held = withFile(path, (s) => ({
        documents: s.db.prepare('SELECT count(*) FROM documents').pluck().get(),
        codes: s.db.prepare('SELECT count(*) FROM codes').pluck().get(),
      }));
      expect(held.documents).toBe(Number(LABELS.documents!.exec(r.out)?.[1]));
      expect(held.codes).toBe(Number(LABELS.codes!.exec(r.out)?.[1]));
    }
    expect(results[6]!.out).toMatch(/^ {2}- The picture source “cornflakes-n-milk\.jpg” was not imported: Weft imports text only \(2 codings on it were lost\)\.$/m);
  });

  it('CSV exports neutralise formulas; --no-formula-protection writes values as they are', async () => {
    const dir = tempDir();
    const file = join(dir, 'formula.weft');
    const evil = '=HYPERLINK("http://evil.example","click")';
    const s = ProjectSession.create(file, 'Ana');
    try {
      createCode(s.db, { name: evil });
    } finally {
      s.close();
    }
    const q = (v: string) => `"${v.replace(/"/g, '""')}",`;
    const cell = (out: string, expected: string) => out.split('\r\n')[1]!.slice(0, expected.length); // the first field as written
    const [on, off, reportOn, reportOff] = await Promise.all([
      weft(['export-codebook', file, '--format', 'csv']),
      weft(['export-codebook', file, '--format', 'csv', '--no-formula-protection']),
      weft(['extracts', file, '--format', 'csv']),
      weft(['extracts', file, '--format', 'csv', '--no-formula-protection']),
    ]);
    expect(on.code).toBe(0);
    expect(cell(on.out, q(`'${evil}`))).toBe(q(`'${evil}`));
    expect(parseCsv(on.out).map((r) => r.fields)[1]![0]).toBe(evil); // and Weft reads it back exactly
    expect(off.code).toBe(0);
    expect(cell(off.out, q(evil))).toBe(q(evil));
    expect(reportOn.code).toBe(0);
    expect(reportOff.code).toBe(0);
    const help = await weft(['export-codebook', '--help']);
    expect(help.out).toContain('--no-formula-protection');
  });

  it('bad input exits 4 (3 when missing) with a specific message and leaves no project file behind', async () => {
    const dir = tempDir();
    const notZip = join(dir, 'notes.qdpx');
    writeFileSync(notZip, 'these are my notes, not a project');
    const codebook = join(dir, 'codebook.qdc');
    writeFileSync(codebook, (await withFile(sample(tempDir()), (s) => renderCodebook(s.db, 'qdc', 'Weft test'))).bytes);
    const broken = join(dir, 'broken.qdpx');
    writeFileSync(broken, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 7)]));
    const [a, b, c, d] = await Promise.all([
      weft(['import-project', notZip, join(dir, 'a.weft')]),
      weft(['import-project', broken, join(dir, 'b.weft')]),
      weft(['import-project', join(dir, 'missing.qdpx'), join(dir, 'c.weft')]),
      weft(['import-project', codebook, join(dir, 'd.weft')]),
    ]);
    expect(a.code).toBe(4);
    expect(a.err).toBe('weft import-project: “notes.qdpx” is neither a REFI-QDA project archive (.qdpx, a ZIP file) nor a project XML file (.qde).\n');
    expect(b.code).toBe(4);
    expect(b.err).toMatch(/^weft import-project: “.*broken\.qdpx”: /);
    expect(c.code).toBe(3);
    expect(c.err).toMatch(/^weft import-project: “.*missing\.qdpx” does not exist\.$/m);
    expect(d.code).toBe(4);
    expect(d.err).toMatch(/is a REFI-QDA codebook|not a project/);
    expect(readdirSync(dir).filter((f) => f.includes('.weft'))).toEqual([]);

    const file = sample(dir);
    const [e, f, g] = await Promise.all([
      weft(['export-codebook', file, '--format', 'csv', '-o', join(dir, 'no-such-folder', 'x.csv')]),
      weft(['import-codebook', file, join(dir, 'notes.qdpx')]),
      weft(['export-project', join(dir, 'nothing.weft'), '-o', join(dir, 'x.qdpx')]),
    ]);
    expect(e.code).toBe(3);
    expect(e.err).toMatch(/^weft export-codebook: Cannot write “.*x\.csv”: the folder “.*no-such-folder” does not exist\.$/m);
    expect(f.code).toBe(4);
    expect(f.err).toMatch(/^weft import-codebook: Cannot import “notes\.qdpx”: there is no column naming the codes/);
    expect(g.code).toBe(3);
    expect(g.err).toMatch(/nothing\.weft” does not exist/);
    const empty = join(dir, 'empty.weft');
    ProjectSession.create(empty, 'Ana').close();
    const h = await weft(['export-codebook', empty, '--format', 'qdc', '-o', join(dir, 'empty.qdc')]);
    expect(h.code).toBe(4);
    expect(h.err).toBe('weft export-codebook: The project “empty” has no codes yet, so there is no codebook to export.\n');
    expect(existsSync(join(dir, 'empty.qdc'))).toBe(false);
  });
});

describe('weft import-project on foreign files made here (issue 15)', SLOW, () => {
  const G = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const projectXml = (name: string, sources: string) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="${name}" origin="SomeTool 1.0"><Sources>${sources}</Sources></Project>`;
  const source = (i: number) => `<TextSource guid="${G(i)}" name="Doc ${i}" plainTextPath="internal://${G(i)}.txt"/>`;
  const nameOf = (file: string) => withFile(file, (s) => s.info().name);

  it('names the project after Project@name and reads a Windows-1252 source as Windows-1252', async () => {
    const dir = tempDir();
    const input = join(dir, 'export.qdpx');
    // “Price” – 5 € in Windows-1252
    const cp1252 = new Uint8Array([0x93, 0x50, 0x72, 0x69, 0x63, 0x65, 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]);
    writeFileSync(input, qdpxOf(projectXml('Shop study “2”', source(1)), { [`sources/${G(1)}.txt`]: cp1252 }));
    const target = join(dir, 'new.weft');
    const r = await weft(['import-project', input, target]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/read as Windows-1252/);
    expect(nameOf(target)).toBe('Shop study “2”');
    expect(withFile(target, (s) => s.db.prepare('SELECT text FROM documents').pluck().get())).toBe('\u201cPrice\u201d \u2013 5 \u20ac');
  });

  it('--max-document-mb / --max-archive-mb: a 150-fold archive is refused naming the entry and the cap, nothing is written; raised, it imports', async () => {
    const dir = tempDir();
    const input = join(dir, 'huge.qdpx');
    writeFileSync(input, qdpxOf(projectXml('Huge', source(1) + source(2)), { [`sources/${G(1)}.txt`]: text150Fold(3 * 1024 * 1024), [`sources/${G(2)}.txt`]: text150Fold(3 * 1024 * 1024) }));
    const [doc, archive, bad, zero] = await Promise.all([
      weft(['import-project', input, join(dir, 'a.weft'), '--max-document-mb', '2']),
      weft(['import-project', input, join(dir, 'b.weft'), '--max-archive-mb', '5']),
      weft(['import-project', input, join(dir, 'c.weft'), '--max-document-mb', 'lots']),
      weft(['import-project', input, join(dir, 'd.weft'), '--max-archive-mb', '0']),
    ]);
    expect(doc.code).toBe(4);
    expect(doc.err).toBe(
      `weft import-project: “${input}”: Refused: “sources/${G(1)}.txt” is 3.0 MiB uncompressed; the limit for one document is 2.0 MiB (raise it with --max-document-mb, or under “Limits” in the import or merge dialog, if you trust the file).\n`,
    );
    expect(archive.code).toBe(4);
    expect(archive.err).toMatch(new RegExp(`Refused: reading “sources/${G(2)}\\.txt” \\(3\\.0 MiB\\) would take the archive past its limit of 5\\.0 MiB of extracted data \\(raise it with --max-archive-mb`));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--max-document-mb must be a whole number of MB from 1 to 1024 \(got “lots”\)/);
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/--max-archive-mb must be a whole number of MB from 1 to 8192 \(got “0”\)/);
    expect(readdirSync(dir)).toEqual(['huge.qdpx']); // no project, no temporary file

    const ok = await weft(['import-project', input, join(dir, 'ok.weft'), '--max-document-mb', '4', '--max-archive-mb', '7', '--json']);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out).imported.documents).toBe(2);
    const help = await weft(['import-project', '--help']);
    expect(help.out).toMatch(/--max-document-mb N .*default\n\s+128, at most 1024/);
  });
});
