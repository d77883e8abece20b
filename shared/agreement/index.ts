/**
 * Inter-coder agreement statistics: pure functions, no I/O.
 *
 * - character.ts   NVivo Coding Comparison: character-level % agreement and kappa per code × document
 * - segments.ts    MAXQDA Intercoder Agreement: segment overlap, results table, Brennan & Prediger kappa
 * - krippendorff.ts Krippendorff's alpha (nominal, ordinal, interval, ratio; missing data)
 * - kappa.ts       Cohen's, Fleiss' and Brennan & Prediger's kappa
 * - reliability-csv.ts  reliability CSV → units × coders matrix
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
