/**
 * Types of cases, attributes and the analysis queries (matrix, ranking, co-occurrence, search)
 * as the API returns them. Offsets are UTF-16 code units, end-exclusive (shared/domain/offsets.ts).
 */

export type AttributeKind = 'text' | 'number' | 'date' | 'boolean' | 'category';
export type AttributeScope = 'case' | 'document';

export interface AttributeDef {
  id: number;
  guid: string;
  name: string;
  scope: AttributeScope;
  kind: AttributeKind;
  /** The ordered values of a 'category' attribute (e.g. ["T1","T2","T3"]); [] for other kinds. */
  categories: string[];
  position: number;
}

export interface CaseRecord {
  id: number;
  guid: string;
  name: string;
  description: string;
  /** Attribute id → value. */
  values: Record<number, string>;
  /** Documents linked to this case as a whole (document_cases). */
  documentIds: number[];
}

export interface SpeakerRecord {
  id: number;
  label: string;
  caseId: number | null;
  isInterviewer: boolean;
  turns: number;
}

export interface DocumentRecord {
  id: number;
  name: string;
  /** Attribute id → value (document-scoped attributes). */
  values: Record<number, string>;
  caseIds: number[];
  speakers: SpeakerRecord[];
}

/** Everything the Cases & attributes table shows. */
export interface CasesTable {
  attributes: AttributeDef[];
  cases: CaseRecord[];
  documents: DocumentRecord[];
}

export type CountMode = 'codings' | 'documents' | 'cases';
export type RowKind = 'codes' | 'themes';
export type CooccurrenceUnit = 'overlap' | 'turn' | 'paragraph';
export type AutoCodeScope = 'hit' | 'sentence' | 'paragraph' | 'turn';

/** Filters every query accepts; all given filters apply together. */
export interface AnalysisFilters {
  /** Only documents in any of these document sets. */
  setIds?: number[];
  /** Only these documents. */
  documentIds?: number[];
  /** Only codings by these coders. */
  coderIds?: number[];
  /** Only codes in this theme (its codes, their sub-codes, and those of its sub-themes). */
  themeId?: number;
  /** Only codings whose attribute value is one of `values` (for each listed attribute). */
  attributes?: { attributeId: number; values: string[] }[];
  /** Leave out spans lying only in the interviewer's turns (absent: the project setting "exclude interviewer turns"; search and auto-code). */
  excludeInterviewer?: boolean;
}

/** A coding's identity and place: what every analysis record of a coding starts from. */
export interface CodedSpan {
  id: number;
  codeId: number;
  documentId: number;
  coderId: number;
  start: number;
  end: number;
}

/** One coding as the query layer sees it. */
export interface CodingFact extends CodedSpan {
  /**
   * The (case, value) pairs the coding carries for the attribute being analysed. Empty value
   * (null) when the case or document has none. caseId is null when the coding has no case.
   */
  attributions: { caseId: number | null; value: string | null }[];
}

/** A row of a matrix: a code (with its sub-codes) or a theme (with its codes and sub-themes). */
export interface MatrixRowDef {
  key: string;
  id: number;
  name: string;
  path: string;
  depth: number;
  color: string;
  /** Every code whose codings count for this row (the roll-up). */
  codeIds: number[];
}

export interface MatrixColumn {
  /** The attribute value, or null for "(no value)". */
  value: string | null;
  label: string;
}

export interface MatrixCell {
  count: number;
  /** Percent of the row total (0–100, one decimal), null when the row total is 0. */
  rowPct: number | null;
  /** Percent of the column total (0–100, one decimal), null when the column total is 0. */
  colPct: number | null;
}

export interface MatrixRow extends Omit<MatrixRowDef, 'codeIds'> {
  cells: MatrixCell[];
  /** Distinct units (codings, documents or cases) of this row over all shown columns. */
  total: number;
}

export interface MatrixResult {
  attribute: AttributeDef;
  count: CountMode;
  rowKind: RowKind;
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** Distinct units in each column over all rows. */
  columnTotals: number[];
  grandTotal: number;
}

export interface RankedItem {
  /** Competition rank: ties share a rank and the next rank skips (1, 2, 2, 4). */
  rank: number;
  key: string;
  code: string;
  path: string;
  color: string;
  count: number;
}

export interface RankingResult {
  attribute: AttributeDef;
  count: CountMode;
  rowKind: RowKind;
  /** Which rows were ranked: all, leaves (codes without sub-codes) or top-level (the default: electron/services/analysis/queries.ts defaultRankLevel). */
  level?: 'all' | 'leaves' | 'top';
  columns: (MatrixColumn & { items: RankedItem[] })[];
}

export interface Extract {
  codingId: number;
  documentId: number;
  documentName: string;
  codeId: number;
  code: string;
  codePath: string;
  coder: string;
  start: number;
  end: number;
  text: string;
  /** Names of the cases the coding belongs to (speaker's case, else the document's cases). */
  cases: string[];
  /** Where the passage lies on the document's recording (ms), when its turns have times (shared/media/timeline.ts codingTimeSpan). */
  time?: { start: number; end: number | null };
}

export interface CooccurrenceCode {
  id: number;
  name: string;
  path: string;
  color: string;
}

export interface CooccurrenceResult {
  unit: CooccurrenceUnit;
  codes: CooccurrenceCode[];
  /** counts[i][j]: co-occurrences of codes[i] and codes[j]; the diagonal counts the code's own units. */
  counts: number[][];
}

export interface CooccurrenceInstance {
  documentId: number;
  documentName: string;
  /** The overlap's span (both codings together) or the turn/paragraph. */
  start: number;
  end: number;
  text: string;
  codings: Extract[];
}

export interface SearchHit {
  documentId: number;
  documentName: string;
  start: number;
  end: number;
  before: string;
  match: string;
  after: string;
  /** The speaker of the turn containing the hit, if any. */
  speaker: string | null;
}

export interface SearchResult {
  query: string;
  /**
   * Total hits found (hits may be cut to the limit). A lower bound when `complete` is false.
   * On a page asked for with a `cursor`, the hits from the cursor on.
   */
  total: number;
  /** Documents with hits (all of the query's, also when only some were read). */
  documents: number;
  hits: SearchHit[];
  truncated: boolean;
  /**
   * False when the search stopped reading documents once `limit` hits were found (so a common
   * word stays fast on a big corpus); total then counts only what was read.
   */
  complete: boolean;
  /**
   * Where the next page starts (give it back as `cursor` with the same query and filters), or
   * null when this page holds the last hit. A page stops at `limit` hits, or earlier once it has
   * read a few hundred thousand characters of documents (a rare word in a large project).
   */
  nextCursor: string | null;
}

export interface AutoCodeResult {
  code: string;
  scope: AutoCodeScope;
  hits: number;
  created: number;
  /** Passages that already carried this code by this coder. */
  skipped: number;
  codingIds: number[];
}

export interface AnalysisOptions {
  attributes: AttributeDef[];
  sets: { id: number; name: string; documents: number }[];
  coders: { id: number; name: string }[];
  themes: { id: number; name: string; parentId: number | null }[];
}

/** A table for CSV/XLSX export: a header row and data rows. */
export interface ExportTable {
  name: string;
  header: string[];
  rows: (string | number | null)[][];
}
