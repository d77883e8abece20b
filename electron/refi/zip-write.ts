/**
 * A streaming ZIP writer for exports (.qdpx): entries are deflated (or, asked for, stored as they
 * are) and written as they are produced, so memory holds one entry's chunk at a time, never the archive.
 *
 * Deflate is Node's zlib. An entry written in pieces (`begin` … `write` … `end`) is deflated
 * piece by piece with a sync flush, which ends each piece on a byte boundary without ending the
 * stream; the pieces concatenate into one valid DEFLATE stream closed by an empty final block.
 * Sizes and CRC-32 are patched into the local header when the entry ends (no data descriptors,
 * which some readers handle badly). Archives stay below 4 GiB (no ZIP64): a larger export is
 * refused with a clear message rather than written damaged.
 */
import { writeSync } from 'node:fs';
import { constants as Z, crc32, deflateRawSync } from 'node:zlib';

/** Where the archive's bytes go: appended in order, with positional rewrites of headers already written. */
export interface ByteSink {
  write(chunk: Uint8Array): void;
  rewrite(offset: number, chunk: Uint8Array): void;
}

/** A sink that keeps the bytes (a download). */
export class MemorySink implements ByteSink {
  private chunks: Uint8Array[] = [];
  private offsets: number[] = [];
  private readonly at = new Map<number, number>();
  private size = 0;
  write(chunk: Uint8Array) {
    if (!this.at.has(this.size)) this.at.set(this.size, this.chunks.length);
    this.offsets.push(this.size);
    this.chunks.push(chunk);
    this.size += chunk.length;
  }
  rewrite(offset: number, chunk: Uint8Array) {
    const i = this.at.get(offset);
    if (i === undefined || this.chunks[i]!.length !== chunk.length) throw new Error('MemorySink: a rewrite must replace one whole earlier write');
    this.chunks[i] = chunk;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    for (let i = 0; i < this.chunks.length; i++) out.set(this.chunks[i]!, this.offsets[i]!);
    return out;
  }
}

/** A sink that writes to an open file descriptor (the caller opens and closes it). */
export class FileSink implements ByteSink {
  private position = 0;
  constructor(private readonly fd: number) {}
  write(chunk: Uint8Array) {
    let done = 0;
    while (done < chunk.length) done += writeSync(this.fd, chunk, done, chunk.length - done, this.position + done);
    this.position += chunk.length;
  }
  rewrite(offset: number, chunk: Uint8Array) {
    let done = 0;
    while (done < chunk.length) done += writeSync(this.fd, chunk, done, chunk.length - done, offset + done);
  }
}

interface Written {
  name: Uint8Array;
  /** 8: deflated; 0: stored as it is. */
  method: 0 | 8;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

/** An entry being written in pieces. */
export interface ZipEntryWriter {
  write(piece: string | Uint8Array): void;
  end(): void;
}

const LIMIT = 0xffffffff;
/** Pieces are gathered to at least this many bytes before they are deflated (keeps the ratio close to one-shot). */
const PIECE_BYTES = 256 * 1024;
/** The largest string `add` encodes into its reused buffer rather than bytes of its own. */
const SCRATCH_MAX = 4 * 1024 * 1024;
/** An empty final block with fixed Huffman codes: ends a stream of sync-flushed pieces. */
const FINAL_BLOCK = new Uint8Array([0x03, 0x00]);

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

export class ZipWriter {
  private readonly entries: Written[] = [];
  private offset = 0;
  private open: string | null = null;
  private readonly encoder = new TextEncoder();
  private readonly stamp = dosDateTime(new Date());

  constructor(
    private readonly sink: ByteSink,
    private readonly level = 6,
  ) {}

  private scratch = Buffer.allocUnsafe(0);

  /**
   * `s` as UTF-8, in the scratch buffer (valid until the next call) when its largest possible
   * size (3 bytes per UTF-16 unit) is at most SCRATCH_MAX; a longer string in bytes of its own.
   */
  private utf8(s: string): Uint8Array {
    const most = s.length * 3;
    if (most > SCRATCH_MAX) return Buffer.from(s, 'utf8');
    if (this.scratch.length < most) this.scratch = Buffer.allocUnsafe(Math.max(most, Math.min(SCRATCH_MAX, this.scratch.length * 2)));
    return this.scratch.subarray(0, this.scratch.write(s, 0, 'utf8'));
  }

  private emit(chunk: Uint8Array) {
    if (chunk.length === 0) return;
    if (this.offset + chunk.length > LIMIT) throw new Error('The archive would be larger than 4 GiB, which this ZIP writer does not support.');
    this.sink.write(chunk);
    this.offset += chunk.length;
  }

  private localHeader(e: Written): Uint8Array {
    const h = new Uint8Array(30 + e.name.length);
    const v = new DataView(h.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, 20, true); // version needed: 2.0 (deflate)
    v.setUint16(6, 0x0800, true); // UTF-8 names
    v.setUint16(8, e.method, true); // deflate, or stored
    v.setUint16(10, e.time, true);
    v.setUint16(12, e.date, true);
    v.setUint32(14, e.crc, true);
    v.setUint32(18, e.compressedSize, true);
    v.setUint32(22, e.size, true);
    v.setUint16(26, e.name.length, true);
    v.setUint16(28, 0, true);
    h.set(e.name, 30);
    return h;
  }

