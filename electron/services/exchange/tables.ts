/**
 * The rows behind the spreadsheet and document exports, read from the project: the codebook in
 * tree order with themes and counts, and the coded extracts with participant attributes and
 * offsets in both units. Formatting is in shared/exchange.
 */
import { OffsetMap } from '../../../shared/domain/offsets.js';
import type { CodebookEntry, ExtractEntry, ExtractsTable } from '../../../shared/exchange/index.js';
import type { DB } from '../../db/connection.js';
import * as documentTable from '../../db/tables/documents.js';
import { listCodes } from '../codes.js';
import { listExtracts, type ExtractFilter } from '../extracts.js';

/** Theme names of each code (via theme_codes), in the themes' order. */
function themesByCode(db: DB): Map<number, string[]> {
  const rows = db
    .prepare('SELECT tc.code_id, t.name FROM theme_codes tc JOIN themes t ON t.id = tc.theme_id ORDER BY t.position, t.id')
    .all() as { code_id: number; name: string }[];
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.code_id, [...(out.get(r.code_id) ?? []), r.name]);
  return out;
}

/** Every code, parents before children, siblings in their order in the codebook. */
export function codebookEntries(db: DB): CodebookEntry[] {
  const codes = listCodes(db);
  const themes = themesByCode(db);
  const children = new Map<number | null, typeof codes>();
  for (const c of codes) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const out: CodebookEntry[] = [];
  const visit = (parent: number | null, path: string[]) => {
    for (const c of children.get(parent) ?? []) {
      const p = [...path, c.name];
      out.push({
        path: p,
        definition: c.definition,
        inclusion: c.inclusion,
        exclusion: c.exclusion,
        example: c.example,
        themes: themes.get(c.id) ?? [],
        color: c.color,
        codings: c.codings,
        documents: c.documents,
      });
      visit(c.id, p);
    }
  };
  visit(null, []);
  return out;
}

/** Every coded extract (optionally filtered), with the participant's attributes and code-point offsets. */
export function extractsTable(db: DB, filter: ExtractFilter = {}): ExtractsTable {
  const extracts = listExtracts(db, { includeChildren: true, ...filter, context: 0 });
  const attributes = db.prepare("SELECT id, name FROM attributes WHERE scope = 'case' ORDER BY position, id").all() as { id: number; name: string }[];
  const column = new Map(attributes.map((a, i) => [a.id, i]));
  const values = new Map<number, string[]>();
  for (const v of db.prepare('SELECT case_id, attribute_id, value FROM case_attribute_values').all() as { case_id: number; attribute_id: number; value: string }[]) {
    const i = column.get(v.attribute_id);
    if (i === undefined) continue;
    const row = values.get(v.case_id) ?? attributes.map(() => '');
    row[i] = v.value;
    values.set(v.case_id, row);
  }
  const themes = themesByCode(db);
  const maps = new Map<number, OffsetMap>();
  const mapOf = (documentId: number) => {
    let m = maps.get(documentId);
    if (!m) {
      m = new OffsetMap(documentTable.textOf(db, documentId)!);
      maps.set(documentId, m);
    }
    return m;
  };
  const entries = extracts.map((e): ExtractEntry => {
    const m = mapOf(e.documentId);
    return {
      document: e.document,
      participant: e.participant,
      attributes: e.participantId !== null ? (values.get(e.participantId) ?? attributes.map(() => '')) : attributes.map(() => ''),
      code: e.code,
      themes: themes.get(e.codeId) ?? [],
      text: e.text,
      start: e.start,
      end: e.end,
      startCp: m.toCodePoint(e.start),
      endCp: m.toCodePoint(e.end),
      coder: e.coder,
      timeMs: e.time?.start ?? null,
    };
  });
  return { attributes: attributes.map((a) => a.name), entries };
}
