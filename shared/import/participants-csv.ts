/**
 * Participants (cases) from a CSV file: one row per participant, a name column, and attribute
 * columns whose types are inferred from their values.
 *
 * The CSV itself is read by shared/csv/reader.ts (RFC 4180, delimiter detected from the header
 * line, values trimmed).
 *
 * Attribute kinds, judged on the non-empty values of a column:
 *  - boolean: all yes/no, true/false, y/n (any case);
 *  - number: all plain decimal numbers ("57", "-3.5", "1e3");
 *  - date: all ISO 8601 dates ("2024-03-01", optionally with a time);
 *  - category: a few values that repeat (at most 12 distinct values, and at most half as many
 *    distinct values as filled cells), such as coach/client or M/F;
 *  - text: anything else (and empty columns).
 */
import { detectDelimiter, parseCsv } from '../csv/reader.js';
import { decodeText } from './decode.js';
import { cleanImportedName } from '../domain/names.js';
import { ImportError } from './types.js';
import type { AttributeKind } from '../analysis/types.js';

export type { AttributeKind };

export interface ParticipantAttribute {
  /** Column heading. */
  name: string;
  kind: AttributeKind;
  /** Distinct non-empty values, in order of first appearance (a category's categories). */
  values: string[];
}

export interface ParticipantRow {
  name: string;
  /** Attribute name → value ('' when empty). Every attribute has an entry. */
  values: Record<string, string>;
  /** 1-based line in the file where the row starts. */
  line: number;
}

export interface ParticipantsTable {
  nameColumn: string;
  attributes: ParticipantAttribute[];
  rows: ParticipantRow[];
  delimiter: ',' | ';' | '\t';
  warnings: string[];
}

const NAME_HEADINGS = [
  'name',
  'participant',
  'participant name',
  'participant id',
  'pseudonym',
  'case',
  'case name',
  'speaker',
  'respondent',
  'interviewee',
  'id',
];

const BOOLEAN = /^(yes|no|true|false|y|n)$/i;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isIsoDate(v: string): boolean {
  const m = ISO_DATE.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  return true;
}

/** The kind of a column from its values (see the module comment). */
export function inferKind(values: string[]): AttributeKind {
  const filled = values.filter((v) => v !== '');
  if (filled.length === 0) return 'text';
  if (filled.every((v) => BOOLEAN.test(v))) return 'boolean';
  if (filled.every((v) => NUMBER.test(v))) return 'number';
  if (filled.every(isIsoDate)) return 'date';
  const distinct = new Set(filled).size;
  if (distinct <= 12 && distinct * 2 <= filled.length) return 'category';
  return 'text';
}

export interface ParticipantsOptions {
  /** File name for messages. */
  file?: string;
  /** Use this column as the name column instead of looking for one. */
  nameColumn?: string;
}

/** Parses a participants CSV (text or bytes in any encoding decodeText understands). */
export function parseParticipantsCsv(input: string | Uint8Array, options: ParticipantsOptions = {}): ParticipantsTable {
  const file = options.file ?? 'participants.csv';
  const warnings: string[] = [];
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const decoded = decodeText(file, input);
    text = decoded.text;
    warnings.push(...decoded.warnings);
  }
  if (text.replace(/^\ufeff/, '').trim() === '') throw new ImportError(file, 'the CSV file is empty');
  const delimiter = detectDelimiter(text.replace(/^\ufeff/, ''));
  const records = parseCsv(text, delimiter, file).filter((r) => r.fields.some((f) => f !== ''));
  const header = records[0];
  if (!header) throw new ImportError(file, 'the CSV file is empty');
  const headings = header.fields.map((h, i) => cleanImportedName(h, warnings, `line ${header.line}: the heading of column ${i + 1}`, ''));
  while (headings.length > 1 && headings[headings.length - 1] === '') headings.pop(); // "name,role," as some spreadsheets write
  headings.forEach((h, i) => {
    if (h === '') throw new ImportError(file, `line ${header.line}: column ${i + 1} has no heading`);
    const j = headings.findIndex((o) => o.toLocaleLowerCase() === h.toLocaleLowerCase());
    if (j !== i) throw new ImportError(file, `line ${header.line}: the heading “${h}” is used for two columns (${j + 1} and ${i + 1})`);
  });

  let nameIndex: number;
  if (options.nameColumn !== undefined) {
    nameIndex = headings.findIndex((h) => h.toLocaleLowerCase() === options.nameColumn!.trim().toLocaleLowerCase());
    if (nameIndex === -1) {
      throw new ImportError(file, `there is no column called “${options.nameColumn}”; the columns are: ${headings.join(', ')}`);
    }
  } else {
    const lower = headings.map((h) => h.toLocaleLowerCase());
    nameIndex = -1;
    for (const wanted of NAME_HEADINGS) {
      nameIndex = lower.indexOf(wanted);
      if (nameIndex !== -1) break;
    }
    if (nameIndex === -1) {
      throw new ImportError(
        file,
        `no name column: the first row needs a column headed “name” (or participant, pseudonym, case, speaker); the columns are: ${headings.join(', ')}`,
      );
    }
  }
  const nameColumn = headings[nameIndex]!;
  const body = records.slice(1);
  if (body.length === 0) throw new ImportError(file, 'the CSV file has a header row but no participants');

  const seen = new Map<string, number>();
  const rows: ParticipantRow[] = [];
  const attributeIndexes = headings.map((_, i) => i).filter((i) => i !== nameIndex);
  for (const r of body) {
    let fields = r.fields;
    if (fields.length > headings.length && fields.slice(headings.length).every((f) => f === '')) {
      fields = fields.slice(0, headings.length); // trailing empty cells, as some spreadsheets write
    }
    if (fields.length !== headings.length) {
      throw new ImportError(
        file,
        `line ${r.line} has ${fields.length} value${fields.length === 1 ? '' : 's'} but the header has ${headings.length} columns`,
      );
    }
    const name = cleanImportedName(fields[nameIndex]!, warnings, `line ${r.line}: the ${nameColumn}`, '');
    if (name === '') throw new ImportError(file, `line ${r.line} has no ${nameColumn}`);
    const key = name.toLocaleLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new ImportError(file, `the name “${name}” appears twice (lines ${earlier} and ${r.line})`);
    seen.set(key, r.line);
    const values: Record<string, string> = {};
    for (const i of attributeIndexes) values[headings[i]!] = fields[i]!;
    rows.push({ name, values, line: r.line });
  }

  const attributes: ParticipantAttribute[] = attributeIndexes.map((i) => {
    const name = headings[i]!;
    const column = rows.map((row) => row.values[name]!);
    return { name, kind: inferKind(column), values: [...new Set(column.filter((v) => v !== ''))] };
  });
  return { nameColumn, attributes, rows, delimiter, warnings };
}
