/**
 * A defensive ZIP reader for untrusted archives (.qdpx).
 *
 * The central directory is parsed here (not by a library) so that every entry can be checked
 * BEFORE anything is inflated:
 * - names: no `..` segment, no absolute path, no drive letter, no backslash, no control
 *   characters, no duplicates (case-insensitive);
 * - no symbolic links (Unix mode in the external attributes), no encrypted entries;
 * - at most `maxEntries` entries, declared total uncompressed size at most `maxTotalUncompressed`;
 * - declared compression ratio at most `maxRatio` (for entries above `ratioMinBytes`).
 * Entries are inflated only on demand, one at a time, and inflation stops as soon as the output
 * exceeds the entry's declared size (itself within `maxEntryBytes`, the per-document cap, and
 * what is left of `maxInflatedTotal`, the per-archive cap): zlib checks the output after every
 * chunk, so a lying header is refused after a chunk past its claim, and the caps hold for the
 * bytes actually inflated, whatever the headers say. The archive's total counts actual bytes.
 * Both caps can be raised by the user (`weft import-project`/`weft merge --max-document-mb/--max-archive-mb`,
 * the import and merge dialogs' limits: zipLimitsFromMb); the refusal names the entry and the cap.
 * CRC-32 is verified. The whole archive is refused on any violation (ArchiveError).
 */
import { closeSync, readSync } from 'node:fs';
import { openUserFile, USER_FILE_KINDS } from '../fs/user-files.js';
import { createInflateRaw, crc32 as nativeCrc32, inflateRawSync } from 'node:zlib';
import { UserInputError } from '../../shared/api/errors.js';
import { DEFAULT_ARCHIVE_LIMITS_MB, type ArchiveLimitsMb } from '../../shared/types/exchange.js';

/** An archive Weft refuses (a UserInputError: the caller names the file). */
export class ArchiveError extends UserInputError {
  constructor(message: string) {
    super(undefined, message);
    this.name = 'ArchiveError';
  }
}

export interface ZipLimits {
  /** Most entries (files and folders) an archive may list. */
  maxEntries: number;
  /** Most bytes all entries may declare, uncompressed, together. */
  maxTotalUncompressed: number;
  /** Most bytes one entry may inflate to when it is read. */
  maxEntryBytes: number;
  /** Most bytes all reads of one archive may inflate to together. */
  maxInflatedTotal: number;
  /** Highest uncompressed/compressed ratio accepted for entries larger than `ratioMinBytes`. */
  maxRatio: number;
  ratioMinBytes: number;
}

const MIB = 1024 * 1024;

/** The caps a user sets in MiB (shared/types/exchange.ts) as ZIP limits; unset ones keep their defaults. */
export function zipLimitsFromMb(limits: ArchiveLimitsMb | undefined): Partial<ZipLimits> {
  const out: Partial<ZipLimits> = {};
  if (limits?.maxDocumentMb !== undefined) out.maxEntryBytes = limits.maxDocumentMb * MIB;
  if (limits?.maxArchiveMb !== undefined) out.maxInflatedTotal = limits.maxArchiveMb * MIB;
  return out;
}

const RAISE_DOCUMENT = 'raise it with --max-document-mb, or under “Limits” in the import or merge dialog, if you trust the file';
const RAISE_ARCHIVE = 'raise it with --max-archive-mb, or under “Limits” in the import or merge dialog, if you trust the file';

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxTotalUncompressed: 8 * 1024 ** 3,
  maxEntryBytes: DEFAULT_ARCHIVE_LIMITS_MB.maxDocumentMb * MIB,
  maxInflatedTotal: DEFAULT_ARCHIVE_LIMITS_MB.maxArchiveMb * MIB,
  maxRatio: 200,
  ratioMinBytes: 1024 * 1024,
};

/** Random access to the archive's bytes (a buffer, or an open file). */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => {
      if (offset < 0 || offset + length > bytes.length) throw new ArchiveError('The archive is truncated (an entry points past its end).');
      return bytes.subarray(offset, offset + length);
    },
    close: () => {},
  };
}

