/** `weft report` and `weft search`, run as the real binary on a project with known counts. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../../../tests/support/temp';
import { buildKnownProject } from '../../../tests/support/known-project';
import { ProjectSession } from '../../services/project-session';
import { createCoding } from '../../services/codings';

const tempDir = useTempDir();

function weft(args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data'), WEFT_CODER: 'CLI coder' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function known(): string {
  const file = join(tempDir(), 'known.weft');
  buildKnownProject(file).close();
  return file;
}

describe('weft report', () => {
  it('prints the matrix as CSV and JSON for each count', () => {
    const file = known();
    const csv = weft(['report', file, 'matrix', '--by', 'time']);
    expect(csv.code).toBe(0);
    expect(csv.out.split('\r\n')).toEqual([
      'Code,T1,T2,T3,Total',
      'Goals,3,1,1,5',
      'Goals/Setting goals,2,1,0,3',
      'Goals/Reviewing goals,1,0,0,1',
      'Homework,2,3,2,7',
      'Emotions,1,1,0,2',
      'Emotions/Anxiety,1,1,0,2',
      'Total,6,5,3,14',
      '',
    ]);
    const cases = JSON.parse(weft(['report', file, 'matrix', '--by', 'role', '--count', 'cases', '--format', 'json']).out);
    expect(cases.columns).toEqual(['coach', 'client']);
    expect(cases.data.find((r: { code: string }) => r.code === 'Homework')).toMatchObject({ counts: { coach: 2, client: 1 }, total: 3 });
    expect(cases.columnTotals).toEqual({ coach: 2, client: 2 });
    const filtered = weft(['report', file, 'matrix', '--by', 'time', '--set', 'Early sessions', '--where', 'role=client', '--by-coder', 'Main coder']);
    expect(filtered.out.split('\r\n')).toEqual(expect.arrayContaining(['Homework,1,0,0,1', 'Emotions,1,1,0,2', 'Total,2,2,0,4']));
    const pct = weft(['report', file, 'matrix', '--by', 'time', '--percent', 'row']);
    expect(pct.out).toMatch(/^Homework,28\.6,42\.9,28\.6,7\r$/m);
  });

  it('prints rankings keyed by value, in rank order, with ties', () => {
    const file = known();
    const r = weft(['report', file, 'ranking', '--by', 'time', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['T1', 'T2', 'T3']);
    expect(json.T1.map((i: { rank: number; code: string; count: number }) => [i.rank, i.code, i.count])).toEqual([
      [1, 'Goals', 3],
      [2, 'Homework', 2],
      [2, 'Setting goals', 2],
      [4, 'Anxiety', 1],
      [4, 'Emotions', 1],
      [4, 'Reviewing goals', 1],
    ]);
    expect(json.T3).toEqual([
      { rank: 1, code: 'Homework', path: 'Homework', count: 2 },
      { rank: 2, code: 'Goals', path: 'Goals', count: 1 },
    ]);
    const csv = weft(['report', file, 'ranking', '--by', 'role', '--level', 'leaves']);
    expect(csv.out.split('\r\n').slice(0, 3)).toEqual(['role,Rank,Code,Path,Count', 'coach,1,Homework,Homework,5', 'coach,2,Setting goals,Goals/Setting goals,2']);
  });

  it('prints co-occurrence by overlap, turn or paragraph without --by', () => {
    const file = known();
    const overlap = JSON.parse(weft(['report', file, 'cooccurrence', '--json']).out);
    expect(overlap.pairs).toEqual([
      { a: 'Setting goals', b: 'Reviewing goals', count: 1 },
      { a: 'Setting goals', b: 'Anxiety', count: 1 },
    ]);
    const turn = JSON.parse(weft(['report', file, 'cooccurrence', '--by', 'time', '--unit', 'turn', '--format', 'json']).out);
    expect(turn.pairs).toEqual([
      { a: 'Goals', b: 'Homework', count: 1 },
      { a: 'Setting goals', b: 'Reviewing goals', count: 1 },
      { a: 'Setting goals', b: 'Anxiety', count: 1 },
      { a: 'Homework', b: 'Anxiety', count: 1 },
    ]);
  });

  it('writes XLSX to a file', async () => {
    const file = known();
    const out = join(tempDir(), 'matrix.xlsx');
    expect(weft(['report', file, 'matrix', '--by', 'time', '--format', 'xlsx', '--output', out]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, 'Code', 'T1', 'T2', 'T3', 'Total']);
    expect(ws.getRow(5).values).toEqual([undefined, 'Homework', 2, 3, 2, 7]);
  });

  it('answers usage errors with exit 2 and unknown attributes with exit 3', () => {
    const file = known();
    expect(weft(['report', file, 'matrix']).code).toBe(2);
    expect(weft(['report', file, 'matrix', '--by', 'time', '--count', 'words']).code).toBe(2);
    const missing = weft(['report', file, 'matrix', '--by', 'colour']);
    expect(missing.code).toBe(3);
    expect(missing.err).toMatch(/no attribute called “colour”.*role \(case\), time \(document\)/);
  });

  it('ranks the sample project by a case attribute: by default the applied codes, not their category parents (issue 15)', () => {
    const file = join(tempDir(), 'sample.weft');
    expect(weft(['sample', file]).code).toBe(0);
    const ranked = (args: string[]) => {
      const json = JSON.parse(weft(['report', file, 'ranking', '--by', 'role', '--json', ...args]).out);
      expect(Object.keys(json)).toEqual(['mentor', 'new nurse']);
      return json.mentor.map((i: { rank: number; code: string; count: number }) => `${i.rank} ${i.code} ${i.count}`);
    };
    // The sample's parents (Support, Challenges) are categories never applied themselves: ranked are the leaves.
    expect(ranked([])).toEqual(['1 A safe person to ask 2', '1 Growing confidence 2', '3 Workload and time pressure 1']);
    expect(ranked(['--level', 'leaves'])).toEqual(ranked([]));
    // --level all keeps the parents with their totals
    expect(ranked(['--level', 'all'])).toEqual(['1 A safe person to ask 2', '1 Growing confidence 2', '1 Support 2', '4 Challenges 1', '4 Workload and time pressure 1']);
    expect(weft(['report', '--help']).out).toMatch(/--level all\|leaves\|top {2}which codes a ranking lists\. Default: leaves/);

    // once a parent is applied itself, the default ranks all codes (the known project's “Goals” is applied itself)
    const s = ProjectSession.open(file, 'Ana');
    const support = s.db.prepare("SELECT id FROM codes WHERE name = 'Support'").pluck().get() as number;
    const coded = s.db.prepare('SELECT document_id, start, end FROM codings k JOIN codes c ON c.id = k.code_id WHERE c.parent_id = ? LIMIT 1').get(support) as { document_id: number; start: number; end: number };
    createCoding(s.db, { documentId: coded.document_id, codeId: support, start: coded.start, end: coded.end, coderId: s.coderId() });
    s.close();
    expect(ranked([]).some((line: string) => / Support \d+$/.test(line))).toBe(true);
    expect(ranked([])).toHaveLength(5);
  });
});

describe('weft search', () => {
  it('finds hits with offsets and auto-codes them', () => {
    const file = known();
    const r = weft(['search', file, 'homework', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.total).toBe(7);
    expect(json.hits[0]).toMatchObject({ documentName: 'Session 1', match: 'homework', speaker: 'Ben' });
    const text = weft(['search', file, '"homework', 'is"']);
    expect(text.out).toMatch(/^Session 1\t\d+-\d+\t.*\[Homework is\] a habit\.$/m);

    const create = weft(['search', file, 'heavy', '--code', 'Anxiety', '--scope', 'sentence']);
    expect(create.out).toBe('1 hits: coded 1 passages (sentence) with “Anxiety”, 0 already coded\n');
    expect(JSON.parse(weft(['search', file, 'heavy', '--code', 'Emotions/Anxiety', '--scope', 'sentence', '--json']).out)).toMatchObject({ created: 0, skipped: 1 });
    const matrix = JSON.parse(weft(['report', file, 'matrix', '--by', 'time', '--json']).out);
    expect(matrix.data.find((r: { code: string }) => r.code === 'Anxiety').counts).toEqual({ T1: 1, T2: 1, T3: 1 });
  });
  it('leaves out the interviewer’s turns by default; --include-interviewer finds and codes them', () => {
    const file = known();
    // "work" is said only by the interviewer ("What did you work on?")
    expect(JSON.parse(weft(['search', file, 'work', '--json']).out)).toMatchObject({ total: 0, hits: [] });
    const all = JSON.parse(weft(['search', file, 'work', '--include-interviewer', '--json']).out);
    expect(all).toMatchObject({ total: 1, hits: [{ documentName: 'Session 1', match: 'work', speaker: 'Interviewer' }] });
    expect(weft(['search', file, 'work', '--code', 'Anxiety']).out).toBe('0 hits: coded 0 passages (hit) with “Anxiety”, 0 already coded\n');
    expect(weft(['search', file, 'work', '--code', 'Anxiety', '--include-interviewer']).out).toBe('1 hits: coded 1 passages (hit) with “Anxiety”, 0 already coded\n');
  });
});
