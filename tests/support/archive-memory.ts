/**
 * Peak memory of the real `weft import-project` on huge and hostile .qdpx archives made here
 * (issue 15: "memory stays flat"). Used by tests/cli/archive-memory.test.ts and by the benchmark
 * (bench/archive-memory.ts, figure 15), so both measure the same archives the same way.
 *
 * The archives are written by Weft's own streaming ZIP writer, entry by entry in pieces, so the
 * inflated size never has to be held by the process that builds them:
 * - `small`: one short interview (the baseline: a plain import's peak);
 * - `fold150`: many sources of text that deflates about 150-fold (under the ratio cap), whose sum
 *   is far above the per-archive cap (the import must stop reading once past it);
 * - `lying`: one source whose size header claims 1000 bytes and which inflates to far more;
 * - `underCaps`: sources that together come just under both caps (the import succeeds).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemorySink, ZipWriter } from '../../electron/refi/zip-write';
import { REPO } from './temp';
import { patchZipEntry, text150Fold } from './zip';

const MIB = 1024 * 1024;
const G = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const entryOf = (i: number) => `sources/${G(i)}.txt`;

function projectXml(count: number): string {
  const sources = Array.from({ length: count }, (_, i) => `<TextSource guid="${G(i + 1)}" name="Doc ${i + 1}" plainTextPath="internal://${G(i + 1)}.txt"/>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Memory" origin="SomeTool 1.0"><Sources>${sources}</Sources></Project>`;
}

/** A .qdpx whose source i (1-based) is `sizes[i-1]` bytes of `pattern` repeated (written in pieces). */
function archiveOf(sizes: number[], pattern: Uint8Array): Uint8Array {
  const sink = new MemorySink();
  const zip = new ZipWriter(sink);
  zip.add('project.qde', projectXml(sizes.length));
  for (const [i, size] of sizes.entries()) {
    const w = zip.begin(entryOf(i + 1));
    for (let left = size; left > 0; left -= pattern.length) w.write(left >= pattern.length ? pattern : pattern.subarray(0, left));
    w.end();
  }
  zip.finish();
  return sink.bytes();
}

export interface ArchiveCase {
  id: 'small' | 'fold150' | 'lying' | 'underCaps';
  label: string;
  file: string;
  /** What the archive's sources inflate to, all read (bytes). */
  inflated: number;
  /** The archive's size on disk (bytes). */
  size: number;
  /** The caps passed to `weft import-project` (MiB). */
  caps: { maxDocumentMb: number; maxArchiveMb: number };
  /** Whether the import is meant to succeed. */
  imports: boolean;
}

/**
 * Writes the four archives into `dir`. `caps` are the per-document and per-archive caps (MiB)
 * the imports run with; `inflatedMb` is what the hostile ones inflate to (MiB), meant to be
 * many times the per-archive cap.
 */
export function writeMemoryArchives(dir: string, caps: { maxDocumentMb: number; maxArchiveMb: number }, inflatedMb: number): ArchiveCase[] {
  const text = new TextEncoder().encode(text150Fold(MIB));
  const cases: ArchiveCase[] = [];
  const put = (c: Omit<ArchiveCase, 'file' | 'size'>, bytes: Uint8Array) => {
    const file = join(dir, `${c.id}.qdpx`);
    writeFileSync(file, bytes);
    cases.push({ ...c, file, size: bytes.length });
  };
  const small = new TextEncoder().encode('Interviewer: How do you get to the clinic?\nAna: By bus, when it comes.\n'.repeat(20));
  put({ id: 'small', label: 'a small plain archive', inflated: small.length, caps, imports: true }, archiveOf([small.length], small));

  // documents just under the per-document cap, as many as make the inflated total `inflatedMb`
  const doc = caps.maxDocumentMb * MIB - 64 * 1024;
  const n = Math.ceil((inflatedMb * MIB) / doc);
  put({ id: 'fold150', label: `${n} sources of 150-fold text`, inflated: n * doc, caps, imports: false }, archiveOf(Array(n).fill(doc), text));

  const spaces = new Uint8Array(MIB).fill(0x20);
  const lying = patchZipEntry(archiveOf([inflatedMb * MIB], spaces), entryOf(1), { uncompressedSize: 1000 });
  put({ id: 'lying', label: 'a size header claiming 1000 bytes', inflated: inflatedMb * MIB, caps, imports: false }, lying);

  // whole documents under both caps: as many as fit in the per-archive cap, less the .qde's share
  const fit = Math.floor((caps.maxArchiveMb * MIB - 64 * 1024) / doc);
  put({ id: 'underCaps', label: `${fit} sources just under the caps`, inflated: fit * doc, caps, imports: true }, archiveOf(Array(fit).fill(doc), text));
  return cases;
}

export interface ImportPeak {
  code: number;
  stderr: string;
  /** VmHWM of the `weft import-project` process (bytes). */
  peak: number;
}

/** Runs the real `weft import-project IN OUT --max-document-mb … --max-archive-mb …` and reads its peak resident set. */
export function importPeak(c: ArchiveCase, dir: string): Promise<ImportPeak> {
  const rssFile = join(dir, `${c.id}.rss`);
  const args = [
    '--import',
    new URL('./peak-rss.mjs', import.meta.url).href,
    join(REPO, 'bin/weft.mjs'),
    'import-project',
    c.file,
    join(dir, `${c.id}.weft`),
    '--max-document-mb',
    String(c.caps.maxDocumentMb),
    '--max-archive-mb',
    String(c.caps.maxArchiveMb),
  ];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { encoding: 'utf8', maxBuffer: 16 * MIB, env: { ...process.env, WEFT_DATA_DIR: join(dir, 'data'), WEFT_CODER: 'Ana', WEFT_PEAK_RSS_FILE: rssFile } },
      (err, _stdout, stderr) => {
        if (!existsSync(rssFile)) {
          reject(new Error(`weft import-project ${c.id} reported no peak memory: ${stderr || String(err)}`));
          return;
        }
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, stderr, peak: Number(readFileSync(rssFile, 'utf8')) });
      },
    );
  });
}
