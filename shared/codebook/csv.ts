/**
 * Reading a codebook from a CSV file into a tree of codes (pure; no I/O).
 *
 * Accepted columns (headings are matched case-insensitively, ignoring spaces, "_" and "-"):
 *
 *  - a code's own name:   `name`, `code`, `topic`, `subcode`, `child`, `code name`
 *  - its parent:          `category`, `parent`, `group`, `theme`, `family`, `parent code`
 *                         (the parent's name, created as a top-level code when missing)
 *  - its full path:       `path`, `code path` — names joined by "/", e.g. `Relationship/Trust`.
 *                         With a path and a name, the name must be the path's last part,
 *                         otherwise the path is taken as the parent's path.
 *  - optional fields:     `definition` (or `description`), `inclusion` (`inclusion criteria`,
 *                         `include`, `when to use`), `exclusion` (`exclusion criteria`, `exclude`,
 *                         `when not to use`), `example` (`typical example`), `color` (`colour`,
 *                         written #RRGGBB).
 *
 * So a two-column `category,topic` file gives one parent per category with its topics as
 * children, and a flat `name,definition,inclusion,exclusion,example,path` file gives any depth.
 * A row with a parent and no name describes the parent itself. Rows repeating a code fill in
 * fields that were still empty. Delimiters: comma, semicolon or tab (detected from the header).
 */
import { parseCsv } from '../csv/reader.js';
import { UserInputError } from '../api/errors.js';
import { cleanImportedName } from '../domain/names.js';

export interface CodebookNode {
  name: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  color: string | null;
  children: CodebookNode[];
}

export interface ParsedCodebook {
  roots: CodebookNode[];
  /** Number of codes in the tree (all levels). */
  count: number;
  warnings: string[];
}

/** A codebook CSV that cannot be used: `message` is the problem, `file` the file (see UserInputError). */
export class CodebookCsvError extends UserInputError {
  constructor(file: string | undefined, reason: string) {
    super(file, reason);
    this.name = 'CodebookCsvError';
  }
}

type Field = 'name' | 'parent' | 'path' | 'definition' | 'inclusion' | 'exclusion' | 'example' | 'color';

const HEADINGS: Record<Field, string[]> = {
  name: ['name', 'code', 'topic', 'subcode', 'child', 'codename', 'childcode'],
  parent: ['category', 'parent', 'group', 'theme', 'family', 'parentcode', 'parentname'],
  path: ['path', 'codepath', 'fullpath'],
  definition: ['definition', 'description', 'codedefinition', 'meaning'],
  inclusion: ['inclusion', 'inclusioncriteria', 'include', 'whentouse'],
  exclusion: ['exclusion', 'exclusioncriteria', 'exclude', 'whennottouse'],
  example: ['example', 'typicalexample', 'examples'],
  color: ['color', 'colour'],
};

const normHeading = (h: string) => h.toLowerCase().replace(/[\s_\-.]+/g, '');
const COLOR = /^#[0-9a-fA-F]{6}$/;
const MAX_NAME = 500;
/** Levels of a code path: deeper paths are refused (a codebook is a few levels deep). */
const MAX_DEPTH = 50;

export const ACCEPTED_COLUMNS_HELP =
  'name (or code/topic), parent (or category), path (names joined by "/"), definition, inclusion, exclusion, example, color';

function newNode(name: string): CodebookNode {
  return { name, definition: '', inclusion: '', exclusion: '', example: '', color: null, children: [] };
}

/**
 * Parses codebook CSV text. Throws a UserInputError naming `file` with a specific reason when it
 * cannot (CodebookCsvError, or the reader's CsvSyntaxError).
 */
