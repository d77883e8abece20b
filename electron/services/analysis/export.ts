/** Tables as XLSX workbooks (exceljs), returned as bytes; one sheet per table, written by the one sheet writer of exchange/spreadsheets.ts. */
import type { ExportTable } from '../../../shared/analysis/types.js';
import { bytesOf, fillSheet, workbook, type SheetOptions } from '../exchange/spreadsheets.js';

/** Excel allows 31 characters and no []:*?/\ in a sheet name, and names must be unique. */
function sheetName(name: string, taken: Set<string>): string {
  const base = (name.replace(/[[\]:*?/\\\u0000-\u001f\u007f-\u009f]/g, ' ').trim() || 'Sheet').slice(0, 31);
  let n = base;
  for (let i = 2; taken.has(n.toLowerCase()); i++) n = `${base.slice(0, 28)} ${i}`;
  taken.add(n.toLowerCase());
  return n;
}

/** The tables as one workbook. A table without columns, or with an empty heading, is refused (VALIDATION). */
export async function tablesToXlsx(tables: readonly ExportTable[], options: SheetOptions = {}): Promise<Uint8Array> {
  const wb = await workbook();
  const taken = new Set<string>();
  const warnings: string[] = [];
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.name, taken));
    fillSheet(ws, t.header, t.rows, warnings, new Set(), options);
  }
  return bytesOf(wb);
}
