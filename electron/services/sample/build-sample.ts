/** Writes the sample project into a new .weft file through the same services the UI uses. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../../shared/api/errors.js';
import { parsePlainText } from '../../../shared/import/plain-text.js';
import { insertDocument } from '../documents.js';
import { createCode, type CodeFields } from '../codes.js';
import { createCoding } from '../codings.js';
import { linkSpeakersToCases, upsertCase } from '../cases.js';
import { ProjectSession, newGuid, nowIso } from '../project-session.js';
import { assignCode, createTheme, markDocumentRead, markQuote } from '../themes.js';
import { toneWav } from '../../../shared/media/wav.js';
import { writeFileAtomic } from '../../fs/user-files.js';
import { linkMedia, mediaFolderOf, type MediaProject } from '../media.js';
import { codebook, codings, interviews, journal, participants, SAMPLE_NAME, themes, type SampleCode, type SampleTheme } from './content.js';

/**
 * `recordingFor`: the project's final path (the sample is built beside it under another name and
 * renamed): the first interview then gets timed turns and a short generated recording (tones, one
 * pitch per turn) in the media folder beside that path, linked to it, so the player can be tried.
 */
export function buildSampleProject(path: string, coderName: string, options: { recordingFor?: string } = {}): ProjectSession {
  const session = ProjectSession.create(path, coderName);
  try {
    const db = session.db;
    session.transaction(() => {
      db.prepare("UPDATE project_meta SET value = ? WHERE key = 'name'").run(SAMPLE_NAME);
      const coderId = session.coderId();
      for (const p of participants) {
        upsertCase(db, p.name, {
          role: { value: p.role, kind: 'text' },
          age: { value: String(p.age), kind: 'number' },
          setting: { value: p.setting, kind: 'text' },
        });
      }
      const docIds = interviews.map((iv) => {
        const parsed = parsePlainText(iv.text, 'UTF-8');
        const id = insertDocument(db, parsed, { name: iv.name, sourceName: null, coderId });
        linkSpeakersToCases(db, id);
        db.prepare("UPDATE speakers SET is_interviewer = 1 WHERE document_id = ? AND label = 'Interviewer'").run(id);
        return { id, text: parsed.text };
      });
      const codeIds = new Map<string, number>();
      const addCodes = (list: SampleCode[], parentId: number | null, prefix: string) => {
        for (const c of list) {
          const fields: CodeFields & { name: string } = { name: c.name, parentId, color: c.color, definition: c.definition };
          const code = createCode(db, fields);
          const path = prefix ? `${prefix}/${c.name}` : c.name;
          codeIds.set(path, code.id);
          if (c.children) addCodes(c.children, code.id, path);
        }
      };
      addCodes(codebook, null, '');
      const codingIds = new Map<string, number>();
      for (const [docIndex, codePath, phrase] of codings) {
        const doc = docIds[docIndex]!;
        const start = doc.text.indexOf(phrase);
        const codeId = codeIds.get(codePath);
        if (start < 0 || codeId === undefined) {
          throw new DomainError('INTERNAL', `Sample project content is inconsistent: “${phrase}” / ${codePath}`);
        }
        codingIds.set(`${docIndex}:${phrase}`, createCoding(db, { documentId: doc.id, codeId, start, end: start + phrase.length, coderId }).id);
      }
      // The analysis: themes with their codes, sub-themes and illustrative quotes.
      const addThemes = (list: SampleTheme[], parentId: number | null) => {
        for (const t of list) {
          const id = createTheme(db, { name: t.name, definition: t.definition, status: t.status, parentId });
          for (const path of t.codes) {
            const codeId = codeIds.get(path);
            if (codeId === undefined) throw new DomainError('INTERNAL', `Sample theme “${t.name}” names a code that does not exist: ${path}`);
            assignCode(db, id, codeId);
          }
          if (t.subthemes) addThemes(t.subthemes, id);
          for (const [docIndex, phrase] of t.quotes) {
            const codingId = codingIds.get(`${docIndex}:${phrase}`);
            if (codingId === undefined) throw new DomainError('INTERNAL', `Sample quote is not a coding: “${phrase}”`);
            markQuote(db, id, codingId);
          }
        }
      };
      addThemes(themes, null);
      for (const doc of docIds) markDocumentRead(db, doc.id, true);
      const now = nowIso();
      db.prepare('INSERT INTO memos (guid, title, body, coder_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        newGuid(),
        'Reflexive journal',
        journal,
        coderId,
        now,
        now,
      );
      if (options.recordingFor) addSampleRecording({ db, path: options.recordingFor }, docIds[0]!.id, interviews[0]!.name);
    });
    return session;
  } catch (err) {
    session.close();
    throw err;
  }
}

/** Pitches of the sample recording's turns: the interviewer low, the participant higher. */
const INTERVIEWER_HZ = 294;
const PARTICIPANT_HZ = [440, 494, 523, 587];

/**
 * Gives a document's turns times (about 18 characters a second, 2–8 s a turn, with a short pause)
 * and links a recording made of one tone per turn to it. Call inside the build's transaction.
 */
function addSampleRecording(project: MediaProject, documentId: number, name: string) {
  const turns = project.db
    .prepare('SELECT t.id, t.start, t.end, s.label FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id WHERE t.document_id = ? ORDER BY t.seq')
    .all(documentId) as { id: number; start: number; end: number; label: string | null }[];
  const setTime = project.db.prepare('UPDATE turns SET begin_ms = ?, end_ms = ? WHERE id = ?');
  const segments: { ms: number; hz: number }[] = [];
  let at = 0;
  turns.forEach((t, i) => {
    const ms = Math.min(8000, Math.max(2000, Math.round(((t.end - t.start) / 18) * 1000 / 100) * 100));
    setTime.run(at, at + ms, t.id);
    segments.push({ ms, hz: t.label === 'Interviewer' ? INTERVIEWER_HZ : PARTICIPANT_HZ[i % PARTICIPANT_HZ.length]! }, { ms: 400, hz: 0 });
    at += ms + 400;
  });
  const folder = mediaFolderOf(project.path);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}.wav`);
  writeFileAtomic(file, toneWav(segments));
  linkMedia(project, documentId, file);
}
