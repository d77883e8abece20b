/**
 * The "incoming project": another copy of a project, read into memory, ready to be merged.
 *
 * It is independent of where it came from: `readWeftProject` fills it from a .weft file; a
 * .qdpx from another tool is first imported into a temporary .weft by the REFI-QDA importer
 * (electron/services/exchange) and then read the same way (see load.ts).
 *
 * Keys (`key`, `parentKey`, `documentKey` …) are the row ids in the other file: they only tie
 * the model together and mean nothing in this project.
 */
import { openProjectFile, readMeta, type DB } from '../../db/connection.js';
import * as attributeTable from '../../db/tables/attributes.js';
import * as caseTable from '../../db/tables/cases.js';
import * as codeTable from '../../db/tables/codes.js';
import { spellings } from '../../db/tables/guids.js';
import * as coderTable from '../../db/tables/coders.js';
import * as codingTable from '../../db/tables/codings.js';
import * as documentTable from '../../db/tables/documents.js';
import * as memoTable from '../../db/tables/memos.js';
import * as setTable from '../../db/tables/sets.js';
import * as speakerTable from '../../db/tables/speakers.js';
import * as themeTable from '../../db/tables/themes.js';
import { cleanImportedNames } from '../../../shared/domain/names.js';

export interface IncomingCoder {
  key: number;
  guid: string;
  name: string;
  initials: string | null;
  isConsensus: boolean;
}

export interface IncomingSpeaker {
  key: number;
  guid: string;
  label: string;
  caseKey: number | null;
  isInterviewer: boolean;
}

export interface IncomingTurn {
  speakerKey: number | null;
  seq: number;
  start: number;
  end: number;
  beginMs: number | null;
  endMs: number | null;
}

export interface IncomingDocument {
  key: number;
  guid: string;
  name: string;
  text: string;
  sourceFormat: string;
  sourceName: string | null;
  description: string;
  createdByKey: number | null;
  createdAt: string;
  speakers: IncomingSpeaker[];
  turns: IncomingTurn[];
}

export interface IncomingCode {
  key: number;
  guid: string;
  parentKey: number | null;
  name: string;
  color: string;
  /** False when the colour is a palette one standing in for none given by a REFI-QDA source (codes.color_given). */
  colorGiven?: boolean;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  isCodable: boolean;
}

export interface IncomingCoding {
  key: number;
  guid: string;
  documentKey: number;
  codeKey: number;
  coderKey: number;
  start: number;
  end: number;
  createdAt: string;
  updatedAt: string;
}

export interface IncomingCase {
  key: number;
  guid: string;
  name: string;
  description: string;
}

export interface IncomingAttribute {
  key: number;
  guid: string;
  name: string;
  scope: 'case' | 'document';
  kind: 'text' | 'number' | 'date' | 'boolean' | 'category';
  categories: string[] | null;
}

export interface IncomingTheme {
  key: number;
  guid: string;
  parentKey: number | null;
  name: string;
  definition: string;
  status: string;
  color: string;
}

export type MemoTargetKind = 'project' | 'document' | 'code' | 'theme' | 'coding' | 'case';

