/**
 * The project setting `quoteAttributes`: which case attributes appear beside a quote
 * ("Samantha (client, 34)") in retrieval, theme review and reports. Kept in `project_meta` (key
 * `quote_attributes`, a JSON array of attribute names) so it travels with the project. Unset: the
 * attribute named "role" when the project has one, else none.
 */
import { DomainError } from '../../shared/api/errors.js';
import { defaultQuoteAttributes, resolveQuoteAttributes } from '../../shared/analysis/attribution.js';
import type { DB } from '../db/connection.js';

const KEY = 'quote_attributes';

function caseAttributeNames(db: DB): string[] {
  return db.prepare("SELECT name FROM attributes WHERE scope = 'case' ORDER BY position, id").pluck().all() as string[];
}

/** The case attributes shown beside a quote, as the project names them (attributes since deleted are left out). */
export function readQuoteAttributes(db: DB): string[] {
  const names = caseAttributeNames(db);
  const stored = db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(KEY) as string | undefined;
  if (stored === undefined) return defaultQuoteAttributes(names);
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return defaultQuoteAttributes(names);
  }
  return Array.isArray(parsed) ? resolveQuoteAttributes(names, parsed.filter((n): n is string => typeof n === 'string')) : defaultQuoteAttributes(names);
}

/** Sets the attributes shown beside a quote (an empty list: the participant's name alone). Refuses a name that is not a case attribute. */
export function setQuoteAttributes(db: DB, wanted: readonly string[]): string[] {
  const names = caseAttributeNames(db);
  const resolved = resolveQuoteAttributes(names, wanted);
  const missing = wanted.filter((w) => !names.some((n) => n.toLowerCase() === w.trim().toLowerCase()));
  if (missing.length > 0) throw new DomainError('NOT_FOUND', `There is no participant attribute named “${missing[0]}” in this project.`);
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(resolved));
  return resolved;
}

/** The values of the quote attributes a participant has, in the setting's order (lower-cased attribute names as keys). */
export function quoteAttributeValues(quoteAttributes: readonly string[], caseAttrs: Map<string, string> | undefined): { name: string; value: string }[] {
  if (!caseAttrs) return [];
  return quoteAttributes.flatMap((name) => {
    const value = caseAttrs.get(name.toLocaleLowerCase())?.trim();
    return value ? [{ name, value }] : [];
  });
}
