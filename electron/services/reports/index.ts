/** Builds the write-up from a project: DOCX here (Node), Markdown and HTML through shared/reports. */
import { assembleReport, type ReportModel, type ReportSource } from '../../../shared/reports/model.js';
import { renderHtml, renderMarkdown } from '../../../shared/reports/render.js';
import { pushTo } from '../../../shared/themes/tree.js';
import type { ReportFormat, ReportOptions } from '../../../shared/types/themes.js';
import type { DB } from '../../db/connection.js';
import { readMeta } from '../../db/connection.js';
import { writeUserFile, type WriteOptions } from '../../fs/user-files.js';
import { listCases } from '../cases.js';
import { codePaths, listCodes } from '../codes.js';
import { listThemeTree } from '../themes.js';
import { readQuoteAttributes } from '../quote-attributes.js';

export const REPORT_TYPES: Record<ReportFormat, { extension: string; mimeType: string }> = {
  docx: { extension: 'docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  md: { extension: 'md', mimeType: 'text/markdown;charset=utf-8' },
  html: { extension: 'html', mimeType: 'text/html;charset=utf-8' },
};

/** Codes in tree order (parents before their children, siblings by position). */
function codesInTreeOrder(db: DB): ReportSource['codes'] {
  const codes = listCodes(db);
  const paths = codePaths(db);
  const children = new Map<number | null, typeof codes>();
  for (const c of codes) pushTo(children, c.parentId, c);
  const out: ReportSource['codes'] = [];
  const walk = (parent: number | null) => {
    for (const c of children.get(parent) ?? []) {
      out.push({ id: c.id, path: paths.get(c.id) ?? c.name, definition: c.definition });
      walk(c.id);
    }
  };
  walk(null);
  return out;
}

export function reportSource(db: DB): ReportSource {
  return {
    projectName: readMeta(db).name ?? 'Thematic analysis',
    themes: listThemeTree(db).themes,
    cases: listCases(db),
    appearing: db
      .prepare('SELECT case_id FROM document_cases UNION SELECT case_id FROM speakers WHERE case_id IS NOT NULL')
      .pluck()
      .all() as number[],
    attributes: db.prepare("SELECT name FROM attributes WHERE scope = 'case' ORDER BY position, id").pluck().all() as string[],
    codes: codesInTreeOrder(db),
    quoteAttributes: readQuoteAttributes(db),
  };
}

export function reportModel(db: DB, options: ReportOptions = {}): ReportModel {
  return assembleReport(reportSource(db), options);
}

/** A file name from the report title: letters, digits, spaces and dashes. */
export function reportFileName(title: string, format: ReportFormat): string {
  const stem = title.normalize('NFKD').replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'report';
  return `${stem}.${REPORT_TYPES[format].extension}`;
}

export async function buildReport(db: DB, format: ReportFormat, options: ReportOptions = {}): Promise<{ fileName: string; mimeType: string; bytes: Buffer }> {
  const model = reportModel(db, options);
  // the Word writer (the docx package) is loaded by the first Word report: a backend starts without it
  const bytes =
    format === 'docx' ? await (await import('./docx.js')).renderDocx(model) : Buffer.from(format === 'md' ? renderMarkdown(model) : renderHtml(model), 'utf8');
  return { fileName: reportFileName(model.title, format), mimeType: REPORT_TYPES[format].mimeType, bytes };
}

/**
 * Writes the report to `path` through writeUserFile: never over a project, an existing file only
 * with `write.overwrite`, through a temporary file so a failure leaves no half-written report.
 */
export async function exportReport(
  db: DB,
  format: ReportFormat,
  path: string,
  options: ReportOptions = {},
  write: WriteOptions = {},
): Promise<{ path: string; bytes: number }> {
  const { bytes } = await buildReport(db, format, options);
  return { path: writeUserFile(path, bytes, write), bytes: bytes.length };
}
