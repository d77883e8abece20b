/**
 * Markdown (CommonMark + GitHub tables) for exports: text that renders as exactly the
 * characters it holds.
 */

/** Characters that would otherwise format (emphasis, code, links, HTML, tables, escapes). */
const SPECIAL = /[\\`*_[\]<>|~]/g;

/** Escapes text for inline use: punctuation with a backslash, `&` as an entity. */
export function mdInline(text: string): string {
  return text.replace(/&/g, '&amp;').replace(SPECIAL, (c) => `\\${c}`);
}

/**
 * Escapes text for one cell of a table: inline escaping, line breaks as `<br>` (a table row is
 * one line), leading/trailing white space removed (a cell is trimmed by renderers anyway).
 */
export function mdCell(text: string): string {
  return mdInline(text.trim())
    .replace(/\r\n?|\n/g, '<br>')
    .replace(/\t/g, ' ');
}

/** A GitHub-flavoured table; numbers are right-aligned. */
export function mdTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(header.map(mdCell)),
    line(numeric.map((n) => (n ? '---:' : '---'))),
    ...rows.map((r) => line(header.map((_, i) => (typeof r[i] === 'number' ? String(r[i]) : mdCell(String(r[i] ?? '')))))),
  ].join('\n');
}

/** A heading line; the text is escaped and `#` at its start cannot deepen it. */
export function mdHeading(level: number, text: string): string {
  const clean = mdInline(text.replace(/\s+/g, ' ').trim()).replace(/^#/, '\\#');
  return `${'#'.repeat(Math.min(Math.max(level, 1), 6))} ${clean}`;
}
