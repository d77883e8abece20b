/**
 * XLSX (exceljs) and DOCX (docx) renderings of the codebook and of the coded extracts. The rows
 * come from tables.ts and the columns from shared/exchange, so every format says the same.
 * Both libraries are loaded on first use: they are large and most commands never need them.
 */
import type { Workbook, Worksheet } from 'exceljs';
import {
  CODEBOOK_COLUMNS,
  codePathText,
  codebookRows,
  extractsHeader,
  extractsRows,
  THEME_SEPARATOR,
  type CodebookEntry,
  type ExtractsTable,
} from '../../../shared/exchange/index.js';
import { DomainError } from '../../../shared/api/errors.js';
import { protectFormula } from '../../../shared/csv/formula.js';
import { xmlSafe, xmlSafeText } from '../../../shared/xml/text.js';

/** Excel refuses cells longer than this. */
export const XLSX_CELL_LIMIT = 32767;

/** Options of the spreadsheet exports. */
export interface SheetOptions {
  /** Neutralise text cells a spreadsheet would run as formulas (default true; shared/csv/writer.ts). */
  protectFormulas?: boolean | undefined;
}

export async function workbook(): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Weft';
  return wb;
}

export async function bytesOf(wb: Workbook): Promise<Uint8Array> {
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** Every column needs a heading: an empty one (or none at all) is refused with the sheet's name. */
function checkHeader(sheet: string, header: readonly string[]) {
  if (header.length === 0) throw new DomainError('VALIDATION', `The table “${sheet}” has no columns, so it cannot be written as a spreadsheet.`);
  const blank = header.findIndex((h) => h.trim() === '');
  if (blank >= 0) throw new DomainError('VALIDATION', `Column ${blank + 1} of the table “${sheet}” has an empty heading; every column of a spreadsheet needs one.`);
}

/**
 * Header row in bold, frozen, with a filter; column widths from the content (capped); long text
 * wrapped. Text cells lose characters XML cannot carry, are cut at Excel's limit and, unless
 * `protectFormulas` is false, get a `'` in front when they begin like a formula.
 */
export function fillSheet(
  ws: Worksheet,
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
  warnings: string[],
  wrap: Set<number>,
  options: SheetOptions = {},
) {
  checkHeader(ws.name, header);
  const protect = options.protectFormulas !== false;
  let cut = 0;
  let cleaned = 0;
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    if (typeof v !== 'string') return v;
    let s = xmlSafeText(v);
    if (s.length !== v.length) cleaned++;
    if (protect) s = protectFormula(s);
    if (s.length > XLSX_CELL_LIMIT) {
      s = s.slice(0, XLSX_CELL_LIMIT);
      cut++;
    }
    return s;
  };
  ws.addRow(header.map(cell));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map(cell));
  if (cut) warnings.push(`${cut} ${cut === 1 ? 'cell was' : 'cells were'} longer than Excel allows (${XLSX_CELL_LIMIT} characters) and ${cut === 1 ? 'was' : 'were'} cut.`);
  if (cleaned) warnings.push(`${cleaned} ${cleaned === 1 ? 'cell had' : 'cells had'} control characters a spreadsheet cannot hold; they were left out.`);
  header.forEach((h, i) => {
    const col = ws.getColumn(i + 1);
    const widest = Math.max(h.length, ...rows.slice(0, 2000).map((r) => Math.min(200, String(r[i] ?? '').length)));
    col.width = Math.min(wrap.has(i) ? 60 : 40, Math.max(8, widest + 2));
    if (wrap.has(i)) col.alignment = { wrapText: true, vertical: 'top' };
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
}

/** The codebook as one sheet "Codebook" with the CSV's columns; the colour cell is filled with the colour. */
export async function codebookXlsx(entries: readonly CodebookEntry[], options: SheetOptions = {}): Promise<{ bytes: Uint8Array; warnings: string[] }> {
  const wb = await workbook();
  const ws = wb.addWorksheet('Codebook');
  const warnings: string[] = [];
  fillSheet(ws, [...CODEBOOK_COLUMNS], codebookRows(entries), warnings, new Set([1, 2, 3, 4]), options);
  const colourColumn = CODEBOOK_COLUMNS.indexOf('colour') + 1;
  entries.forEach((e, i) => {
    if (!/^#[0-9a-f]{6}$/i.test(e.color)) return;
    ws.getCell(i + 2, colourColumn).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${e.color.slice(1).toUpperCase()}` } };
  });
  return { bytes: await bytesOf(wb), warnings };
}

/** The coded extracts as one sheet "Extracts" with the CSV's columns (offsets as numbers). */
export async function extractsXlsx(table: ExtractsTable, options: SheetOptions = {}): Promise<{ bytes: Uint8Array; warnings: string[] }> {
  const wb = await workbook();
  const ws = wb.addWorksheet('Extracts');
  const warnings: string[] = [];
  const header = extractsHeader(table.attributes);
  fillSheet(ws, header, extractsRows(table), warnings, new Set([header.indexOf('text')]), options);
  return { bytes: await bytesOf(wb), warnings };
}

/**
 * The codebook as a Word document: a title, then one heading per code (nested codes one level
 * deeper, as far as Word's six levels go) followed by its path, definition, criteria, example,
 * themes, colour and counts. Empty fields are left out.
 */
export async function codebookDocx(title: string, entries: readonly CodebookEntry[]): Promise<{ bytes: Uint8Array; warnings: string[] }> {
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = await import('docx');
  const levels = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
  const warnings: string[] = [];
  let cleaned = 0;
  const clean = (text: string) => {
    const c = xmlSafe(text);
    if (c.changed) cleaned++;
    return c.value;
  };
  const runs = (text: string, options: { bold?: boolean; italics?: boolean } = {}) =>
    clean(text)
      .split(/\r\n?|\n/)
      .map((line, i) => new TextRun({ ...options, text: line, ...(i > 0 ? { break: 1 } : {}) }));
  const field = (label: string, value: string) => new Paragraph({ spacing: { after: 80 }, children: [new TextRun({ text: `${label}: `, bold: true }), ...runs(value)] });

  const children = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(`Codebook — ${title}`) }),
    new Paragraph({
      spacing: { after: 240 },
      children: runs(`${entries.length} ${entries.length === 1 ? 'code' : 'codes'}. Counts include sub-codes.`, { italics: true }),
    }),
  ];
  for (const e of entries) {
    children.push(new Paragraph({ heading: levels[Math.min(e.path.length, 6) - 1], children: runs(e.path[e.path.length - 1]!) }));
    if (e.path.length > 1) children.push(field('Path', codePathText(e.path)));
    if (e.definition) children.push(field('Definition', e.definition));
    if (e.inclusion) children.push(field('Inclusion criteria', e.inclusion));
    if (e.exclusion) children.push(field('Exclusion criteria', e.exclusion));
    if (e.example) children.push(field('Example', e.example));
    if (e.themes.length) children.push(field(e.themes.length === 1 ? 'Theme' : 'Themes', e.themes.join(THEME_SEPARATOR)));
    children.push(field('Colour', e.color));
    children.push(
      field('Codings', `${e.codings} in ${e.documents} ${e.documents === 1 ? 'document' : 'documents'}`),
    );
  }
  if (cleaned) warnings.push(`${cleaned} ${cleaned === 1 ? 'text had' : 'texts had'} control characters a Word document cannot hold; they were left out.`);
  const doc = new Document({ creator: 'Weft', title: clean(`Codebook — ${title}`), sections: [{ children }] });
  return { bytes: new Uint8Array(await Packer.toBuffer(doc)), warnings };
}
