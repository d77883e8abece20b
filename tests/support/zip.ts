/** Builds .qdpx archives for tests, including ones that lie (a declared size, a CRC, external attributes). */
import { MemorySink, ZipWriter } from '../../electron/refi/zip-write';

const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const put32 = (b: Uint8Array, o: number, v: number) => {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
};

/**
 * Rewrites fields of one entry of a ZIP (central directory and local header alike), to build
 * archives that lie: a declared size, a CRC, external attributes.
 */
export function patchZipEntry(zip: Uint8Array, name: string, patch: { uncompressedSize?: number; crc32?: number; externalAttributes?: number }): Uint8Array {
  const out = zip.slice();
  const enc = new TextEncoder().encode(name);
  const matches = (at: number) => enc.every((c, i) => out[at + i] === c);
  let found = 0;
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = u32(out, i);
    if (sig === 0x02014b50 && out[i + 28]! + (out[i + 29]! << 8) === enc.length && matches(i + 46)) {
      if (patch.uncompressedSize !== undefined) put32(out, i + 24, patch.uncompressedSize);
      if (patch.crc32 !== undefined) put32(out, i + 16, patch.crc32);
      if (patch.externalAttributes !== undefined) put32(out, i + 38, patch.externalAttributes);
      found++;
    } else if (sig === 0x04034b50 && out[i + 26]! + (out[i + 27]! << 8) === enc.length && matches(i + 30)) {
      if (patch.uncompressedSize !== undefined) put32(out, i + 22, patch.uncompressedSize);
      if (patch.crc32 !== undefined) put32(out, i + 14, patch.crc32);
      found++;
    }
  }
  if (found === 0) throw new Error(`no entry named ${name}`);
  return out;
}

/** A .qdpx of `project.qde` (`xml`) and the given entries, written by Weft's own ZIP writer. */
export function qdpxOf(xml: string, files: Record<string, string | Uint8Array> = {}): Uint8Array {
  const sink = new MemorySink();
  const zip = new ZipWriter(sink);
  zip.add('project.qde', xml);
  for (const [name, data] of Object.entries(files)) zip.add(name, data);
  zip.finish();
  return sink.bytes();
}

/** `n` characters of interview-like text that deflate about 150-fold (a letter of noise every 120 words): a “huge archive” without a ZIP bomb's ratio. */
export function text150Fold(n: number): string {
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const words = ['interview', 'nurse', 'ward', 'felt', 'trust', 'the', 'and', 'we'];
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < n; i++) {
    const w = (i % 120 === 0 ? String.fromCharCode(97 + Math.floor(rnd() * 26)) : '') + words[i % 8] + ' ';
    parts.push(w);
    length += w.length;
  }
  return parts.join('').slice(0, n);
}
