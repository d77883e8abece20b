import { describe, expect, it } from 'vitest';
import { parseReliabilityCsv } from './reliability-csv';
import { reliabilityReport } from './report';

const _ = null;

describe('reliabilityReport', () => {
  it('Krippendorff (2011) section C data (4 coders, missing values): alpha only', () => {
    // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability, section C: nominal α = 0.743.
    const csv = 'unit,A,B,C,D\n1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n4,3,3,3,3\n5,2,2,2,2\n6,1,2,3,4\n7,4,4,4,4\n8,1,1,2,1\n9,2,2,2,2\n10,,5,5,5\n11,,,1,1\n12,,3,,\n';
    const rep = reliabilityReport(parseReliabilityCsv(csv, 'nominal'), 'nominal');
    expect(rep.alpha).toBeCloseTo(0.743, 3);
    expect(rep).toMatchObject({ coders: 4, units: 12, pairableValues: 40, pairableUnits: 11 });
    expect(rep.fleissKappa).toBeNull();
    expect(rep.fleissKappaReason).toMatch(/different numbers of coders \(1, 2, 3, 4\)/);
    expect(rep.cohenKappa).toBeNull();
    expect(rep.cohenKappaReason).toMatch(/exactly 2 coders \(there are 4\)/);
  });

  it('uses the ordinal order the CSV parser worked out', () => {
    // Same data as ordinal (Krippendorff 2011, section E: ordinal α = 0.815), written as labels in a given order.
    const labels = ['none', 'low', 'mid', 'high', 'max'];
    const rows = [
      [1, 1, _, 1],
      [2, 2, 3, 2],
      [3, 3, 3, 3],
      [3, 3, 3, 3],
      [2, 2, 2, 2],
      [1, 2, 3, 4],
      [4, 4, 4, 4],
      [1, 1, 2, 1],
      [2, 2, 2, 2],
      [_, 5, 5, 5],
      [_, _, 1, 1],
      [_, 3, _, _],
    ];
    const csv = 'A,B,C,D\n' + rows.map((row) => row.map((v) => (v === null ? '' : labels[v - 1])).join(',')).join('\n');
    const rep = reliabilityReport(parseReliabilityCsv(csv, 'ordinal', { order: labels }), 'ordinal');
    expect(rep.alpha).toBeCloseTo(0.815, 3);
    expect(rep.fleissKappaReason).toMatch(/nominal data \(this is ordinal\)/);
  });

  it('two coders, binary (Krippendorff 2011, section A): alpha 0.095, with Cohen and Fleiss kappa', () => {
    const data = [
      [0, 1],
      [1, 1],
      [0, 1],
      [0, 0],
      [0, 0],
      [0, 1],
      [0, 0],
      [0, 0],
      [1, 0],
      [0, 0],
    ];
    const rep = reliabilityReport(data, 'nominal');
    expect(rep.alpha).toBeCloseTo(0.095, 3);
    // Cohen: po = 0.6, pe = 0.8·0.6 + 0.2·0.4 = 0.56 → κ = 0.04 / 0.44
    expect(rep.cohenKappa).toBeCloseTo(0.04 / 0.44, 12);
    // Fleiss with 2 raters: P̄ = 0.6, p = (0.7, 0.3), P̄e = 0.58 → κ = 0.02 / 0.42
    expect(rep.fleissKappa).toBeCloseTo(0.02 / 0.42, 12);
  });

  it('Fleiss (Wikipedia worked example, 10 subjects × 14 raters): κ ≈ 0.210', () => {
    // Wikipedia, "Fleiss' kappa", worked example — counts per category turned into 14 raters' values.
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const data = counts.map((row) => row.flatMap((c, j) => new Array<string>(c).fill(`cat${j + 1}`)));
    const rep = reliabilityReport(data, 'nominal');
    expect(rep.fleissKappa).toBeCloseTo(0.21, 3);
    expect(rep.coders).toBe(14);
    expect(rep.cohenKappa).toBeNull();
  });

  it('Cohen’s kappa uses the units both coders coded (missing data)', () => {
    const rep = reliabilityReport(
      [
        ['a', 'a'],
        ['b', 'b'],
        ['a', _],
        ['b', 'a'],
      ],
      'nominal',
    );
    expect(rep.cohenDetail!.units).toBe(3);
    expect(rep.cohenDetail!.skippedUnits).toBe(1);
    expect(rep.fleissKappa).toBeNull();
    expect(rep.fleissKappaReason).toMatch(/different numbers of coders \(1, 2\)/);
  });

  it('all coders agree on a single value: every coefficient is undefined, each with a reason', () => {
    const rep = reliabilityReport(
      [
        ['yes', 'yes'],
        ['yes', 'yes'],
      ],
      'nominal',
    );
    expect(rep.alpha).toBeNull();
    expect(rep.alphaReason).toMatch(/no variation/);
    expect(rep.fleissKappa).toBeNull();
    expect(rep.fleissKappaReason).toMatch(/same category/);
    expect(rep.cohenKappa).toBeNull();
    expect(rep.cohenKappaReason).toMatch(/same single category/);
  });

  it('all coders agree with variation: alpha, Fleiss and Cohen are all 1', () => {
    const rep = reliabilityReport(
      [
        ['x', 'x'],
        ['y', 'y'],
        ['z', 'z'],
      ],
      'nominal',
    );
    expect([rep.alpha, rep.fleissKappa, rep.cohenKappa]).toEqual([1, 1, 1]);
  });

  it('interval data: alpha only, kappas explain why not', () => {
    const rep = reliabilityReport(
      [
        [1, 2],
        [3, 3],
        [5, 4],
      ],
      'interval',
    );
    expect(rep.alpha).not.toBeNull();
    expect(rep.cohenKappaReason).toMatch(/nominal data \(this is interval\)/);
    expect(rep.fleissKappaReason).toMatch(/nominal data/);
  });

  it('a single coder is an error', () => {
    expect(() => reliabilityReport(parseReliabilityCsv('unit,solo\n1,x\n2,y\n', 'nominal'), 'nominal')).toThrow(/at least 2 coders \(got 1\)/);
    expect(() => reliabilityReport([['x'], ['y']], 'nominal')).toThrow(/at least 2 coders/);
  });
});

