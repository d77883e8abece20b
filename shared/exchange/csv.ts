/**
 * Writing CSV for spreadsheets (RFC 4180):
 *
 *  - fields are separated by commas and records end with CRLF (also the last one);
 *  - a field is quoted when it contains a comma, a double quote, a CR or LF, or starts or ends
 *    with white space (readers trim unquoted fields); a quote inside is doubled;
 *  - the text is UTF-8 and starts with a byte order mark (U+FEFF), so Excel opens it as UTF-8
 *    rather than the system code page. Readers that follow RFC 4180 strictly may show the BOM in
 *    the first heading; Weft's own readers skip it.
 *
 * Values are written as they are (no "=" / "+" escaping for formula injection): the exports are
 * data for analysis and must import back unchanged. Spreadsheet programs are expected to open
 * them with text columns; the XLSX exports are typed cells and have no such concern.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** U+FEFF: the byte order mark written at the start of every CSV export. */
export const BOM = '\ufeff';

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRecord(fields: readonly CsvValue[]): string {
  return fields.map(csvField).join(',');
}

/** Rows (the first is usually the header) → CSV text, CRLF line ends, with a BOM unless `bom: false`. */
export function toCsv(rows: readonly (readonly CsvValue[])[], options: { bom?: boolean } = {}): string {
  const body = rows.map((r) => `${csvRecord(r)}\r\n`).join('');
  return options.bom === false ? body : BOM + body;
}
