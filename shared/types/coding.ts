/**
 * Types of the coding workspace API (issue 4): undo history, codebook operations, retrieval
 * (extracts) and memos. Offsets are UTF-16 code units, end-exclusive (shared/domain/offsets.ts).
 */
import type { Code, Coding, Id } from './entities.js';

/** Tables whose changes the undo history records (every table a tracked delete cascades into). */
export type UndoTable =
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
  | 'merge_aliases';

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
