/** weft merge / agreement / reliability, run as the real binary on real files. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../support/temp';
import { HAS_REFI, SAMPLES } from '../interop/reference';
import { parsePlainText } from '../../shared/import/plain-text';
import { ProjectSession, ensureCoder } from '../../electron/services/project-session';
import { insertDocument } from '../../electron/services/documents';
import { createCode } from '../../electron/services/codes';
import { createCoding } from '../../electron/services/codings';

const tempDir = useTempDir();

function weft(args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data'), WEFT_CODER: 'Ana' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability, section C: 4 observers,
// 12 units, missing values ("." in the paper, empty cells here). Published nominal α = 0.743.
const K2011 = 'unit,A,B,C,D\n1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n4,3,3,3,3\n5,2,2,2,2\n6,1,2,3,4\n7,4,4,4,4\n8,1,1,2,1\n9,2,2,2,2\n10,,5,5,5\n11,,,1,1\n12,,3,,\n';

// 100 characters.
const TEXT = 'We trusted each other from the very start, but money was tight and I worried. I felt hopeful, later.';

/** Ana and Ben code the same transcript differently (see electron/services/team/agreement.test.ts for the hand calculation). */
function codedProject(dir: string) {
  const path = join(dir, 'study.weft');
  const s = ProjectSession.create(path, 'Ana');
  const doc = insertDocument(s.db, parsePlainText(TEXT, 'UTF-8'), { name: 'Lea', sourceName: null, coderId: null });
  const ana = s.coderId();
  const ben = ensureCoder(s.db, 'Ben');
  const trust = createCode(s.db, { name: 'Trust' });
  const money = createCode(s.db, { name: 'Money' });
  const add = (coderId: number, codeId: number, start: number, end: number) => createCoding(s.db, { documentId: doc, codeId, start, end, coderId });
  add(ana, trust.id, 0, 40);
  add(ben, trust.id, 20, 60);
  add(ana, money.id, 70, 90);
  add(ben, money.id, 70, 90);
  s.close();
  return path;
}

