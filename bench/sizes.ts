/** How big the synthetic project is at each `--size`. */

export type SizeName = 'tiny' | 'small' | 'default' | 'large';

export interface BenchSize {
  name: SizeName;
  /** Transcripts imported through the real import path. */
  transcripts: number;
  wordsPerTranscript: number;
  participants: number;
  codes: number;
  /** Codings in the project (all coders). */
  codings: number;
  /** Codings of the one "hot" code whose extracts are retrieved (part of `codings`). */
  hotCodings: number;
  coders: number;
  /** The long transcript rendered in Chromium, and its codings. */
  renderWords: number;
  renderCodings: number;
  /** Round trips measured for "apply one coding". */
  applyCodings: number;
  /** Search queries measured (cycling through the query list). */
  searchRuns: number;
  /** Repetitions of timed one-off measurements (cold open, retrieval, document open). */
  repeats: number;
  /** About how many frames the scripted scroll through the long transcript takes. */
  scrollFrames: number;
}

export const SIZES: Record<SizeName, BenchSize> = {
  /** For unit tests of the generator only. */
  tiny: {
    name: 'tiny',
    transcripts: 3,
    wordsPerTranscript: 400,
    participants: 6,
    codes: 80,
    codings: 120,
    hotCodings: 12,
    coders: 3,
    renderWords: 1500,
    renderCodings: 60,
    applyCodings: 20,
    searchRuns: 10,
    repeats: 1,
    scrollFrames: 100,
  },
  small: {
    name: 'small',
    transcripts: 20,
    wordsPerTranscript: 2000,
    participants: 12,
    codes: 80,
    codings: 2000,
    hotCodings: 200,
    coders: 3,
    renderWords: 20_000,
    renderCodings: 1000,
    applyCodings: 200,
    searchRuns: 48,
    repeats: 3,
    scrollFrames: 300,
  },
  default: {
    name: 'default',
    transcripts: 500,
    wordsPerTranscript: 10_000,
    participants: 60,
    codes: 80,
    codings: 100_000,
    hotCodings: 10_000,
    coders: 3,
    renderWords: 100_000,
    renderCodings: 5000,
    applyCodings: 1000,
    searchRuns: 200,
    repeats: 3,
    scrollFrames: 600,
  },
  /** Five times the default project (the loops measured stay as long), so each figure's growth with the work is visible. */
  large: {
    name: 'large',
    transcripts: 2500,
    wordsPerTranscript: 10_000,
    participants: 300,
    codes: 400,
    codings: 500_000,
    hotCodings: 50_000,
    coders: 3,
    renderWords: 500_000,
    renderCodings: 25_000,
    applyCodings: 1000,
    searchRuns: 200,
    repeats: 3,
    scrollFrames: 600,
  },
};

export function sizeByName(name: string): BenchSize {
  if (!(name in SIZES)) throw new Error(`unknown size “${name}” (use small, default or large)`);
  return SIZES[name as SizeName];
}
