/**
 * Types of the coding workspace API (issue 4): undo history, codebook operations, retrieval
 * (extracts) and memos. Offsets are UTF-16 code units, end-exclusive (shared/domain/offsets.ts).
 */
import type { Code, Coding, Id } from './entities.js';

/** Tables whose changes the undo history records (every table a tracked delete cascades into). */
export type UndoTable =
  | 'coders'
  | 'codes'
  | 'codings'
  | 'memos'
  | 'themes'
  | 'theme_codes'
  | 'theme_quotes'
  | 'theme_map_layout'
  | 'set_members'
  | 'sets'
  | 'consensus_decisions'
  | 'consensus_decision_codings'
  | 'documents'
  | 'speakers'
  | 'turns'
  | 'document_reading'
  | 'cases'
  | 'document_cases'
  | 'attributes'
  | 'case_attribute_values'
  | 'document_attribute_values'
  | 'merges'
  | 'merge_aliases'
  | 'document_media';

export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
  /** Label of the step Undo would revert, e.g. "Apply Trust". */
  undoLabel: string | null;
  redoLabel: string | null;
}

export interface UndoResult {
  /** The step that was undone or redone. */
  label: string;
  /** The tables that changed, so a client knows what to reload. */
  changed: UndoTable[];
  state: UndoState;
}

/** A coding a call removed: its id, and where it was (to drop it from the open document). */
export interface RemovedCoding {
  id: Id;
  documentId: Id;
  codeId: Id;
}

/** How many codings (and coded documents) a code gained (+) or lost (−), counted as codes.list counts: with its sub-codes. */
export interface CodeCountDelta {
  id: Id;
  codings: number;
  documents: number;
}

/**
 * What a coding mutation (or Undo/Redo) changed, so the window merges it into the lists it holds
 * instead of reloading codes.list and documents.list (shared/domain/merge-changes.ts does the
 * merge). Worked out on the server from the rows the call wrote (electron/services/coding-changes.ts).
 */
export interface CodingChanges {
  /**
   * False when the change was too large to describe row by row, or moved a code under another
   * parent (every count above it changes): the lists below are then empty, and the client reloads
   * what `tables` names.
   */
  complete: boolean;
  /** Codings created, changed (their range or code; as they are now) and removed. */
  created: Coding[];
  updated: Coding[];
  removed: RemovedCoding[];
  /** Codes created or edited (as they are now; without counts: see codeCounts) and codes removed. */
  codes: Code[];
  removedCodeIds: Id[];
  /** Count deltas of the codes whose counts changed (rolled up to their parents, as codes.list counts). */
  codeCounts: CodeCountDelta[];
  /** How many codings each document gained or lost (documents.list's `codings`); only documents that changed. */
  documentCounts: { id: Id; codings: number }[];
  /** Every tracked table the call wrote (memos, theme quotes… removed with a coding): what else to reload. */
  tables: UndoTable[];
  /** The undo state after the call. */
  undo: UndoState;
}

/** The output of a method declared with changeReporting(): its own output and what it changed. */
export type WithChanges<O> = (O extends null ? unknown : O) & { changes: CodingChanges };

/** What deleting a code would remove (the code, its sub-codes, their codings and memos). */
export interface CodeDeleteImpact {
  codeId: Id;
  name: string;
  path: string;
  codings: number;
  documents: number;
  subCodes: number;
  /** Memos on the code, its sub-codes and their codings. */
  memos: number;
  /** Themes that list the code or a sub-code. */
  themes: number;
}

export interface MergeCodesResult {
  target: Code;
  /** Codings that moved to the target. */
  moved: number;
  /** Codings that were exact duplicates of a target coding and were collapsed into it. */
  collapsed: number;
  /** Memos that moved to the target (on the code) or to the surviving coding. */
  memosMoved: number;
}

export interface MoveCodingsResult {
  code: Code;
  createdCode: boolean;
  moved: number;
  collapsed: number;
}

export interface ApplyWithCodeResult {
  code: Code;
  coding: Coding;
  /** False when a code of that name already existed and was applied. */
  createdCode: boolean;
}

export interface CodebookImportResult {
  /** Paths ("Parent/Child") of the codes created. */
  created: string[];
  /** Paths that already existed and were kept. */
  existing: string[];
  warnings: string[];
}

export interface Extract {
  codingId: Id;
  documentId: Id;
  document: string;
  codeId: Id;
  /** The code's path in the tree, "Parent/Child". */
  code: string;
  codeName: string;
  color: string;
  coderId: Id;
  coder: string;
  start: number;
  end: number;
  /** Exactly the coded characters. */
  text: string;
  /** The speaker shown beside the extract (the first participant speaker in it; shared/analysis/attribution.ts). */
  speaker: string | null;
  /** The extract's (first) participant by the attribution rule (shared/analysis/attribution.ts). */
  participant: string | null;
  participantId: Id | null;
  /** Every participant the extract belongs to (a span across two participants' turns has two). */
  participantIds: Id[];
  /** Why: their speaker turns, the document's one participant, an interviewer turn only, or none. */
  attributionBasis: 'speakers' | 'interviewer' | 'document' | 'none';
  /** The participant's attribute named "role", when there is one. */
  role: string | null;
  /** The participant's values of the project's quote attributes (setting `quoteAttributes`), in order. */
  quoteAttributes: { name: string; value: string }[];
  /** Text before and after the extract, within its paragraph(s), at most `context` units each. */
  before: string;
  after: string;
  /**
   * Where the passage lies on the document's recording (ms), derived from the timed turns it
   * overlaps (shared/media/timeline.ts `codingTimeSpan`); absent when the turns have no times.
   */
  time?: { start: number; end: number | null };
}

/** One page of extracts (`extracts.page`), in the order of `extracts.list`. */
/**
 * `codings.forDocument`'s answer: a document's codings and their hash. Given the `knownHash` of the
 * codings the caller holds, when it is still theirs the reply is `unchanged: true` with no codings.
 */
export interface DocumentCodings {
  documentId: Id;
  hash: string;
  codings: Coding[];
  unchanged?: true;
}

export interface ExtractPage {
  extracts: Extract[];
  /** Give it as `cursor` for the next page; null after the last page. */
  nextCursor: string | null;
  /** How many extracts the filter has in all (null when a participant attribute filters them: known only row by row). */
  total: number | null;
}

export type MemoTargetKind = 'project' | 'document' | 'code' | 'coding' | 'theme' | 'case';

export type MemoTarget = { kind: 'project' } | { kind: Exclude<MemoTargetKind, 'project'>; id: Id };

export interface Memo {
  id: Id;
  guid: string;
  title: string;
  body: string;
  target: { kind: MemoTargetKind; id: Id | null; label: string; documentId: Id | null };
  coder: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MemoHit extends Memo {
  /** A short piece of the memo around the first match. */
  snippet: string;
}