describe('weft reliability', () => {
  it('reproduces Krippendorff (2011) α = 0.743 (nominal) from a CSV, as text and JSON', () => {
    const csv = join(tempDir(), 'k2011.csv');
    writeFileSync(csv, K2011);
    const text = weft(['reliability', csv, '--level', 'nominal']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Krippendorff's alpha \(nominal\): 0\.743/);
    expect(text.out).toMatch(/4 coders \(A, B, C, D\), 12 units/);
    const json = JSON.parse(weft(['reliability', csv, '--level', 'nominal', '--json']).out);
    expect(json.alpha).toBeCloseTo(0.743, 3);
    expect(json.pairableValues).toBe(40);
    expect(json.fleissKappa).toBeNull();
    // The other levels of the same example (section E) are checked in shared/agreement; one here for the flag.
    expect(JSON.parse(weft(['reliability', csv, '--level', 'interval', '--json']).out).alpha).toBeCloseTo(0.849, 3);
  });

  it("gives Cohen's and Fleiss' kappa for two coders without missing values", () => {
    // Work/Work 4, Work/Home 1, Home/Work 1, Home/Home 4: Cohen κ = (0.8 − 0.5)/(1 − 0.5) = 0.6.
    const csv = join(tempDir(), 'two.csv');
    writeFileSync(csv, 'A;B\nWork;Work\nWork;Work\nWork;Work\nWork;Work\nWork;Home\nHome;Home\nHome;Home\nHome;Home\nHome;Home\nHome;Work\n');
    const r = JSON.parse(weft(['reliability', csv, '--level', 'nominal', '--json']).out);
    expect(r.cohenKappa).toBeCloseTo(0.6, 10);
    expect(r.fleissKappa).toBeCloseTo(0.6, 10);
    expect(r.alpha).toBeCloseTo(0.62, 10);
  });

  it('exits 2 for usage errors, 3 for a missing file and 4 for unreadable data', () => {
    const dir = tempDir();
    const usage = weft(['reliability', 'x.csv', '--level', 'fuzzy']);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/Usage: weft reliability/);
    const missing = weft(['reliability', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(3);
    expect(missing.err).toMatch(/does not exist/);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'A,B\n1,2,3\n');
    const r = weft(['reliability', bad]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/bad\.csv: .*line 2/);
  });
});

describe('weft agreement', () => {
  it('prints percent agreement and kappa per code and document, with an overall row last in JSON', () => {
    const file = codedProject(tempDir());
    const r = weft(['agreement', file, '--coders', 'Ana,Ben', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { code: string | null; document: string | null; percentAgreement: number; kappa: number; overall?: boolean; agreeingCharacters: number }[];
    expect(rows.map((x) => [x.code, x.document])).toEqual([
      ['Money', 'Lea'],
      ['Trust', 'Lea'],
      [null, null],
    ]);
    const trust = rows[1]!;
    expect(trust.percentAgreement).toBeCloseTo(60, 10);
    expect(trust.kappa).toBeCloseTo(8 / 48, 10); // (60 − 52)/(100 − 52)
    expect(trust.agreeingCharacters).toBe(60);
    expect(rows[0]).toMatchObject({ percentAgreement: 100, kappa: 1 });
    const overall = rows[2]!;
    expect(overall.overall).toBe(true);
    // Pooled: 200 units, both 40, A only 20, B only 20, neither 120; agree 160;
    // ΣEF = 60·60/200 + 140·140/200 = 18 + 98 = 116; κ = (160 − 116)/(200 − 116) = 44/84.
    expect(overall.percentAgreement).toBeCloseTo(80, 10);
    expect(overall.kappa).toBeCloseTo(44 / 84, 10);

    const text = weft(['agreement', file, '--coders', 'Ana, Ben']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^Trust\s+Lea\s+60\.00%\s+0\.167\s+60\s+40/m);
    expect(text.out).toMatch(/^overall \(pooled\)\s+80\.00%\s+0\.524/m);
    expect(text.out).toMatch(/Segment level \(MAXQDA/);
  });

  it('names the coders there are when one is unknown, and exits 2 without --coders', () => {
    const file = codedProject(tempDir());
    const r = weft(['agreement', file, '--coders', 'Ana,Zoe']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/no coder “Zoe”.*Ana, Ben/);
    expect(weft(['agreement', file, '--coders', 'Ana']).code).toBe(2);
  });
});

describe('weft merge', () => {
  it('merges another copy, prints the summary, and adds nothing the second time', () => {
    const dir = tempDir();
    const file = codedProject(dir);
    const other = join(dir, 'copy.weft');
    copyFileSync(file, other);
    const s = ProjectSession.open(other, 'Cleo');
    const doc = s.db.prepare('SELECT id FROM documents').pluck().get() as number;
    const hope = createCode(s.db, { name: 'Hope' });
    createCoding(s.db, { documentId: doc, codeId: hope.id, start: 79, end: 93, coderId: s.coderId() });
    s.close();

    const r = weft(['merge', file, other]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Merged copy\.weft into study\.weft/m);
    expect(r.out).toMatch(/^added: +1 code, 1 coder, 1 coding$/m);
    expect(r.out).toMatch(/^already here: 4 codings$/m);
    expect(r.out).toMatch(/^new codings: +Cleo 1$/m);

    const again = JSON.parse(weft(['merge', file, other, '--json']).out);
    expect(again.added).toEqual({ documents: 0, codes: 0, coders: 0, codings: 0, cases: 0, attributes: 0, attributeValues: 0, themes: 0, sets: 0, memos: 0 });
    expect(again.alreadyPresent.codings).toBe(5);
    expect(again.reviews).toEqual([]);
    const after = ProjectSession.open(file, 'Ana');
    expect(after.db.prepare('SELECT count(*) FROM codings').pluck().get()).toBe(5);
    expect(after.db.prepare('SELECT name FROM coders ORDER BY name').pluck().all()).toEqual(['Ana', 'Ben', 'Cleo']);
    after.close();
  });

  it.skipIf(!HAS_REFI)('merges a .qdpx from another tool [interop]', () => {
    const file = join(tempDir(), 'p.weft');
    ProjectSession.create(file, 'Ana').close();
    const qdpx = join(SAMPLES, 'qc-1.3.2/demo.qdpx');
    const r = JSON.parse(weft(['merge', file, qdpx, '--json']).out);
    expect(r.format).toBe('qdpx');
    expect(r.added.codings).toBeGreaterThan(0);
    const again = JSON.parse(weft(['merge', file, qdpx, '--json']).out);
    expect(again.added.codings).toBe(0);
    expect(again.added.documents).toBe(0);
  });

  it('exits 2 without a second file and 4 when merging the project into itself', () => {
    const dir = tempDir();
    const file = codedProject(dir);
    expect(weft(['merge', file]).code).toBe(2);
    const self = weft(['merge', file, file]);
    expect(self.code).toBe(4);
    expect(self.err).toMatch(/open project itself/);
  });
});