/** An archive on disk: an ordinary file within the .qdpx size cap (never a FIFO or a device). */
export function fileSource(path: string): ByteSource {
  const { fd, size } = openUserFile(path, USER_FILE_KINDS.archive);
  return {
    size,
    read: (offset, length) => {
      if (offset < 0 || offset + length > size) throw new ArchiveError('The archive is truncated (an entry points past its end).');
      const buf = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, buf, done, length - done, offset + done);
        if (n === 0) throw new ArchiveError('The archive is truncated.');
        done += n;
      }
      return new Uint8Array(buf.buffer, buf.byteOffset, length);
    },
    close: () => closeSync(fd),
  };
}

export interface ZipEntry {
  /** The name as stored (forward slashes). */
  name: string;
  isDirectory: boolean;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  externalAttributes: number;
  madeBy: number;
}

/** Compressed bytes read from the archive at a time by `readChunks`. */
const READ_PIECE = 256 * 1024;

/** An entry zlib could not decompress, read whole or in pieces. */
const undecompressable = (entry: { name: string }, err: Error) =>
  new ArchiveError(`The archive is damaged: “${entry.name}” cannot be decompressed (${err.message}).`);

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, o: number) => {
  const v = u32(b, o) + u32(b, o + 4) * 0x1_0000_0000;
  if (!Number.isSafeInteger(v)) throw new ArchiveError('The archive declares a size too large to handle.');
  return v;
};

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array, crc = 0): number {
  if (typeof nativeCrc32 === 'function') return nativeCrc32(data, crc);
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function decodeName(bytes: Uint8Array, utf8Flag: boolean): string {
  if (utf8Flag) {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new ArchiveError('An entry name is not valid UTF-8 although the archive says it is.');
    }
  }
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/** Why a stored entry name is unsafe, or null. */
export function unsafeEntryName(name: string): string | null {
  if (name === '') return 'has an empty name';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'has control characters in its name';
  if (name.includes('\\')) return 'uses a backslash in its path';
  if (name.startsWith('/')) return 'has an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'has a drive letter in its path';
  if (name.split('/').some((seg) => seg === '..')) return 'has a path that climbs out of the archive (“..”)';
  return null;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function findEocd(src: ByteSource): { offset: number; tail: Uint8Array; tailStart: number } {
  if (src.size < 22) throw new ArchiveError('This is not a ZIP archive (the file is too short).');
  const tailLen = Math.min(src.size, 22 + 0xffff);
  const tailStart = src.size - tailLen;
  const tail = src.read(tailStart, tailLen);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === SIG_EOCD) return { offset: tailStart + i, tail, tailStart };
  }
  throw new ArchiveError('This is not a ZIP archive (no end-of-central-directory record).');
}

export class SafeZip {
  private inflatedTotal = 0;

  private constructor(
    private readonly src: ByteSource,
    readonly entries: ZipEntry[],
    readonly limits: ZipLimits,
  ) {}

