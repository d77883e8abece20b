/**
 * Figure 15: peak memory of the real `weft import-project` on huge and hostile .qdpx archives
 * (issue 15: memory stays flat). The archives and the measurement are the ones of
 * tests/cli/archive-memory.test.ts (tests/support/archive-memory.ts): caps of 8 MiB a document
 * and 16 MiB an archive, hostile archives that inflate to 256 MiB (the large size: 1 GiB), each
 * import's VmHWM read from its own process. Baseline, same run: a plain small import's peak.
 * The value checked is what an import adds to the baseline, as a multiple of the per-archive cap.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { importPeak, writeMemoryArchives } from '../tests/support/archive-memory.js';
import { fmtBytes, type Budget, type Figure } from './report.js';
import type { BenchSize } from './sizes.js';

export const ARCHIVE_MEMORY_LABEL = 'Peak memory of weft import-project on huge and hostile .qdpx (VmHWM)';

const CAPS = { maxDocumentMb: 8, maxArchiveMb: 16 };
const MIB = 1024 * 1024;

/** An import may add at most 8 × the per-archive cap to a small import's peak (the test's bound). */
export const ARCHIVE_MEMORY_BUDGET: Budget = { op: '<=', limit: 8, text: '≤ 8 × the archive cap above the baseline' };

export async function measureArchiveMemory(work: string, size: BenchSize, log: (msg: string) => void): Promise<Figure[]> {
  const dir = join(work, 'archive-memory');
  mkdirSync(dir, { recursive: true });
  const inflatedMb = size.name === 'large' ? 1024 : 256;
  log(`15. peak memory of weft import-project on archives inflating to ${inflatedMb} MiB (caps ${CAPS.maxDocumentMb}/${CAPS.maxArchiveMb} MiB) …`);
  const cases = writeMemoryArchives(dir, CAPS, inflatedMb);
  const small = cases.find((c) => c.id === 'small')!;
  const baseline = await importPeak(small, dir);
  if (baseline.code !== 0) throw new Error(`the baseline import failed: ${baseline.stderr}`);
  const figures: Figure[] = [];
  for (const [letter, id] of [['a', 'fold150'], ['b', 'lying'], ['c', 'underCaps']] as const) {
    const c = cases.find((x) => x.id === id)!;
    const r = await importPeak(c, dir);
    const added = Math.max(0, r.peak - baseline.peak);
    const outcome = r.code === 0 ? 'imported' : 'refused';
    figures.push({
      id: `15${letter}`,
      label: `${ARCHIVE_MEMORY_LABEL}: ${c.label}`,
      status: 'measured',
      value: added / (CAPS.maxArchiveMb * MIB),
      cost: r.peak,
      result: `${fmtBytes(r.peak)} (${outcome}; ${fmtBytes(c.size)} inflating to ${fmtBytes(c.inflated)})`,
      baseline: `small import: ${fmtBytes(baseline.peak)}`,
      ratio: r.peak / baseline.peak,
      budget: ARCHIVE_MEMORY_BUDGET,
      note: (r.code === 0) === c.imports ? undefined : `unexpectedly ${outcome}: ${r.stderr.trim()}`,
    });
  }
  return figures;
}
