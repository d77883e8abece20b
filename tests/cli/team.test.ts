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
import { qdpxOf, text150Fold } from '../support/zip';

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

  it('prints the coefficients table with intervals (Gwet 2014 / irrCAC figures for the Krippendorff 2011 data) and adds them to JSON', () => {
    const csv = join(tempDir(), 'k2011.csv');
    writeFileSync(csv, K2011);
    const text = weft(['reliability', csv, '--level', 'ordinal']);
    expect(text.code).toBe(0);
    // irrCAC (Gwet's R package) README / weighting vignette for the same data ("cac.raw4raters"):
    // AC1 0.77544, SE 0.14295, CI (0.461, 1); Fleiss 0.76117, SE 0.15302, CI (0.424, 1); quadratic AC2 0.914, CI (0.685, 1).
    expect(text.out).toMatch(/^Gwet's AC1\s+0\.775\s+0\.818\s+0\.190\s+0\.143\s+0\.461 to 1\.000\s+12$/m);
    expect(text.out).toMatch(/^Fleiss' kappa\s+0\.761\s+0\.818\s+0\.239\s+0\.153\s+0\.424 to 1\.000\s+12$/m);
    expect(text.out).toMatch(/^Gwet's AC2 \(quadratic\)\s+0\.914\s+0\.975\s+0\.714\s+0\.104\s+0\.685 to 1\.000\s+12$/m);
    expect(text.out).toMatch(/^Fleiss' kappa \(linear\)\s+/m);
    const json = JSON.parse(weft(['reliability', csv, '--level', 'ordinal', '--json']).out);
    // existing fields unchanged
    expect(json.alpha).toBeCloseTo(0.815, 3);
    expect(json.fleissKappa).toBeNull();
    expect(json.alphaBootstrap).toBeNull();
    const ac2 = json.coefficients.find((c: { id: string; weights: string }) => c.id === 'gwet' && c.weights === 'quadratic');
    expect(ac2).toMatchObject({ name: "Gwet's AC2 (quadratic)", units: 12, confidence: 0.95, ciUpper: 1 });
    expect(ac2.value).toBeCloseTo(0.914, 3);
    expect(ac2.expectedAgreement).toBeCloseTo(0.7137044, 7);
    expect(ac2.standardError).toBeCloseTo(0.10396, 5);
  });

  it('two coders: percent agreement, Cohen, Scott, Brennan–Prediger and AC1 with po and pe', () => {
    // Work/Work 4, Work/Home 1, Home/Work 1, Home/Home 4: po = 0.8, pe (Cohen) = 0.5, κ = 0.6; BP = (0.8 − 0.5)/0.5 = 0.6;
    // AC1: π = (0.5, 0.5), pe = 2·0.25/1 = 0.5 → 0.6.
    const csv = join(tempDir(), 'two.csv');
    writeFileSync(csv, 'A;B\nWork;Work\nWork;Work\nWork;Work\nWork;Work\nWork;Home\nHome;Home\nHome;Home\nHome;Home\nHome;Home\nHome;Work\n');
    const r = JSON.parse(weft(['reliability', csv, '--json']).out);
    expect(r.coefficients.map((c: { id: string }) => c.id)).toEqual(['percent', 'cohen', 'scott', 'brennan-prediger', 'gwet']);
    for (const c of r.coefficients.slice(1)) expect(c.value).toBeCloseTo(0.6, 10);
    expect(r.coefficients[1]).toMatchObject({ observedAgreement: 0.8, units: 10 });
    expect(r.coefficients[1].expectedAgreement).toBeCloseTo(0.5, 12);
  });

  it('--bootstrap N --seed S: a reproducible interval for alpha (KALPHA algorithm), in text and JSON', () => {
    const csv = join(tempDir(), 'k2011.csv');
    writeFileSync(csv, K2011);
    const a = JSON.parse(weft(['reliability', csv, '--bootstrap', '2000', '--seed', '42', '--json']).out);
    const b = JSON.parse(weft(['reliability', csv, '--bootstrap', '2000', '--seed', '42', '--json']).out);
    expect(b.alphaBootstrap).toEqual(a.alphaBootstrap);
    expect(a.alphaBootstrap).toMatchObject({ samples: 2000, seed: 42, confidence: 0.95, pairsPerSample: 60 });
    expect(a.alphaBootstrap.lower).toBeLessThan(0.743);
    expect(a.alphaBootstrap.upper).toBeGreaterThan(0.743);
    expect(a.alphaBootstrap.belowMinimum.map((x: { minimum: number }) => x.minimum)).toEqual([0.9, 0.8, 0.7, 0.67, 0.6, 0.5]);
    const text = weft(['reliability', csv, '--bootstrap', '2000', '--seed', '42']);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`95% bootstrap interval ${a.alphaBootstrap.lower.toFixed(3)} to ${a.alphaBootstrap.upper.toFixed(3)} (2000 samples, seed 42, 60 pairs each)`);
    // the seed defaults to 1
    expect(JSON.parse(weft(['reliability', csv, '--bootstrap', '100', '--json']).out).alphaBootstrap.seed).toBe(1);
  });

  it('refuses a bad --bootstrap or --seed, and --seed alone, with exit 2', () => {
    const csv = join(tempDir(), 'k2011.csv');
    writeFileSync(csv, K2011);
    const seedAlone = weft(['reliability', csv, '--seed', '3']);
    expect(seedAlone.code).toBe(2);
    expect(seedAlone.err).toMatch(/--seed is for the bootstrap/);
    const bad = weft(['reliability', csv, '--bootstrap', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--bootstrap takes a whole number from 1 to 100,000 \(got “many”\)/);
    expect(weft(['reliability', csv, '--bootstrap', '10', '--seed', '-4']).code).toBe(2);
    expect(weft(['reliability', csv, '--bootstrap', '0']).code).toBe(2);
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

  it('counts characters as code points: an emoji is one character, a ZWJ family five (as NVivo)', () => {
    const dir = tempDir();
    const path = join(dir, 'emoji.weft');
    const text = 'Hi 👩‍👩‍👧 and 😀!'; // 15 code points, 19 UTF-16 units
    const s = ProjectSession.create(path, 'Ana');
    const doc = insertDocument(s.db, parsePlainText(text, 'UTF-8'), { name: 'Chat', sourceName: null, coderId: null });
    const ben = ensureCoder(s.db, 'Ben');
    const joy = createCode(s.db, { name: 'Joy' });
    const family = text.indexOf('👩‍👩‍👧');
    createCoding(s.db, { documentId: doc, codeId: joy.id, start: family, end: family + 8, coderId: s.coderId() });
    createCoding(s.db, { documentId: doc, codeId: joy.id, start: family, end: text.indexOf('😀') + 2, coderId: ben });
    s.close();
    const r = weft(['agreement', path, '--coders', 'Ana,Ben', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    // both = the family (5), B only = " and " + 😀 (6), neither = "Hi " + "!" (4); (5 + 4)/15 = 60 %; κ = 40/130
    expect(rows[0]).toMatchObject({ code: 'Joy', length: 15, both: 5, aOnly: 0, bOnly: 6, neither: 4, agreeingCharacters: 9 });
    expect(rows[0].percentAgreement).toBeCloseTo(60, 10);
    expect(rows[0].kappa).toBeCloseTo(4 / 13, 10);
    const overall = rows[1];
    const cohen = overall.coefficients.find((c: { id: string }) => c.id === 'cohen');
    expect(cohen.value).toBeCloseTo(4 / 13, 10);
    expect(cohen.observedAgreement).toBeCloseTo(0.6, 10);
    expect(cohen.standardError).toBeNull();
    expect(overall.coefficients.map((c: { id: string }) => c.id)).toEqual(['percent', 'cohen', 'scott', 'brennan-prediger', 'gwet']);
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

  it('--max-document-mb / --max-archive-mb: a 150-fold .qdpx is refused by a lowered cap, naming it, and nothing is merged; raised caps merge it', () => {
    const dir = tempDir();
    const file = join(dir, 'p.weft');
    ProjectSession.create(file, 'Ana').close();
    const G = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const sources = [1, 2].map((i) => `<TextSource guid="${G(i)}" name="Doc ${i}" plainTextPath="internal://${G(i)}.txt"/>`).join('');
    const qdpx = join(dir, 'huge.qdpx');
    writeFileSync(
      qdpx,
      qdpxOf(`<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Huge" origin="SomeTool 1.0"><Sources>${sources}</Sources></Project>`, {
        [`sources/${G(1)}.txt`]: text150Fold(3 * 1024 * 1024),
        [`sources/${G(2)}.txt`]: `Another text. ${text150Fold(3 * 1024 * 1024)}`, // not the same text, so not matched to the first
      }),
    );
    const documents = () => {
      const s = ProjectSession.open(file, 'Ana');
      try {
        return s.db.prepare('SELECT count(*) FROM documents').pluck().get();
      } finally {
        s.close();
      }
    };
    const doc = weft(['merge', file, qdpx, '--max-document-mb', '2']);
    expect(doc.code, doc.err).toBe(4);
    expect(doc.err).toMatch(new RegExp(`Refused: “sources/${G(1)}\\.txt” is 3\\.0 MiB uncompressed; the limit for one document is 2\\.0 MiB \\(raise it with --max-document-mb`));
    const archive = weft(['merge', file, qdpx, '--max-archive-mb', '5', '--dry-run']);
    expect(archive.code, archive.err).toBe(4);
    expect(archive.err).toMatch(/past its limit of 5\.0 MiB of extracted data \(raise it with --max-archive-mb/);
    const bad = weft(['merge', file, qdpx, '--max-archive-mb', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--max-archive-mb must be a whole number of MB from 1 to 8192 \(got “0”\)/);
    expect(documents()).toBe(0);

    const ok = weft(['merge', file, qdpx, '--max-document-mb', '200', '--max-archive-mb', '2000', '--json']);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out).added.documents).toBe(2);
    expect(documents()).toBe(2);
    expect(weft(['merge', '--help']).out).toMatch(/--max-document-mb N .*default\n\s+128, at most 1024/);
  }, 120_000);

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
