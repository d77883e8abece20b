/**
 * Team coding as the API returns it: coders, merging, agreement, consensus.
 * Offsets are UTF-16 code units into the document's text, end-exclusive (shared/domain/offsets.ts).
 */
import type { Id } from './entities.js';

/** Who is coding on this machine. */
export interface CoderIdentity {
  /** The coder name new codings are recorded under. */
  name: string;
  /** False until the researcher has confirmed the name (first-run prompt). */
  confirmed: boolean;
  /** The coder's id in the open project, or null when no project is open or they have not coded in it yet. */
  coderId: Id | null;
}

export interface CoderSummary {
  id: Id;
  guid: string;
  name: string;
  initials: string | null;
  isConsensus: boolean;
  /** Codings recorded by this coder. */
  codings: number;
  /** Documents this coder has coded. */
  documents: number;
  /** True for the coder working on this machine. */
  isMe: boolean;
}

// Merging -------------------------------------------------------------------------------------

/** A code from the other file whose match needs a person's eye. */
export interface CodeMatchReview {
  /** The other file's code GUID: the key for a decision. */
  incomingGuid: string;
  /** Its name path there, e.g. "Relationship/Trust". */
  incomingPath: string;
  /**
   * - `guid-moved`: same code (same GUID) but renamed or moved in one of the copies;
   * - `similar-name`: no GUID or path match, but codes here have the same name (ignoring case
   *   and spaces) elsewhere in the tree.
   */
  reason: 'guid-moved' | 'similar-name';
  candidates: { id: Id; path: string }[];
  /** What happens when nobody decides. */
  suggested: MergeCodeDecision;
  /** Codings in the other file that use this code. */
  codings: number;
}

export type MergeCodeDecision = { action: 'merge'; targetId: Id } | { action: 'new' };

export interface MergeCounts {
  documents: number;
  codes: number;
  coders: number;
  codings: number;
  cases: number;
  attributes: number;
  attributeValues: number;
  themes: number;
  sets: number;
  memos: number;
}

export interface MergeSummary {
  /** The merged file's name. */
  source: string;
  format: 'weft' | 'qdpx';
  /** True for a preview: the same merge run and rolled back. */
  dryRun: boolean;
  /** What was added to this project. */
  added: MergeCounts;
  /** Things from the other file that were already here and were matched, not added. */
  matched: Pick<MergeCounts, 'documents' | 'codes' | 'coders' | 'cases' | 'attributes' | 'themes' | 'sets'>;
  /** Codings (and memos) that were already here: not added again. */
  alreadyPresent: { codings: number; memos: number };
  /** Names of what was added, for the summary dialog (capped at 50 each). */
  addedNames: { documents: string[]; codes: string[]; coders: string[] };
  /** How many codings each coder gained. */
  codingsByCoder: { coder: string; codings: number }[];
  /** Values that differ between the two files: this project's value was kept. */
  conflicts: string[];
  /** Things that could not be merged, or were repaired, in words a researcher can act on. */
  warnings: string[];
}

export interface MergePreview {
  summary: MergeSummary;
  /** Code matches to review before merging (may be empty). */
  reviews: CodeMatchReview[];
}

export interface MergeLogEntry {
  id: Id;
  source: string;
  format: 'weft' | 'qdpx';
  mergedBy: string | null;
  mergedAt: string;
  added: MergeCounts;
}

// Agreement -----------------------------------------------------------------------------------

/** One NVivo coding-comparison row: one code in one document, character by character. */
export interface CharacterAgreementRow {
  codeId: Id;
  code: string;
  documentId: Id;
  document: string;
  /** Document length in characters (UTF-16 code units). */
  length: number;
  both: number;
  aOnly: number;
  bOnly: number;
  neither: number;
  /** both + neither. */
  agreeingCharacters: number;
  /** aOnly + bOnly. */
  disagreeingCharacters: number;
  percentAgreement: number;
  kappa: number;
  /** Set when kappa is 1 by convention (nothing coded by either, or everything by both). */
  degenerate: null | 'no-variation' | 'empty-document';
}

/** Several rows summarised (per code, per document, overall). */
export interface CharacterAgreementTotal {
  /** The pooled 2×2 table (counts summed; kappa recomputed from it). */
  both: number;
  aOnly: number;
  bOnly: number;
  neither: number;
  agreeingCharacters: number;
  disagreeingCharacters: number;
  percentAgreement: number;
  kappa: number;
  /** Plain mean of the rows' kappas, and weighted by document length. */
  meanKappa: number;
  lengthWeightedKappa: number;
  rows: number;
}

/**
 * One agreement coefficient with its parts and precision (shared/agreement/coefficients.ts):
 * `value` = (po − pe) / (1 − pe); for percent agreement value = po and pe = 0.
 */
export interface CoefficientRow {
  id: 'percent' | 'cohen' | 'scott' | 'fleiss' | 'brennan-prediger' | 'gwet';
  /** e.g. "Cohen's kappa", "Weighted kappa (quadratic)", "Gwet's AC2 (linear)". */
  name: string;
  weights: 'identity' | 'linear' | 'quadratic';
  value: number | null;
  reason: string | null;
  /** po: observed (weighted) agreement, a proportion. */
  observedAgreement: number | null;
  /** pe: chance agreement, a proportion. */
  expectedAgreement: number | null;
  standardError: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  /** Confidence level of the interval (0.95). */
  confidence: number;
  /** Units the coefficient was computed from. */
  units: number;
}

