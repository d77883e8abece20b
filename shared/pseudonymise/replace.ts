/**
 * Rewriting a text with its identifying terms replaced, and moving positions (codings, speaker
 * turns) through the change. Positions are UTF-16 code units, end-exclusive (shared/domain/offsets.ts).
 *
 * How a range [start, end) moves (`mapRange`): a position outside every replaced span shifts by
 * the change in length before it; a start inside a replaced name moves to the start of its
 * pseudonym and an end inside one moves to the pseudonym's end. So a coding that contained a
 * name contains its pseudonym, a coding that began or ended inside a name takes the whole
 * pseudonym, and no coding splits, shifts off its words or becomes empty.
 */
import { isWholeWord, normaliseTerms, pseudonymFor, termPattern, type PseudonymTerm } from './terms.js';

/** One span of a text to replace: `[start, end)` of the text gets `insert`. */
export interface Splice {
  start: number;
  end: number;
  insert: string;
  /** The identifying term it replaces, when it is one. */
  term?: string;
}

/** One replacement made: `[start, end)` of the old text became `[newStart, newEnd)` of the new. */
export interface Replacement {
  start: number;
  end: number;
  newStart: number;
  newEnd: number;
  /** What the old text said there. */
  original: string;
  /** What the new text says there. */
  replacement: string;
  term?: string;
}

/** A found occurrence of a term: `[start, end)`, the term and whether it stands as a whole word. */
export interface TermMatch {
  start: number;
  end: number;
  term: PseudonymTerm;
  wholeWord: boolean;
}

/** Every occurrence of every term, inside words too, sorted by start. */
export function findTermOccurrences(text: string, terms: readonly PseudonymTerm[]): TermMatch[] {
  const found: TermMatch[] = [];
  for (const t of normaliseTerms(terms)) {
    const re = termPattern(t);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      found.push({ start, end, term: t, wholeWord: isWholeWord(text, start, end) });
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
}

/**
 * The whole-word occurrences that will be replaced: longest first where two overlap, then the
 * earliest. Sorted by start, never overlapping.
 */
export function chooseMatches(text: string, terms: readonly PseudonymTerm[]): TermMatch[] {
  const whole = findTermOccurrences(text, terms).filter((m) => m.wholeWord);
  whole.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: TermMatch[] = [];
  for (const m of whole) {
    if (chosen.some((c) => m.start < c.end && c.start < m.end)) continue;
    chosen.push(m);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/** Applies non-overlapping splices (any order) and returns the new text with what was replaced where. */
export function applySplices(text: string, splices: readonly Splice[]): { text: string; replacements: Replacement[] } {
  const sorted = [...splices].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  const replacements: Replacement[] = [];
  let from = 0;
  let length = 0;
  for (const s of sorted) {
    if (s.start < from || s.end < s.start || s.end > text.length) throw new RangeError(`splice ${s.start}–${s.end} overlaps another or lies outside the text`);
    const kept = text.slice(from, s.start);
    parts.push(kept, s.insert);
    const newStart = length + kept.length;
    replacements.push({
      start: s.start,
      end: s.end,
      newStart,
      newEnd: newStart + s.insert.length,
      original: text.slice(s.start, s.end),
      replacement: s.insert,
      ...(s.term === undefined ? {} : { term: s.term }),
    });
    length = newStart + s.insert.length;
    from = s.end;
  }
  parts.push(text.slice(from));
  return { text: parts.join(''), replacements };
}

/** Replaces every whole-word occurrence of the terms; the replacements say what went where. */
export function pseudonymiseText(text: string, terms: readonly PseudonymTerm[]): { text: string; replacements: Replacement[] } {
  const splices = chooseMatches(text, terms).map((m) => ({ start: m.start, end: m.end, insert: pseudonymFor(m.term, text.slice(m.start, m.end)), term: m.term.term }));
  return applySplices(text, splices);
}

/** The last replacement that starts before `pos` (binary search over replacements sorted by start), or -1. */
function lastStartingBefore(replacements: readonly Replacement[], pos: number): number {
  let lo = 0;
  let hi = replacements.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (replacements[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Where an old position lands in the new text. `side` matters only for a position strictly inside
 * a replaced span: a start goes to the pseudonym's start, an end to its end.
 */
export function mapPosition(replacements: readonly Replacement[], pos: number, side: 'start' | 'end'): number {
  const i = lastStartingBefore(replacements, pos);
  if (i < 0) return pos;
  const r = replacements[i]!;
  if (pos < r.end) return side === 'start' ? r.newStart : r.newEnd;
  return pos + (r.newEnd - r.end);
}

/** True when a position falls strictly inside a replaced span (it cannot be mapped back exactly). */
export function isInsideReplacement(replacements: readonly Replacement[], pos: number): boolean {
  const i = lastStartingBefore(replacements, pos);
  return i >= 0 && pos < replacements[i]!.end;
}

/** Moves a range `[start, end)` through the replacements (see the module comment). */
export function mapRange(replacements: readonly Replacement[], start: number, end: number): { start: number; end: number } {
  return { start: mapPosition(replacements, start, 'start'), end: mapPosition(replacements, end, 'end') };
}

/** A few words either side of `[start, end)`, cut on whole characters, for the review list. */
export function context(text: string, start: number, end: number, radius = 40): { before: string; match: string; after: string } {
  let from = Math.max(0, start - radius);
  let to = Math.min(text.length, end + radius);
  const low = (i: number) => {
    const c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  };
  if (from > 0 && low(from)) from--;
  if (to < text.length && low(to)) to++;
  return { before: text.slice(from, start), match: text.slice(start, end), after: text.slice(end, to) };
}