export interface IncomingMemo {
  guid: string;
  title: string;
  body: string;
  target: { kind: MemoTargetKind; key: number };
  coderKey: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface IncomingSet {
  key: number;
  guid: string;
  name: string;
  description: string;
  documentKeys: number[];
  codeKeys: number[];
}

export interface IncomingProject {
  /** The file's name, for messages. */
  label: string;
  format: 'weft' | 'qdpx';
  /** The other project's GUID (copies of one project share it), if known. */
  projectGuid: string | null;
  coders: IncomingCoder[];
  documents: IncomingDocument[];
  /** Parents before children. */
  codes: IncomingCode[];
  codings: IncomingCoding[];
  cases: IncomingCase[];
  attributes: IncomingAttribute[];
  caseValues: { caseKey: number; attributeKey: number; value: string }[];
  documentValues: { documentKey: number; attributeKey: number; value: string }[];
  documentCases: { documentKey: number; caseKey: number }[];
  /** Parents before children. */
  themes: IncomingTheme[];
  themeCodes: { themeKey: number; codeKey: number; position: number }[];
  memos: IncomingMemo[];
  sets: IncomingSet[];
  /** GUIDs a REFI-QDA source spelled other than in lower case (guid_spellings, migration 0009; absent in older files). */
  guidSpellings?: Record<string, string>;
  /** Problems met while reading (e.g. from the REFI-QDA import). */
  warnings: string[];
}

/** Orders rows so that every parent comes before its children (cycles and orphans go last, as roots). */
export function parentsFirst<T extends { key: number; parentKey: number | null }>(rows: T[]): T[] {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const out: T[] = [];
  const done = new Set<number>();
  const visiting = new Set<number>();
  const visit = (r: T) => {
    if (done.has(r.key)) return;
    if (visiting.has(r.key)) {
      // a cycle (only possible in a damaged file): break it here
      r.parentKey = null;
      return;
    }
    visiting.add(r.key);
    const parent = r.parentKey === null ? undefined : byKey.get(r.parentKey);
    if (r.parentKey !== null && !parent) r.parentKey = null;
    if (parent) visit(parent);
    visiting.delete(r.key);
    if (!done.has(r.key)) {
      done.add(r.key);
      out.push(r);
    }
  };
  for (const r of rows) visit(r);
  return out;
}

/** Reads the whole of another project (version-1 columns only, so files from any Weft version work). */
export function readWeftDatabase(db: DB, label: string, format: IncomingProject['format'] = 'weft'): IncomingProject {
  const meta = readMeta(db);
  const coders = coderTable.list(db).map((r) => ({ key: r.id, guid: r.guid, name: r.name, initials: r.initials, isConsensus: r.is_consensus === 1 }));

  const speakers = speakerTable.list(db);
  const turns = speakerTable.listTurns(db);
  const documents = documentTable.list(db).map(
    (d): IncomingDocument => ({
      key: d.id,
      guid: d.guid,
      name: d.name,
      text: documentTable.textOf(db, d.id) ?? '',
      sourceFormat: d.source_format,
      sourceName: d.source_name,
      description: d.description,
      createdByKey: d.created_by,
      createdAt: d.created_at,
      speakers: speakers
        .filter((s) => s.document_id === d.id)
        .map((s) => ({ key: s.id, guid: s.guid, label: s.label, caseKey: s.case_id, isInterviewer: s.is_interviewer === 1 })),
      turns: turns
        .filter((t) => t.document_id === d.id)
        .map((t) => ({ speakerKey: t.speaker_id, seq: t.seq, start: t.start, end: t.end, beginMs: t.begin_ms, endMs: t.end_ms })),
    }),
  );

  const codes = parentsFirst(
    codeTable.list(db).map((c) => ({
      key: c.id,
      guid: c.guid,
      parentKey: c.parent_id,
      name: c.name,
      color: c.color,
      colorGiven: c.color_given !== 0,
      definition: c.definition,
      inclusion: c.inclusion,
      exclusion: c.exclusion,
      example: c.example,
      isCodable: c.is_codable === 1,
    })),
  );

  const codings = codingTable.list(db).map((k) => ({
    key: k.id,
    guid: k.guid,
    documentKey: k.document_id,
    codeKey: k.code_id,
    coderKey: k.coder_id,
    start: k.start,
    end: k.end,
    createdAt: k.created_at,
    updatedAt: k.updated_at,
  }));

  const cases = caseTable.list(db).map((c) => ({ key: c.id, guid: c.guid, name: c.name, description: c.description }));

  const attributes = attributeTable.list(db).map((a): IncomingAttribute => {
    let categories: string[] | null = null;
    if (a.categories) {
      try {
        const parsed = JSON.parse(a.categories) as unknown;
        if (Array.isArray(parsed)) categories = parsed.map(String);
      } catch {
        categories = null;
      }
    }
    return { key: a.id, guid: a.guid, name: a.name, scope: a.scope, kind: a.kind, categories };
  });

  const themes = parentsFirst(
    themeTable.list(db).map((t) => ({ key: t.id, guid: t.guid, parentKey: t.parent_id, name: t.name, definition: t.definition, status: t.status, color: t.color })),
  );

  const memos = memoTable.list(db).map((m): IncomingMemo => {
    const on = memoTable.targetOf(m);
    const target: IncomingMemo['target'] = { kind: on.kind, key: on.id ?? 0 };
    return { guid: m.guid, title: m.title, body: m.body, target, coderKey: m.coder_id, createdAt: m.created_at, updatedAt: m.updated_at };
  });

  const members = db.prepare('SELECT set_id, document_id, code_id FROM set_members').all() as { set_id: number; document_id: number | null; code_id: number | null }[];
  const sets = setTable.list(db).map(
    (s) => ({
      key: s.id,
      guid: s.guid,
      name: s.name,
      description: s.description,
      documentKeys: members.filter((m) => m.set_id === s.id && m.document_id !== null).map((m) => m.document_id!),
      codeKeys: members.filter((m) => m.set_id === s.id && m.code_id !== null).map((m) => m.code_id!),
    }),
  );

  const warnings: string[] = [];
  const from = `In “${label}”, the`;
  cleanImportedNames(coders, warnings, `${from} coder`, 'Unnamed coder');
  cleanImportedNames(documents, warnings, `${from} document`, 'Unnamed document');
  cleanImportedNames(codes, warnings, `${from} code`, 'Unnamed code');
  cleanImportedNames(cases, warnings, `${from} case`, 'Unnamed case');
  cleanImportedNames(attributes, warnings, `${from} attribute`, 'Unnamed attribute');
  cleanImportedNames(themes, warnings, `${from} theme`, 'Unnamed theme');
  cleanImportedNames(sets, warnings, `${from} set`, 'Unnamed set');
  const hasSpellings = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'guid_spellings'").get() !== undefined;
  return {
    label,
    format,
    projectGuid: meta.guid ?? null,
    ...(hasSpellings ? { guidSpellings: spellings(db) } : {}),
    coders,
    documents,
    codes,
    codings,
    cases,
    attributes,
    caseValues: (db.prepare('SELECT case_id, attribute_id, value FROM case_attribute_values').all() as { case_id: number; attribute_id: number; value: string }[]).map(
      (v) => ({ caseKey: v.case_id, attributeKey: v.attribute_id, value: v.value }),
    ),
    documentValues: (
      db.prepare('SELECT document_id, attribute_id, value FROM document_attribute_values').all() as { document_id: number; attribute_id: number; value: string }[]
    ).map((v) => ({ documentKey: v.document_id, attributeKey: v.attribute_id, value: v.value })),
    documentCases: (db.prepare('SELECT document_id, case_id FROM document_cases').all() as { document_id: number; case_id: number }[]).map((d) => ({
      documentKey: d.document_id,
      caseKey: d.case_id,
    })),
    themes,
    themeCodes: (db.prepare('SELECT theme_id, code_id, position FROM theme_codes').all() as { theme_id: number; code_id: number; position: number }[]).map((t) => ({
      themeKey: t.theme_id,
      codeKey: t.code_id,
      position: t.position,
    })),
    memos,
    sets,
    warnings,
  };
}

/**
 * Reads a .weft file without changing it. It goes through the same inspection as opening a
 * project (electron/db/inspect.ts): files that are not Weft projects, files from a newer Weft,
 * files whose schema is not Weft's (a table replaced by a view, an added trigger) and damaged
 * files are refused before any of their tables is read. An older file is read from an in-memory
 * copy brought up to date.
 */
export function readWeftProject(path: string, label: string): IncomingProject {
  const db = openProjectFile(path, { readonly: true });
  try {
    return readWeftDatabase(db, label);
  } finally {
    db.close();
  }
}
