/**
 * Suggestions of identifying terms: capitalised words (and runs of them, "Acme Ltd") that recur
 * across documents. A word at the start of a sentence or line is not counted (it is capitalised
 * anyway), nor are a few capitalised words that identify nobody (I, days, months, titles).
 * Scripts without capitals (CJK, Arabic, Hebrew) give no suggestions: seed those terms by hand.
 */
import { normaliseTerms, type PseudonymTerm } from './terms.js';

export interface TermSuggestion {
  text: string;
  /** In how many documents it appears. */
  documents: number;
  occurrences: number;
}

const NOT_NAMES = new Set(
  (
    'i im ive id ill ok okay mr mrs ms dr mx prof sir yes no oh so and but the a an it its this that we they he she you ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december ' +
    'interviewer interviewee participant respondent speaker'
  ).split(' '),
);

const CAPITALISED_RUN = /\p{Lu}[\p{L}\p{M}’'-]*(?:[ \t]\p{Lu}[\p{L}\p{M}’'-]*)*/gu;

function isSentenceStart(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '"' || c === '“' || c === '(' || c === '‘' || c === "'") continue;
    return c === '\n' || c === '.' || c === '!' || c === '?' || c === ':' || c === '…';
  }
  return true;
}

const stripPossessive = (s: string) => s.replace(/['’]s$/u, '').replace(/['’-]+$/u, '');

/** Capitalised words and runs seen in at least `minDocuments` documents, most widespread first; known terms left out. */
export function suggestTerms(texts: readonly string[], known: readonly PseudonymTerm[] = [], minDocuments = 2, limit = 200): TermSuggestion[] {
  const knownSet = new Set(normaliseTerms(known).map((t) => t.term.toLowerCase()));
  const seen = new Map<string, { text: string; docs: Set<number>; occurrences: number }>();
  texts.forEach((text, doc) => {
    CAPITALISED_RUN.lastIndex = 0;
    for (let m = CAPITALISED_RUN.exec(text); m !== null; m = CAPITALISED_RUN.exec(text)) {
      let words = m[0].split(/[ \t]/u).map(stripPossessive);
      if (isSentenceStart(text, m.index)) words = words.slice(1);
      words = words.filter((w) => !NOT_NAMES.has(w.toLowerCase().replace(/['’]/gu, '')));
      if (words.length === 0) continue;
      const candidate = words.join(' ');
      if (Array.from(candidate).length < 2) continue;
      const key = candidate.toLowerCase();
      if (knownSet.has(key)) continue;
      const entry = seen.get(key) ?? { text: candidate, docs: new Set<number>(), occurrences: 0 };
      entry.docs.add(doc);
      entry.occurrences++;
      seen.set(key, entry);
    }
  });
  return [...seen.values()]
    .filter((e) => e.docs.size >= minDocuments)
    .map((e) => ({ text: e.text, documents: e.docs.size, occurrences: e.occurrences }))
    .sort((a, b) => b.documents - a.documents || b.occurrences - a.occurrences || a.text.localeCompare(b.text))
    .slice(0, limit);
}
