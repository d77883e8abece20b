import { describe, expect, it } from 'vitest';
import { characterAgreement, characterAgreementFromCounts, characterAgreementInText, summarizeCharacterAgreement } from './character';
import { mulberry32 } from './distributions';
import type { TextRange } from './ranges';

const r = (start: number, end: number): TextRange => ({ start, end });

/** Per-character reference implementation, only for checking the sweep on small inputs. */
function bruteForce(length: number, a: TextRange[], b: TextRange[]) {
  const inA = new Array<boolean>(length).fill(false);
  const inB = new Array<boolean>(length).fill(false);
  for (const x of a) for (let i = x.start; i < x.end; i++) inA[i] = true;
  for (const x of b) for (let i = x.start; i < x.end; i++) inB[i] = true;
  let both = 0;
  let aOnly = 0;
  let bOnly = 0;
  let neither = 0;
  for (let i = 0; i < length; i++) {
    if (inA[i] && inB[i]) both++;
    else if (inA[i]) aOnly++;
    else if (inB[i]) bOnly++;
    else neither++;
  }
  return { both, aOnly, bOnly, neither };
}

describe('NVivo coding comparison — percentage agreement and kappa', () => {
  /**
   * NVivo help, "Run a Coding Comparison query" → "How is the percentage agreement
   * calculated?": a 1000-character source, 50 characters coded by both users, 150 by only one,
   * 800 by neither → (800 + 50) / 1000 = 85%.
   */
  it("reproduces NVivo's documented example: 1000 characters, 50 both, 150 one only, 800 neither → 85%", () => {
    const res = characterAgreement(1000, [r(0, 150)], [r(100, 200)]);
    expect(res).toMatchObject({ both: 50, aOnly: 100, bOnly: 50, neither: 800 });
    expect(res.percentAgreement).toBeCloseTo(85, 12);
    expect(res.percentDisagreement).toBeCloseTo(15, 12);
    expect(res.percentages).toEqual({ both: 5, aOnly: 10, bOnly: 5, neither: 80 });
  });

  /**
   * Kappa per NVivo help, "How is the Kappa coefficient calculated?": ΣEF = A·B/T + (T−A)(T−B)/T,
   * K = (agreement − ΣEF) / (T − ΣEF). For the table above: A = 150, B = 100, T = 1000 →
   * ΣEF = 15 + 765 = 780, K = (850 − 780) / (1000 − 780) = 70/220.
   */
  it('computes kappa from the marginals as NVivo documents it', () => {
    const res = characterAgreement(1000, [r(0, 150)], [r(100, 200)]);
    expect(res.expectedAgreement).toBeCloseTo(780, 10);
    expect(res.kappa).toBeCloseTo(70 / 220, 12);
    expect(res.degenerate).toBeNull();
  });

  it('is identical to Cohen’s kappa on the 2×2 table (Wikipedia simple example, κ = 0.4)', () => {
    // both 20, A only 5, B only 10, neither 15 (Wikipedia "Cohen's kappa", simple example)
    const res = characterAgreementFromCounts({ length: 50, both: 20, aOnly: 5, bOnly: 10, neither: 15 });
    expect(res.kappa).toBeCloseTo(0.4, 12);
  });
});