  static open(src: ByteSource, limits: Partial<ZipLimits> = {}): SafeZip {
    const lim = { ...DEFAULT_ZIP_LIMITS, ...limits };
    const { offset: eocd, tail, tailStart } = findEocd(src);
    const e = eocd - tailStart;
    let count = u16(tail, e + 10);
    let cdSize = u32(tail, e + 12);
    let cdOffset = u32(tail, e + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      // ZIP64: the locator sits right before the EOCD record.
      if (eocd < 20) throw new ArchiveError('The ZIP64 archive is damaged (no locator).');
      const loc = src.read(eocd - 20, 20);
      if (u32(loc, 0) !== SIG_EOCD64_LOCATOR) throw new ArchiveError('The ZIP64 archive is damaged (no locator).');
      const recOffset = u64(loc, 8);
      const rec = src.read(recOffset, 56);
      if (u32(rec, 0) !== SIG_EOCD64) throw new ArchiveError('The ZIP64 archive is damaged (no ZIP64 end record).');
      count = u64(rec, 32);
      cdSize = u64(rec, 40);
      cdOffset = u64(rec, 48);
    }
    if (count > lim.maxEntries) {
      throw new ArchiveError(`The archive lists ${count} entries; more than ${lim.maxEntries} is refused.`);
    }
    if (cdOffset + cdSize > src.size) throw new ArchiveError('The archive is truncated (its central directory is missing).');
    const cd = src.read(cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    const seen = new Set<string>();
    let total = 0;
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || u32(cd, p) !== SIG_CENTRAL) throw new ArchiveError('The archive’s central directory is damaged.');
      const madeBy = u16(cd, p + 4);
      const flags = u16(cd, p + 8);
      const method = u16(cd, p + 10);
      const crc = u32(cd, p + 16);
      let compressedSize = u32(cd, p + 20);
      let uncompressedSize = u32(cd, p + 24);
      const nameLen = u16(cd, p + 28);
      const extraLen = u16(cd, p + 30);
      const commentLen = u16(cd, p + 32);
      const externalAttributes = u32(cd, p + 38);
      let localHeaderOffset = u32(cd, p + 42);
      if (p + 46 + nameLen + extraLen + commentLen > cd.length) throw new ArchiveError('The archive’s central directory is damaged.');
      const name = decodeName(cd.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
      // ZIP64 extended information: only the fields that are saturated are present, in order.
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = u16(cd, x);
        const len = u16(cd, x + 2);
        if (id === 0x0001) {
          let f = x + 4;
          const end = x + 4 + len;
          if (uncompressedSize === 0xffffffff && f + 8 <= end) {
            uncompressedSize = u64(cd, f);
            f += 8;
          }
          if (compressedSize === 0xffffffff && f + 8 <= end) {
            compressedSize = u64(cd, f);
            f += 8;
          }
          if (localHeaderOffset === 0xffffffff && f + 8 <= end) localHeaderOffset = u64(cd, f);
        }
        x += 4 + len;
      }
      p += 46 + nameLen + extraLen + commentLen;

      const problem = unsafeEntryName(name);
      if (problem) throw new ArchiveError(`Refused: the entry “${name.replace(/[\u0000-\u001f]/g, '?')}” ${problem}.`);
      const mode = externalAttributes >>> 16;
      if ((mode & S_IFMT) === S_IFLNK) throw new ArchiveError(`Refused: the entry “${name}” is a symbolic link.`);
      if (flags & 0x1) throw new ArchiveError(`Refused: the entry “${name}” is encrypted.`);
      const key = name.toLowerCase().replace(/\/+$/, '');
      if (seen.has(key)) throw new ArchiveError(`Refused: the archive contains “${name}” more than once.`);
      seen.add(key);
      const isDirectory = name.endsWith('/');
      total += uncompressedSize;
      if (total > lim.maxTotalUncompressed) {
        throw new ArchiveError(`Refused: the archive declares more than ${formatBytes(lim.maxTotalUncompressed)} of uncompressed content.`);
      }
      if (uncompressedSize > lim.ratioMinBytes && uncompressedSize / Math.max(compressedSize, 1) > lim.maxRatio) {
        throw new ArchiveError(
          `Refused: the entry “${name}” would expand ${Math.round(uncompressedSize / Math.max(compressedSize, 1))}-fold (${formatBytes(compressedSize)} → ${formatBytes(uncompressedSize)}), which suggests a ZIP bomb.`,
        );
      }
      entries.push({ name, isDirectory, method, flags, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset, externalAttributes, madeBy });
    }
    return new SafeZip(src, entries, lim);
  }

  /** Checks an entry against the limits before it is read; returns where its data starts. */
  private begin(entry: ZipEntry): { dataStart: number; lying: () => ArchiveError } {
    const lim = this.limits;
    if (entry.uncompressedSize > lim.maxEntryBytes) {
      throw new ArchiveError(
        `Refused: “${entry.name}” is ${formatBytes(entry.uncompressedSize)} uncompressed; the limit for one document is ${formatBytes(lim.maxEntryBytes)} (${RAISE_DOCUMENT}).`,
      );
    }
    if (this.inflatedTotal + entry.uncompressedSize > lim.maxInflatedTotal) {
      throw new ArchiveError(
        `Refused: reading “${entry.name}” (${formatBytes(entry.uncompressedSize)}) would take the archive past its limit of ${formatBytes(lim.maxInflatedTotal)} of extracted data (${RAISE_ARCHIVE}).`,
      );
    }
    const head = this.src.read(entry.localHeaderOffset, 30);
    if (u32(head, 0) !== SIG_LOCAL) throw new ArchiveError(`The archive is damaged: no local header for “${entry.name}”.`);
    const nameLen = u16(head, 26);
    const extraLen = u16(head, 28);
    const localName = decodeName(this.src.read(entry.localHeaderOffset + 30, nameLen), (u16(head, 6) & 0x800) !== 0);
    if (localName !== entry.name) throw new ArchiveError(`Refused: the entry “${entry.name}” is named “${localName}” in its local header.`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ArchiveError(`“${entry.name}” uses compression method ${entry.method}; only stored and deflated entries are supported.`);
    }
    if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) throw new ArchiveError(`The archive is damaged: “${entry.name}” has inconsistent sizes.`);
    const lying = () =>
      new ArchiveError(
        `Refused: “${entry.name}” inflates to more than its declared ${formatBytes(entry.uncompressedSize)} (a ZIP bomb?); reading stopped there (the limit for one document is ${formatBytes(lim.maxEntryBytes)}).`,
      );
    return { dataStart: entry.localHeaderOffset + 30 + nameLen + extraLen, lying };
  }

  /** Inflates one entry, enforcing the limits while doing so, and checks its CRC-32. */
  read(entry: ZipEntry): Uint8Array {
    if (entry.isDirectory) return new Uint8Array(0);
    const { dataStart, lying } = this.begin(entry);
    const declared = entry.uncompressedSize;
    let out: Uint8Array;
    if (entry.method === 0) {
      out = this.src.read(dataStart, declared).slice();
    } else {
      // Inflated natively, in one go, with the output capped: zlib stops as soon as the entry
      // produces one byte more than it declared (which is within maxEntryBytes, checked above),
      // so a lying size header cannot make it inflate further.
      let inflated: Buffer;
      try {
        inflated = inflateRawSync(this.src.read(dataStart, entry.compressedSize), { maxOutputLength: Math.max(1, declared + 1) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw lying();
        if (err instanceof ArchiveError) throw err;
        throw undecompressable(entry, err as Error);
      }
      if (inflated.length > declared) throw lying();
      out = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
    }
    this.finish(entry, out.length, crc32(out));
    return out;
  }

  /** The end of reading an entry, whole or in pieces: exactly its declared size, its CRC-32, counted. */
  private finish(entry: ZipEntry, produced: number, crc: number) {
    if (produced !== entry.uncompressedSize) throw new ArchiveError(`The archive is damaged: “${entry.name}” is shorter than declared.`);
    if (crc !== entry.crc32) throw new ArchiveError(`The archive is damaged: “${entry.name}” fails its CRC check.`);
    this.inflatedTotal += produced;
  }

  /**
   * Inflates one entry piece by piece (natively, by zlib's stream), handing each piece to `onChunk`
   * as it comes (about READ_PIECE compressed bytes are read at a time), with the same limits as
   * `read`: the output stops at the first piece past the declared size, and the CRC-32 is checked
   * at the end, so `onChunk` has seen everything only when this resolves. A caller must treat
   * what it got as void when this rejects (an error `onChunk` throws rejects it as it is).
   */
  async readChunks(entry: ZipEntry, onChunk: (bytes: Uint8Array) => void): Promise<void> {
    if (entry.isDirectory) return;
    const { dataStart, lying } = this.begin(entry);
    const declared = entry.uncompressedSize;
    let produced = 0;
    let crc = 0;
    const take = (bytes: Uint8Array) => {
      if (bytes.length === 0) return;
      produced += bytes.length;
      if (produced > declared) throw lying();
      crc = crc32(bytes, crc);
      onChunk(bytes);
    };
    if (entry.method === 0) {
      for (let at = 0; at < declared; at += READ_PIECE) take(this.src.read(dataStart + at, Math.min(READ_PIECE, declared - at)));
    } else {
      const inflater = createInflateRaw({ chunkSize: READ_PIECE });
      let failed = false;
      const done = new Promise<void>((resolve, reject) => {
        inflater.on('data', (bytes: Buffer) => {
          if (failed) return;
          try {
            take(bytes);
          } catch (err) {
            failed = true;
            reject(err as Error);
            inflater.destroy();
          }
        });
        inflater.on('end', resolve);
        inflater.on('error', (err) => {
          failed = true;
          reject(undecompressable(entry, err));
        });
      });
      done.catch(() => undefined); // awaited below; a failure while writing must not go unhandled
      for (let at = 0; at < entry.compressedSize && !failed; at += READ_PIECE) {
        const piece = this.src.read(dataStart + at, Math.min(READ_PIECE, entry.compressedSize - at));
        // one piece in flight at a time: never more than a piece of compressed input is held
        await Promise.race([new Promise<void>((resolve) => inflater.write(piece, () => resolve())), done]);
      }
      if (!failed) inflater.end();
      await done;
    }
    this.finish(entry, produced, crc);
  }

  close() {
    this.src.close();
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
