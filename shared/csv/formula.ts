/**
 * Formula protection for spreadsheet exports (OWASP's rule against CSV injection): a text cell
 * that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote in front,
 * so a spreadsheet shows it as text instead of running it as a formula. Text that already begins
 * with quotes followed by one of those characters gets one more quote, so that `unprotectFormula`
 * (used by Weft's CSV reader) gives back exactly what was written: Weft's own exports read back
 * unchanged. Harmless text such as "-2" or "- bullet" gets the quote too; that is the rule.
 */

const FORMULA_START = /^'*[=+\-@\t\r]/;
const PROTECTED = /^'+[=+\-@\t\r]/;

/** True when a spreadsheet could take `text` for a formula (or it is such text already quoted). */
export const looksLikeFormula = (text: string): boolean => FORMULA_START.test(text);

/** A text value made safe for a spreadsheet (see the module comment). Non-text values are returned unchanged. */
export function protectFormula<T>(value: T): T | string {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of protectFormula: one leading quote removed from a protected cell. */
export function unprotectFormula(text: string): string {
  return PROTECTED.test(text) ? text.slice(1) : text;
}
