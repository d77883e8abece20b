/**
 * Coded extracts as a table (CSV/XLSX): one row per coding.
 *
 * Columns: document, participant, one column per participant (case) attribute, code (its path,
 * "Parent/Child"), themes (the code's themes, joined by "; "), text (exactly the coded
 * characters), start and end (UTF-16 code units, end-exclusive, over the document's LF text — as
 * Weft stores them), start_cp and end_cp (the same positions in Unicode code points, the unit of
 * REFI-QDA and of most languages other than JavaScript, Java and C#), coder, time (where the
 * passage starts on the document's recording, "[12:04]", when its turns have timestamps; empty
 * otherwise — bracketed so spreadsheets do not read it as a time of day).
 */
import { toCsv, type CsvWriteOptions } from '../csv/writer.js';
import { THEME_SEPARATOR } from './codebook.js';
import { formatTimestamp } from '../media/timeline.js';

export interface ExtractEntry {
  document: string;
  /** The speaker's participant, or the document's only participant. */
  participant: string | null;
  /** Values of the participant's attributes, aligned with the table's attribute names. */
  attributes: string[];
  /** The code's path, "Parent/Child". */
  code: string;
  themes: string[];
  text: string;
  start: number;
  end: number;
  startCp: number;
  endCp: number;
  coder: string;
  /** Where the passage starts on the recording (ms), null when the document's turns have no times. */
  timeMs: number | null;
}

export interface ExtractsTable {
  /** Names of the participant attributes, in their order in the project. */
  attributes: string[];
  entries: ExtractEntry[];
}

export const EXTRACT_COLUMNS_BEFORE = ['document', 'participant'] as const;
export const EXTRACT_COLUMNS_AFTER = ['code', 'themes', 'text', 'start', 'end', 'start_cp', 'end_cp', 'coder', 'time'] as const;

/**
 * The header: fixed columns around the attribute columns. An attribute whose name is one of the
 * fixed columns (or repeats another) gets " (attribute)" / a number added, so every heading is unique.
 */
export function extractsHeader(attributes: readonly string[]): string[] {
  const taken = new Set<string>([...EXTRACT_COLUMNS_BEFORE, ...EXTRACT_COLUMNS_AFTER].map((c) => c.toLowerCase()));
  const attrs = attributes.map((a) => {
    let name = taken.has(a.toLowerCase()) ? `${a} (attribute)` : a;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${a} (attribute ${i})`;
    taken.add(name.toLowerCase());
    return name;
  });
  return [...EXTRACT_COLUMNS_BEFORE, ...attrs, ...EXTRACT_COLUMNS_AFTER];
}

export function extractsRows(table: ExtractsTable): (string | number)[][] {
  return table.entries.map((e) => [
    e.document,
    e.participant ?? '',
    ...table.attributes.map((_, i) => e.attributes[i] ?? ''),
    e.code,
    e.themes.join(THEME_SEPARATOR),
    e.text,
    e.start,
    e.end,
    e.startCp,
    e.endCp,
    e.coder,
    e.timeMs === null ? '' : formatTimestamp(e.timeMs),
  ]);
}

export function extractsCsv(table: ExtractsTable, options: CsvWriteOptions = {}): string {
  return toCsv([extractsHeader(table.attributes), ...extractsRows(table)], options);
}
