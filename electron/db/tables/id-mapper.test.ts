/** The one IdMapper of the REFI import and the team merge, on a real project file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProjectFile, type DB } from '../connection.js';
import { newGuid } from '../identifiers.js';
import * as attributes from './attributes.js';
import * as cases from './cases.js';
import * as codes from './codes.js';
import * as coders from './coders.js';
import { IdMapper } from './id-mapper.js';
import * as sets from './sets.js';
import * as themes from './themes.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-id-mapper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let db: DB;
beforeEach(() => {
  db = createProjectFile(join(dir, `m${++n}.weft`));
});
afterEach(() => db.close());

const NOW = '2026-01-02T03:04:05.000Z';
const code = (name: string, parent: number | null = null, guid = newGuid()) =>
  codes.insert(db, { guid, parent_id: parent, name, color: '#000000', definition: '', inclusion: '', exclusion: '', example: '', is_codable: 1, position: 1, created_at: NOW, updated_at: NOW });
const aliases = () => db.prepare('SELECT kind, foreign_guid, local_guid FROM merge_aliases ORDER BY kind, foreign_guid').all();

describe('IdMapper', () => {
  it('an existing GUID is the same thing; otherwise the name path under the matched parent', () => {
    const g = newGuid();
    const money = code('Money', null, g);
    const fees = code('Fees', money);
    const m = new IdMapper(db);
    expect(m.matchCode(g, null, 'Renamed')).toBe(money);
    expect(m.matchCode(newGuid(), money, 'Fees')).toBe(fees);
    expect(m.matchCode(newGuid(), null, 'Fees')).toBeUndefined();
    expect(m.matchCode('not-a-guid', null, 'Money')).toBe(money);
  });

  it('a GUID a merge remembered wins over the same GUID', () => {
    const a = code('A');
    const bGuid = newGuid();
    const b = code('B', null, bGuid);
    db.prepare("INSERT INTO merge_aliases (kind, foreign_guid, local_guid) VALUES ('code', ?, ?)").run(bGuid, codes.byId(db, a)!.guid);
    const m = new IdMapper(db);
    expect(m.byGuid('code', bGuid)).toBe(a);
    expect(m.bySameGuid('code', bGuid)).toBe(b);
    // An alias to a row that is gone is ignored.
    db.prepare('DELETE FROM codes WHERE id = ?').run(a);
    expect(m.byGuid('code', bGuid)).toBe(b);
  });

  it('coders: by GUID, then by exact name', () => {
    const g = newGuid();
    const ana = coders.insert(db, { guid: g, name: 'Ana', created_at: NOW });
    const m = new IdMapper(db);
    expect(m.matchCoder(g, 'Someone else')).toBe(ana);
    expect(m.matchCoder(newGuid(), 'Ana')).toBe(ana);
    expect(m.matchCoder(newGuid(), 'ana')).toBeUndefined();
  });

  it('cases, themes, sets by GUID then name; attributes by GUID only on the same scope', () => {
    const m = new IdMapper(db);
    const kase = cases.insert(db, { guid: newGuid(), name: 'P01', description: '', created_at: NOW, updated_at: NOW });
    expect(m.matchCase(newGuid(), 'P01')).toBe(kase);
    const t = themes.insert(db, { guid: newGuid(), parent_id: null, name: 'Cost', definition: '', status: 'candidate', color: '#000000', created_at: NOW });
    expect(m.matchTheme(newGuid(), null, 'Cost')).toBe(t);
    expect(m.matchTheme(newGuid(), t, 'Cost')).toBeUndefined();
    const s = sets.insert(db, { guid: newGuid(), name: 'Core', description: '' });
    expect(m.matchSet(newGuid(), 'Core')).toBe(s);
    const ag = newGuid();
    const age = attributes.insert(db, { guid: ag, name: 'Age', scope: 'case', kind: 'number', categories: null });
    expect(m.matchAttribute(ag, 'case', 'Renamed')).toBe(age);
    expect(m.matchAttribute(ag, 'document', 'Renamed')).toBeUndefined();
    const docAge = attributes.insert(db, { guid: newGuid(), name: 'Age', scope: 'document', kind: 'number', categories: null });
    expect(m.matchAttribute(ag, 'document', 'Age')).toBe(docAge);
  });

  it('a new row keeps a valid, free foreign GUID; a taken or invalid one is replaced (taken ones counted)', () => {
    const taken = newGuid();
    code('A', null, taken);
    const m = new IdMapper(db);
    const free = newGuid();
    expect(m.freeGuid('code', free)).toBe(free);
    expect(m.freeGuid('code', taken)).not.toBe(taken);
    expect(m.freeGuid('code', 'x')).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.guidCollisions).toBe(1);
  });

  it('remembers matches under another GUID only when asked to (the merge), and updates a known alias', () => {
    const local = code('A');
    const foreign = newGuid();
    new IdMapper(db).remember('code', foreign, local);
    expect(aliases()).toEqual([]);
    const m = new IdMapper<number>(db, { rememberAliases: true });
    m.link('code', 7, foreign, local);
    expect(m.get('code', 7)).toBe(local);
    expect(aliases()).toEqual([{ kind: 'code', foreign_guid: foreign, local_guid: codes.byId(db, local)!.guid }]);
    // The same GUID is not remembered, unless it is a decision (always).
    const sameGuid = codes.byId(db, local)!.guid;
    m.remember('code', sameGuid, local);
    expect(aliases()).toHaveLength(1);
    m.remember('code', sameGuid, local, true);
    expect(aliases()).toHaveLength(2);
    const other = code('B');
    m.remember('code', foreign, other);
    expect(m.byGuid('code', foreign)).toBe(other);
  });

  it('maps memo targets through what was mapped; the project needs no mapping', () => {
    const m = new IdMapper<string>(db);
    m.set('theme', 'g1', 5);
    expect(m.memoTarget('theme', 'g1')).toEqual({ kind: 'theme', id: 5 });
    expect(m.memoTarget('code', 'g1')).toBeUndefined();
    expect(m.memoTarget('project', 'anything')).toEqual({ kind: 'project' });
  });
});
