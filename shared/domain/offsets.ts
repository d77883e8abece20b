/**
 * Text positions in Weft.
 *
 * THE UNIT: every stored and computed position is a UTF-16 code unit offset into the document's
 * stored text (exactly what a JavaScript string index is), and ranges are end-exclusive
 * `[start, end)`. The stored text is the imported text with the BOM removed and line endings
 * normalised to LF, so "\n" is one unit.
 *
 * Why UTF-16: the renderer (DOM Selection/Range), the backend and every JS library agree on it
 * without conversion, so a highlight always covers exactly the selected characters. REFI-QDA
 * (QDPX) positions are Unicode code points; NVivo writes UTF-16 units. Converters for both
 * live here and are used only at the exchange boundary.
 *
 * A valid boundary never splits a surrogate pair. A coding's ends must also fall on grapheme
 * cluster boundaries (`rangeProblem` refuses a start or end between a letter and its combining
 * accent, inside an emoji ZWJ sequence, a flag or a CRLF): the UI snaps selections to clusters
 * before sending (`snapToGraphemes`), and the service refuses what was not snapped.
 */

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** True when `offset` is inside the text and does not fall between the halves of a surrogate pair. */
export function isValidBoundary(text: string, offset: number): boolean {
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) return false;
  if (offset === 0 || offset === text.length) return true;
  return !(isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset)));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

const isRegionalIndicatorAt = (text: string, i: number) =>
  text.charCodeAt(i) === 0xd83c && text.charCodeAt(i + 1) >= 0xdde6 && text.charCodeAt(i + 1) <= 0xddff;

/**
 * True when `offset` falls between two grapheme clusters (user-perceived characters), so it cuts
 * no letter from its combining marks, no emoji ZWJ sequence, flag or CRLF. Looks at a small
 * window around the offset (grapheme rules are local); a run of flags is read from its start so
 * the pairs of regional indicators are counted right.
 */
export function isGraphemeBoundary(text: string, offset: number): boolean {
  if (!isValidBoundary(text, offset)) return false;
  if (offset === 0 || offset === text.length) return true;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  // fast path: two characters below U+0300 (no combining marks, emoji or joiners) — except CR LF
  if (before < 0x300 && after < 0x300 && !(before === 0x0d && after === 0x0a)) return true;
  let from = Math.max(0, offset - 64);
  if (from > 0 && text.charCodeAt(from) >= 0xdc00 && text.charCodeAt(from) <= 0xdfff) from--;
  while (from >= 2 && isRegionalIndicatorAt(text, from - 2)) from -= 2;
  const to = Math.min(text.length, offset + 64);
  for (const seg of graphemes.segment(text.slice(from, to))) {
    const at = from + seg.index;
    if (at === offset) return true;
    if (at > offset) return false;
  }
  return false;
}

/** Validates a range `[start, end)` against a text; returns a human reason or null when valid. */
export function rangeProblem(text: string, start: number, end: number): string | null {
  if (!Number.isInteger(start) || !Number.isInteger(end)) return 'positions must be whole numbers';
  if (start < 0) return `start ${start} is before the beginning of the text`;
  if (end > text.length) return `end ${end} is past the end of the text (length ${text.length})`;
  if (end <= start) return `the range ${start}–${end} is empty or reversed`;
  if (!isValidBoundary(text, start)) return `start ${start} splits a character in two`;
  if (!isValidBoundary(text, end)) return `end ${end} splits a character in two`;
  if (!isGraphemeBoundary(text, start)) return `start ${start} falls inside a character (between a letter and its accent, or inside an emoji or flag)`;
  if (!isGraphemeBoundary(text, end)) return `end ${end} falls inside a character (between a letter and its accent, or inside an emoji or flag)`;
  return null;
}

/**
 * For codings read from files (REFI-QDA import, team merge): a range that only fails the
 * grapheme rule is widened to whole characters (`widened` true) rather than dropped; any other
 * problem is returned as `problem`.
 */
