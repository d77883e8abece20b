/**
 * GUIDs in QDA-XML: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, optionally wrapped in braces, any
 * case. Producers mix upper case (MAXQDA, ATLAS.ti, Taguette) and lower case (NVivo). Weft
 * compares them after `normalizeGuid` (lower case) and writes plain lower-case GUIDs, except
 * a GUID a foreign file spelled otherwise: `sourceSpelling` says how, and an export writes it so
 * (ExchangeProject.guidSpellings; in a project, the table guid_spellings).
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Strips white space and braces and lower-cases. Does not validate. */
export function normalizeGuid(raw: string): string {
  let g = raw.trim();
  if (g.startsWith('{') && g.endsWith('}')) g = g.slice(1, -1).trim();
  return g.toLowerCase();
}

/**
 * How the source spelled a valid GUID when that is not plain lower case (braces and white space
 * removed, case kept), else undefined: `ABCDEF01-…` → `ABCDEF01-…`, `{abcdef01-…}` → undefined.
 */
export function sourceSpelling(raw: string): string | undefined {
  let g = raw.trim();
  if (g.startsWith('{') && g.endsWith('}')) g = g.slice(1, -1).trim();
  const lower = g.toLowerCase();
  return lower !== g && isGuid(lower) ? g : undefined;
}

/** True for a normalised GUID (see `normalizeGuid`). */
export function isGuid(value: string | undefined | null): value is string {
  return typeof value === 'string' && GUID.test(value);
}

/**
 * A second GUID derived from a first one, deterministically and reversibly (XOR of the last
 * 12 hex digits with a constant). Weft uses it for the PlainTextSelection that wraps a coding,
 * so that re-exporting a project yields the same selection GUIDs.
 */
export function deriveGuid(guid: string, salt = 0x5eed_c0de_f00d): string {
  const g = normalizeGuid(guid);
  if (!isGuid(g)) throw new Error(`not a GUID: ${guid}`);
  const tail = parseInt(g.slice(24), 16);
  // 48-bit XOR done in two halves (JS bitwise operators are 32-bit).
  const hi = Math.floor(tail / 0x1000000) ^ Math.floor(salt / 0x1000000);
  const lo = (tail % 0x1000000) ^ (salt % 0x1000000);
  const mixed = (hi & 0xffffff).toString(16).padStart(6, '0') + (lo & 0xffffff).toString(16).padStart(6, '0');
  return g.slice(0, 24) + mixed;
}
