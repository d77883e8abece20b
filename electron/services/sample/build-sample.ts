/** Writes the sample project into a new .weft file through the same services the UI uses. */
import { DomainError } from '../../../shared/api/errors.js';
import { parsePlainText } from '../../../shared/import/plain-text.js';
import { insertDocument } from '../documents.js';
import { createCode, type CodeFields } from '../codes.js';
import { createCoding } from '../codings.js';
import { linkSpeakersToCases, upsertCase } from '../cases.js';
import { ProjectSession, newGuid, nowIso } from '../project-session.js';
import { codebook, codings, interviews, journal, participants, SAMPLE_NAME, type SampleCode } from './content.js';

export function buildSampleProject(path: string, coderName: string): ProjectSession {
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
      for (const [docIndex, codePath, phrase] of codings) {
        const doc = docIds[docIndex]!;
        const start = doc.text.indexOf(phrase);
        const codeId = codeIds.get(codePath);
        if (start < 0 || codeId === undefined) {
          throw new DomainError('INTERNAL', `Sample project content is inconsistent: “${phrase}” / ${codePath}`);
        }
        createCoding(db, { documentId: doc.id, codeId, start, end: start + phrase.length, coderId });
      }
      const now = nowIso();
      db.prepare('INSERT INTO memos (guid, title, body, coder_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        newGuid(),
        'Reflexive journal',
        journal,
        coderId,
        now,
        now,
      );
    });
    return session;
  } catch (err) {
    session.close();
    throw err;
  }
}
