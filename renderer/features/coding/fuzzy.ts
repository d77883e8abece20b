/** Fuzzy matching of code paths for the quick-code palette. */

export interface FuzzyHit<T> {
  item: T;
  score: number;
  /** Indexes of the matched characters in the searched text. */
  matches: number[];
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/**
 * Scores `text` against `query`: every query character must appear in order. Contiguous runs,
 * matches at word starts and in the last path segment (the code's own name) score higher;
 * an exact name match scores highest. Returns null when it does not match.
 */
export function fuzzyScore(query: string, text: string): { score: number; matches: number[] } | null {
  const q = fold(query).replace(/\s+/g, ' ').trim();
  if (!q) return { score: 0, matches: [] };
  // folding only removes combining marks, so match positions refer to the folded text
  return fuzzyScoreFolded(q, fold(text));
}

function fuzzyScoreFolded(q: string, t: string): { score: number; matches: number[] } | null {
  const nameStart = t.lastIndexOf('/') + 1;
  const name = t.slice(nameStart);
  if (name === q) return { score: 1000, matches: [...Array(q.length).keys()].map((i) => i + nameStart) };
  const sub = name.indexOf(q);
  if (sub >= 0) {
    const atWord = sub === 0 || /[\s\-_/(]/.test(name[sub - 1]!);
    return { score: 500 + (atWord ? 100 : 0) - sub, matches: [...Array(q.length).keys()].map((i) => i + nameStart + sub) };
  }
  const whole = t.indexOf(q);
  if (whole >= 0) return { score: 300 - whole, matches: [...Array(q.length).keys()].map((i) => i + whole) };
  // subsequence
  const matches: number[] = [];
  let score = 0;
  let ti = 0;
  let prev = -2;
  for (const ch of q) {
    if (ch === ' ') continue;
    const at = t.indexOf(ch, ti);
    if (at < 0) return null;
    const wordStart = at === 0 || /[\s\-_/(]/.test(t[at - 1]!);
    score += at === prev + 1 ? 8 : 1;
    if (wordStart) score += 6;
    if (at >= nameStart) score += 2;
    matches.push(at);
    prev = at;
    ti = at + 1;
  }
  return { score: score - t.length / 100, matches };
}

export function fuzzyFilter<T>(query: string, items: readonly T[], textOf: (item: T) => string, limit = 50): FuzzyHit<T>[] {
  const hits: FuzzyHit<T>[] = [];
  for (const item of items) {
    const r = fuzzyScore(query, textOf(item));
    if (r) hits.push({ item, score: r.score, matches: r.matches });
  }
  if (fold(query).trim()) hits.sort((a, b) => b.score - a.score);
  return hits.slice(0, limit);
}
