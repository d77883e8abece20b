/**
 * Reading CSV (RFC 4180), the one reader behind every CSV import (participants, codebook, themes,
 * reliability tables):
 *
 *  - quoted fields, `""` inside quotes, delimiters and line breaks inside quotes; CRLF, LF or CR
 *    line ends; a byte order mark at the start is skipped;
 *  - the delimiter is a comma, a semicolon (as Excel writes in many European locales) or a tab,
 *    detected from the header line unless given;
 *  - unquoted values are trimmed; line breaks inside quoted values become LF; text after a
 *    closing quote (`"abc"x`) is kept, as spreadsheet programs do;
 *  - each record carries the 1-based source line where it starts, for messages;
 *  - a cell protected against spreadsheet formulas by Weft's writer (`'=…`, `'-…`) loses that one
 *    quote again (csv/formula.ts), so Weft's exports read back exactly.
 *
 * Linear in the size of the input: fields are cut out with `slice`, never built character by
 * character.
 */
import { ImportError } from '../import/types.js';
import { unprotectFormula } from './formula.js';

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/** A CSV that cannot be read (a quote never closed); `line` is where the problem starts. */
export class CsvSyntaxError extends ImportError {
  readonly line: number;
  constructor(file: string, line: number, reason: string) {
    super(file, `line ${line}: ${reason}`);
    this.line = line;
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Picks the delimiter that occurs most often (outside quotes) on the first line. */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

const isBlank = (c: string) => c !== '\n' && c !== '\r' && /\s/.test(c);

/** RFC 4180 CSV → records. Throws CsvSyntaxError (an ImportError naming `file` and the line) for a quote that is never closed. */
export function parseCsv(input: string, delimiter: string = detectDelimiter(input), file = 'CSV file'): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  while (i < n || fields.length > 0) {
    if (i >= n) {
      // the text ended right after a delimiter: one more, empty, field
      fields.push('');
      records.push({ fields, line: recordLine });
      break;
    }
    let j = i;
    while (j < n && text.charCodeAt(j) !== delim && isBlank(text[j]!)) j++;
    let k: number;
    if (j < n && text.charCodeAt(j) === QUOTE) {
      const quoteLine = line;
      const parts: string[] = [];
      k = j + 1;
      let from = k;
      for (;;) {
        if (k >= n) throw new CsvSyntaxError(file, quoteLine, 'a quoted value is never closed (a " is missing)');
        const c = text.charCodeAt(k);
        if (c === QUOTE) {
          if (text.charCodeAt(k + 1) === QUOTE) {
            parts.push(text.slice(from, k + 1));
            k += 2;
            from = k;
            continue;
          }
          parts.push(text.slice(from, k));
          k++;
          break;
        }
        if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) line++;
        k++;
      }
      const tailStart = k;
      while (k < n && text.charCodeAt(k) !== delim && text.charCodeAt(k) !== CR && text.charCodeAt(k) !== LF) k++;
      const tail = k > tailStart ? text.slice(tailStart, k).replace(/\s+/g, '') : '';
      fields.push(unprotectFormula(parts.join('').replace(/\r\n?/g, '\n') + tail));
    } else {
      k = j;
      while (k < n && text.charCodeAt(k) !== delim && text.charCodeAt(k) !== CR && text.charCodeAt(k) !== LF) k++;
      fields.push(unprotectFormula(text.slice(i, k).trim()));
    }
    if (k >= n) {
      records.push({ fields, line: recordLine });
      break;
    }
    if (text.charCodeAt(k) === delim) {
      i = k + 1;
      continue;
    }
    i = text.charCodeAt(k) === CR && text.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
    records.push({ fields, line: recordLine });
    fields = [];
    line++;
    recordLine = line;
  }
  return records;
}
