/**
 * The seed corpus: the small files in tests/fixtures/fuzz/ (text transcripts in UTF-8, UTF-16 and
 * cp1252, Markdown, VTT, SRT, Otter; participants, codebook, themes and reliability CSV), plus
 * files built here by Weft's own writers (a Word document, a PDF, a small project saved as .weft,
 * exported as .qdpx and its codebook as .qdc). Nothing is read from ../shared/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlainText } from '../../shared/import/plain-text';
import { makeDocx, makePdf } from '../support/document-builders';
import { linkSpeakersToCases, upsertCase } from '../../electron/services/cases';
import { createCode } from '../../electron/services/codes';
import { createCoding } from '../../electron/services/codings';
import { insertDocument } from '../../electron/services/documents';
import { renderCodebook, renderProject } from '../../electron/services/exchange/workflows';
import { ProjectSession } from '../../electron/services/project-session';
import { assignCode, createTheme } from '../../electron/services/themes';
import type { Seed } from './mutator';

export const FIXTURE_DIR = new URL('../fixtures/fuzz/', import.meta.url).pathname;

export function fixtureSeeds(match: RegExp): Seed[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => match.test(f))
    .sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(FIXTURE_DIR, f))) }));
}

export const transcriptFixtures = () => fixtureSeeds(/\.(txt|md|vtt|srt)$/);

export async function binaryTranscriptSeeds(): Promise<Seed[]> {
  return [
    { name: 'made.pdf', bytes: makePdf([{ lines: ['Interviewer: hi', 'Ana: hello, café'] }, { lines: ['Interviewer: bye'] }]) },
    { name: 'made.docx', bytes: await makeDocx([{ bold: 'Interviewer:', text: ' hi' }, { table: [['0:01', 'Ana', 'hello']] }]) },
  ];
}

const TEXT = ['Interviewer: How was the first week? 😀', 'Amira: Honestly, I felt like I knew nothing at all.', 'Ben: I trusted my mentor from day one.'].join('\n');

/** A small but complete project (codes, a document, codings, a theme, a participant) saved at `path`. */
export function buildSmallProject(path: string, coder = 'Ana'): ProjectSession {
  const s = ProjectSession.create(path, coder);
  s.transaction(() => {
    upsertCase(s.db, 'Amira', { role: { value: 'nurse', kind: 'text' }, age: { value: '24', kind: 'number' } });
    const doc = insertDocument(s.db, parsePlainText(TEXT, 'UTF-8'), { name: 'Ward interviews', sourceName: null, coderId: null });
    linkSpeakersToCases(s.db, doc);
    const feelings = createCode(s.db, { name: 'Feelings', definition: 'Emotions, named or shown.', color: '#eb5757' });
    const fear = createCode(s.db, { name: 'Not knowing', parentId: feelings.id, inclusion: 'Says they knew nothing' });
    const trust = createCode(s.db, { name: 'Trust' });
    const theme = createTheme(s.db, { name: 'Thrown in' });
    assignCode(s.db, theme, fear.id);
    const at = (phrase: string) => ({ start: TEXT.indexOf(phrase), end: TEXT.indexOf(phrase) + phrase.length });
    createCoding(s.db, { documentId: doc, codeId: fear.id, coderId: s.coderId(), ...at('I felt like I knew nothing') });
    createCoding(s.db, { documentId: doc, codeId: trust.id, coderId: s.coderId(), ...at('I trusted my mentor') });
  });
  return s;
}

/** A .weft (closed, checkpointed), its .qdpx export and its codebook as .qdc, built in `dir`. */
export async function exchangeSeeds(dir: string): Promise<{ weft: Seed; qdpx: Seed; qdc: Seed }> {
  const path = join(dir, 'seed.weft');
  const s = buildSmallProject(path, 'Ben');
  const qdpx = renderProject(s.db, 'Weft fuzz').bytes;
  const qdc = (await renderCodebook(s.db, 'qdc', 'Weft fuzz')).bytes;
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  s.close();
  return { weft: { name: 'seed.weft', bytes: new Uint8Array(readFileSync(path)) }, qdpx: { name: 'seed.qdpx', bytes: qdpx }, qdc: { name: 'seed.qdc', bytes: qdc } };
}
