/**
 * Figure 13: open a 100,000-word document with 300 codings over the API, as the window does
 * (renderer/store/project-data.ts: `documents.get` and `codings.forDocument` in parallel), on a
 * fresh project in the serving backend; then the same document opened again with the hashes the
 * window holds (`knownHash`), which must not send the text or the codings again.
 * Baseline, in turn with each open: a raw better-sqlite3 connection selecting the document's text,
 * turns and codings.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentCodings } from '../shared/types/coding.js';
import type { OpenedDocument } from '../shared/types/entities.js';
import { WITH_CODER } from '../electron/db/tables/codings.js';
import type { ApiClient } from './api-client.js';
import { fileBytes, type Corpus } from './corpus.js';
import { fmtBytes, fmtInt, fmtMs, median, type Budget, type Figure } from './report.js';

export const OPEN_DOCUMENT_BUDGET: Budget = { op: '<', limit: 8, text: '< 8 ms' };
export const OPEN_DOCUMENT_CODINGS = 300;
export const OPEN_DOCUMENT_LABEL = `Open the long transcript with ${OPEN_DOCUMENT_CODINGS} codings over the API (documents.get + codings.forDocument)`;

export async function measureOpenDocument(
  api: ApiClient,
  work: string,
  corpus: Corpus,
  rounds: number,
): Promise<{ figures: Figure[]; diagnostic: string }> {
  const project = join(work, 'open-document.weft');
  await api.call('project.create', { path: project });
  const doc = corpus.renderDoc;
  await api.call('documents.importFiles', { files: [{ name: doc.fileName, base64: Buffer.from(fileBytes(doc)).toString('base64') }] });
  const [listed] = await api.call<{ id: number; words: number }[]>('documents.list');
  const documentId = listed!.id;
  const codeIds: number[] = [];
  for (let i = 0; i < 10; i++) codeIds.push((await api.call<{ id: number }>('codes.create', { name: `Open ${i + 1}`, parentId: null })).id);
  // distinct spans, so none is refused as a duplicate
  const spans = new Map(corpus.renderCodings.map((k) => [`${k.start}:${k.end}`, k]));
  const codings = [...spans.values()].slice(0, OPEN_DOCUMENT_CODINGS);
  for (const [i, k] of codings.entries()) await api.call('codings.create', { documentId, codeId: codeIds[i % codeIds.length]!, start: k.start, end: k.end });

  const raw = new Database(project, { readonly: true });
  try {
    const text = raw.prepare('SELECT text, content_hash FROM documents WHERE id = ?');
    const turns = raw.prepare('SELECT t.id, t.speaker_id, s.label, t.start, t.end FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id WHERE t.document_id = ? ORDER BY t.seq');
    const rows = raw.prepare(`${WITH_CODER} WHERE k.document_id = ? ORDER BY k.start, k.end DESC, k.id`);
    const rawOpen = () => [text.get(documentId), turns.all(documentId), rows.all(documentId)];
    const open = (known?: { text: string; codings: string }) =>
      Promise.all([
        api.call<OpenedDocument>('documents.get', { id: documentId, ...(known ? { knownHash: known.text } : {}) }),
        api.call<DocumentCodings>('codings.forDocument', { documentId, ...(known ? { knownHash: known.codings } : {}) }),
      ]);
    const first: number[] = [];
    const again: number[] = [];
    const base: number[] = [];
    let firstBytes = 0;
    let againBytes = 0;
    let resent = 0;
    let codingsSent = 0;
    for (let i = 0; i < rounds + 2; i++) {
      const t1 = performance.now();
      const [d, c] = await open();
      const t2 = performance.now();
      rawOpen();
      const t3 = performance.now();
      const [d2, c2] = await open({ text: d.contentHash, codings: c.hash });
      const t4 = performance.now();
      if (i < 2) continue; // warm-up
      first.push(t2 - t1);
      base.push(t3 - t2);
      again.push(t4 - t3);
      codingsSent = c.codings.length;
      firstBytes = JSON.stringify(d).length + JSON.stringify(c).length;
      againBytes = JSON.stringify(d2).length + JSON.stringify(c2).length;
      if (!d2.unchanged || d2.text !== '' || !c2.unchanged || c2.codings.length !== 0) resent++;
    }
    const f = median(first);
    const b = median(base);
    const a = median(again);
    const words = listed!.words;
    return {
      figures: [
        {
          id: '13',
          label: `Open a ${fmtInt(words)}-word document with ${fmtInt(codingsSent)} codings over the API (documents.get + codings.forDocument)`,
          status: 'measured',
          value: f,
          cost: f,
          result: `median ${fmtMs(f)} · max ${fmtMs(Math.max(...first))} (n=${first.length}; ${fmtInt(words)} words, ${fmtInt(codingsSent)} codings, ${fmtBytes(firstBytes)} of JSON)`,
          baseline: `raw SQL select of the text, turns and codings: median ${fmtMs(b)}`,
          ratio: f / b,
          budget: OPEN_DOCUMENT_BUDGET,
        },
        {
          id: '13b',
          label: 'The same document opened again (knownHash of the text and codings held): not sent again',
          status: 'measured',
          value: resent,
          cost: a,
          result:
            `median ${fmtMs(a)} · ${fmtBytes(againBytes)} of JSON` +
            (resent ? ` (the text or codings were sent again ${resent} of ${again.length} times)` : ` (text and codings not sent, n=${again.length})`),
          baseline: `the first open: median ${fmtMs(f)} · ${fmtBytes(firstBytes)}`,
          ratio: a / f,
          budget: { op: '<=', limit: 0, text: 'not sent again' },
        },
      ],
      diagnostic: `Figure 13: the first open moves ${fmtBytes(firstBytes)} of JSON, opening it again ${fmtBytes(againBytes)} (the turns and the document's summary are sent again).`,
    };
  } finally {
    raw.close();
  }
}
