/** A report model as a Word document (the `docx` package): real headings, tables and block quotes. */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import type { ReportModel, ReportTheme } from '../../../shared/reports/model.js';
import { quoteSource } from '../../../shared/reports/render.js';

/** A4 with 2.54 cm margins: the text block is 9026 twentieths of a point wide. */
const TEXT_WIDTH = 9026;
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

/** Text runs with the line breaks of `text` kept. XML-unsafe control characters are dropped. */
function runs(text: string, options: Omit<IRunOptions, 'text' | 'break'> = {}): TextRun[] {
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
  return clean.split(/\r\n?|\n/).map((line, i) => new TextRun({ ...options, text: line, ...(i > 0 ? { break: 1 } : {}) }));
}

const heading = (text: string, level: number) => new Paragraph({ heading: HEADINGS[Math.min(level, 6) - 1], children: runs(text) });

function table(head: string[], rows: { cells: string[]; indent?: number }[], widths: number[]): Table {
  const total = widths.reduce((a, b) => a + b, 0);
  const dxa = widths.map((w) => Math.round((w / total) * TEXT_WIDTH));
  const cell = (text: string, i: number, bold = false, indent = 0) =>
    new TableCell({
      width: { size: dxa[i]!, type: WidthType.DXA },
      margins: { top: 60, bottom: 60, left: 100, right: 100 },
      children: [new Paragraph({ indent: indent ? { left: indent * 360 } : undefined, children: runs(text, { bold, italics: indent > 0 && i === 0 }) })],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: dxa,
    borders: {
      top: { style: BorderStyle.SINGLE, size: 8, color: '444444' },
      bottom: { style: BorderStyle.SINGLE, size: 8, color: '444444' },
      left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
      right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
      insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: 'BBBBBB' },
      insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
    },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.cells.map((c, i) => cell(c, i, false, i === 0 ? (r.indent ?? 0) : 0)) })),
    ],
  });
}

function theme(t: ReportTheme, level: number, index: string): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading(`${index} ${t.name}`, level)];
  if (t.definition) out.push(new Paragraph({ spacing: { after: 160 }, children: runs(t.definition, { italics: true }) }));
  if (t.subthemes.length) out.push(new Paragraph({ spacing: { after: 160 }, children: runs(`Sub-themes: ${t.subthemes.map((s) => s.name).join('; ')}.`) }));
  for (const q of t.quotes) {
    out.push(
      new Paragraph({
        indent: { left: 567, right: 567 },
        spacing: { before: 120, after: 40 },
        border: { left: { style: BorderStyle.SINGLE, size: 12, color: '9B8FD6', space: 8 } },
        children: runs(`“${q.text}”`),
      }),
      new Paragraph({ indent: { left: 567, right: 567 }, alignment: AlignmentType.RIGHT, spacing: { after: 160 }, children: runs(`— ${quoteSource(q)}`, { italics: true }) }),
    );
  }
  t.subthemes.forEach((s, i) => out.push(...theme(s, level + 1, `${index}${i + 1}.`)));
  return out;
}

export async function renderDocx(model: ReportModel): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(model.title) }),
    new Paragraph({ spacing: { after: 240 }, children: runs(model.subtitle, { italics: true, color: '555555' }) }),
  ];
  if (model.participants) {
    const cols = model.participants.columns;
    children.push(heading('Participants', 1), table(cols, model.participants.rows.map((cells) => ({ cells })), cols.map((_, i) => (i === 0 ? 2 : 1.5))));
  }
  if (model.themesTable) {
    children.push(
      heading('Themes', 1),
      table(['Theme', 'Explanation'], model.themesTable.map((r) => ({ cells: [r.name, r.explanation], indent: r.depth })), [1, 2]),
    );
  }
  if (model.themes) {
    children.push(heading('Findings', 1));
    model.themes.forEach((t, i) => children.push(...theme(t, 2, `${i + 1}.`)));
  }
  if (model.codebook) {
    children.push(heading('Appendix: codebook', 1), table(['Code', 'Definition', 'Theme'], model.codebook.map((c) => ({ cells: [c.code, c.definition, c.themes] })), [1.2, 2, 1.2]));
  }
  const doc = new Document({
    creator: 'Weft',
    title: model.title,
    description: model.subtitle,
    styles: { default: { document: { run: { font: 'Liberation Serif', size: 23 } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
