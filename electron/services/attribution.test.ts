/**
 * One attribution rule everywhere: an extract coded in an interviewer's turn of a document linked
 * to one participant belongs to no participant in retrieval, the matrix, theme review, quotes and
 * reports alike (before, retrieval and the matrix gave it to the participant, theme review did not).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { parsePlainText } from '../../shared/import/plain-text';
import { createAttribute, createCase, linkDocumentToCase, linkSpeaker, setAttributeValue } from './cases';
import { createCode } from './codes';
import { createCoding } from './codings';
import { insertDocument } from './documents';
import { listExtracts } from './extracts';
import { matrixQuery } from './analysis/queries';
import { ProjectSession } from './project-session';
import { setExcludeInterviewer } from './analysis/interviewer-setting';
import { readQuoteAttributes, setQuoteAttributes } from './quote-attributes';
import { reportModel } from './reports/index';
import { createThemeFromCodes, markQuote, reviewTheme } from './themes';

const tempDir = useTempDir();

function project() {
  const s = ProjectSession.create(join(tempDir(), 'attribution.weft'), 'Ana');
  const db = s.db;
  const ids = s.transaction(() => {
    const role = createAttribute(db, { name: 'role', scope: 'case', kind: 'text' });
    const age = createAttribute(db, { name: 'age', scope: 'case', kind: 'text' });
    const samantha = createCase(db, { name: 'Samantha' }).id;
    setAttributeValue(db, 'case', samantha, role.id, 'client');
    setAttributeValue(db, 'case', samantha, age.id, '34');
    const text = 'Interviewer: Tell me about the homework.\nP1: The homework felt like just work.';
    const doc = insertDocument(db, parsePlainText(text, 'UTF-8'), { name: 'Interview 1', sourceName: null, coderId: null });
    // The document is linked to its one participant; the speakers are not linked (common after import).
    linkDocumentToCase(db, samantha, doc, true);
    const speakers = db.prepare('SELECT id, label FROM speakers WHERE document_id = ?').all(doc) as { id: number; label: string }[];
    for (const sp of speakers) if (sp.label === 'Interviewer') linkSpeaker(db, sp.id, null, true);
    const code = createCode(db, { name: 'Homework' }).id;
    const inInterviewer = text.indexOf('Tell me about the homework.');
    const inParticipant = text.indexOf('The homework felt like just work.');
    const asked = createCoding(db, { documentId: doc, codeId: code, start: inInterviewer, end: inInterviewer + 'Tell me about the homework.'.length, coderId: s.coderId() });
    const said = createCoding(db, { documentId: doc, codeId: code, start: inParticipant, end: inParticipant + 'The homework felt like just work.'.length, coderId: s.coderId() });
    const theme = createThemeFromCodes(db, { name: 'Work', codeIds: [code] });
    markQuote(db, theme, said.id);
    return { samantha, role: role.id, code, asked: asked.id, said: said.id, theme };
  });
  return { s, db, ...ids };
}

describe('attribution agrees across retrieval, the matrix, theme review and reports', () => {
  it('an interviewer-turn coding in a document linked to one participant belongs to no participant everywhere', () => {
    const { s, db, samantha, role, asked, said, theme } = project();
    try {
      // counted here (the project setting "exclude interviewer turns" would leave it out of the review)
      s.transaction(() => setExcludeInterviewer(db, false));
      const extracts = new Map(listExtracts(db).map((e) => [e.codingId, e]));
      expect(extracts.get(asked)).toMatchObject({ participantId: null, participant: null, speaker: 'Interviewer', attributionBasis: 'interviewer' });
      expect(extracts.get(said)).toMatchObject({ participantId: samantha, participant: 'Samantha', speaker: 'P1', role: 'client', attributionBasis: 'document' });

      const matrix = matrixQuery(db, { attributeId: role, includeMissing: true });
      const row = matrix.rows.find((r) => r.name === 'Homework')!;
      const cell = (value: string | null) => row.cells[matrix.columns.findIndex((c) => c.value === value)]!.count;
      expect(cell('client')).toBe(1);
      expect(cell(null)).toBe(1);

      const review = reviewTheme(db, theme);
      const reviewed = new Map(review.extracts.map((e) => [e.codingId, e]));
      expect(reviewed.get(asked)).toMatchObject({ participantId: null, participantIds: [] });
      expect(reviewed.get(said)).toMatchObject({ participantId: samantha, participantIds: [samantha], attribution: 'Samantha (client)' });
      expect(review.prevalence.participants).toBe(1);
    } finally {
      s.close();
    }
  });

  it('the attributes beside a quote are a project setting used by retrieval, review and reports', () => {
    const { s, db, said, theme } = project();
    try {
      expect(readQuoteAttributes(db)).toEqual(['role']);
      s.transaction(() => setQuoteAttributes(db, ['AGE', 'role']));
      expect(readQuoteAttributes(db)).toEqual(['age', 'role']);
      expect(listExtracts(db).find((e) => e.codingId === said)!.quoteAttributes).toEqual([
        { name: 'age', value: '34' },
        { name: 'role', value: 'client' },
      ]);
      expect(reviewTheme(db, theme).extracts.find((e) => e.codingId === said)!.attribution).toBe('Samantha (34, client)');
      const quotes = reportModel(db).themes!.flatMap((t) => t.quotes);
      expect(quotes.map((q) => q.attribution)).toEqual(['Samantha (34, client)']);
      expect(reportModel(db, { quoteAttributes: [] }).themes!.flatMap((t) => t.quotes).map((q) => q.attribution)).toEqual(['Samantha']);
      expect(() => s.transaction(() => setQuoteAttributes(db, ['height']))).toThrow(/no participant attribute named “height”/);
      expect(readQuoteAttributes(db)).toEqual(['age', 'role']);
    } finally {
      s.close();
    }
  });

  it('the report lists the participants who appear in a document (linked as a whole or through a speaker) unless asked for all', () => {
    const { s, db } = project();
    try {
      s.transaction(() => {
        createCase(db, { name: 'Noor' }); // in the participants CSV only
        const viaSpeaker = createCase(db, { name: 'Omar' }).id;
        const doc = insertDocument(db, parsePlainText('Omar: 宿題 😀 café.\nInterviewer: Thanks.', 'UTF-8'), { name: 'Interview 2', sourceName: null, coderId: null });
        const omar = db.prepare("SELECT id FROM speakers WHERE document_id = ? AND label = 'Omar'").pluck().get(doc) as number;
        linkSpeaker(db, omar, viaSpeaker, false);
      });
      expect(reportModel(db).participants!.rows.map((r) => r[0]).sort()).toEqual(['Omar', 'Samantha']);
      expect(reportModel(db, { participantsListed: 'all' }).participants!.rows.map((r) => r[0]).sort()).toEqual(['Noor', 'Omar', 'Samantha']);
    } finally {
      s.close();
    }
  });
});
