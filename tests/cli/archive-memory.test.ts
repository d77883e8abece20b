/**
 * Issue 15, "memory on hostile or huge archives stays flat": the real `weft import-project`, run
 * in a child process on archives made here (tests/support/archive-memory.ts), reports its peak
 * resident set (VmHWM). With caps of 8 MiB a document and 16 MiB an archive, archives that
 * inflate to 256 MiB (a 150-fold one whose sources add up far past the archive cap, and one whose
 * size header lies) are refused naming the cap, and the import's peak stays within
 * 8 × the per-archive cap of a plain small import's peak in the same run: proportional to the
 * caps, not to what the archive would inflate to (which is twice that bound). An archive just
 * under both caps imports, within the same bound.
 */
import { describe, expect, it } from 'vitest';
import { importPeak, writeMemoryArchives, type ArchiveCase } from '../support/archive-memory';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
const MIB = 1024 * 1024;
const CAPS = { maxDocumentMb: 8, maxArchiveMb: 16 };
const INFLATED_MB = 256;
/** How far above the baseline's peak an import may go, in multiples of the per-archive cap. */
const FACTOR = 8;

describe('peak memory of weft import-project on huge and hostile archives', { timeout: 300_000 }, () => {
  it('stays within a bound proportional to the caps, whatever the archive inflates to', async () => {
    const dir = tempDir();
    const cases = writeMemoryArchives(dir, CAPS, INFLATED_MB);
    const byId = (id: ArchiveCase['id']) => cases.find((c) => c.id === id)!;
    const bound = FACTOR * CAPS.maxArchiveMb * MIB;
    // the hostile archives inflate to more than the bound, so holding what they inflate to would fail it
    for (const id of ['fold150', 'lying'] as const) expect(byId(id).inflated).toBeGreaterThan(bound);
    expect(byId('fold150').inflated / byId('fold150').size).toBeGreaterThan(100);
    expect(byId('underCaps').inflated).toBeGreaterThan((CAPS.maxArchiveMb - CAPS.maxDocumentMb) * MIB);

    const baseline = await importPeak(byId('small'), dir);
    expect(baseline.code, baseline.stderr).toBe(0);
    const report: string[] = [`small: ${(baseline.peak / MIB).toFixed(0)} MiB`];
    for (const id of ['fold150', 'lying', 'underCaps'] as const) {
      const c = byId(id);
      const r = await importPeak(c, dir);
      report.push(`${id}: ${(r.peak / MIB).toFixed(0)} MiB (inflates to ${(c.inflated / MIB).toFixed(0)} MiB)`);
      if (id === 'fold150') expect(r.stderr).toMatch(/Refused: reading “sources\/[^”]+” \(7\.9 MiB\) would take the archive past its limit of 16 MiB of extracted data \(raise it with --max-archive-mb/);
      if (id === 'lying') expect(r.stderr).toMatch(/Refused: “sources\/[^”]+” inflates to more than its declared 1000 bytes .*the limit for one document is 8\.0 MiB/);
      expect(r.code, r.stderr).toBe(c.imports ? 0 : 4);
      expect(r.peak - baseline.peak, report.join('; ')).toBeLessThan(bound);
    }
  });
});
