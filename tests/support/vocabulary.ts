/**
 * The one glossary of the words Weft shows (issue 14: “use terms consistently”). Each term says
 * what it means and which synonyms the UI does not use for it; `tests/vocabulary/ui-terms.test.ts`
 * reads every visible string of the window (JSX text and the labels, titles and placeholders) and
 * fails on a retired synonym. README “Words Weft uses” is written from this list.
 */
export interface Term {
  /** The word the UI uses (singular). */
  term: string;
  means: string;
  /** Also shown, for the same thing, where it reads better (not a synonym to avoid). */
  alsoShownAs?: string[];
  /** Words the UI does not use for this (matched as whole words, any case). */
  retired: string[];
}

export const GLOSSARY: readonly Term[] = [
  {
    term: 'code',
    means: 'A named label in the codebook, applied to passages of text; codes nest (parent/child).',
    retired: ['tag', 'tags', 'tagged', 'tagging'],
  },
  {
    term: 'coding',
    means: 'One passage of a document with one code applied, by one coder.',
    alsoShownAs: ['highlight (the tint drawn for a coding)', 'extract (a coding’s text shown elsewhere)'],
    retired: ['annotation', 'annotations', 'quotation', 'quotations', 'segment', 'segments'],
  },
  {
    term: 'theme',
    means: 'A pattern of meaning built from codes (themes nest: sub-themes).',
    retired: ['pattern group'],
  },
  {
    term: 'participant',
    means: 'A person taking part in the study, with attributes; speakers and documents link to participants. Called a case in REFI-QDA files and the data.',
    alsoShownAs: ['case (in “Cases & attributes” and exchange formats)'],
    retired: ['respondent', 'respondents', 'interviewee', 'interviewees', 'subject', 'subjects'],
  },
  {
    term: 'document',
    means: 'A text in the project; an interview’s text is also called its transcript.',
    alsoShownAs: ['transcript'],
    retired: ['source file', 'text file'],
  },
  {
    term: 'coder',
    means: 'The person who made a coding (asked once: “Who is coding?”).',
    retired: ['annotator', 'rater', 'raters'],
  },
  {
    term: 'yes/no',
    means: 'An attribute kind with two values (shown as KIND_LABELS in shared/analysis/values.ts).',
    retired: ['boolean'],
  },
  {
    term: 'ordered category',
    means: 'An attribute kind whose values are a fixed, ordered list.',
    retired: ['enum', 'enumeration'],
  },
];

/** Every retired word, lower case, with the term to use instead. */
export const RETIRED: ReadonlyMap<string, string> = new Map(GLOSSARY.flatMap((t) => t.retired.map((w) => [w.toLowerCase(), t.term] as const)));

/** The retired words in a visible string, each with the term to use instead. */
export function retiredWordsIn(text: string): { word: string; use: string }[] {
  const found: { word: string; use: string }[] = [];
  const lower = text.toLowerCase();
  for (const [word, use] of RETIRED) {
    const re = new RegExp(`(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[^\\p{L}\\p{N}])`, 'u');
    if (re.test(lower)) found.push({ word, use });
  }
  return found;
}
