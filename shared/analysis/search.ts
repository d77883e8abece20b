/**
 * Full-text search queries: parsing what a researcher types, the FTS5 expressions for SQLite's
 * `unicode61 remove_diacritics 2` index (words) and trigram index (scripts without spaces), and
 * reading the hits' exact UTF-16 offsets out of FTS5's `highlight()` (the service asks SQLite to
 * mark every hit with a pair of noncharacters, `parseHighlighted` turns the marks into offsets).
 *
 * Query syntax:
 *  - words: `homework reflection` finds documents with both (anywhere);
 *  - phrases: `"put it in your notes"` finds the words next to each other;
 *  - prefixes: `reflect*` finds reflect, reflection, reflective…;
 *  - OR between terms: `homework OR assignment`.
 * Matching ignores case and accents (é = e) like the index does. Text in scripts written
 * without spaces (Chinese, Japanese, Korean, Thai) is matched as a substring (case-insensitive,
 * accents kept) instead of as words, because the word tokenizer sees a whole run of such text
 * as one word; the trigram index (migration 0007) finds the documents that contain it.
 */
import { extendRun } from '../domain/text.js';
import type { SearchResult } from './types.js';

export interface SearchTerm {
  /** What the user typed for this term (without quotes and *). */
  raw: string;
  /** Folded tokens (token mode). */
  tokens: string[];
  prefix: boolean;
  mode: 'token' | 'substring';
}

export interface ParsedQuery {
  /** OR of groups; each group is an AND of terms. */
  groups: SearchTerm[][];
}

/** A token's first 256 code points; extendRun takes it to its end (linear for tokens of any length). */
const TOKEN = /[\p{L}\p{N}\p{Co}\p{Mn}]{1,256}/gu;
const TOKEN_REST = /[\p{L}\p{N}\p{Co}\p{Mn}]{1,256}/uy;
/** Scripts written without spaces; migration 0007's trigram index covers a superset of it. */
export const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Case- and accent-insensitive form of a token (as unicode61 with remove_diacritics 2). */
export function fold(token: string): string {
  return token.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
}

export interface Token {
  start: number;
  end: number;
  folded: string;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const end = (TOKEN.lastIndex = extendRun(text, TOKEN.lastIndex, TOKEN_REST));
    out.push({ start: m.index, end, folded: fold(text.slice(m.index, end)) });
  }
  return out;
}

function makeTerm(raw: string, prefix: boolean): SearchTerm | null {
  const text = raw.trim();
  if (!text) return null;
  if (NO_SPACE_SCRIPT.test(text)) return { raw: text, tokens: [], prefix: false, mode: 'substring' };
  const tokens = tokenize(text).map((t) => t.folded);
  if (tokens.length === 0) return null;
  return { raw: text, tokens, prefix, mode: 'token' };
}

/** Parses a query; throws an Error with a message for the user when nothing searchable is left. */
export function parseSearchQuery(query: string): ParsedQuery {
  const groups: SearchTerm[][] = [[]];
  const re = /"([^"]*)"(\*)?|(\S+)/g;
  for (let m = re.exec(query); m !== null; m = re.exec(query)) {
    if (m[1] !== undefined) {
      const t = makeTerm(m[1], m[2] === '*');
      if (t) groups[groups.length - 1]!.push(t);
      continue;
    }
    const word = m[3]!;
    if (word === 'OR') {
      if (groups[groups.length - 1]!.length > 0) groups.push([]);
      continue;
    }
    const prefix = word.endsWith('*');
    const t = makeTerm(word.replace(/\*+$/, '').replace(/^"|"$/g, ''), prefix);
    if (t) groups[groups.length - 1]!.push(t);
  }
  const kept = groups.filter((g) => g.length > 0);
  if (kept.length === 0) throw new Error(`“${query.trim()}” has no words to search for`);
  return { groups: kept };
}

/** The FTS5 MATCH expression for a token-mode term: a quoted phrase, with * for a prefix. */
export function ftsExpression(term: SearchTerm): string {
  return `"${term.tokens.join(' ')}"${term.prefix ? '*' : ''}`;
}

/** Hits the search view asks for at a time (a few screenfuls); "Show more hits" asks for the next page. */
export const SEARCH_PAGE_SIZE = 100;

