/** Generated content for the SIGKILL soak: transcripts, the starting project, merge copies. */
import { parsePlainText } from '../../shared/import/plain-text';
import { ProjectSession } from '../../electron/services/project-session';
import { insertDocument } from '../../electron/services/documents';
import { createCode } from '../../electron/services/codes';
import { createCoding } from '../../electron/services/codings';

export const SOAK = {
  batchFiles: 4,
  undoCodings: 6,
  mergeDocuments: 2,
  mergeCodingsPerDocument: 3,
  autoCodeWord: 'trust',
} as const;

/** A transcript whose text depends only on `name`, so the test knows what a whole import holds. */
export function soakTranscript(name: string): string {
  const lines: string[] = [];
  for (let t = 0; t < 40; t++) {
    const who = t % 2 === 0 ? 'Interviewer' : 'Lea';
    lines.push(`${who}: In ${name}, turn ${t}, we spoke about trust and the ward. It took time to settle in.`);
  }
  return `${lines.join('\n')}\n`;
}

/** The project every trial starts from: one document, a few codes. */
export function buildSoakProject(path: string): void {
  const s = ProjectSession.create(path, 'Setup');
  s.transaction(() => {
    insertDocument(s.db, parsePlainText(soakTranscript('base'), 'UTF-8'), { name: 'base', sourceName: null, coderId: null });
    for (const name of ['Belonging', 'Workload', 'Support', 'Doubt']) createCode(s.db, { name });
  });
  s.close();
}

/** Another coder's copy for merge `i`: its own documents, code and codings, all named after `i`. */
export function buildMergeCopy(path: string, i: number): void {
  const s = ProjectSession.create(path, `Coder ${i}`);
  const coderId = s.coderId();
  s.transaction(() => {
    const code = createCode(s.db, { name: `M${i}` });
    for (let d = 0; d < SOAK.mergeDocuments; d++) {
      const doc = insertDocument(s.db, parsePlainText(soakTranscript(`m${i}-${d}`), 'UTF-8'), { name: `m${i}-${d}`, sourceName: null, coderId });
      for (let k = 0; k < SOAK.mergeCodingsPerDocument; k++) createCoding(s.db, { documentId: doc, codeId: code.id, start: k * 10, end: k * 10 + 5, coderId });
    }
  });
  s.close();
}