  private start(name: string, method: 0 | 8 = 8): Written {
    if (this.open !== null) throw new Error(`ZipWriter: “${this.open}” is still being written`);
    const e: Written = { name: this.encoder.encode(name), method, crc: 0, compressedSize: 0, size: 0, offset: this.offset, ...this.stamp };
    this.emit(this.localHeader(e));
    return e;
  }

  /**
   * Writes a whole entry at once. `store`: written as it is, not deflated (recordings: already
   * compressed, or — a long silent WAV — so compressible that a reader's zip-bomb ratio check
   * would refuse the archive; see electron/refi/zip.ts `maxRatio`).
   */
  add(name: string, data: string | Uint8Array, options: { store?: boolean; level?: number } = {}) {
    // A string is encoded into a buffer kept for the next one (deflated right away, never kept).
    const bytes = typeof data === 'string' ? (options.store ? Buffer.from(data, 'utf8') : this.utf8(data)) : data;
    const e = this.start(name, options.store ? 0 : 8);
    const deflated = options.store ? bytes : deflateRawSync(bytes, { level: options.level ?? this.level });
    e.crc = crc32(bytes);
    e.size = bytes.length;
    e.compressedSize = deflated.length;
    this.emit(deflated);
    this.sink.rewrite(e.offset, this.localHeader(e));
    this.entries.push(e);
  }

  /** Starts an entry written in pieces (deflated at `level`, by default the writer's); call `end()` before the next entry. */
  begin(name: string, options: { level?: number } = {}): ZipEntryWriter {
    const level = options.level ?? this.level;
    const e = this.start(name);
    this.open = name;
    // Pieces are gathered in one buffer, strings encoded straight into it (an encoded copy of
    // each piece, then a joined copy, cost more than the XML they carry).
    const pending = Buffer.allocUnsafe(PIECE_BYTES * 4);
    let pendingBytes = 0;
    const flush = () => {
      if (pendingBytes === 0) return;
      const piece = pending.subarray(0, pendingBytes);
      pendingBytes = 0;
      e.crc = crc32(piece, e.crc);
      e.size += piece.length;
      if (e.size > LIMIT) throw new Error(`“${name}” would be larger than 4 GiB, which this ZIP writer does not support.`);
      const deflated = deflateRawSync(piece, { level, finishFlush: Z.Z_SYNC_FLUSH });
      e.compressedSize += deflated.length;
      this.emit(deflated);
    };
    return {
      write: (piece) => {
        // At most 3 bytes per UTF-16 unit: a piece that may not fit what is left goes in parts.
        for (let at = 0; at < piece.length; ) {
          if (pending.length - pendingBytes < 3) flush();
          const room = pending.length - pendingBytes;
          if (typeof piece === 'string') {
            let end = Math.min(piece.length, at + Math.floor(room / 3));
            // never split a surrogate pair between two parts
            if (end < piece.length && end > at && (piece.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
            pendingBytes += pending.write(end === piece.length && at === 0 ? piece : piece.slice(at, end), pendingBytes, 'utf8');
            at = end;
          } else {
            const end = Math.min(piece.length, at + room);
            pending.set(piece.subarray(at, end), pendingBytes);
            pendingBytes += end - at;
            at = end;
          }
          if (pendingBytes >= PIECE_BYTES) flush();
        }
      },
      end: () => {
        flush();
        this.emit(FINAL_BLOCK);
        e.compressedSize += FINAL_BLOCK.length;
        this.sink.rewrite(e.offset, this.localHeader(e));
        this.entries.push(e);
        this.open = null;
      },
    };
  }

  /** Writes the central directory; the archive is complete. */
  finish() {
    if (this.open !== null) throw new Error(`ZipWriter: “${this.open}” is still being written`);
    if (this.entries.length > 0xffff) throw new Error('The archive would have more than 65,535 entries, which this ZIP writer does not support.');
    const cdStart = this.offset;
    for (const e of this.entries) {
      const c = new Uint8Array(46 + e.name.length);
      const v = new DataView(c.buffer);
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, (3 << 8) | 20, true); // made by: Unix, 2.0
      v.setUint16(6, 20, true);
      v.setUint16(8, 0x0800, true);
      v.setUint16(10, e.method, true);
      v.setUint16(12, e.time, true);
      v.setUint16(14, e.date, true);
      v.setUint32(16, e.crc, true);
      v.setUint32(20, e.compressedSize, true);
      v.setUint32(24, e.size, true);
      v.setUint16(28, e.name.length, true);
      v.setUint32(38, (0o100644 << 16) >>> 0, true); // a regular file, rw-r--r--
      v.setUint32(42, e.offset, true);
      c.set(e.name, 46);
      this.emit(c);
    }
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, this.entries.length, true);
    v.setUint16(10, this.entries.length, true);
    v.setUint32(12, this.offset - cdStart, true);
    v.setUint32(16, cdStart, true);
    this.emit(end);
  }
}