export function parseCodebookCsv(input: string, file?: string): ParsedCodebook {
  const records = parseCsv(input, undefined, file ?? 'the CSV file');
  const rows = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (rows.length === 0) throw new CodebookCsvError(file, `the file is empty: it needs a header line and one row per code.`);
  const header = rows[0]!.fields.map(normHeading);
  const column = {} as Record<Field, number>;
  for (const field of Object.keys(HEADINGS) as Field[]) {
    column[field] = header.findIndex((h) => HEADINGS[field].includes(h));
  }
  if (column.name < 0 && column.path < 0 && column.parent < 0) {
    throw new CodebookCsvError(
      file,
      `there is no column naming the codes. Its header is “${rows[0]!.fields.join(', ')}”; accepted columns: ${ACCEPTED_COLUMNS_HELP}.`,
    );
  }
  const warnings: string[] = [];
  const roots: CodebookNode[] = [];
  const byPath = new Map<string, CodebookNode>();
  let count = 0;
  const ensure = (parts: string[]): CodebookNode => {
    let siblings = roots;
    let node: CodebookNode | undefined;
    let key = '';
    for (let i = 0; i < parts.length; i++) {
      key = i === 0 ? parts[0]! : `${key}\u0000${parts[i]!}`;
      node = byPath.get(key);
      if (!node) {
        node = newNode(parts[i]!);
        byPath.set(key, node);
        siblings.push(node);
        count++;
      }
      siblings = node.children;
    }
    return node!;
  };
  const cell = (fields: string[], f: Field) => (column[f] >= 0 ? (fields[column[f]] ?? '').trim() : '');
  /** A name cell without control or bidirectional-override characters (shared/domain/names.ts), with a warning when some were removed. */
  const nameCell = (fields: string[], f: Field, line: number) => cleanImportedName(cell(fields, f), warnings, `line ${line}: the ${f === 'name' ? 'code name' : f}`, '');

  for (const row of rows.slice(1)) {
    const name = nameCell(row.fields, 'name', row.line);
    const parent = nameCell(row.fields, 'parent', row.line);
    const pathCell = nameCell(row.fields, 'path', row.line);
    let parts: string[];
    if (pathCell) {
      parts = pathCell
        .split('/')
        .map((p) => p.trim())
        .filter(Boolean);
      if (name && parts[parts.length - 1] !== name) parts.push(name);
    } else if (name) {
      parts = parent ? [parent, name] : [name];
    } else if (parent) {
      parts = [parent];
    } else {
      warnings.push(`line ${row.line}: no code name; the row was skipped`);
      continue;
    }
    if (parts.length > MAX_DEPTH) throw new CodebookCsvError(file, `line ${row.line}: the code path has ${parts.length} levels; a codebook may have at most ${MAX_DEPTH}.`);
    const tooLong = parts.find((p) => p.length > MAX_NAME);
    if (tooLong) throw new CodebookCsvError(file, `line ${row.line}: the code name “${tooLong.slice(0, 40)}…” is longer than ${MAX_NAME} characters.`);
    const node = ensure(parts);
    for (const f of ['definition', 'inclusion', 'exclusion', 'example'] as const) {
      const v = cell(row.fields, f);
      if (v && !node[f]) node[f] = v;
    }
    const color = cell(row.fields, 'color');
    if (color) {
      if (COLOR.test(color)) node.color ??= color.toLowerCase();
      else warnings.push(`line ${row.line}: “${color}” is not a colour written #RRGGBB; the code gets a default colour`);
    }
  }
  if (count === 0) throw new CodebookCsvError(file, 'the file has a header but no codes.');
  return { roots, count, warnings };
}

/** Every node of a tree with its path (names joined by "/"), parents before children. */
export function walkCodebook(roots: CodebookNode[]): { node: CodebookNode; path: string[] }[] {
  const out: { node: CodebookNode; path: string[] }[] = [];
  const visit = (nodes: CodebookNode[], prefix: string[]) => {
    for (const n of nodes) {
      const path = [...prefix, n.name];
      out.push({ node: n, path });
      visit(n.children, path);
    }
  };
  visit(roots, []);
  return out;
}