/** Bootstrapped interval for Krippendorff's alpha (Hayes & Krippendorff 2007; shared/agreement/bootstrap.ts). */
export interface AlphaBootstrapResult {
  samples: number;
  seed: number;
  confidence: number;
  pairsPerSample: number;
  lower: number;
  upper: number;
  mean: number;
  /** q(α_min): share of bootstrapped alphas below each minimum. */
  belowMinimum: { minimum: number; probability: number }[];
}

export interface SegmentAgreementRow {
  code: string | null;
  agreements: number;
  nonAgreements: number;
  total: number;
  percentAgreement: number | null;
}

export interface AgreementReport {
  coderA: { id: Id; name: string };
  coderB: { id: Id; name: string };
  documents: number;
  character: {
    rows: CharacterAgreementRow[];
    byCode: (CharacterAgreementTotal & { codeId: Id; code: string })[];
    byDocument: (CharacterAgreementTotal & { documentId: Id; document: string })[];
    overall: CharacterAgreementTotal | null;
    /**
     * Coefficients on the pooled 2×2 table (coded / not coded, every character × code a unit):
     * percent agreement, Cohen's kappa, Scott's pi, Brennan–Prediger, Gwet's AC1 with po and pe.
     * No intervals: characters are not independent units.
     */
    coefficients: CoefficientRow[];
  };
  segment: {
    minOverlapPercent: number;
    rows: SegmentAgreementRow[];
    total: SegmentAgreementRow;
    categories: number;
    observedAgreement: number | null;
    chanceAgreement: number | null;
    /** Brennan & Prediger's kappa, as MAXQDA reports it. */
    kappa: number | null;
    kappaReason: string | null;
  };
  /**
   * Krippendorff's alpha (nominal) with every character × code as a unit: each coder codes each
   * character of each document with the code or not. Computed from the pooled table.
   */
  characterAlpha: number | null;
  characterAlphaReason: string | null;
}

export type UncodedUnits = 'missing' | 'category';

/** Coders' assignments of predefined units (speaker turns, or paragraphs when a document has no turns). */
export interface UnitAgreementReport {
  coders: { id: Id; name: string }[];
  /** What a unit is in the documents compared. */
  unitKind: string;
  units: number;
  /** Units at least one coder coded. */
  codedUnits: number;
  /** Units where a coder applied several of the compared codes (the one covering most of the unit was taken). */
  multiCodedAssignments: number;
  uncoded: UncodedUnits;
  alpha: number | null;
  alphaReason: string | null;
  fleissKappa: number | null;
  fleissKappaReason: string | null;
  cohenKappa: number | null;
  cohenKappaReason: string | null;
  /** Agreement coefficients with standard errors and 95% intervals. */
  coefficients: CoefficientRow[];
  /** The first units, for checking: document, unit label, excerpt and each coder's value. */
  sample: { document: string; unit: string; excerpt: string; values: (string | null)[] }[];
}

export interface ReliabilityCalculation {
  level: 'nominal' | 'ordinal' | 'interval' | 'ratio';
  coders: string[];
  units: number;
  pairableUnits: number;
  pairableValues: number;
  alpha: number | null;
  alphaReason: string | null;
  fleissKappa: number | null;
  fleissKappaReason: string | null;
  cohenKappa: number | null;
  cohenKappaReason: string | null;
  notes: string[];
  /** Agreement coefficients with standard errors and 95% intervals. */
  coefficients: CoefficientRow[];
  /** Bootstrapped interval for alpha, when asked for (null otherwise or when alpha is undefined). */
  alphaBootstrap: AlphaBootstrapResult | null;
}

// Consensus -----------------------------------------------------------------------------------

export type ConsensusDecision = 'a' | 'b' | 'both' | 'neither';

export interface DisagreementCoding {
  codingId: Id;
  codeId: Id;
  code: string;
  color: string;
  start: number;
  end: number;
}

/** One disagreement between coders A and B: overlapping codings that do not agree. */
export interface Disagreement {
  /** Stable while the codings in it are unchanged. */
  key: string;
  documentId: Id;
  document: string;
  start: number;
  end: number;
  /** The passage (cut to 2,000 characters for very long ones). */
  extract: string;
  a: DisagreementCoding[];
  b: DisagreementCoding[];
  decision: ConsensusDecision | null;
}

export interface ConsensusState {
  consensus: { id: Id; name: string };
  coderA: { id: Id; name: string };
  coderB: { id: Id; name: string };
  minOverlapPercent: number;
  /** Agreeing codings copied into the consensus set by this call (0 when already there). */
  agreementsCopied: number;
  /** Agreements between A and B in total. */
  agreements: number;
  items: Disagreement[];
  decided: number;
  /** Codings the consensus coder now has. */
  consensusCodings: number;
}
