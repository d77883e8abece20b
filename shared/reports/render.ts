/** A report model as Markdown or as one self-contained HTML file. Every piece of text is escaped. */
import type { ReportModel, ReportQuote, ReportTheme } from './model.js';

// ---------------------------------------------------------------------------------------------
// Markdown

/** Escapes characters Markdown would read as formatting, so text appears exactly as written. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/([\\`*_[\]<>|~])/g, '\\$1')
    .replace(/^(\s*)([#+=-])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** A table cell: escaped, on one line. */
const cell = (text: string) => escapeMarkdown(text).replace(/\n+/g, ' ').trim() || ' ';

function mdTable(head: string[], rows: string[][]): string {
  return [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** Who said a quote, and where it starts on the recording when known: "Amira (nurse) [12:04]". */
export const quoteSource = (q: ReportQuote): string => (q.timestamp ? `${q.attribution} ${q.timestamp}` : q.attribution);

function mdTheme(t: ReportTheme, level: number, index: string): string[] {
  const out = [`${'#'.repeat(Math.min(level, 6))} ${index} ${escapeMarkdown(t.name)}`, ''];
  if (t.definition) out.push(escapeMarkdown(t.definition), '');
  if (t.subthemes.length) out.push(`Sub-themes: ${t.subthemes.map((s) => escapeMarkdown(s.name)).join('; ')}.`, '');
  for (const q of t.quotes) {
    const lines = escapeMarkdown(`“${q.text}”`).split('\n');
    out.push(...lines.map((l) => `> ${l}`), `> — ${escapeMarkdown(quoteSource(q))}`, '');
  }
  t.subthemes.forEach((s, i) => out.push(...mdTheme(s, level + 1, `${index}${i + 1}.`)));
  return out;
}

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [`# ${escapeMarkdown(model.title)}`, '', `*${escapeMarkdown(model.subtitle)}*`, ''];
  if (model.participants) {
    out.push('## Participants', '', mdTable(model.participants.columns, model.participants.rows), '');
  }
  if (model.themesTable) {
    out.push('## Themes', '');
    out.push(
      mdTable(
        ['Theme', 'Explanation'],
        model.themesTable.map((r) => [`${r.depth ? `${'\u2003'.repeat(r.depth)}↳ ` : ''}${r.name}`, r.explanation]),
      ),
      '',
    );
  }
  if (model.themes) {
    out.push('## Findings', '');
    model.themes.forEach((t, i) => out.push(...mdTheme(t, 3, `${i + 1}.`)));
  }
  if (model.codebook) {
    out.push('## Appendix: codebook', '', mdTable(['Code', 'Definition', 'Theme'], model.codebook.map((c) => [c.code, c.definition, c.themes])), '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// HTML

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escaped text with line breaks kept. */
const para = (text: string) => escapeHtml(text).replace(/\r\n?|\n/g, '<br>');

function htmlTable(head: string[], rows: string[][], className: string): string {
  return [
    `<table class="${className}">`,
    `<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${para(c)}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

function htmlTheme(t: ReportTheme, level: number, index: string): string {
  const h = Math.min(level, 6);
  const parts = [`<section class="theme">`, `<h${h}>${escapeHtml(`${index} ${t.name}`)}</h${h}>`];
  if (t.definition) parts.push(`<p class="definition">${para(t.definition)}</p>`);
  if (t.subthemes.length) parts.push(`<p class="subthemes">Sub-themes: ${t.subthemes.map((s) => escapeHtml(s.name)).join('; ')}.</p>`);
  for (const q of t.quotes) {
    parts.push(`<blockquote><p>“${para(q.text)}”</p><footer>— ${escapeHtml(quoteSource(q))}</footer></blockquote>`);
  }
  t.subthemes.forEach((s, i) => parts.push(htmlTheme(s, level + 1, `${index}${i + 1}.`)));
  parts.push('</section>');
  return parts.join('\n');
}

const STYLE = `
body { font-family: Georgia, 'Times New Roman', serif; color: #1f2328; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; }
h1 { font-size: 1.9rem; margin-bottom: 0.2rem; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.subtitle { color: #555; font-style: italic; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; font-size: 0.95rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; }
th { border-bottom: 2px solid #444; }
td.sub { padding-left: 1.6rem; font-style: italic; }
blockquote { margin: 0.8rem 0 0.8rem 1.2rem; padding-left: 0.9rem; border-left: 3px solid #9b8fd6; }
blockquote p { margin: 0; }
blockquote footer { color: #555; font-size: 0.92rem; margin-top: 0.2rem; }
.definition { font-style: italic; }
`;

export function renderHtml(model: ReportModel): string {
  const body: string[] = [`<h1>${escapeHtml(model.title)}</h1>`, `<p class="subtitle">${escapeHtml(model.subtitle)}</p>`];
  if (model.participants) {
    body.push('<h2>Participants</h2>', htmlTable(model.participants.columns, model.participants.rows, 'participants'));
  }
  if (model.themesTable) {
    body.push(
      '<h2>Themes</h2>',
      '<table class="themes">',
      '<thead><tr><th scope="col">Theme</th><th scope="col">Explanation</th></tr></thead>',
      '<tbody>',
      ...model.themesTable.map(
        (r) => `<tr><td${r.depth ? ` class="sub" style="padding-left:${0.5 + r.depth * 1.2}rem"` : ''}>${escapeHtml(r.name)}</td><td>${para(r.explanation)}</td></tr>`,
      ),
      '</tbody>',
      '</table>',
    );
  }
  if (model.themes) {
    body.push('<h2>Findings</h2>');
    model.themes.forEach((t, i) => body.push(htmlTheme(t, 3, `${i + 1}.`)));
  }
  if (model.codebook) {
    body.push('<h2>Appendix: codebook</h2>', htmlTable(['Code', 'Definition', 'Theme'], model.codebook.map((c) => [c.code, c.definition, c.themes]), 'codebook'));
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
