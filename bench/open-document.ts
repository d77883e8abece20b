/**
 * Figure 13: open a 100,000-word document with 300 codings over the API, as the window does
 * (renderer/store/project-data.ts: one `documents.open`, its answer framed as the renderer asks
 * for it, shared/api/frame.ts), on a fresh project in the serving backend; then the same document
 * opened again with the hashes the window holds (`knownHash`, `knownCodingsHash`), which must not
 * send the text or the codings again. The diagnostic times the two calls the window made before
 * (`documents.get` and `codings.forDocument` in parallel), framed and as JSON, in the same run.
 * Baseline, in turn with each open: a raw better-sqlite3 connection selecting the document's text,
 * turns and codings.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DocumentCodings } from '../shared/types/coding.js';
import type { OpenedDocument, OpenedDocumentWithCodings } from '../shared/types/entities.js';
import { frameFor } from '../shared/api/frame.js';
import { WITH_CODER } from '../electron/db/tables/codings.js';
import type { ApiClient } from './api-client.js';
import { fileBytes, type Corpus } from './corpus.js';
import { fmtBytes, fmtInt, fmtMs, median, type Budget, type Figure } from './report.js';

export const OPEN_DOCUMENT_BUDGET: Budget = { op: '<', limit: 8, text: '< 8 ms' };
export const OPEN_DOCUMENT_CODINGS = 300;
export const OPEN_DOCUMENT_LABEL = `Open the long transcript with ${OPEN_DOCUMENT_CODINGS} codings over the API (documents.open, as the window does)`;

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
    // as the window opens a document (renderer/store/project-data.ts): documents.open, framed (shared/api/frame.ts)
    const open = (known?: { text: string; codings: string }) =>
      api.call<OpenedDocumentWithCodings>('documents.open', { id: documentId, ...(known ? { knownHash: known.text, knownCodingsHash: known.codings } : {}) });
    // for comparison: the two calls the window made before, with and without the framed answer
    const pair = (json: boolean) =>
      Promise.all([api.call<OpenedDocument>('documents.get', { id: documentId }, { json }), api.call<DocumentCodings>('codings.forDocument', { documentId }, { json })]);
    const first: number[] = [];
    const again: number[] = [];
    const base: number[] = [];
    const pairFramed: number[] = [];
    const pairJson: number[] = [];
    let firstBytes = 0;
    let jsonBytes = 0;
    let againBytes = 0;
    let resent = 0;
    let codingsSent = 0;
    const wireBytes = (reply: OpenedDocumentWithCodings) => {
      const framed = frameFor('documents.open', { ok: true, value: reply });
      return framed ? framed.reduce((sum, part) => sum + part.byteLength, 0) : JSON.stringify({ ok: true, value: reply }).length;
    };
    for (let i = 0; i < rounds + 2; i++) {
      const t1 = performance.now();
      const opened = await open();
      const t2 = performance.now();
      rawOpen();
      const t3 = performance.now();
      const reopened = await open({ text: opened.document.contentHash, codings: opened.codings.hash });
      const t4 = performance.now();
      await pair(false);
      const t5 = performance.now();
      await pair(true);
      const t6 = performance.now();
      if (i < 2) continue; // warm-up
      first.push(t2 - t1);
      base.push(t3 - t2);
      again.push(t4 - t3);
      pairFramed.push(t5 - t4);
      pairJson.push(t6 - t5);
      const { document: d, codings: c } = opened;
      codingsSent = c.codings.length;
      firstBytes = wireBytes(opened);
      jsonBytes = JSON.stringify(d).length + JSON.stringify(c).length;
      againBytes = wireBytes(reopened);
      const { document: d2, codings: c2 } = reopened;
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
          label: `Open a ${fmtInt(words)}-word document with ${fmtInt(codingsSent)} codings over the API (documents.open, as the window does)`,
          status: 'measured',
          value: f,
          cost: f,
          result: `median ${fmtMs(f)} · max ${fmtMs(Math.max(...first))} (n=${first.length}; ${fmtInt(words)} words, ${fmtInt(codingsSent)} codings, ${fmtBytes(firstBytes)} framed)`,
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
            `median ${fmtMs(a)} · ${fmtBytes(againBytes)} framed` +
            (resent ? ` (the text or codings were sent again ${resent} of ${again.length} times)` : ` (text and codings not sent, n=${again.length})`),
          baseline: `the first open: median ${fmtMs(f)} · ${fmtBytes(firstBytes)}`,
          ratio: a / f,
          budget: { op: '<=', limit: 0, text: 'not sent again' },
        },
      ],
      diagnostic:
        `Figure 13: the first open moves ${fmtBytes(firstBytes)} framed (the text as UTF-16, the turns as number columns; ${fmtBytes(jsonBytes)} as JSON), opening it again ${fmtBytes(againBytes)} (the turns and the document's summary are sent again). ` +
        `The two calls the window made before (documents.get + codings.forDocument in parallel), same run: median ${fmtMs(median(pairFramed))} framed, ${fmtMs(median(pairJson))} as JSON.`,
    };
  } finally {
    raw.close();
  }
}
