/**
 * The REFI-QDA import matches existing things by the same rules as the team merge (one IdMapper,
 * electron/db/tables/id-mapper.ts). These cases are where the two engines used to disagree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyProject, emptySource, type ExchangeProject } from '../../../shared/refi/index.js';
import { ensureAttribute, upsertCase } from '../cases.js';
import { createCode } from '../codes.js';
import { ensureCoder, newGuid, ProjectSession } from '../project-session.js';
import { importCodebookInto, importProjectInto } from './import.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-import-matching-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const session = () => ProjectSession.create(join(dir, `p${++n}.weft`), 'Ana');

const codebook = (codes: { guid: string; name: string }[], sets: ExchangeProject['sets'] = []): ExchangeProject => ({
  ...emptyProject('codebook', 'Codebook'),
  codes: codes.map((c) => ({ ...c, isCodable: true, noteRefs: [], children: [] })),
  sets,
});

describe('REFI-QDA import: matching existing things', () => {
  it('follows a GUID a merge remembered (merge_aliases) to the same code, even after a rename in the other file', () => {
    const s = session();
    try {
      const here = createCode(s.db, { name: 'Trust' });
      const foreign = newGuid();
      // A merge matched the other copy's “Trust” (another GUID) to ours by name and remembered it.
      s.db.prepare("INSERT INTO merge_aliases (kind, foreign_guid, local_guid) VALUES ('code', ?, ?)").run(foreign, here.guid);
      // Later the other copy renamed it and sent its codebook as .qdc.
      const report = importCodebookInto(s, codebook([{ guid: foreign, name: 'Trust in staff' }]));
      expect(report.imported.codes).toBe(0);
      expect(report.matched.codes).toBe(1);
      expect(s.db.prepare('SELECT name FROM codes').pluck().all()).toEqual(['Trust']);
    } finally {
      s.close();
    }
  });

  it('matches an attribute by its GUID (on the same scope) before its name, as the merge does', () => {
    const s = session();
    try {
      const attrId = ensureAttribute(s.db, 'Age', 'case', 'number');
      s.db.prepare("UPDATE attributes SET name = 'Age (years)' WHERE id = ?").run(attrId);
      const attr = { id: attrId, guid: s.db.prepare('SELECT guid FROM attributes WHERE id = ?').pluck().get(attrId) as string };
      const caseId = upsertCase(s.db, 'P01');
      const p: ExchangeProject = {
        ...emptyProject('project', 'Study'),
        variables: [{ guid: attr.guid, name: 'Age', type: 'Integer' }],
        cases: [{ guid: newGuid(), name: 'P01', codeRefs: [], values: [{ variableGuid: attr.guid, type: 'Integer', value: '41' }], sourceRefs: [], selectionRefs: [] }],
      };
      const report = importProjectInto(s, p);
      expect(report.imported.attributes).toBe(0);
      expect(report.matched.attributes).toBe(1);
      expect(s.db.prepare('SELECT name FROM attributes').pluck().all()).toEqual(['Age (years)']);
      expect(s.db.prepare('SELECT value FROM case_attribute_values WHERE case_id = ? AND attribute_id = ?').pluck().get(caseId, attr.id)).toBe('41');
      expect(report.warnings.join('\n')).not.toMatch(/GUID/);
    } finally {
      s.close();
    }
  });

  it('matches a set by name when its GUID is unknown, as the merge does', () => {
    const s = session();
    try {
      const code = createCode(s.db, { name: 'Cost' });
      s.db.prepare("INSERT INTO sets (guid, name, description) VALUES (?, 'Core', '')").run(newGuid());
      const set = { guid: newGuid(), name: 'Core', memberCodes: [code.guid], memberSources: [], memberNotes: [] };
      const report = importCodebookInto(s, codebook([], [set]));
      expect(report.imported.sets).toBe(0);
      expect(report.matched.sets).toBe(1);
      expect(s.db.prepare('SELECT count(*) FROM sets').pluck().get()).toBe(1);
      expect(s.db.prepare('SELECT count(*) FROM set_members WHERE code_id = ?').pluck().get(code.id)).toBe(1);
    } finally {
      s.close();
    }
  });

  it('matches a coder by GUID, then by name, and never inserts a second coder of one name', () => {
    const s = session();
    try {
      const anaGuid = s.db.prepare('SELECT guid FROM coders WHERE id = ?').pluck().get(ensureCoder(s.db, 'Ana')) as string;
      const src = emptySource(newGuid());
      src.text = 'Some text.';
      const p: ExchangeProject = {
        ...emptyProject('project', 'Study'),
        users: [
          { guid: anaGuid, name: 'Ana (renamed elsewhere)' },
          { guid: newGuid(), name: 'Ana' },
          { guid: newGuid(), name: 'Bo' },
        ],
        sources: [src],
      };
      const report = importProjectInto(s, p);
      expect(report.matched.coders).toBe(2);
      expect(report.imported.coders).toBe(1);
      expect(s.db.prepare('SELECT name FROM coders ORDER BY name').pluck().all()).toEqual(['Ana', 'Bo']);
    } finally {
      s.close();
    }
  });
});
