/** Pure text helpers shared by import, storage and display. */

/** Removes a leading U+FEFF and turns CRLF and lone CR into LF. */
export function normalizeText(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.replace(/\r\n?/g, '\n');
}

/**
 * Ends a run that `rest` (a sticky regex matching a bounded piece of the run, e.g. `/[…]{1,256}/uy`)
 * continues at `end`, and returns where it stops. With this, readers match runs of any length in
 * linear time without a deep backtracking stack: V8 throws "Maximum call stack size exceeded" for
 * `/[…]+/u` over a run of millions of characters in a string that has one astral character.
 */
export function extendRun(text: string, end: number, rest: RegExp): number {
  for (;;) {
    rest.lastIndex = end;
    if (!rest.test(text) || rest.lastIndex === end) return end;
    end = rest.lastIndex;
  }
}

/** A word's first 256 code points (group 1: a CJK ideograph or kana, a word by itself). */
const WORD = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])|[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’-]{0,255}/gu;
const WORD_REST = /[\p{L}\p{M}\p{N}'’-]{1,256}/uy;

/** Word count: runs of letters/digits; each CJK ideograph or kana counts as a word. Linear. */
export function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    n++;
    // a word only goes on past the match when the match took all 256 code points it may (so at
    // least 256 code units): a shorter one ended at a character that is not part of a word
    if (m[1] === undefined && m[0].length >= 256) WORD.lastIndex = extendRun(text, WORD.lastIndex, WORD_REST);
  }
  return n;
}

const NON_BLANK = /\S/;

/**
 * Paragraph spans `[start, end)` of a text split on "\n", blank lines (empty or only whitespace)
 * left out: they separate paragraphs but are not paragraphs themselves, so a transcript with a
 * blank line between turns is drawn, coded by paragraph and counted like one without. Offsets are
 * those of the whole text (nothing is removed from it); an offset on a blank line lies between two
 * spans.
 */
export function paragraphs(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    if (NON_BLANK.test(text.slice(start, end))) out.push({ start, end });
    if (nl === -1) return out;
    start = nl + 1;
  }
}
