/**
 * Every text in a project where a participant may be named, read and written by a stable row key
 * (a guid, or guids for the attribute values), so a plan made on one copy of a project applies to
 * another and a key written today finds its rows again. Document text is here too; moving codings
 * and speaker turns with it is copy.ts's job.
 */
import type { DB } from '../../db/connection.js';

export interface TextField {
  table: string;
  column: string;
  /** What the researcher calls the thing, for the review ("Document", "Memo"…). */
  what: string;
  /** Rows as { row, label, value }: row is the stable key, label names the thing for the review. */
  select: string;
  /** Writes @value into the row @row. */
  update: string;
}

const guidTable = (table: string, what: string, column: string, label: string): TextField => ({
  table,
  column,
  what,
  select: `SELECT guid AS row, ${label} AS label, ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL AND ${column} <> '' ORDER BY id`,
  update: `UPDATE ${table} SET ${column} = @value WHERE guid = @row`,
});

const attributeValues = (scope: 'case' | 'document'): TextField => {
  const owner = scope === 'case' ? 'cases' : 'documents';
  return {
    table: `${scope}_attribute_values`,
    column: 'value',
    what: `${scope === 'case' ? 'Case' : 'Document'} attribute`,
    select: `SELECT json_object('${scope}', o.guid, 'attribute', a.guid) AS row, o.name || ' · ' || a.name AS label, v.value AS value
             FROM ${scope}_attribute_values v JOIN ${owner} o ON o.id = v.${scope}_id JOIN attributes a ON a.id = v.attribute_id
             WHERE v.value <> '' ORDER BY v.${scope}_id, v.attribute_id`,
    update: `UPDATE ${scope}_attribute_values SET value = @value
             WHERE ${scope}_id = (SELECT id FROM ${owner} WHERE guid = json_extract(@row, '$.${scope}'))
               AND attribute_id = (SELECT id FROM attributes WHERE guid = json_extract(@row, '$.attribute'))`,
  };
};

const docName = `(SELECT name FROM documents d WHERE d.id = document_id)`;

/** The document texts (their codings and turns move with them). */
export const DOCUMENT_TEXT: TextField = guidTable('documents', 'Document', 'text', 'name');

/** Every other text that may name someone. */
export const OTHER_FIELDS: TextField[] = [
  guidTable('documents', 'Document', 'name', 'name'),
  guidTable('documents', 'Document', 'description', 'name'),
  guidTable('documents', 'Document', 'source_name', 'name'),
  guidTable('speakers', 'Speaker', 'label', `${docName}`),
  guidTable('cases', 'Case', 'name', 'name'),
  guidTable('cases', 'Case', 'description', 'name'),
  guidTable('attributes', 'Attribute', 'name', 'name'),
  guidTable('attributes', 'Attribute', 'categories', 'name'),
  attributeValues('case'),
  attributeValues('document'),
  ...['name', 'definition', 'inclusion', 'exclusion', 'example'].map((c) => guidTable('codes', 'Code', c, 'name')),
  ...['name', 'definition'].map((c) => guidTable('themes', 'Theme', c, 'name')),
  guidTable('memos', 'Memo', 'title', `coalesce(nullif(title, ''), 'memo')`),
  guidTable('memos', 'Memo', 'body', `coalesce(nullif(title, ''), 'memo')`),
  guidTable('sets', 'Set', 'name', 'name'),
  guidTable('sets', 'Set', 'description', 'name'),
  guidTable('coders', 'Coder', 'name', 'name'),
  guidTable('coders', 'Coder', 'initials', 'name'),
  {
    table: 'merges',
    column: 'source_name',
    what: 'Merge',
    select: `SELECT CAST(id AS TEXT) AS row, merged_at AS label, source_name AS value FROM merges ORDER BY id`,
    update: `UPDATE merges SET source_name = @value WHERE id = CAST(@row AS INTEGER)`,
  },
  {
    table: 'merges',
    column: 'summary',
    what: 'Merge',
    select: `SELECT CAST(id AS TEXT) AS row, merged_at AS label, summary AS value FROM merges ORDER BY id`,
    update: `UPDATE merges SET summary = @value WHERE id = CAST(@row AS INTEGER)`,
  },
  {
    table: 'project_meta',
    column: 'value',
    what: 'Project',
    // the project's name, and the attributes shown beside quotes (a JSON list of attribute names, renamed with them)
    select: `SELECT key AS row, key AS label, value FROM project_meta WHERE key IN ('name', 'quote_attributes') ORDER BY key`,
    update: `UPDATE project_meta SET value = @value WHERE key = @row`,
  },
];

export interface FieldRow {
  row: string;
  label: string;
  value: string;
}

export const readField = (db: DB, f: TextField): FieldRow[] => db.prepare(f.select).all() as FieldRow[];