/**
 * One result from a result and the page that continues it (asked for with its `nextCursor`):
 * the hits before the cursor are exactly the ones already shown, so the total is theirs plus the
 * page's; the documents count is the whole query's, from the first page.
 */
export function appendSearchPage(shown: SearchResult, page: SearchResult): SearchResult {
  return { ...page, total: shown.hits.length + page.total, documents: shown.documents, hits: [...shown.hits, ...page.hits] };
}

/** The FTS5 expression that highlights every token-mode term of `terms` (null when none is). */
export function highlightExpression(terms: readonly SearchTerm[]): string | null {
  const token = terms.filter((t) => t.mode === 'token');
  return token.length === 0 ? null : [...new Set(token.map(ftsExpression))].join(' OR ');
}

/**
 * How the trigram index finds a substring-mode term: a MATCH of the whole term when it has three
 * characters or more; otherwise the trigrams it begins (`from` ≤ trigram < `to`), since the
 * index holds every trigram of the text followed by two line feeds.
 */
export function trigramLookup(term: SearchTerm): { match: string } | { from: string; to: string } {
  const chars = [...term.raw];
  if (chars.length >= 3) return { match: `"${term.raw.replace(/"/g, '""')}"` };
  const from = term.raw.toLowerCase();
  return { from, to: `${from}\u{10FFFF}` };
}

/**
 * Pairs of marks for `highlight()`: Unicode noncharacters (U+FDD0…U+FDEF), which interchanged text
 * does not contain; a document that does contain the first pair is highlighted with the next.
 */
export const HIGHLIGHT_MARKS: readonly (readonly [string, string])[] = Array.from({ length: 16 }, (_, i) => [
  String.fromCharCode(0xfdd0 + 2 * i),
  String.fromCharCode(0xfdd1 + 2 * i),
]);

/**
 * The text and the marked ranges of a `highlight()` result, in UTF-16 units of the text without
 * the marks (which is the document's text: the marks are its only additions).
 */
export function parseHighlighted(marked: string, open: string, close: string): { text: string; ranges: { start: number; end: number }[] } {
  const parts: string[] = [];
  const ranges: { start: number; end: number }[] = [];
  let length = 0;
  let at = 0;
  for (let o = marked.indexOf(open); o !== -1; o = marked.indexOf(open, at)) {
    const c = marked.indexOf(close, o + open.length);
    if (c === -1) break;
    parts.push(marked.slice(at, o));
    length += o - at;
    const start = length;
    parts.push(marked.slice(o + open.length, c));
    length += c - o - open.length;
    ranges.push({ start, end: length });
    at = c + close.length;
  }
  parts.push(marked.slice(at));
  return { text: parts.join(''), ranges };
}

/**
 * Every occurrence of a substring-mode term in `text` (a document the trigram index found), as
 * [start, end) UTF-16 ranges, without regard to case. Word terms are found by the index itself
 * (`highlight()`), never here.
 */
export function substringHits(text: string, term: SearchTerm): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const lower = text.toLowerCase();
  const caseless = lower.length === text.length;
  const hay = caseless ? lower : text;
  const needle = caseless ? term.raw.toLowerCase() : term.raw;
  if (!needle) return out;
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
    out.push({ start: at, end: at + needle.length });
  }
  return out;
}

/**
 * Context around a hit: up to `context` characters either side, cut at a space where one is
 * near, with "…" where text was cut. Line breaks become spaces.
 */
export function snippet(text: string, start: number, end: number, context = 70): { before: string; match: string; after: string } {
  let from = Math.max(0, start - context);
  let to = Math.min(text.length, end + context);
  if (from > 0) {
    const sp = text.indexOf(' ', from);
    if (sp !== -1 && sp < start) from = sp + 1;
  }
  if (to < text.length) {
    const sp = text.lastIndexOf(' ', to);
    if (sp > end) to = sp;
  }
  // never split a surrogate pair
  if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from] ?? '')) from--;
  if (to < text.length && /[\uDC00-\uDFFF]/.test(text[to] ?? '')) to++;
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  return {
    before: (from > 0 ? '…' : '') + flat(text.slice(from, start)).replace(/^ /, ''),
    match: text.slice(start, end),
    after: flat(text.slice(end, to)).replace(/ $/, '') + (to < text.length ? '…' : ''),
  };
}
