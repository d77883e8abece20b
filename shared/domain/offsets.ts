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
 * A valid boundary never splits a surrogate pair. Selections from the UI are additionally snapped
 * to grapheme clusters (so an emoji ZWJ sequence or a letter with combining accents is never cut).
 */

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** True when `offset` is inside the text and does not fall between the halves of a surrogate pair. */
export function isValidBoundary(text: string, offset: number): boolean {
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) return false;
  if (offset === 0 || offset === text.length) return true;
  return !(isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset)));
}

/** Validates a range `[start, end)` against a text; returns a human reason or null when valid. */
export function rangeProblem(text: string, start: number, end: number): string | null {
  if (!Number.isInteger(start) || !Number.isInteger(end)) return 'positions must be whole numbers';
  if (start < 0) return `start ${start} is before the beginning of the text`;
  if (end > text.length) return `end ${end} is past the end of the text (length ${text.length})`;
  if (end <= start) return `the range ${start}–${end} is empty or reversed`;
  if (!isValidBoundary(text, start)) return `start ${start} splits a character in two`;
  if (!isValidBoundary(text, end)) return `end ${end} splits a character in two`;
  return null;
}

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
    for (let i = 0; i < text.length; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        this.astral.push(i);
        i++;
      }
    }
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

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

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
