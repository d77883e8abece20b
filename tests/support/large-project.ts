/**
 * A large project built fast through the real services (one transaction), and its .qdpx written
 * with the real exporter: the input of the long-job tests (a .qdpx import that takes a while).
 */
import { writeFileSync } from 'node:fs';
import { insertDocument } from '../../electron/services/documents.js';
import { createCode } from '../../electron/services/codes.js';
import { createCoding } from '../../electron/services/codings.js';
import { ProjectSession } from '../../electron/services/project-session.js';
import { renderProject } from '../../electron/services/exchange/workflows.js';

const WORDS = 'coping work sleep family pressure support manager deadline anxiety balance team routine change learning goal habit'.split(' ');

export interface LargeProjectSize {
  documents: number;
  /** Words per document. */
  words: number;
  /** Codings per document. */
  codings: number;
  codes?: number;
}

/** Builds the project at `path` (closed when done) and writes it as a .qdpx to `qdpxPath`; returns the archive's size. */
export function writeLargeQdpx(path: string, qdpxPath: string, size: LargeProjectSize): number {
  return writeLargeProject(path, size, (db) => {
    const bytes = renderProject(db, 'Weft tests').bytes;
    writeFileSync(qdpxPath, bytes);
    return bytes.length;
  });
}

/** Builds the project at `path` (closed when done; `then` may read it first). Its texts use the words coping, work, sleep, family, manager… */
export function writeLargeProject<T = void>(path: string, size: LargeProjectSize, then?: (db: ProjectSession['db']) => T): T {
  const session = ProjectSession.create(path, 'Generator');
  try {
    const db = session.db;
    session.transaction(() => {
      const coderId = session.coderId();
      const codes = Array.from({ length: size.codes ?? 40 }, (_, i) => createCode(db, { name: `Code ${i + 1}`, parentId: null }).id);
      for (let d = 0; d < size.documents; d++) {
        const lines: string[] = [];
        let line: string[] = [];
        for (let w = 0; w < size.words; w++) {
          line.push(WORDS[(w * 7 + d * 3 + (w >> 4)) % WORDS.length]!);
          if (line.length === 40) {
            lines.push(`${lines.length % 2 ? 'P' : 'Interviewer'}: ${line.join(' ')}.`);
            line = [];
          }
        }
        if (line.length) lines.push(`P: ${line.join(' ')}.`);
        const text = lines.join('\n');
        const id = insertDocument(db, { text, format: 'text', detected: 'generated', turns: [], warnings: [] }, { name: `Interview ${d + 1}`, sourceName: null, coderId });
        const step = Math.max(1, Math.floor((text.length - 20) / size.codings));
        for (let c = 0; c < size.codings; c++) {
          const start = c * step;
          createCoding(db, { documentId: id, codeId: codes[(c + d) % codes.length]!, start, end: Math.min(text.length, start + 15), coderId });
        }
      }
    });
    return then ? then(db) : (undefined as T);
  } finally {
    session.close();
  }
}
