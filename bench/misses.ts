/**
 * Why each missed target is missed, with its cause and the next step: kept by the benchmark's
 * report generator (bench/benchmarks-file.ts) in BENCHMARKS.md's "Misses explained", for every
 * figure missed in any run. Written by hand after profiling; a missed figure without an entry here
 * is printed as "not explained yet".
 */
export interface MissExplained {
  cause: string;
  next: string;
}

export const MISSES: Record<string, MissExplained> = {};
