/**
 * Writing CSV for spreadsheets (RFC 4180), the one writer behind every CSV export:
 *
 *  - fields are separated by commas and records end with CRLF (also the last one);
 *  - a field is quoted when it contains a comma, a double quote, a CR or LF, or starts or ends
 *    with white space (readers trim unquoted fields); a quote inside is doubled;
 *  - the text is UTF-8 and, unless `bom: false`, starts with a byte order mark (U+FEFF), so Excel
 *    opens it as UTF-8 rather than the system code page. Weft's own reader skips it.
 *
 * Formula protection (on unless `protectFormulas: false`; see formula.ts): a text value that
 * begins with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a single quote in
 * front (`'=SUM(A1)`), so a spreadsheet shows it as text instead of running it as a formula — the
 * rule OWASP recommends against CSV injection. This also quotes harmless text such as "-2" or
 * "- bullet"; Weft's own reader removes the quote again, so its exports still import back
 * unchanged. Numbers are written as they are.
 */
import { protectFormula } from './formula.js';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvWriteOptions {
  /** Start with a byte order mark (default true). */
  bom?: boolean | undefined;
  /** Neutralise text that a spreadsheet would run as a formula (default true). */
  protectFormulas?: boolean | undefined;
}

/** U+FEFF: the byte order mark written at the start of a CSV export. */
export const BOM = '\ufeff';

export { looksLikeFormula, protectFormula } from './formula.js';

export function csvField(value: CsvValue, protectFormulas = true): string {
  if (value === null || value === undefined) return '';
  const s = protectFormulas ? String(protectFormula(value)) : String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRecord(fields: readonly CsvValue[], protectFormulas = true): string {
  return fields.map((f) => csvField(f, protectFormulas)).join(',');
}

/** Rows (the first is usually the header) → CSV text, CRLF line ends (see the module comment for the options). */
export function toCsv(rows: readonly (readonly CsvValue[])[], options: CsvWriteOptions = {}): string {
  const protect = options.protectFormulas !== false;
  const body = rows.map((r) => `${csvRecord(r, protect)}\r\n`).join('');
  return options.bom === false ? body : BOM + body;
}
