/**
 * The attributed-codings table the analysis views share (./coding-index.ts) on a real project
 * file: it gives every coding the participants the one attribution rule gives it, and it never
 * answers from a stale table — after any change that moves an attribution, through this
 * connection or another, the views answer exactly as a fresh connection (which has no table yet)
 * does.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { buildKnownProject } from '../../../tests/support/known-project';
import type { ProjectSession } from '../project-session';
import type { DB } from '../../db/connection';
import { findAttributeByName, linkDocumentToCase, linkSpeaker } from '../cases';
import { createCoding, deleteCoding } from '../codings';
import { listThemeTree, reviewTheme } from '../themes';
import { attributeCodings, loadAttributionInputs } from './attribution-inputs';
import { attributedCodings } from './coding-index';
import { cooccurrenceQuery, matrixQuery, rankingQuery } from './queries';

const tempDir = useTempDir();
let path: string;
let session: ProjectSession;
let fresh: DB | undefined;
beforeEach(() => {
  path = join(tempDir(), 'known.weft');
  session = buildKnownProject(path);
});
afterEach(() => {
  fresh?.close();
  fresh = undefined;
  session.close();
});

const id = (sql: string, ...args: unknown[]) => session.db.prepare(sql).pluck().get(...args) as number;
const speaker = (label: string, document: string) =>
  id('SELECT s.id FROM speakers s JOIN documents d ON d.id = s.document_id WHERE s.label = ? AND d.name = ?', label, document);
const caseId = (name: string) => id('SELECT id FROM cases WHERE name = ?', name);
const documentId = (name: string) => id('SELECT id FROM documents WHERE name = ?', name);
const codeId = (name: string) => id('SELECT id FROM codes WHERE name = ?', name);

/** Every coding's participants by the rule, worked out from scratch for this call. */
function byTheRule(db: DB): Record<number, number[]> {
  const rows = db.prepare('SELECT id, document_id AS documentId, start, end FROM codings ORDER BY id').all() as { id: number; documentId: number; start: number; end: number }[];
  const who = attributeCodings(db, rows, loadAttributionInputs(db));
  return Object.fromEntries(rows.map((r, i) => [r.id, [...who[i]!.caseIds].sort((a, b) => a - b)]));
}

function fromTheTable(db: DB): Record<number, number[]> {
  return Object.fromEntries(attributedCodings(db).records.map((r) => [r.id, r.caseIds]));
}

/** What the views answer on `db`. */
function views(db: DB) {
  const role = findAttributeByName(db, 'role').id;
  const time = findAttributeByName(db, 'time').id;
  const practice = db.prepare("SELECT id FROM themes WHERE name = 'Practice'").pluck().get() as number;
  return {
    matrixCases: matrixQuery(db, { attributeId: role, count: 'cases', includeMissing: true }),
    matrixCodings: matrixQuery(db, { attributeId: role, count: 'codings', includeMissing: true }),
    matrixDocuments: matrixQuery(db, { attributeId: time, count: 'documents', rows: 'themes', includeMissing: true }),
    ranking: rankingQuery(db, { attributeId: role, count: 'codings' }),
    filtered: matrixQuery(db, { attributeId: time, count: 'codings', filters: { attributes: [{ attributeId: role, values: ['client'] }] } }),
    cooccurrence: cooccurrenceQuery(db, { unit: 'turn' }),
    themes: listThemeTree(db),
    review: reviewTheme(db, practice),
  };
}

/** The views on session.db against the same views on a second, new connection to the file. */
function expectSameAsFreshConnection() {
  fresh?.close();
  fresh = new Database(path, { readonly: true });
  expect(views(session.db)).toEqual(views(fresh));
}

describe('attributed codings', () => {
  it('gives every coding the participants the attribution rule gives it, in document order', () => {
    const table = attributedCodings(session.db);
    expect(fromTheTable(session.db)).toEqual(byTheRule(session.db));
    const order = table.records.map((r) => [r.documentId, r.start, r.end, r.id]);
    expect(order).toEqual([...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]! || a[3]! - b[3]!));
    // interviewer-only, multi-speaker and document-linked codings are all in the fixture
    expect(new Set(table.who.map((w) => w.basis))).toEqual(new Set(['speakers', 'document', 'none']));
  });

  it('is kept while nothing changes and rebuilt after any change', () => {
    const first = attributedCodings(session.db);
    views(session.db);
    expect(attributedCodings(session.db)).toBe(first);
    session.db.prepare("UPDATE codes SET color = '#123456' WHERE id = ?").run(codeId('Homework'));
    expect(attributedCodings(session.db)).not.toBe(first);
  });

  const changes: [string, () => void, (() => void)?][] = [
    ['a speaker is linked to another participant', () => linkSpeaker(session.db, speaker('Ben', 'Session 1'), caseId('Cy'))],
    ['a participant speaker becomes the interviewer', () => linkSpeaker(session.db, speaker('Ana', 'Session 2'), null, true)],
    [
      'an interviewer becomes a participant',
      () => linkSpeaker(session.db, speaker('Interviewer', 'Session 1'), caseId('Dee'), false),
      // a coding on the interviewer's question, made before the table is built
      () => createCoding(session.db, { documentId: documentId('Session 1'), codeId: codeId('Emotions'), start: 0, end: 10, coderId: session.coderId() }),
    ],
    [
      'a document without turns is linked to a second participant (a focus group)',
      () => linkDocumentToCase(session.db, caseId('Ana'), documentId('Session 3'), true),
    ],
    [
      'a coding is added on an interviewer turn and one on two speakers',
      () => {
        const s1 = documentId('Session 1');
        createCoding(session.db, { documentId: s1, codeId: codeId('Emotions'), start: 0, end: 10, coderId: session.coderId() });
        createCoding(session.db, { documentId: s1, codeId: codeId('Reviewing goals'), start: 40, end: 90, coderId: session.coderId() });
      },
    ],
    ['a coding is deleted', () => deleteCoding(session.db, id('SELECT max(id) FROM codings'))],
    [
      'another connection commits (the CLI while the window is open)',
      () => {
        const other = new Database(path);
        other.prepare('UPDATE speakers SET case_id = ? WHERE id = ?').run(caseId('Dee'), speaker('Ana', 'Session 1'));
        other.close();
      },
    ],
  ];
  for (const [what, change, setup] of changes) {
    it(`answers as a fresh connection after ${what}`, () => {
      setup?.();
      const before = byTheRule(session.db);
      views(session.db); // the table is built and held
      change();
      const after = byTheRule(session.db);
      expect(after, 'the change moves some attribution (or a coding)').not.toEqual(before);
      expect(fromTheTable(session.db)).toEqual(after);
      expectSameAsFreshConnection();
    });
  }

  it('does not keep what a rolled-back transaction showed', () => {
    views(session.db);
    try {
      session.transaction(() => {
        linkSpeaker(session.db, speaker('Ben', 'Session 1'), caseId('Ana'));
        expect(fromTheTable(session.db)).toEqual(byTheRule(session.db));
        throw new Error('abandon');
      });
    } catch {
      // rolled back
    }
    expect(fromTheTable(session.db)).toEqual(byTheRule(session.db));
    expectSameAsFreshConnection();
  });
});
