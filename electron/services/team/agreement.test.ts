/**
 * Agreement glue on a real project file: two coders code the same transcript differently, and
 * the report must show the values worked out by hand below.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { parsePlainText } from '../../../shared/import/plain-text';
import { krippendorffAlpha } from '../../../shared/agreement';
import { ProjectSession, ensureCoder } from '../project-session';
import { insertDocument } from '../documents';
import { createCode } from '../codes';
import { createCoding } from '../codings';
import { agreementReport, binaryAlphaFromCounts, NOT_CODED, reliabilityFromCsv, unitAgreement } from './agreement';

const tempDir = useTempDir();

// Exactly 100 characters, no speaker turns.
const TEXT = 'We trusted each other from the very start, but money was tight and I worried. I felt hopeful, later.';

function twoCoders() {
  const s = ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');
  const doc = insertDocument(s.db, parsePlainText(TEXT, 'UTF-8'), { name: 'Lea', sourceName: null, coderId: null });
  const ana = s.coderId();
  const ben = ensureCoder(s.db, 'Ben');
  const trust = createCode(s.db, { name: 'Trust' });
  const money = createCode(s.db, { name: 'Money' });
  const hope = createCode(s.db, { name: 'Hope' });
  const add = (coderId: number, codeId: number, start: number, end: number) => createCoding(s.db, { documentId: doc, codeId, start, end, coderId });
  add(ana, trust.id, 0, 40); // A: 0–40
  add(ben, trust.id, 20, 60); // B: 20–60
  add(ana, money.id, 70, 90); // both: 70–90
  add(ben, money.id, 70, 90);
  add(ben, hope.id, 90, 100); // B only
  return { s, doc, ana, ben, trust, money, hope };
}

describe('agreementReport (character level, NVivo)', () => {
  it('reproduces kappa and percentage agreement worked out by hand', () => {
    expect(TEXT.length).toBe(100);
    const { s, ana, ben } = twoCoders();
    const r = agreementReport(s.db, { coderA: ana, coderB: ben });
    expect(r.coderA.name).toBe('Ana');
    expect(r.coderB.name).toBe('Ben');
    const row = (code: string) => r.character.rows.find((x) => x.code === code)!;

    // Trust: both 20 (20–40), A only 20, B only 20, neither 40.
    // Agreement (20 + 40) / 100 = 60 %. EF1 = 40·40/100 = 16, EF2 = 60·60/100 = 36, ΣEF = 52.
    // K = (60 − 52) / (100 − 52) = 8/48 = 0.1667.
    expect(row('Trust')).toMatchObject({ document: 'Lea', length: 100, both: 20, aOnly: 20, bOnly: 20, neither: 40, agreeingCharacters: 60, disagreeingCharacters: 40 });
    expect(row('Trust').percentAgreement).toBeCloseTo(60, 10);
    expect(row('Trust').kappa).toBeCloseTo(8 / 48, 10);

    // Money: identical 20 characters. EF1 = 4, EF2 = 64, K = (100 − 68)/(100 − 68) = 1.
    expect(row('Money')).toMatchObject({ both: 20, aOnly: 0, bOnly: 0, neither: 80, percentAgreement: 100, kappa: 1, degenerate: null });

    // Hope: only B, 10 characters. Agreement 90 %; EF1 = 0, EF2 = 100·90/100 = 90; K = (90 − 90)/(100 − 90) = 0.
    expect(row('Hope')).toMatchObject({ both: 0, bOnly: 10, neither: 90, percentAgreement: 90 });
    expect(row('Hope').kappa).toBeCloseTo(0, 12);

    // Overall, pooled table: 300 units; both 40, A only 20, B only 30, neither 210; agree 250.
    // EF1 = 60·70/300 = 14, EF2 = 240·230/300 = 184, ΣEF = 198; K = (250 − 198)/(300 − 198) = 52/102.
    const o = r.character.overall!;
    expect(o).toMatchObject({ both: 40, aOnly: 20, bOnly: 30, neither: 210, agreeingCharacters: 250, disagreeingCharacters: 50, rows: 3 });
    expect(o.percentAgreement).toBeCloseTo(250 / 3, 10);
    expect(o.kappa).toBeCloseTo(52 / 102, 10);
    expect(o.meanKappa).toBeCloseTo((8 / 48 + 1 + 0) / 3, 10);
    expect(r.character.byDocument).toHaveLength(1);
    expect(r.character.byDocument[0]!.kappa).toBeCloseTo(52 / 102, 10);
    expect(r.character.byCode.find((c) => c.code === 'Trust')!.kappa).toBeCloseTo(8 / 48, 10);
    // The coefficients on the pooled table: Cohen's equals the pooled kappa; po = 250/300; no intervals.
    const coef = Object.fromEntries(r.character.coefficients.map((c) => [c.id, c]));
    expect(coef.cohen!.value).toBeCloseTo(52 / 102, 10);
    expect(coef.cohen!.observedAgreement).toBeCloseTo(250 / 300, 10);
    expect(coef.cohen!.expectedAgreement).toBeCloseTo(198 / 300, 10);
    expect(coef['brennan-prediger']!.value).toBeCloseTo((250 / 300 - 0.5) / 0.5, 10);
    expect(coef.cohen!.standardError).toBeNull();

    // Segment level (MAXQDA, 90 % overlap): Trust overlaps 20/60 = 33 % → 2 non-agreements;
    // Money agrees (2 agreements); Hope: 1 non-agreement. P_o = 2/5, k = 3, P_c = 1/3,
    // kappa = (0.4 − 1/3)/(1 − 1/3) = 0.1.
    expect(r.segment.total).toMatchObject({ agreements: 2, nonAgreements: 3, total: 5 });
    expect(r.segment.total.percentAgreement).toBeCloseTo(40, 10);
    expect(r.segment.categories).toBe(3);
    expect(r.segment.kappa).toBeCloseTo(0.1, 10);

    // With a 30 % threshold Trust's two segments agree too: P_o = 4/5, kappa = (0.8 − 1/3)/(2/3) = 0.7.
    expect(agreementReport(s.db, { coderA: ana, coderB: ben, minOverlapPercent: 30 }).segment.kappa).toBeCloseTo(0.7, 10);

    // Alpha over characters × codes: n = 600, n₁ = 2·40 + 50 = 130, n₀ = 2·210 + 50 = 470,
    // α = 1 − 599·100 / (2·130·470).
    expect(r.characterAlpha).toBeCloseTo(1 - (599 * 100) / (2 * 130 * 470), 10);
    s.close();
  });

  it('restricts to chosen codes and refuses the same coder twice', () => {
    const { s, ana, ben, money } = twoCoders();
    const r = agreementReport(s.db, { coderA: ana, coderB: ben, codeIds: [money.id] });
    expect(r.character.rows.map((x) => x.code)).toEqual(['Money']);
    expect(r.character.overall!.kappa).toBe(1);
    expect(() => agreementReport(s.db, { coderA: ana, coderB: ana })).toThrow(/different coders/);
    expect(() => agreementReport(s.db, { coderA: ana, coderB: 999 })).toThrow(/no coder with id 999/);
    s.close();
  });

  it('binary alpha from a 2×2 table equals Krippendorff’s alpha on the expanded units', () => {
    const t = { both: 7, aOnly: 3, bOnly: 5, neither: 25 };
    const data = [
      ...Array.from({ length: t.both }, () => [1, 1]),
      ...Array.from({ length: t.aOnly }, () => [1, 0]),
      ...Array.from({ length: t.bOnly }, () => [0, 1]),
      ...Array.from({ length: t.neither }, () => [0, 0]),
    ];
    expect(binaryAlphaFromCounts(t).alpha).toBeCloseTo(krippendorffAlpha(data, 'nominal').alpha!, 12);
    // Krippendorff (2011), section A: binary data, two observers, 10 units; published α = 0.095.
    expect(binaryAlphaFromCounts({ both: 1, aOnly: 1, bOnly: 3, neither: 5 }).alpha).toBeCloseTo(0.095, 3);
    expect(binaryAlphaFromCounts({ both: 0, aOnly: 0, bOnly: 0, neither: 10 }).alpha).toBeNull();
  });
});

describe('unitAgreement (predefined units: speaker turns)', () => {
  // Ten answers; each coder codes each answer (speaker turn) with one topic.
  const A = ['Work', 'Work', 'Work', 'Work', 'Work', 'Home', 'Home', 'Home', 'Home', 'Home'];
  const B = ['Work', 'Work', 'Work', 'Work', 'Home', 'Home', 'Home', 'Home', 'Home', 'Work'];

  function turnsProject() {
    const s = ProjectSession.create(join(tempDir(), 't.weft'), 'Ana');
    const text = Array.from({ length: 11 }, (_, i) => `Interviewer: Question ${i + 1}?\n\nLea: This is answer number ${i + 1}.`).join('\n\n');
    const doc = insertDocument(s.db, parsePlainText(text, 'UTF-8'), { name: 'Lea', sourceName: null, coderId: null });
    const ana = s.coderId();
    const ben = ensureCoder(s.db, 'Ben');
    const work = createCode(s.db, { name: 'Work' });
    const home = createCode(s.db, { name: 'Home' });
    const id = { Work: work.id, Home: home.id } as Record<string, number>;
    const answers = s.db
      .prepare("SELECT t.start, t.end FROM turns t JOIN speakers p ON p.id = t.speaker_id WHERE p.label = 'Lea' ORDER BY t.seq")
      .all() as { start: number; end: number }[];
    expect(answers).toHaveLength(11);
    answers.slice(0, 10).forEach((t, i) => {
      createCoding(s.db, { documentId: doc, codeId: id[A[i]!]!, start: t.start, end: t.end, coderId: ana });
      // Ben selects a little less than the whole turn: still his code for the unit.
      createCoding(s.db, { documentId: doc, codeId: id[B[i]!]!, start: t.start + 5, end: t.end - 1, coderId: ben });
    });
    // The 11th answer only Ana coded.
    createCoding(s.db, { documentId: doc, codeId: work.id, start: answers[10]!.start, end: answers[10]!.end, coderId: ana });
    return { s, ana, ben };
  }

  it('derives each coder’s topic per turn and gives Cohen’s and Fleiss’ kappa and alpha worked out by hand', () => {
    const { s, ana, ben } = turnsProject();
    const r = unitAgreement(s.db, { coderIds: [ana, ben], skipInterviewer: false });
    expect(r.unitKind).toBe('speaker turns');
    expect(r.units).toBe(22); // 11 questions + 11 answers
    expect(r.codedUnits).toBe(11);
    // Agreement table: Work/Work 4, Work/Home 1, Home/Work 1, Home/Home 4 (the 11th unit has one value: left out).
    // Cohen: P_o = 0.8, P_e = 0.5·0.5 + 0.5·0.5 = 0.5, κ = 0.3/0.5 = 0.6. Fleiss (2 raters): also 0.6.
    expect(r.cohenKappa).toBeCloseTo(0.6, 10);
    // Alpha: n = 20 pairable values, o_WH = o_HW = 2, n_W = n_H = 10: α = 1 − 19·4/(2·10·10) = 0.62.
    expect(r.alpha).toBeCloseTo(0.62, 10);
    // Fleiss needs every coded unit to have the same number of values: the 11th has one.
    expect(r.fleissKappa).toBeNull();
    expect(r.fleissKappaReason).toMatch(/different numbers of coders/);
    expect(r.sample[0]).toMatchObject({ unit: 'turn 2 (Lea)', values: ['Work', 'Work'] });
    // The coefficients table on the same 10 units: percent 0.8, Cohen 0.6 with a standard error.
    const cohen = r.coefficients.find((c) => c.id === 'cohen')!;
    expect(cohen).toMatchObject({ units: 10, observedAgreement: 0.8 });
    expect(cohen.value).toBeCloseTo(0.6, 10);
    expect(cohen.standardError).toBeGreaterThan(0);

    // "Not coded" as a category: the 11th unit becomes Work vs (not coded), and the questions
    // (nobody coded them) become agreements on "(not coded)".
    const cat = unitAgreement(s.db, { coderIds: [ana, ben], uncoded: 'category', skipInterviewer: true });
    expect(cat.units).toBe(11 + 11); // no speaker is marked as interviewer in a plain-text import
    expect(cat.sample.at(-1)!.values).toEqual(['Work', NOT_CODED]);
    expect(cat.fleissKappa).not.toBeNull();
    s.close();
  });
});

describe('reliabilityFromCsv', () => {
  it('reproduces Krippendorff (2011) section C: nominal α = 0.743', () => {
    const csv = 'unit,A,B,C,D\n1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n4,3,3,3,3\n5,2,2,2,2\n6,1,2,3,4\n7,4,4,4,4\n8,1,1,2,1\n9,2,2,2,2\n10,,5,5,5\n11,,,1,1\n12,,3,,\n';
    const r = reliabilityFromCsv(csv, 'nominal');
    expect(r.alpha).toBeCloseTo(0.743, 3);
    expect(r.coders).toEqual(['A', 'B', 'C', 'D']);
    expect(r.cohenKappa).toBeNull();
    expect(reliabilityFromCsv(csv, 'interval').alpha).toBeCloseTo(0.849, 3);
    expect(() => reliabilityFromCsv('A,B\n1,x\n', 'interval')).toThrow(/not a number/);
  });
});

describe('unitAgreement counts characters as code points', () => {
  it('the code covering most of a unit is chosen by code points: three emoji (6 UTF-16 units) lose to four letters', () => {
    const s = ProjectSession.create(join(tempDir(), 'emoji-units.weft'), 'Ana');
    const text = '😀😀😀 abcd';
    const doc = insertDocument(s.db, parsePlainText(text, 'UTF-8'), { name: 'Chat', sourceName: null, coderId: null });
    const ana = s.coderId();
    const ben = ensureCoder(s.db, 'Ben');
    const joy = createCode(s.db, { name: 'Joy' });
    const letters = createCode(s.db, { name: 'Letters' });
    createCoding(s.db, { documentId: doc, codeId: joy.id, start: 0, end: 6, coderId: ana }); // 3 code points
    createCoding(s.db, { documentId: doc, codeId: letters.id, start: 7, end: 11, coderId: ana }); // 4 code points
    createCoding(s.db, { documentId: doc, codeId: letters.id, start: 7, end: 11, coderId: ben });
    const r = unitAgreement(s.db, { coderIds: [ana, ben] });
    expect(r.units).toBe(1);
    expect(r.sample[0]!.values).toEqual(['Letters', 'Letters']);
    expect(r.multiCodedAssignments).toBe(1);
    s.close();
  });
});
