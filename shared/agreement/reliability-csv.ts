/**
 * Reads a reliability CSV into a units × coders matrix for Krippendorff's alpha and the kappas.
 *
 * FORMAT
 * - First row: header. One column per coder, named by the coder. If the first header cell is
 *   "unit" or "id" (any case, surrounding spaces ignored), that column holds unit labels and is
 *   not a coder.
 * - Every further row is one unit. An empty cell (or one holding only spaces) is a missing value.
 * - RFC 4180 quoting: cells may be wrapped in double quotes, with "" for a quote inside; quoted
 *   cells may contain the delimiter and line breaks. Line ends may be LF, CRLF or CR. A leading
 *   byte-order mark is ignored. Completely blank lines are skipped.
 * - Delimiter: comma by default; a semicolon or tab is detected from the header line (Excel
 *   writes semicolons in locales with a decimal comma), or pass `options.delimiter`.
 *
 * VALUES BY LEVEL
 * - nominal: the trimmed cell text, as a string ("1" and "1.0" are different categories).
 * - interval, ratio: numbers written with a decimal point (e.g. 3, -2.5, 1e3); anything else is
 *   an error naming the line and coder. Ratio values must be ≥ 0.
 * - ordinal: if every value is a number, values are numbers ranked numerically. Otherwise all
 *   values are kept as text and ranked in order of first appearance, reading row by row, left to
 *   right — almost never the intended order, so a note says so; pass `options.order` to give the
 *   ranks explicitly (lowest first).
 *
 * Errors are `ReliabilityCsvError`s carrying the 1-based line number where the problem is.
 */
import type { MeasurementLevel, ReliabilityMatrix, ReliabilityValue } from './types';
import { CsvSyntaxError, detectDelimiter, parseCsv, type CsvDelimiter, type CsvRecord } from '../csv/reader.js';
import { UserInputError } from '../api/errors.js';

export class ReliabilityCsvError extends UserInputError {
  /** 1-based line of the file where the problem is, or null for whole-file problems. */
  readonly line: number | null;
  constructor(message: string, line: number | null) {
    super(undefined, line === null ? message : `line ${line}: ${message}`);
    this.name = 'ReliabilityCsvError';
    this.line = line;
  }
}

export type { CsvDelimiter };

export interface ReliabilityCsvOptions {
  /** Cell delimiter; detected from the header line when omitted. */
  readonly delimiter?: CsvDelimiter;
  /** Ordinal level only: the values in rank order, lowest first (as they are written in the file). */
  readonly order?: readonly string[];
}

export interface ParsedReliabilityCsv extends ReliabilityMatrix {
  readonly level: MeasurementLevel;
  /** The header of the unit-label column, or null when there is none. */
  readonly unitColumn: string | null;
  readonly delimiter: CsvDelimiter;
  /** The file line of each unit (row of `data`), for pointing users back at the file. */
  readonly lines: readonly number[];
  /** Things the user should know about how the file was read (e.g. how ordinal values were ranked). */
  readonly notes: readonly string[];
}

