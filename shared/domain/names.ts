/**
 * The rule for every name a researcher gives (codes, themes, cases, attributes, categories,
 * coders, documents): a name is one line of visible text. It may not contain
 *
 *  - C0 or C1 control characters (U+0000–U+001F, U+007F–U+009F) — line breaks and tabs included,
 *    since names are one line; U+0001 and friends also make XML/SVG exports not well-formed;
 *  - bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069),
 *    which reorder what is shown and can make one name look like another ("Trojan Source").
 *
 * The API refuses such a name with a message naming the character (`nameProblem`); imports from
 * files drop the characters with a warning (`cleanName`) instead of failing the whole file.
 */

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'g');

const BIDI_NAMES: Record<number, string> = {
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

/** "U+0001": a code point written the Unicode way. */
export function codePointLabel(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What kind of forbidden character `c` is, for messages. */
function describe(c: string): string {
  const cp = c.codePointAt(0)!;
  const bidi = BIDI_NAMES[cp];
  if (bidi) return `an invisible bidirectional control character ${codePointLabel(c)} (${bidi})`;
  if (c === '\n' || c === '\r') return `a line break (${codePointLabel(c)}); names are one line`;
  if (c === '\t') return `a tab (${codePointLabel(c)})`;
  return `an invisible control character ${codePointLabel(c)}`;
}

/** Why `name` is not allowed as a name (the first forbidden character), or null when it is fine. */
export function nameProblem(name: string): string | null {
  const m = FORBIDDEN.exec(name);
  return m ? `contains ${describe(m[0])}` : null;
}

/** True when `name` has none of the forbidden characters. */
export const isCleanName = (name: string): boolean => !FORBIDDEN.test(name);

/**
 * `name` without the forbidden characters (a tab or line break becomes a space, others are
 * dropped; then surrounding white space is trimmed), with the labels of what was removed.
 */
export function cleanName(name: string): { name: string; removed: string[] } {
  if (!FORBIDDEN.test(name)) return { name, removed: [] };
  const removed = new Set<string>();
  const cleaned = name
    .replace(FORBIDDEN_ALL, (c) => {
      removed.add(codePointLabel(c));
      return c === '\t' || c === '\n' || c === '\r' ? ' ' : '';
    })
    .trim();
  return { name: cleaned, removed: [...removed] };
}

/**
 * Cleans a name read from a file and reports it: returns the clean name, and pushes a warning
 * ("line 4: the code name “A[U+0001]B” contained invisible control character U+0001; it was
 * removed") onto `warnings`. The message shows the characters as labels, never as themselves.
 */
export function cleanImportedName(name: string, warnings: string[], what: string, fallback = 'Unnamed'): string {
  const { name: cleaned, removed } = cleanName(name);
  if (removed.length > 0) {
    const shown = name.replace(FORBIDDEN_ALL, (c) => `[${codePointLabel(c)}]`); // never echo the characters themselves
    warnings.push(
      `${what} “${shown}” contained invisible control character${removed.length === 1 ? '' : 's'} ${removed.join(', ')}; ${removed.length === 1 ? 'it was' : 'they were'} removed`,
    );
  }
  return cleaned || fallback;
}

/** Cleans the `name` of every item in place (see cleanImportedName); `what` is e.g. "The code". */
export function cleanImportedNames<T extends { name?: string }>(items: Iterable<T>, warnings: string[], what: string, fallback?: string): void {
  for (const item of items) {
    if (item.name !== undefined && !isCleanName(item.name)) item.name = cleanImportedName(item.name, warnings, what, fallback);
  }
}