export function fitRangeToGraphemes(text: string, start: number, end: number): { start: number; end: number; widened: boolean; problem: string | null } {
  const problem = rangeProblem(text, start, end);
  if (problem === null) return { start, end, widened: false, problem: null };
  if (start < 0 || end > text.length || end <= start || !isValidBoundary(text, start) || !isValidBoundary(text, end)) {
    return { start, end, widened: false, problem };
  }
  const [s, e] = snapToGraphemes(text, start, end);
  return { start: s, end: e, widened: true, problem: rangeProblem(text, s, e) };
}

/** A high surrogate followed by a low one: one astral character (matched as UTF-16 code units). */
const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

/**
 * Converts between UTF-16 offsets and code point offsets for one text. Built once per text
 * (O(n)), then each conversion is a binary search over the astral characters only.
 */
export class OffsetMap {
  /** UTF-16 offsets of the high surrogate of each astral character, ascending. */
  private readonly astral: number[] = [];
  readonly utf16Length: number;
  readonly codePointLength: number;

  constructor(text: string) {
    // The regular expression engine finds the pairs (left to right, not overlapping) far faster
    // than a loop over every code unit; most texts have none.
    for (const m of text.matchAll(SURROGATE_PAIR)) this.astral.push(m.index);
    this.utf16Length = text.length;
    this.codePointLength = text.length - this.astral.length;
  }

  /** Number of astral characters that end at or before UTF-16 offset `u`. */
  private astralBefore(u: number): number {
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.astral[mid]! + 2 <= u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  toCodePoint(utf16: number): number {
    if (utf16 < 0 || utf16 > this.utf16Length) throw new RangeError(`offset ${utf16} is outside the text`);
    const before = this.astralBefore(utf16);
    const inside = before < this.astral.length && this.astral[before]! < utf16 ? 1 : 0;
    if (inside) throw new RangeError(`offset ${utf16} splits a surrogate pair`);
    return utf16 - before;
  }

  fromCodePoint(cp: number): number {
    if (cp < 0 || cp > this.codePointLength) throw new RangeError(`code point ${cp} is outside the text`);
    // Find the number k of astral chars whose code point index is < cp; u = cp + k.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const cpIndexOfMid = this.astral[mid]! - mid;
      if (cpIndexOfMid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }
}

export const utf16ToCodePoint = (text: string, utf16: number) => new OffsetMap(text).toCodePoint(utf16);
export const codePointToUtf16 = (text: string, cp: number) => new OffsetMap(text).fromCodePoint(cp);

/** Grapheme cluster boundaries touching [from, to] (inclusive of both ends' clusters). */
function clusterAround(
  segmenter: Intl.Segmenter,
  text: string,
  start: number,
  end: number,
  wordsOnly: boolean,
): [number, number] {
  // Segment a window around the range for speed on long texts.
  const winStart = Math.max(0, start - 256);
  const winEnd = Math.min(text.length, end + 256);
  const slice = text.slice(winStart, winEnd);
  let s = start;
  let e = end;
  for (const seg of segmenter.segment(slice)) {
    const a = winStart + seg.index;
    const b = a + seg.segment.length;
    if (wordsOnly && !seg.isWordLike) continue;
    if (a < start && b > start) s = Math.min(s, a);
    if (a < end && b > end) e = Math.max(e, b);
  }
  return [s, e];
}

/** Widens `[start, end)` so neither end falls inside a grapheme cluster (emoji, combining marks). */
export function snapToGraphemes(text: string, start: number, end: number): [number, number] {
  return clusterAround(graphemes, text, start, end, false);
}

/** Widens `[start, end)` to whole words (then to whole graphemes), for "snap to word". */
export function snapToWords(text: string, start: number, end: number): [number, number] {
  const [s, e] = clusterAround(words, text, start, end, true);
  return snapToGraphemes(text, s, e);
}

/** Trims leading/trailing whitespace from a range (a drag selection often grabs a space). */
export function trimRange(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return [s, e];
}
