/** Themes, quotes, reviews, phases and reports as the API returns them (issue 5). */
import type { Id } from './entities.js';

export const THEME_STATUSES = ['candidate', 'reviewed', 'final', 'discarded'] as const;
export type ThemeStatus = (typeof THEME_STATUSES)[number];

/** A code as it sits on a theme (or in the "not yet themed" bin). */
export interface ThemeCode {
  id: Id;
  name: string;
  /** "Parent/Child" path in the codebook. */
  path: string;
  color: string;
  definition: string;
  /** Codings of this code and its sub-codes. */
  codings: number;
  documents: number;
}

export interface ThemeMemo {
  id: Id;
  title: string;
  body: string;
  updatedAt: string;
}

/** A coding chosen to illustrate a theme. */
export interface Quote {
  themeId: Id;
  codingId: Id;
  position: number;
  codeId: Id;
  codePath: string;
  documentId: Id;
  documentName: string;
  start: number;
  end: number;
  /** Exactly the coded characters. */
  text: string;
  participant: string | null;
  /** "Samantha (client)": the participant and their role when the project has one. */
  attribution: string;
  /** Where the passage lies on the recording (ms), when the document's turns have times (see Extract.time). */
  time?: { start: number; end: number | null };
}

export interface ThemeNode {
  id: Id;
  guid: string;
  parentId: Id | null;
  name: string;
  definition: string;
  status: ThemeStatus;
  color: string;
  position: number;
  /** Codes placed directly on this theme, in board order. */
  codes: ThemeCode[];
  quotes: Quote[];
  memos: ThemeMemo[];
  /** Totals over this theme and its sub-themes (each coding and code counted once). */
  totals: { codes: number; codings: number; documents: number; participants: number };
  children: ThemeNode[];
}

export interface ThemeTree {
  themes: ThemeNode[];
  /** Codes not yet in any theme (discarded themes do not count). */
  unthemed: ThemeCode[];
}

export interface ThemeExtract {
  codingId: Id;
  codeId: Id;
  codePath: string;
  codeColor: string;
  documentId: Id;
  documentName: string;
  start: number;
  end: number;
  text: string;
  coder: string;
  participantId: Id | null;
  /** Every participant the extract belongs to by the attribution rule (shared/analysis/attribution.ts); participantId is the first. */
  participantIds: Id[];
  participant: string | null;
  /** Attribute name → value of the participant. */
  participantAttributes: Record<string, string>;
  speaker: string | null;
  attribution: string;
  /** Position among the theme's quotes, or null when it is not a chosen quote. */
  quote: number | null;
  /** Where the passage lies on the recording (ms), when the document's turns have times (see Extract.time). */
  time?: { start: number; end: number | null };
}

export interface PrevalenceSplit {
  value: string;
  /** Participants with this value who contribute extracts. */
  participants: number;
  /** Participants with this value in the project. */
  total: number;
  codings: number;
}

export interface Prevalence {
  participants: number;
  totalParticipants: number;
  documents: number;
  totalDocuments: number;
  codings: number;
  /** The case attribute the split is by, or null when the project has none. */
  attribute: string | null;
  /** Case attributes one could split by. */
  attributes: string[];
  split: PrevalenceSplit[];
}

/** A group of the review's extracts (by code or by participant) and how many extracts it has in all. */
export interface ThemeReviewGroup {
  key: string;
  label: string;
  count: number;
}

export interface ThemeReview {
  theme: ThemeNode;
  /**
   * The extracts asked for: all of them, or with `limit` one page (`offset` onwards) in the order
   * of `groups`: by code (board order) or by participant (by name, unattributed last).
   */
  extracts: ThemeExtract[];
  prevalence: Prevalence;
  /** How the extracts are grouped and ordered. */
  groupBy: 'code' | 'participant';
  /** Every group of the theme's extracts, in order, with its full count (not only what this page holds). */
  groups: ThemeReviewGroup[];
  /** How many extracts the theme has in all. */
  total: number;
  /** Where the next page starts (give it as `offset`); null when this page reaches the end. */
  nextOffset: number | null;
}

export interface PhaseDocument {
  id: Id;
  name: string;
  read: boolean;
  codings: number;
  /** Familiarisation notes: memos on the document. */
  notes: { id: Id; title: string; body: string }[];
}

export interface PhaseFacts {
  documents: PhaseDocument[];
  codes: number;
  codings: number;
  /** Codes not in any live theme (the "not yet themed" bin). */
  unthemedCodes: string[];
  themes: { id: Id; name: string; status: ThemeStatus; hasDefinition: boolean; quotes: number; isSubtheme: boolean }[];
}

export interface ThemeMapLayout {
  /** Saved node positions keyed "theme:ID", "code:ID" or "bin". */
  positions: Record<string, { x: number; y: number }>;
  view: { x: number; y: number; scale: number } | null;
}

export interface ImportThemesReport {
  created: string[];
  updated: string[];
  problems: string[];
}

export type ReportFormat = 'docx' | 'md' | 'html';

export interface ReportOptions {
  title?: string;
  /** Themes to include (sub-themes of an included theme must be listed too). Default: every theme not discarded. */
  themeIds?: Id[];
  /** Quotes to include as "themeId:codingId". Default: every chosen quote of an included theme. */
  quotes?: string[];
  /** Case attributes for the participants table. Default: all. */
  attributes?: string[];
  /** The case attribute shown after a participant's name in attributions (kept for older callers; quoteAttributes wins). */
  attributionAttribute?: string | null;
  /** The case attributes shown after a participant's name in attributions. Default: the project's quoteAttributes setting. */
  quoteAttributes?: string[];
  sections?: { participants?: boolean; themesTable?: boolean; themes?: boolean; codebook?: boolean };
  /**
   * Who the participants table lists: those who appear in the analysed documents (linked to a
   * document or to a speaker in one: the default), or every participant of the project.
   */
  participantsListed?: 'appearing' | 'all';
}

export interface ReportFile {
  fileName: string;
  mimeType: string;
  base64: string;
}
