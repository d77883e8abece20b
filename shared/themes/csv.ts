/**
 * Themes from a CSV file: a header line, then one theme per row. Recognised columns (any case):
 *  - name:        theme, name, theme name, title, label
 *  - definition:  definition, explanation, description, central organising concept, meaning
 *  - parent:      parent, parent theme, overarching theme (makes the row a sub-theme of that theme)
 *  - status:      status (candidate, reviewed, final or discarded)
 *  - codes:       codes, code (code paths "Parent/Child" or names, separated by ; or |)
 * Like `tests/fixtures/coaching-study/themes.csv` (theme,explanation).
 */
import { parseCsv } from '../csv/reader.js';
import { UserInputError } from '../api/errors.js';
import { cleanImportedName } from '../domain/names.js';
import { THEME_STATUSES, type ThemeStatus } from '../types/themes.js';

export interface ThemeCsvRow {
  name: string;
  definition: string | null;
  parent: string | null;
  status: ThemeStatus | null;
  codes: string[];
  line: number;
}

export interface ThemeCsv {
  rows: ThemeCsvRow[];
  problems: string[];
}

const COLUMNS = {
  name: ['theme', 'name', 'theme name', 'title', 'label'],
  definition: ['definition', 'explanation', 'description', 'central organising concept', 'central organizing concept', 'meaning'],
  parent: ['parent', 'parent theme', 'overarching theme'],
  status: ['status'],
  codes: ['codes', 'code'],
} as const;

/** A themes CSV that cannot be used: `message` is the problem, `file` the file (see UserInputError). */
export class ThemeCsvError extends UserInputError {
  constructor(file: string, reason: string) {
    super(file, reason);
    this.name = 'ThemeCsvError';
  }
}

export function parseThemesCsv(text: string, file = 'themes CSV'): ThemeCsv {
  const records = parseCsv(text, undefined, file).filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = records[0];
  if (!header) throw new ThemeCsvError(file, `the file is empty: it needs a header line such as “theme,explanation” and one theme per line.`);
  const heads = header.fields.map((h) => h.trim().toLowerCase());
  const col = (names: readonly string[]) => {
    const i = heads.findIndex((h) => names.includes(h));
    return i < 0 ? null : i;
  };
  const nameCol = col(COLUMNS.name);
  if (nameCol === null) {
    throw new ThemeCsvError(
      file,
      `there is no theme name column: the first line must name one, e.g. “theme,explanation” (found: ${header.fields.map((f) => `“${f}”`).join(', ')}).`,
    );
  }
  const defCol = col(COLUMNS.definition);
  const parentCol = col(COLUMNS.parent);
  const statusCol = col(COLUMNS.status);
  const codesCol = col(COLUMNS.codes);
  const rows: ThemeCsvRow[] = [];
  const problems: string[] = [];
  const cell = (fields: string[], i: number | null) => (i === null ? '' : (fields[i] ?? '').trim());
  for (const r of records.slice(1)) {
    const name = cleanImportedName(cell(r.fields, nameCol), problems, `line ${r.line}: the theme name`, '');
    if (!name) {
      problems.push(`line ${r.line}: no theme name; the line was skipped`);
      continue;
    }
    const statusText = cell(r.fields, statusCol).toLowerCase();
    let status: ThemeStatus | null = null;
    if (statusText) {
      if ((THEME_STATUSES as readonly string[]).includes(statusText)) status = statusText as ThemeStatus;
      else problems.push(`line ${r.line}: unknown status “${statusText}” (use ${THEME_STATUSES.join(', ')}); “${name}” was kept as a candidate`);
    }
    rows.push({
      name,
      definition: defCol === null ? null : cell(r.fields, defCol),
      parent: cleanImportedName(cell(r.fields, parentCol), problems, `line ${r.line}: the parent theme`, '') || null,
      status,
      codes: cell(r.fields, codesCol)
        .split(/[;|]/)
        .map((c) => c.trim())
        .filter(Boolean),
      line: r.line,
    });
  }
  return { rows, problems };
}