describe('character-level agreement — ranges', () => {
  it('takes the union of one coder’s overlapping and nested ranges', () => {
    // A: [0,10) ∪ [5,20) ∪ [8,12) (nested) = [0,20); B: [15,30) with a duplicate and a nested [16,18)
    const res = characterAgreement(100, [r(0, 10), r(5, 20), r(8, 12)], [r(15, 30), r(15, 30), r(16, 18)]);
    expect(res).toMatchObject({ codedByA: 20, codedByB: 15, both: 5, aOnly: 15, bOnly: 10, neither: 70 });
  });

  it('treats touching ranges as one stretch and ignores empty ranges', () => {
    const res = characterAgreement(10, [r(0, 3), r(3, 6), r(7, 7)], [r(0, 6)]);
    expect(res).toMatchObject({ both: 6, aOnly: 0, bOnly: 0, neither: 4 });
    expect(res.kappa).toBe(1);
  });

  it('order of the ranges does not matter', () => {
    const a = [r(40, 50), r(0, 5), r(20, 35)];
    const b = [r(30, 45), r(2, 22)];
    const x = characterAgreement(60, a, b);
    const y = characterAgreement(60, [...a].reverse(), [...b].reverse());
    expect(x).toEqual(y);
  });

  it('counts characters as code points (as NVivo): an emoji is one character, a ZWJ family five', () => {
    const text = 'I felt 😀 then 👩‍👩‍👧 later';
    expect(text.length).toBe(29); // UTF-16 units
    expect([...text].length).toBe(25); // code points: 7 + 1 + 6 + 5 + 6
    const smile = text.indexOf('😀');
    const family = text.indexOf('👩‍👩‍👧');
    const familyEnd = family + '👩‍👩‍👧'.length;
    expect(familyEnd - family).toBe(8);
    // A codes the smiling face only; B codes from the smiling face to the end of the family (stored UTF-16 ranges).
    const res = characterAgreementInText(text, [r(smile, smile + 2)], [r(smile, familyEnd)]);
    // both = 😀 (1); B only = " then " (6) + 👩 ZWJ 👩 ZWJ 👧 (5 code points) = 11; neither = 25 − 12 = 13
    expect(res).toMatchObject({ length: 25, both: 1, aOnly: 0, bOnly: 11, neither: 13, codedByA: 1, codedByB: 12 });
    // (1 + 13) / 25 = 56 %; ΣEF = 1·12/25 + 24·13/25 = 12.96; K = (14 − 12.96) / (25 − 12.96) = 26/301
    expect(res.percentAgreement).toBeCloseTo(56, 12);
    expect(res.expectedAgreement).toBeCloseTo(12.96, 12);
    expect(res.kappa).toBeCloseTo(26 / 301, 12);
    // Counted in UTF-16 units the same codings give other figures: both 2, neither 13 of 29 → 51.7 %.
    expect(characterAgreement(text.length, [r(smile, smile + 2)], [r(smile, familyEnd)]).percentAgreement).toBeCloseTo((15 / 29) * 100, 10);
  });

  it('ZWJ sequence coded by one coder, emoji by the other: exact counts, percentage and kappa', () => {
    const text = 'Hi 👩‍👩‍👧 and 😀!'; // 3 + 5 + 5 + 1 + 1 = 15 code points, 19 UTF-16 units
    const family = text.indexOf('👩‍👩‍👧');
    const smileEnd = text.indexOf('😀') + 2;
    // A: the family only; B: from the family to the smiling face.
    const res = characterAgreementInText(text, [r(family, family + 8)], [r(family, smileEnd)]);
    // both 5, B only " and " + 😀 = 6, neither "Hi " + "!" = 4
    expect(res).toMatchObject({ length: 15, both: 5, aOnly: 0, bOnly: 6, neither: 4 });
    expect(res.percentAgreement).toBeCloseTo(60, 12); // (5 + 4) / 15
    // ΣEF = 5·11/15 + 10·4/15 = 95/15; K = (9 − 95/15) / (15 − 95/15) = 40/130
    expect(res.kappa).toBeCloseTo(4 / 13, 12);
  });

  it('CJK and decomposed accents are one code point per code point; a range splitting a surrogate pair is refused', () => {
    const text = '日本語 cafe\u0301 😀';
    // 日本語 (3) + space + c a f e + U+0301 (5) + space + 😀 (1) = 11 code points
    const res = characterAgreementInText(text, [r(0, 3)], [r(4, 9)]);
    expect(res).toMatchObject({ length: 11, both: 0, aOnly: 3, bOnly: 5, neither: 3 });
    expect(() => characterAgreementInText(text, [r(0, 11)], [])).toThrow(/surrogate/);
    expect(() => characterAgreementInText(text, [r(0, 99)], [])).toThrow(/past the end/);
  });

  it('matches a per-character count on random overlapping ranges', () => {
    const rand = mulberry32(42); // seeded, so the randomised check is reproducible
    for (let trial = 0; trial < 300; trial++) {
      const length = 1 + Math.floor(rand() * 80);
      const make = () =>
        Array.from({ length: Math.floor(rand() * 6) }, () => {
          const s = Math.floor(rand() * (length + 1));
          const e = s + Math.floor(rand() * (length - s + 1));
          return r(s, e);
        });
      const a = make();
      const b = make();
      expect(characterAgreement(length, a, b)).toMatchObject(bruteForce(length, a, b));
    }
  });

  it('handles a 50-million-character document without per-character work', () => {
    const length = 50_000_000;
    const a = Array.from({ length: 20_000 }, (_v, i) => r(i * 2500, i * 2500 + 1000));
    const b = Array.from({ length: 20_000 }, (_v, i) => r(i * 2500 + 500, i * 2500 + 1500));
    const t0 = Date.now();
    const res = characterAgreement(length, a, b);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(res.both).toBe(20_000 * 500);
    expect(res.aOnly).toBe(20_000 * 500);
    expect(res.bOnly).toBe(20_000 * 500);
  });

  it('rejects ranges outside the document, reversed or fractional, naming the coder and range', () => {
    expect(() => characterAgreement(10, [r(0, 11)], [])).toThrow(/coder A, range 1: end 11 is past the end/);
    expect(() => characterAgreement(10, [], [r(0, 2), r(5, 3)])).toThrow(/coder B, range 2: .*reversed/);
    expect(() => characterAgreement(10, [r(-1, 2)], [])).toThrow(/before the beginning/);
    expect(() => characterAgreement(10, [r(0.5, 2)], [])).toThrow(/whole numbers/);
    expect(() => characterAgreement(-1, [], [])).toThrow(/length/);
  });
});

