/**
 * The codebook as a table — the same columns in CSV, XLSX, Markdown and DOCX — and its CSV and
 * Markdown forms (pure; the XLSX and DOCX renderings live in electron/services/exchange).
 *
 * Columns: path (names from the top level down joined by "/", the layout the codebook CSV
 * reader of shared/codebook/csv.ts reads back), definition, inclusion, exclusion, example,
 * themes (names of the themes that list the code, joined by "; "), colour (#rrggbb), codings and
 * documents (counts, the code's sub-codes included, as in the codebook panel).
 */
import { toCsv, type CsvWriteOptions } from '../csv/writer.js';
import { mdHeading, mdTable } from './markdown.js';

export interface CodebookEntry {
  /** Names from the top-level ancestor down to the code itself. */
  path: string[];
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  /** Names of the themes that list this code. */
  themes: string[];
  color: string;
  /** Codings of the code and its sub-codes. */
  codings: number;
  /** Documents with a coding of the code or a sub-code. */
  documents: number;
}

export const CODEBOOK_COLUMNS = ['path', 'definition', 'inclusion', 'exclusion', 'example', 'themes', 'colour', 'codings', 'documents'] as const;

export const PATH_SEPARATOR = '/';
export const THEME_SEPARATOR = '; ';

export const codePathText = (path: readonly string[]) => path.join(PATH_SEPARATOR);

/** One row per code, in the columns of CODEBOOK_COLUMNS. */
export function codebookRows(entries: readonly CodebookEntry[]): (string | number)[][] {
  return entries.map((e) => [
    codePathText(e.path),
    e.definition,
    e.inclusion,
    e.exclusion,
    e.example,
    e.themes.join(THEME_SEPARATOR),
    e.color,
    e.codings,
    e.documents,
  ]);
}

/**
 * Things a spreadsheet cannot say exactly: a name with "/" reads as two levels of the path when
 * the CSV is imported again.
 */
export function codebookCsvWarnings(entries: readonly CodebookEntry[]): string[] {
  const slashed = entries.filter((e) => e.path[e.path.length - 1]!.includes(PATH_SEPARATOR));
  if (slashed.length === 0) return [];
  const names = slashed.slice(0, 5).map((e) => `“${e.path[e.path.length - 1]}”`);
  return [
    `${slashed.length === 1 ? 'The code' : `${slashed.length} codes`} ${names.join(', ')}${slashed.length > 5 ? ', …' : ''} ${slashed.length === 1 ? 'has' : 'have'} “/” in ${slashed.length === 1 ? 'its name' : 'their names'}; in the path column “/” separates levels, so importing this file again would split ${slashed.length === 1 ? 'it' : 'them'} into a parent and a sub-code.`,
  ];
}

/** RFC 4180 CSV with a BOM and formula protection unless turned off (shared/csv/writer.ts), header first. */
export function codebookCsv(entries: readonly CodebookEntry[], options: CsvWriteOptions = {}): string {
  return toCsv([[...CODEBOOK_COLUMNS], ...codebookRows(entries)], options);
}

/** A Markdown document: a title, a count and one table row per code. */
export function codebookMarkdown(title: string, entries: readonly CodebookEntry[]): string {
  const header = ['Code', 'Definition', 'Inclusion', 'Exclusion', 'Example', 'Themes', 'Colour', 'Codings', 'Documents'];
  return [
    mdHeading(1, `Codebook — ${title}`),
    '',
    `${entries.length} ${entries.length === 1 ? 'code' : 'codes'}. Paths name the parent codes, joined by “/”; counts include sub-codes.`,
    '',
    mdTable(header, codebookRows(entries)),
    '',
  ].join('\n');
}
