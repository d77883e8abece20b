/**
 * Identifying terms for a pseudonymised copy (issue 16): each term (a participant's name, a place,
 * an employer) maps to a pseudonym ("Samantha" → "P07", "Acme Ltd" → "[employer]").
 *
 * Matching rules (one place for them, used by the review, the copy and the residue report):
 *  - case-insensitive (Unicode simple case folding, so a match has the term's length), unless the
 *    term says `matchCase`;
 *  - whole words only: a match may not continue a word on either side. A word character is a
 *    letter, combining mark or digit — except around CJK (Han, Hiragana, Katakana), which is
 *    written without spaces, so a CJK edge needs no boundary. An apostrophe is not a word
 *    character, so the possessive "Samantha's" / "Samantha’s" becomes "P07's";
 *  - the longest term wins where two overlap ("Samantha Jones" before "Samantha"), then the earliest;
 *  - the pseudonym is written as given, except that an occurrence written in capitals
 *    ("SAMANTHA") gets its pseudonym in capitals.
 */
import { parseCsv } from '../csv/reader.js';
import { ImportError } from '../import/types.js';

export interface PseudonymTerm {
  term: string;
  pseudonym: string;
  /** Match only this exact spelling (default: any case). */
  matchCase?: boolean;
}

/** Where a suggested or seeded term comes from. */
export type TermSource = 'participant' | 'speaker' | 'suggestion';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** The character (whole code point) just before `at`. */
function charBefore(text: string, at: number): string {
  if (at <= 0) return '';
  const c = text.charCodeAt(at - 1);
  if (c >= 0xdc00 && c <= 0xdfff && at >= 2) return text.slice(at - 2, at);
  return text[at - 1]!;
}

function charAt(text: string, at: number): string {
  if (at >= text.length) return '';
  return String.fromCodePoint(text.codePointAt(at)!);
}

/** True when a word does not go on across the edge between `inside` (the match's edge character) and `outside`. */
function isEdge(inside: string, outside: string): boolean {
  if (outside === '') return true;
  if (CJK_CHAR.test(inside) || CJK_CHAR.test(outside)) return true;
  return !WORD_CHAR.test(outside);
}

/** True when text[start, end) is a whole word (or run of words) by the rules above. */
export function isWholeWord(text: string, start: number, end: number): boolean {
  if (start >= end) return false;
  const first = charAt(text, start);
  const last = charBefore(text, end);
  // a combining mark right after the match belongs to its last letter
  return isEdge(first, charBefore(text, start)) && isEdge(last, charAt(text, end)) && !/^\p{M}/u.test(charAt(text, end));
}

/** A problem with a list of terms (empty, duplicate, a pseudonym that contains a term), or null. */
export function termsProblem(terms: readonly PseudonymTerm[]): string | null {
  const seen = new Map<string, string>();
  for (const [i, t] of terms.entries()) {
    const term = t.term.trim();
    if (!term) return `term ${i + 1} is empty`;
    if (!t.pseudonym.trim()) return `the pseudonym for “${term}” is empty`;
    if (/["\\]/u.test(t.pseudonym)) return `the pseudonym for “${term}” contains a " or \\ (they are not allowed, so lists of category values stay readable)`;
    const key = t.matchCase ? term : term.toLowerCase();
    if (seen.has(key)) return `“${term}” is listed twice`;
    seen.set(key, term);
  }
  for (const t of terms) {
    for (const other of terms) {
      if (containsTerm(t.pseudonym, other)) return `the pseudonym “${t.pseudonym}” contains the identifying term “${other.term.trim()}”`;
    }
  }
  return null;
}

function containsTerm(text: string, t: PseudonymTerm): boolean {
  return t.matchCase ? text.includes(t.term.trim()) : text.toLowerCase().includes(t.term.trim().toLowerCase());
}

/** The terms cleaned (trimmed), longest first — the order matching tries them in. */
export function normaliseTerms(terms: readonly PseudonymTerm[]): PseudonymTerm[] {
  return terms
    .map((t) => ({ term: t.term.trim(), pseudonym: t.pseudonym.trim(), ...(t.matchCase ? { matchCase: true } : {}) }))
    .filter((t) => t.term !== '')
    .sort((a, b) => b.term.length - a.term.length || a.term.localeCompare(b.term));
}

/** A regular expression finding every occurrence of one term, inside words too (flags g, u, and i unless matchCase). */
export function termPattern(t: PseudonymTerm): RegExp {
  // inner whitespace of a multi-word term matches any run of spaces (a line break in a transcript too)
  const body = t.term
    .trim()
    .split(/\s+/u)
    .map(escapeRegExp)
    .join('\\s+');
  return new RegExp(body, t.matchCase ? 'gu' : 'giu');
}

/** The pseudonym for one occurrence: in capitals when the occurrence is written in capitals. */
export function pseudonymFor(t: PseudonymTerm, occurrence: string): string {
  const shouty = occurrence.length > 1 && occurrence === occurrence.toUpperCase() && occurrence !== occurrence.toLowerCase();
  const termShouty = t.term === t.term.toUpperCase();
  return shouty && !termShouty ? t.pseudonym.toUpperCase() : t.pseudonym;
}

/**
 * Reads a terms CSV: columns `term,pseudonym` (a header line naming them is optional; a third
 * column `match case` with yes/true/1 asks for exact spelling). `file` names the file in errors.
 */
export function parseTermsCsv(text: string, file = 'terms CSV'): PseudonymTerm[] {
  const records = parseCsv(text.replace(/^\uFEFF/, ''), undefined, file);
  const out: PseudonymTerm[] = [];
  for (const [i, r] of records.entries()) {
    const [term = '', pseudonym = '', matchCase = ''] = r.fields.map((f) => f.trim());
    if (i === 0 && term.toLowerCase() === 'term') continue;
    if (term === '' && pseudonym === '' && r.fields.length <= 1) continue;
    if (term === '') throw new ImportError(file, `line ${r.line}: the term is empty`);
    if (pseudonym === '') throw new ImportError(file, `line ${r.line}: “${term}” has no pseudonym (write term,pseudonym)`);
    out.push({ term, pseudonym, ...(/^(y|yes|true|1)$/i.test(matchCase) ? { matchCase: true } : {}) });
  }
  if (out.length === 0) throw new ImportError(file, 'it lists no terms (write one term,pseudonym per line)');
  const problem = termsProblem(out);
  if (problem) throw new ImportError(file, problem);
  return out;
}