describe('character-level agreement — degenerate cases (documented choices)', () => {
  it('neither coder coded anything: complete agreement, 100% and kappa 1', () => {
    const res = characterAgreement(500, [], []);
    expect(res.percentAgreement).toBe(100);
    expect(res.kappa).toBe(1);
    expect(res.degenerate).toBe('no-variation');
  });

  it('both coded the whole document: 100% and kappa 1', () => {
    const res = characterAgreement(500, [r(0, 500)], [r(0, 250), r(250, 500)]);
    expect(res.kappa).toBe(1);
    expect(res.degenerate).toBe('no-variation');
  });

  it('only one coder coded anything: kappa 0 from the formula itself', () => {
    const res = characterAgreement(1000, [r(0, 100)], []);
    expect(res.percentAgreement).toBe(90);
    expect(res.kappa).toBe(0);
    expect(res.degenerate).toBeNull();
  });

  it('one coder coded everything, the other part: kappa 0', () => {
    expect(characterAgreement(100, [r(0, 100)], [r(0, 30)]).kappa).toBe(0);
  });

  it('complete disagreement covering everything gives kappa −1', () => {
    expect(characterAgreement(100, [r(0, 50)], [r(50, 100)]).kappa).toBe(-1);
  });

  it('an empty document: 100% and kappa 1, flagged', () => {
    const res = characterAgreement(0, [], []);
    expect(res).toMatchObject({ percentAgreement: 100, kappa: 1, degenerate: 'empty-document' });
  });

  it('rejects an inconsistent table', () => {
    expect(() => characterAgreementFromCounts({ length: 10, both: 1, aOnly: 1, bOnly: 1, neither: 1 })).toThrow(/do not add up/);
  });
});

describe('summarizing comparisons over documents and codes', () => {
  const doc1 = characterAgreement(1000, [r(0, 150)], [r(100, 200)]); // K = 70/220, 85%
  const doc2 = characterAgreement(100, [r(0, 50)], [r(50, 100)]); // K = −1, 0%

  it('offers the plain mean, the length-weighted mean and the pooled table', () => {
    const s = summarizeCharacterAgreement([doc1, doc2])!;
    expect(s.rows).toBe(2);
    expect(s.meanKappa).toBeCloseTo((70 / 220 - 1) / 2, 12);
    expect(s.lengthWeightedKappa).toBeCloseTo(((70 / 220) * 1000 - 100) / 1100, 12);
    expect(s.meanPercentAgreement).toBeCloseTo(42.5, 12);
    expect(s.lengthWeightedPercentAgreement).toBeCloseTo((850 / 1100) * 100, 12);
    expect(s.pooled).toMatchObject({ length: 1100, both: 50, aOnly: 150, bOnly: 100, neither: 800 });
    expect(s.pooled.percentAgreement).toBeCloseTo(s.lengthWeightedPercentAgreement, 12);
    // pooled kappa from the summed table: A = 200, B = 150, T = 1100
    const ef = (200 * 150 + 900 * 950) / 1100;
    expect(s.pooled.kappa).toBeCloseTo((850 - ef) / (1100 - ef), 12);
  });

  it('returns null for no rows', () => {
    expect(summarizeCharacterAgreement([])).toBeNull();
  });
});
