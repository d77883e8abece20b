/** Attribute values: checking and normalising a value for its kind, and ordering values. */
import type { AttributeKind } from './types.js';

const TRUE = /^(true|yes|y|1)$/i;
const FALSE = /^(false|no|n|0)$/i;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export const KIND_LABELS: Record<AttributeKind, string> = {
  text: 'text',
  number: 'number',
  date: 'date (YYYY-MM-DD)',
  boolean: 'yes/no',
  category: 'ordered category',
};

function validDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * The stored form of `raw` for an attribute of `kind`, or an error message. Values are trimmed;
 * an empty value means "no value" (the caller deletes it). Booleans are stored as "true"/"false",
 * numbers as written (without a leading "+"), dates as ISO 8601.
 */
export function normalizeValue(
  raw: string,
  kind: AttributeKind,
  categories: readonly string[] = [],
): { ok: true; value: string } | { ok: false; message: string } {
  const v = raw.trim();
  switch (kind) {
    case 'text':
      return { ok: true, value: v };
    case 'number':
      if (!NUMBER.test(v)) return { ok: false, message: `“${v}” is not a number (write digits, e.g. 42 or 3.5)` };
      return { ok: true, value: v.replace(/^\+/, '') };
    case 'date':
      if (!validDate(v)) return { ok: false, message: `“${v}” is not a date written YYYY-MM-DD` };
      return { ok: true, value: v };
    case 'boolean':
      if (TRUE.test(v)) return { ok: true, value: 'true' };
      if (FALSE.test(v)) return { ok: true, value: 'false' };
      return { ok: false, message: `“${v}” is not yes/no (write yes, no, true or false)` };
    case 'category': {
      const found = categories.find((c) => c === v) ?? categories.find((c) => c.toLocaleLowerCase() === v.toLocaleLowerCase());
      if (found === undefined) {
        return {
          ok: false,
          message: `“${v}” is not one of the categories (${categories.length ? categories.join(', ') : 'none yet'}); add it to the attribute first`,
        };
      }
      return { ok: true, value: found };
    }
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Natural order of text ("T2" < "T10"), case-insensitive, then exact. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The values of an attribute in display order: a category's own order first (then any stray
 * values, naturally sorted); numbers numerically; booleans false before true; dates and text
 * in natural order.
 */
export function orderValues(values: Iterable<string>, kind: AttributeKind, categories: readonly string[] = []): string[] {
  const distinct = [...new Set(values)];
  if (kind === 'category') {
    // Every declared category is a column, even one nobody has yet.
    const rest = distinct.filter((v) => !categories.includes(v)).sort(naturalCompare);
    return [...categories, ...rest];
  }
  if (kind === 'number') {
    return distinct.sort((a, b) => Number(a) - Number(b) || naturalCompare(a, b));
  }
  if (kind === 'boolean') {
    const rank = (v: string) => (v === 'false' ? 0 : v === 'true' ? 1 : 2);
    return distinct.sort((a, b) => rank(a) - rank(b) || naturalCompare(a, b));
  }
  return distinct.sort(naturalCompare);
}

/** How a stored value is shown: booleans as yes/no, everything else as stored. */
export function displayValue(value: string, kind: AttributeKind): string {
  if (kind === 'boolean') return value === 'true' ? 'yes' : value === 'false' ? 'no' : value;
  return value;
}