function readRecords(text: string, delimiter: CsvDelimiter): CsvRecord[] {
  try {
    return parseCsv(text, delimiter, 'the reliability CSV');
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new ReliabilityCsvError('a quoted cell is never closed (missing ")', err.line);
    throw err;
  }
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when `s` (already trimmed) is a plain decimal number as this reader accepts it. */
export const isNumericCell = (s: string) => NUMBER.test(s);

/**
 * Parses a reliability CSV (see the module comment for the format) for the given level.
 * Throws a ReliabilityCsvError naming the line for ragged rows, unclosed quotes, duplicate or
 * missing coder names, and non-numeric values where the level needs numbers.
 */
export function parseReliabilityCsv(text: string, level: MeasurementLevel, options: ReliabilityCsvOptions = {}): ParsedReliabilityCsv {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = options.delimiter ?? detectDelimiter(body.replace(/^(?:[ \t]*(?:\r\n|\r|\n))+/, ''));
  const all = readRecords(body, delimiter).filter((r) => r.fields.length > 1 || r.fields[0] !== '');
  const header = all[0];
  if (!header) throw new ReliabilityCsvError('the CSV is empty', null);
  const names = header.fields.map((c) => c.trim());
  const first = names[0]!.toLowerCase();
  const hasUnit = first === 'unit' || first === 'id';
  const coderStart = hasUnit ? 1 : 0;
  const coders = names.slice(coderStart);
  if (coders.length === 0) throw new ReliabilityCsvError('the header names no coder columns', header.line);
  const seen = new Map<string, number>();
  coders.forEach((name, i) => {
    const col = i + coderStart + 1;
    if (name === '') throw new ReliabilityCsvError(`column ${col} of the header has no coder name`, header.line);
    const before = seen.get(name);
    if (before !== undefined) throw new ReliabilityCsvError(`coder "${name}" appears twice in the header (columns ${before} and ${col})`, header.line);
    seen.set(name, col);
  });
  const rows = all.slice(1);
  if (rows.length === 0) throw new ReliabilityCsvError('the CSV has a header but no rows of data', null);

  const units: string[] = [];
  const lines: number[] = [];
  const raw: (string | null)[][] = [];
  rows.forEach((rec, u) => {
    if (rec.fields.length !== names.length) {
      throw new ReliabilityCsvError(
        `this row has ${rec.fields.length} cell${rec.fields.length === 1 ? '' : 's'} but the header has ${names.length}; every row needs one cell per column (leave a cell empty for a missing value)`,
        rec.line,
      );
    }
    units.push(hasUnit ? rec.fields[0]!.trim() || `line ${rec.line}` : String(u + 1));
    lines.push(rec.line);
    raw.push(rec.fields.slice(coderStart).map((c) => (c.trim() === '' ? null : c.trim())));
  });

  const notes: string[] = [];
  const numeric = (cell: string, u: number, c: number): number => {
    if (!NUMBER.test(cell)) {
      const hint = /^[+-]?\d+,\d+$/.test(cell) ? ' (write decimals with a point, e.g. 2.5)' : '';
      throw new ReliabilityCsvError(`coder "${coders[c]}" has ${JSON.stringify(cell)}, which is not a number${hint}; the ${level} level needs numbers`, lines[u]!);
    }
    const v = Number(cell);
    if (level === 'ratio' && v < 0) {
      throw new ReliabilityCsvError(`coder "${coders[c]}" has ${cell}; the ratio level needs values ≥ 0`, lines[u]!);
    }
    return v;
  };

  let data: (ReliabilityValue | null)[][];
  let order: ReliabilityValue[] | undefined;
  if (level === 'nominal') {
    data = raw;
  } else if (level === 'interval' || level === 'ratio') {
    data = raw.map((row, u) => row.map((cell, c) => (cell === null ? null : numeric(cell, u, c))));
  } else if (options.order) {
    const given = options.order.map((v) => v.trim());
    const known = new Set(given);
    raw.forEach((row, u) =>
      row.forEach((cell, c) => {
        if (cell !== null && !known.has(cell)) {
          throw new ReliabilityCsvError(`coder "${coders[c]}" has ${JSON.stringify(cell)}, which is not in the given ordinal order`, lines[u]!);
        }
      }),
    );
    data = raw;
    order = given;
  } else if (raw.every((row) => row.every((cell) => cell === null || NUMBER.test(cell)))) {
    data = raw.map((row, u) => row.map((cell, c) => (cell === null ? null : numeric(cell, u, c))));
    order = [...new Set(data.flat().filter((v): v is number => v !== null))].sort((x, y) => x - y);
    notes.push(`Ordinal values are numbers, ranked numerically: ${order.join(' < ')}.`);
  } else {
    data = raw;
    const firstSeen: string[] = [];
    const known = new Set<string>();
    for (const row of raw) {
      for (const cell of row) {
        if (cell !== null && !known.has(cell)) {
          known.add(cell);
          firstSeen.push(cell);
        }
      }
    }
    order = firstSeen;
    notes.push(
      `Ordinal values are not all numbers, so they were ranked in order of first appearance (row by row, left to right): ${firstSeen.join(' < ')}. ` +
        'If that is not the intended order, give the order explicitly.',
    );
  }

  return {
    level,
    coders,
    units,
    data,
    ...(order ? { order } : {}),
    unitColumn: hasUnit ? names[0]! : null,
    delimiter,
    lines,
    notes,
  };
}
