/** Pseudonymised copies of a project (issue 16): the review before writing and what was written. */
import type { ResidueKind } from '../pseudonymise/residue.js';
import type { TermSource } from '../pseudonymise/terms.js';

/** Where a text is: "Document" “Interview 3” (text), "Memo" “First thoughts” (body)… */
export interface PseudonymisePlace {
  what: string;
  label: string;
  column: string;
}

/** One replacement, in context, for the review. */
export interface PseudonymiseOccurrence extends PseudonymisePlace {
  before: string;
  match: string;
  after: string;
  replacement: string;
  term: string;
}

/** A possible remaining occurrence, in context, for a human to confirm. */
export interface PseudonymiseResidue extends PseudonymisePlace {
  before: string;
  match: string;
  after: string;
  term: string;
  kind: ResidueKind;
}

export interface PseudonymiseTermCount {
  term: string;
  pseudonym: string;
  occurrences: number;
  documents: number;
}

export interface PseudonymiseSummary {
  terms: PseudonymiseTermCount[];
  documentsChanged: number;
  /** Replacements everywhere (texts, names, memos…). */
  replacementsTotal: number;
  /** Codings whose positions changed. */
  codingsMoved: number;
  /** Codings that began or ended inside a name and now take its whole pseudonym. */
  codingsAdjusted: number;
  residueTotal: number;
}

/** The review: every replacement in context (the first `LIST_LIMIT`) and the residue report. */
export interface PseudonymisePreview extends PseudonymiseSummary {
  replacements: PseudonymiseOccurrence[];
  residue: PseudonymiseResidue[];
}

export interface PseudonymiseResult extends PseudonymiseSummary {
  /** The pseudonymised copy. */
  path: string;
  /** The encrypted key. */
  keyPath: string;
  size: number;
  residue: PseudonymiseResidue[];
  /** Recordings linked to documents: not in the copy (they identify people); the key keeps the links. */
  recordingsUnlinked: number;
}

export interface ReidentifyResult {
  path: string;
  size: number;
  documentsRestored: number;
  fieldsRestored: number;
  codingsMoved: number;
  /** Recording links put back from the key. */
  recordingsRelinked: number;
}

/** A term offered to the researcher: seeded from participants and speakers, or suggested from the texts. */
export interface SuggestedTerm {
  term: string;
  source: TermSource;
  /** In how many documents it appears as a whole word. */
  documents: number;
  occurrences: number;
}
