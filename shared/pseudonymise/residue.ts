/**
 * What may still identify someone after replacement, for a human to confirm (never replaced
 * automatically): a term inside a longer word ("Samanthas", "Acmeville"), one word of a
 * several-word term on its own ("Acme" of "Acme Ltd"), and near-misspellings of names
 * ("Samnatha", "Samanta"): a word of 5 or more letters within Damerau-Levenshtein (optimal string
 * alignment) distance 1 of a term's word of 5 to 7 letters, or 2 of one of 8 or more.
 */
import { extendRun } from '../domain/text.js';
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

/** A run of letters, marks and digits (bounded pieces, extended by extendRun: linear, no deep regex stack). */
const WORD_START = /[\p{L}\p{M}\p{N}]{1,256}/gu;
const WORD_REST = /[\p{L}\p{M}\p{N}]{1,256}/uy;
function* wordsOf(text: string): Generator<{ start: number; end: number }> {
  WORD_START.lastIndex = 0;
  for (let m = WORD_START.exec(text); m !== null; m = WORD_START.exec(text)) {
    const end = extendRun(text, WORD_START.lastIndex, WORD_REST);
    WORD_START.lastIndex = end;
    yield { start: m.index, end };
  }
}
const letters = (s: string) => Array.from(s).length;
/** How far a word may be from a term's word of `n` letters to be reported; 0: not compared. */
const allowedDistance = (n: number) => (n >= 8 ? 2 : n >= 5 ? 1 : 0);

/**
 * A residue finder for one list of terms, to run over many texts: the verdict on each distinct
 * word is remembered, so a large project costs one similarity check per distinct word and term.
 */
export function residueFinder(terms: readonly PseudonymTerm[]): (text: string) => Residue[] {
  const clean = normaliseTerms(terms);
  const pseudonymWords = new Set(clean.flatMap((t) => t.pseudonym.toLowerCase().split(/\s+/u)));
  const termWords = clean.flatMap((t) => {
    const words = t.term.split(/\s+/u);
    return words.map((w) => ({ word: w.toLowerCase(), term: t.term, several: words.length > 1 }));
  });
  // a one-word term is named before a several-word term it is part of ("Samantha" before "Samantha Jones")
  termWords.sort((a, b) => Number(a.several) - Number(b.several));
  const verdicts = new Map<string, { term: string; kind: ResidueKind; distance?: number } | null>();
  const judge = (word: string) => {
    const known = verdicts.get(word);
    if (known !== undefined) return known;
    let best: { term: string; kind: ResidueKind; distance?: number } | null = null;
    if (!pseudonymWords.has(word)) {
      const n = letters(word);
      for (const tw of termWords) {
        if (tw.word === word) {
          if (tw.several && n >= 4) best = { term: tw.term, kind: 'part-of-term' };
          if (best) break;
          continue;
        }
        const max = allowedDistance(letters(tw.word));
        if (max === 0 || n < 5) continue;
        const d = editDistance(word, tw.word, max);
        if (d <= max && (!best || (best.distance ?? 0) > d)) best = { term: tw.term, kind: 'similar', distance: d };
      }
    }
    verdicts.set(word, best);
    return best;
  };
  return (text: string) => {
    const out: Residue[] = [];
    const taken: { start: number; end: number }[] = [];
    const overlaps = (s: number, e: number) => taken.some((t) => s < t.end && t.start < e);
    for (const m of findTermOccurrences(text, clean)) {
      if (overlaps(m.start, m.end)) continue;
      out.push({ start: m.start, end: m.end, text: text.slice(m.start, m.end), term: m.term.term, kind: 'inside-word' });
      taken.push(m);
    }
    for (const { start, end } of wordsOf(text)) {
      if (overlaps(start, end)) continue;
      const word = text.slice(start, end);
      const verdict = judge(word.toLowerCase());
      if (verdict) out.push({ start, end, text: word, ...verdict });
    }
    return out.sort((a, b) => a.start - b.start);
  };
}

/** Remaining occurrences in a pseudonymised text `text` (pseudonyms are never reported). */
export function findResidue(text: string, terms: readonly PseudonymTerm[]): Residue[] {
  return residueFinder(terms)(text);
}
