/**
 * Figure 12: the backend's memory as codings grow. A backend of its own (bench/backend.ts: the
 * real AppService, dispatcher and loopback bridge, bundled as the product ships it:
 * bench/backend-bundle.ts) creates a project, imports transcripts of about
 * 200,000 words (at the default size; the whole small corpus at --size small) and a codebook over
 * the API, then applies codings one `codings.create` call at a time, as the workspace does. Its
 * VmHWM (peak resident set) and VmRSS are read from /proc when idle (started, no project), after
 * the import, and at 20 %, 50 % and 100 % of the codings (2k/5k/10k at the default size).
 * Baseline: the idle backend.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, BackendProcess } from './api-client.js';
import { bundleBackend } from './backend-bundle.js';
import { procStatusBytes } from './child.js';
import { fileBytes, type Corpus } from './corpus.js';
import { fmtBytes, fmtInt, type Budget, type Figure } from './report.js';
import type { BenchSize } from './sizes.js';

export const MEMORY_BUDGET: Budget = { op: '<=', limit: 150 * 1024 * 1024, text: '≤ 150 MiB' };

interface Reading {
  codings: number;
  hwm: number;
  rss: number;
}

export async function measureMemoryGrowth(work: string, corpus: Corpus, size: BenchSize, log: (msg: string) => void): Promise<{ figure: Figure; diagnostic: string }> {
  const label = 'Backend memory as codings grow (VmHWM of the serving backend)';
  const full = size.name === 'default' || size.name === 'large';
  const targetWords = full ? 200_000 : Infinity;
  const codingsWanted = full ? 10_000 : 1_000;
  const docs: Corpus['docs'] = [];
  let words = 0;
  for (const d of corpus.docs) {
    if (words >= targetWords) break;
    docs.push(d);
    words += d.words;
  }
  const dataDir = join(work, 'memory-data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ coderName: 'Bench memory', recent: [] }));
  const backend = await BackendProcess.start(dataDir, '', await bundleBackend());
  try {
    await new Promise((r) => setTimeout(r, 300));
    const read = (codings: number): Reading => ({ codings, hwm: procStatusBytes(backend.pid, 'VmHWM') ?? NaN, rss: procStatusBytes(backend.pid, 'VmRSS') ?? NaN });
    const idle = read(0);
    const api = new ApiClient(backend.info);
    await api.call('project.create', { path: join(work, 'memory.weft') });
    for (let i = 0; i < docs.length; i += 5) {
      const files = docs.slice(i, i + 5).map((d) => ({ name: d.fileName, base64: Buffer.from(fileBytes(d)).toString('base64') }));
      await api.call('documents.importFiles', { files });
    }
    const listed = await api.call<{ id: number; name: string }[]>('documents.list');
    const docIds = docs.map((d) => listed.find((l) => l.name === d.name)?.id ?? listed[docs.indexOf(d)]!.id);
    const codeIds: number[] = [];
    for (const c of corpus.codes) codeIds.push((await api.call<{ id: number }>('codes.create', { name: c.name, parentId: c.parent === null ? null : codeIds[c.parent]! })).id);
    const imported = read(0);
    log(`12. ${fmtInt(words)} words imported; applying ${fmtInt(codingsWanted)} codings over the bridge …`);

    // every (sentence, code) pair once, walking documents and codes in turn
    const marks = [0.2, 0.5, 1].map((f) => Math.round(codingsWanted * f));
    const readings: Reading[] = [];
    let made = 0;
    for (let round = 0; made < codingsWanted; round++) {
      for (const [di, d] of docs.entries()) {
        const sentence = round % (d.sentences.length / 2);
        const start = d.sentences[sentence * 2]!;
        const end = d.sentences[sentence * 2 + 1]!;
        const code = codeIds[(round * 7 + di) % codeIds.length]!;
        await api.call('codings.create', { documentId: docIds[di]!, codeId: code, start, end });
        made++;
        if (marks.includes(made)) readings.push(read(made));
        if (made >= codingsWanted) break;
      }
    }
    const last = readings[readings.length - 1]!;
    const growth = readings.map((r) => `${fmtInt(r.codings)}: ${fmtBytes(r.hwm)}`).join(' · ');
    return {
      figure: {
        id: '12',
        label: `${label} (bundled), ${fmtInt(codingsWanted)} codings on a ${fmtInt(words)}-word project`,
        status: 'measured',
        value: last.hwm,
        result: `${fmtBytes(last.hwm)} (after import ${fmtBytes(imported.hwm)}; at ${growth})`,
        baseline: `idle backend: ${fmtBytes(idle.hwm)}`,
        ratio: last.hwm / idle.hwm,
        budget: MEMORY_BUDGET,
      },
      diagnostic:
        `Figure 12, resident set (VmRSS) at the same moments: idle ${fmtBytes(idle.rss)}, after import ${fmtBytes(imported.rss)}, ` +
        readings.map((r) => `${fmtInt(r.codings)} codings ${fmtBytes(r.rss)}`).join(', ') +
        '.',
    };
  } finally {
    await backend.stop();
  }
}
