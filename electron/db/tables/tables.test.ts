/** The table layer on a real project file: one row type per table, its mapping and common queries. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { createProjectFile, openProjectFile, type DB } from '../connection.js';
import { newGuid } from '../identifiers.js';
import * as attributes from './attributes.js';
import * as cases from './cases.js';
import * as codes from './codes.js';
import * as coders from './coders.js';
import * as codings from './codings.js';
import * as documents from './documents.js';
import { guidOf, idByGuid } from './guids.js';
import * as memos from './memos.js';
import { one, rows } from './prepared.js';
import * as speakers from './speakers.js';
import * as themes from './themes.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-tables-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let db: DB;
let file: string;
beforeEach(() => {
  file = join(dir, `t${++n}.weft`);
  db = createProjectFile(file);
});
afterEach(() => db.close());

const NOW = '2026-01-02T03:04:05.000Z';

function aDocument(text = 'Hello there.') {
  return documents.insert(db, {
    guid: newGuid(),
    name: 'Interview',
    text,
    source_format: 'txt',
    source_name: 'a.txt',
    content_hash: 'h1',
    length: text.length,
    word_count: 2,
    description: '',
    created_by: null,
    created_at: NOW,
    updated_at: NOW,
  });
}

describe('prepared statements', () => {
  it('are compiled once per connection and text, plucking and row statements apart', () => {
    const a = one(db, 'SELECT count(*) FROM codes');
    expect(one(db, 'SELECT count(*) FROM codes')).toBe(a);
    expect(rows(db, 'SELECT count(*) FROM codes')).not.toBe(a);
    expect(a.get()).toBe(0);
    expect(rows(db, 'SELECT count(*) AS n FROM codes').get()).toEqual({ n: 0 });
    const other = openProjectFile(file, { readonly: true });
    try {
      expect(one(other, 'SELECT count(*) FROM codes')).not.toBe(a);
    } finally {
      other.close();
    }
  });
});

describe('tables', () => {
  it('codes: insert, byId, byGuid, by path, list in order, path, mapping to Code', () => {
    const g = newGuid();
    const base = { color: '#123456', definition: '', inclusion: '', exclusion: '', example: '', is_codable: 1, created_at: NOW, updated_at: NOW };
    const parent = codes.insert(db, { ...base, guid: g, parent_id: null, name: 'Money', position: 2 });
    const child = codes.insert(db, { ...base, guid: newGuid(), parent_id: parent, name: 'Fees', position: 1 });
    expect(codes.idByGuid(db, g)).toBe(parent);
    expect(codes.idByPath(db, null, 'Money')).toBe(parent);
    expect(codes.idByPath(db, parent, 'Fees')).toBe(child);
    expect(codes.idByPath(db, null, 'Fees')).toBeUndefined();
    expect(codes.list(db).map((c) => c.name)).toEqual(['Fees', 'Money']);
    expect(codes.pathOf(db, child)).toBe('Money/Fees');
    expect(codes.toCode(codes.byId(db, child)!)).toMatchObject({ id: child, parentId: parent, name: 'Fees', color: '#123456', position: 1 });
    expect(codes.fillEmpty(db, child, { definition: 'd', inclusion: '', exclusion: 'x', example: '' }, NOW)).toEqual(['definition', 'exclusion']);
    expect(codes.fillEmpty(db, child, { definition: 'other', inclusion: '', exclusion: '', example: '' }, NOW)).toEqual([]);
    expect(codes.byId(db, child)!.definition).toBe('d');
  });

  it('coders, documents, codings: insert and look up; coding by span; mapping to Coding', () => {
    const coder = coders.insert(db, { guid: newGuid(), name: 'Ana', created_at: NOW });
    expect(coders.idByName(db, 'Ana')).toBe(coder);
    expect(coders.idByName(db, 'ana')).toBeUndefined();
    expect(coders.toCoder(coders.byId(db, coder)!)).toMatchObject({ name: 'Ana', isConsensus: false });
    const doc = aDocument();
    expect(documents.byId(db, doc)).not.toHaveProperty('text');
    expect(documents.textOf(db, doc)).toBe('Hello there.');
    expect(documents.nameTaken(db, 'Interview')).toBe(true);
    expect(documents.withContentHash(db, 'h1').map((d) => d.id)).toEqual([doc]);
    const code = codes.insert(db, { guid: newGuid(), parent_id: null, name: 'C', color: '#000000', definition: '', inclusion: '', exclusion: '', example: '', is_codable: 1, position: 1, created_at: NOW, updated_at: NOW });
    const guid = newGuid();
    const k = codings.insert(db, { guid, document_id: doc, code_id: code, coder_id: coder, start: 0, end: 5, created_at: NOW, updated_at: NOW });
    expect(codings.idByGuid(db, guid)).toBe(k);
    expect(codings.idBySpan(db, doc, code, coder, 0, 5)).toBe(k);
    expect(codings.idBySpan(db, doc, code, coder, 0, 6)).toBeUndefined();
    const row = rows(db, `${codings.WITH_CODER} WHERE k.id = ?`).get(k) as codings.CodingWithCoderRow;
    expect(codings.toCoding(row)).toMatchObject({ id: k, documentId: doc, codeId: code, coderId: coder, coder: 'Ana', start: 0, end: 5 });
  });

  it('cases, attributes and values; speakers and turns; themes', () => {
    const kase = cases.insert(db, { guid: newGuid(), name: 'P01', description: '', created_at: NOW, updated_at: NOW });
    cases.fillDescription(db, kase, 'first');
    cases.fillDescription(db, kase, 'second');
    expect(cases.byId(db, kase)!.description).toBe('first');
    const a = attributes.insert(db, { guid: newGuid(), name: 'Wave', scope: 'case', kind: 'category', categories: '["T1"]' });
    expect(attributes.idByName(db, 'case', 'Wave')).toBe(a);
    expect(attributes.idByName(db, 'document', 'Wave')).toBeUndefined();
    attributes.putValue(db, 'case', kase, a, 'T1');
    attributes.putValue(db, 'case', kase, a, 'T2');
    expect(attributes.valueOf(db, 'case', kase, a)).toBe('T2');
    attributes.setCategories(db, a, ['T1', 'T2']);
    expect(attributes.parseCategories(attributes.byId(db, a)!.categories)).toEqual(['T1', 'T2']);
    expect(attributes.parseCategories('not json')).toEqual([]);
    const doc = aDocument();
    const sp = speakers.insert(db, { guid: newGuid(), document_id: doc, label: 'P01', case_id: null, is_interviewer: 0 });
    speakers.insertTurn(db, { document_id: doc, speaker_id: sp, seq: 0, start: 0, end: 5, begin_ms: null, end_ms: null });
    speakers.linkIfUnlinked(db, doc, 'P01', kase);
    expect(speakers.list(db)[0]).toMatchObject({ id: sp, case_id: kase });
    expect(speakers.listTurns(db)).toHaveLength(1);
    const t1 = themes.insert(db, { guid: newGuid(), parent_id: null, name: 'Cost', definition: '', status: 'candidate', color: themes.DEFAULT_THEME_COLOR, created_at: NOW });
    const t2 = themes.insert(db, { guid: newGuid(), parent_id: t1, name: 'Fees', definition: '', status: 'final', color: '#000000', created_at: NOW });
    expect(themes.byId(db, t2)).toMatchObject({ position: 2, parent_id: t1, updated_at: NOW });
    expect(themes.idByPath(db, t1, 'Fees')).toBe(t2);
    expect(themes.list(db).map((t) => t.name)).toEqual(['Cost', 'Fees']);
  });

  it('memos: one target column set, read back as the same target; same-content lookup', () => {
    const doc = aDocument();
    const id = memos.insert(db, { guid: newGuid(), title: 'T', body: 'B', target: { kind: 'document', id: doc }, coder_id: null, created_at: NOW, updated_at: NOW });
    const journal = memos.insert(db, { guid: newGuid(), title: 'J', body: '', target: { kind: 'project' }, coder_id: null, created_at: NOW, updated_at: NOW });
    expect(memos.targetOf(memos.byId(db, id)!)).toEqual({ kind: 'document', id: doc });
    expect(memos.targetOf(memos.byId(db, journal)!)).toEqual({ kind: 'project', id: null });
    expect(memos.idBySameContent(db, 'T', 'B', { kind: 'document', id: doc })).toBe(id);
    expect(memos.idBySameContent(db, 'T', 'B', { kind: 'project' })).toBeUndefined();
    expect(memos.targetColumns({ kind: 'case', id: 7 })).toEqual({ document_id: null, code_id: null, theme_id: null, coding_id: null, case_id: 7 });
    expect(guidOf(db, 'memos', id)).toBe(memos.byId(db, id)!.guid);
    expect(idByGuid(db, 'memos', memos.byId(db, journal)!.guid)).toBe(journal);
  });
});
