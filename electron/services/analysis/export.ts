/** Tables as XLSX workbooks (exceljs), returned as bytes; one sheet per table. */
import type { ExportTable } from '../../../shared/analysis/types.js';

/** Excel allows 31 characters and no []:*?/\ in a sheet name, and names must be unique. */
function sheetName(name: string, taken: Set<string>): string {
  const base = (name.replace(/[[\]:*?/\\]/g, ' ').trim() || 'Sheet').slice(0, 31);
  let n = base;
  for (let i = 2; taken.has(n.toLowerCase()); i++) n = `${base.slice(0, 28)} ${i}`;
  taken.add(n.toLowerCase());
  return n;
}

export async function tablesToXlsx(tables: readonly ExportTable[]): Promise<Uint8Array> {
  // loaded on first use: exceljs is large, and most commands never need it
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Weft';
  const taken = new Set<string>();
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.name, taken));
    ws.addRow(t.header);
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((v) => (v === null ? '' : v)));
    ws.columns.forEach((col, i) => {
      const widest = Math.max(t.header[i]?.length ?? 0, ...t.rows.map((r) => String(r[i] ?? '').length));
      col.width = Math.min(60, Math.max(8, widest + 2));
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
