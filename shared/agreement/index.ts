/**
 * Inter-coder agreement statistics: pure functions, no I/O.
 *
 * - character.ts   NVivo Coding Comparison: character-level % agreement and kappa per code × document
 * - segments.ts    MAXQDA Intercoder Agreement: segment overlap, results table, Brennan & Prediger kappa
 * - krippendorff.ts Krippendorff's alpha (nominal, ordinal, interval, ratio; missing data)
 * - kappa.ts       Cohen's, Fleiss' and Brennan & Prediger's kappa
 * - reliability-csv.ts  reliability CSV → units × coders matrix
 * - coefficients.ts percent agreement, Cohen's (weighted) kappa, Scott's pi, Fleiss' kappa,
 *                  Brennan–Prediger, Gwet's AC1/AC2 with standard errors and intervals (Gwet 2014)
 * - bootstrap.ts   bootstrapped interval for alpha (Hayes & Krippendorff 2007, KALPHA)
 * - distributions.ts Student's t quantiles, seeded random numbers
 * - report.ts      reliabilityReport: every coefficient that applies to a matrix
 */
export * from './ranges';
export * from './types';
export * from './character';
export * from './segments';
export * from './kappa';
export * from './krippendorff';
export * from './reliability-csv';
export * from './report';
export * from './coefficients';
export * from './bootstrap';
export * from './distributions';