describe('reliabilityReport: coefficients with intervals, bootstrap', () => {
  const K2011 = 'unit,A,B,C,D\n1,1,1,,1\n2,2,2,3,2\n3,3,3,3,3\n4,3,3,3,3\n5,2,2,2,2\n6,1,2,3,4\n7,4,4,4,4\n8,1,1,2,1\n9,2,2,2,2\n10,,5,5,5\n11,,,1,1\n12,,3,,\n';
  const find = (rows: readonly { id: string; weights: string }[], id: string, weights = 'identity') => rows.find((r) => r.id === id && r.weights === weights) as never as {
    value: number;
    standardError: number;
    expectedAgreement: number;
    observedAgreement: number;
    units: number;
  };

  it('4 coders with missing values (Krippendorff 2011 C = Gwet’s cac.raw4raters): percent, Fleiss, BP, AC1 as irrCAC publishes them', () => {
    const rep = reliabilityReport(parseReliabilityCsv(K2011, 'nominal'), 'nominal');
    expect(rep.coefficients.map((c) => c.id)).toEqual(['percent', 'fleiss', 'brennan-prediger', 'gwet']);
    expect(find(rep.coefficients, 'percent').value).toBeCloseTo(0.8181818, 7);
    expect(find(rep.coefficients, 'fleiss').value).toBeCloseTo(0.76117, 5);
    expect(find(rep.coefficients, 'gwet').value).toBeCloseTo(0.77544, 5);
    expect(find(rep.coefficients, 'gwet').standardError).toBeCloseTo(0.14295, 5);
    expect(rep.alphaBootstrap).toBeNull();
  });

  it('ordinal data adds weighted (linear, quadratic) Fleiss kappa and AC2; quadratic AC2 = 0.914 (irrCAC weighting vignette)', () => {
    const rep = reliabilityReport(parseReliabilityCsv(K2011, 'ordinal'), 'ordinal');
    expect(rep.coefficients.map((c) => `${c.id}/${c.weights}`)).toEqual([
      'percent/identity',
      'fleiss/identity',
      'brennan-prediger/identity',
      'gwet/identity',
      'fleiss/linear',
      'gwet/linear',
      'fleiss/quadratic',
      'gwet/quadratic',
    ]);
    expect(find(rep.coefficients, 'gwet', 'quadratic').value).toBeCloseTo(0.914, 3);
    expect(find(rep.coefficients, 'fleiss', 'quadratic').value).toBeCloseTo(0.86494, 5);
  });

  it('two coders: the Cohen row equals cohenKappa; Scott and AC1 are there; the bootstrap is reproducible', () => {
    const data = [
      [0, 1],
      [1, 1],
      [0, 1],
      [0, 0],
      [0, 0],
      [0, 1],
      [0, 0],
      [0, 0],
      [1, 0],
      [0, 0],
    ];
    const rep = reliabilityReport(data, 'nominal', { bootstrap: { samples: 1000, seed: 5 } });
    expect(rep.coefficients.map((c) => c.id)).toEqual(['percent', 'cohen', 'scott', 'brennan-prediger', 'gwet']);
    expect(find(rep.coefficients, 'cohen').value).toBeCloseTo(rep.cohenKappa!, 12);
    expect(find(rep.coefficients, 'cohen').observedAgreement).toBeCloseTo(0.6, 12);
    expect(find(rep.coefficients, 'cohen').expectedAgreement).toBeCloseTo(0.56, 12);
    // Scott's pi with two coders equals Fleiss' kappa (Fleiss 1971 generalises pi)
    expect(find(rep.coefficients, 'scott').value).toBeCloseTo(rep.fleissKappa!, 12);
    expect(rep.alphaBootstrap).toEqual(reliabilityReport(data, 'nominal', { bootstrap: { samples: 1000, seed: 5 } }).alphaBootstrap);
    expect(rep.alphaBootstrap!.samples).toBe(1000);
  });

  it('no missing values, many coders: the Fleiss row equals Fleiss (1971) kappa (Wikipedia example, κ ≈ 0.210)', () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const data = counts.map((row) => row.flatMap((c, j) => new Array<string>(c).fill(`cat${j + 1}`)));
    const rep = reliabilityReport(data, 'nominal');
    expect(find(rep.coefficients, 'fleiss').value).toBeCloseTo(rep.fleissKappa!, 12);
  });
});
