/**
 * The project setting "exclude interviewer turns" on a real project file: a coding (or a search
 * hit) lying in the interviewer's turn is left out of search hits, auto-code, theme review counts
 * and agreement with the setting on (the default), and counted with it off; a call may override it.
 * The text carries an emoji, CJK, a combining accent and RTL so the offsets are not ASCII-only.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { parsePlainText } from '../../../shared/import/plain-text';
import { createCase, linkDocumentToCase, linkSpeaker } from '../cases';
import { createCode } from '../codes';
import { createCoding } from '../codings';
import { insertDocument } from '../documents';
import { ProjectSession, ensureCoder } from '../project-session';
import { createThemeFromCodes, listThemeTree, reviewTheme } from '../themes';
import { agreementReport, unitAgreement } from '../team/agreement';
import { autoCode, searchQuery } from './search';
import { readExcludeInterviewer, setExcludeInterviewer } from './interviewer-setting';

const tempDir = useTempDir();

const TEXT = 'Interviewer: 😀 Tell me about the homework, café שלום?\nP1: 宿題 The homework felt like just work.';
const ASKED = 'Tell me about the homework, café שלום?';
const SAID = 'The homework felt like just work.';

function project() {
  const s = ProjectSession.create(join(tempDir(), 'interviewer.weft'), 'Ana');
  const db = s.db;
  const ids = s.transaction(() => {
    const samantha = createCase(db, { name: 'Samantha' }).id;
    const doc = insertDocument(db, parsePlainText(TEXT, 'UTF-8'), { name: 'Interview 1', sourceName: null, coderId: null });
    linkDocumentToCase(db, samantha, doc, true);
    const speakers = db.prepare('SELECT id, label FROM speakers WHERE document_id = ?').all(doc) as { id: number; label: string }[];
    for (const sp of speakers) if (sp.label === 'Interviewer') linkSpeaker(db, sp.id, null, true);
    const code = createCode(db, { name: 'Homework' }).id;
    const ana = s.coderId();
    const ben = ensureCoder(db, 'Ben');
    const asked = TEXT.indexOf(ASKED);
    const said = TEXT.indexOf(SAID);
    for (const coderId of [ana, ben]) {
      createCoding(db, { documentId: doc, codeId: code, start: asked, end: asked + ASKED.length, coderId });
      createCoding(db, { documentId: doc, codeId: code, start: said, end: said + SAID.length, coderId });
    }
    const theme = createThemeFromCodes(db, { name: 'Work', codeIds: [code] });
    return { doc, code, theme, ana, ben };
  });
  return { s, db, ...ids };
}

describe('exclude interviewer turns (project setting, default on)', () => {
  it('is on by default, kept in the project file, and can be turned off', () => {
    const { s, db } = project();
    const file = s.path;
    try {
      expect(readExcludeInterviewer(db)).toBe(true);
      s.transaction(() => setExcludeInterviewer(db, false));
      expect(readExcludeInterviewer(db)).toBe(false);
    } finally {
      s.close();
    }
    const again = ProjectSession.open(file, 'Ana');
    try {
      expect(readExcludeInterviewer(again.db)).toBe(false);
    } finally {
      again.close();
    }
  });

  it('search hits in the interviewer turn are left out when on, found when off or overridden', () => {
    const { s, db } = project();
    try {
      const on = searchQuery(db, { query: 'homework' });
      expect(on.hits.map((h) => TEXT.slice(h.start, h.end))).toEqual(['homework']);
      expect(on.hits[0]!.start).toBe(TEXT.indexOf('homework', TEXT.indexOf(SAID)));
      expect(on.total).toBe(1);
      expect(searchQuery(db, { query: 'café' }).total).toBe(0);
      expect(searchQuery(db, { query: 'homework', filters: { excludeInterviewer: false } }).total).toBe(2);
      s.transaction(() => setExcludeInterviewer(db, false));
      const off = searchQuery(db, { query: 'homework' });
      expect(off.hits.map((h) => h.start)).toEqual([TEXT.indexOf('homework'), TEXT.indexOf('homework', TEXT.indexOf(SAID))]);
      expect(searchQuery(db, { query: 'café' }).total).toBe(1);
      expect(searchQuery(db, { query: 'homework', filters: { excludeInterviewer: true } }).total).toBe(1);
    } finally {
      s.close();
    }
  });

  it('auto-code codes only the participant’s words when on, both when off', () => {
    const { s, db } = project();
    try {
      const other = s.transaction(() => createCode(db, { name: 'Work' }).id);
      const on = s.transaction(() => autoCode(s, { query: 'homework', codeId: other, scope: 'turn' }));
      expect(on).toMatchObject({ hits: 1, created: 1 });
      const turns = db.prepare('SELECT start, end FROM codings WHERE code_id = ? ORDER BY start').all(other) as { start: number; end: number }[];
      expect(turns.map((t) => TEXT.slice(t.start, t.end))).toEqual([TEXT.slice(TEXT.indexOf('宿題'))]);
      s.transaction(() => setExcludeInterviewer(db, false));
      const off = s.transaction(() => autoCode(s, { query: 'homework', codeId: other, scope: 'hit' }));
      expect(off).toMatchObject({ hits: 2, created: 2 });
    } finally {
      s.close();
    }
  });

  it('theme totals and review count the interviewer coding only when off', () => {
    const { s, db, theme } = project();
    try {
      expect(listThemeTree(db).themes[0]!.totals.codings).toBe(2); // two coders, participant turn only
      const on = reviewTheme(db, theme);
      expect(on.total).toBe(2);
      expect(on.extracts.every((e) => TEXT.slice(e.start, e.end) === SAID)).toBe(true);
      expect(on.prevalence.codings).toBe(2);
      s.transaction(() => setExcludeInterviewer(db, false));
      expect(listThemeTree(db).themes[0]!.totals.codings).toBe(4);
      const off = reviewTheme(db, theme);
      expect(off.total).toBe(4);
      expect(off.extracts.map((e) => TEXT.slice(e.start, e.end))).toContain(ASKED);
    } finally {
      s.close();
    }
  });

  it('agreement leaves out the interviewer turn when on, counts it when off or asked', () => {
    const { s, db, ana, ben } = project();
    try {
      const unitsOn = unitAgreement(db, { coderIds: [ana, ben] });
      const unitsAsked = unitAgreement(db, { coderIds: [ana, ben], skipInterviewer: false });
      expect(unitsAsked.units).toBe(unitsOn.units + 1);
      const pairOn = agreementReport(db, { coderA: ana, coderB: ben });
      const pairAsked = agreementReport(db, { coderA: ana, coderB: ben, excludeInterviewer: false });
      expect(pairOn.segment.total.agreements).toBe(2); // each coder's participant segment
      expect(pairAsked.segment.total.agreements).toBe(4);
      s.transaction(() => setExcludeInterviewer(db, false));
      expect(unitAgreement(db, { coderIds: [ana, ben] }).units).toBe(unitsAsked.units);
      expect(agreementReport(db, { coderA: ana, coderB: ben }).segment.total.agreements).toBe(4);
    } finally {
      s.close();
    }
  });
});
