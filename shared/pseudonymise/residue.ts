/**
 * What may still identify someone after replacement, for a human to confirm (never replaced
 * automatically): a term inside a longer word ("Samanthas", "Acmeville"), one word of a
 * several-word term on its own ("Acme" of "Acme Ltd"), and near-misspellings of names
 * ("Samnatha", "Samanta"): a word of 5 or more letters within Damerau-Levenshtein (optimal string
 * alignment) distance 1 of a term's word of 5 to 7 letters, or 2 of one of 8 or more.
 */
import { findTermOccurrences } from './replace.js';
import { normaliseTerms, type PseudonymTerm } from './terms.js';

export type ResidueKind = 'inside-word' | 'part-of-term' | 'similar';

export interface Residue {
  start: number;
  end: number;
  /** The text found. */
  text: string;
  /** The identifying term it resembles. */
  term: string;
  kind: ResidueKind;
  /** For `similar`: the edit distance. */
  distance?: number;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), or max+1 once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[y.length]!;
}

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const letters = (s: string) => Array.from(s).length;
/** How far a word may be from a term's word of `n` letters to be reported; 0: not compared. */
const allowedDistance = (n: number) => (n >= 8 ? 2 : n >= 5 ? 1 : 0);

/** Remaining occurrences in a pseudonymised text `text`; `pseudonyms` are never reported. */
export function findResidue(text: string, terms: readonly PseudonymTerm[]): Residue[] {
  const clean = normaliseTerms(terms);
  const out: Residue[] = [];
  const taken: { start: number; end: number }[] = [];
  const overlaps = (s: number, e: number) => taken.some((t) => s < t.end && t.start < e);
  for (const m of findTermOccurrences(text, clean)) {
    if (overlaps(m.start, m.end)) continue;
    out.push({ start: m.start, end: m.end, text: text.slice(m.start, m.end), term: m.term.term, kind: 'inside-word' });
    taken.push(m);
  }
  const pseudonymWords = new Set(clean.flatMap((t) => t.pseudonym.toLowerCase().split(/\s+/u)));
  const termWords = clean.flatMap((t) => {
    const words = t.term.split(/\s+/u);
    return words.map((w) => ({ word: w.toLowerCase(), term: t.term, several: words.length > 1 }));
  });
  // a one-word term is named before a several-word term it is part of ("Samantha" before "Samantha Jones")
  termWords.sort((a, b) => Number(a.several) - Number(b.several));
  for (const seg of wordSegmenter.segment(text)) {
    if (!seg.isWordLike) continue;
    const start = seg.index;
    const end = start + seg.segment.length;
    if (overlaps(start, end)) continue;
    const word = seg.segment.toLowerCase();
    if (pseudonymWords.has(word)) continue;
    const n = letters(word);
    let best: Residue | null = null;
    for (const tw of termWords) {
      if (tw.word === word) {
        if (tw.several && n >= 4) best = { start, end, text: seg.segment, term: tw.term, kind: 'part-of-term' };
        if (best) break;
        continue;
      }
      const max = allowedDistance(letters(tw.word));
      if (max === 0 || n < 5) continue;
      const d = editDistance(word, tw.word, max);
      if (d <= max && (!best || (best.distance ?? 0) > d)) best = { start, end, text: seg.segment, term: tw.term, kind: 'similar', distance: d };
    }
    if (best) {
      out.push(best);
      taken.push(best);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
