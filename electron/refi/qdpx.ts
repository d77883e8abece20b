/**
 * .qdpx containers: a ZIP with `project.qde` and a flat `sources/` folder (REFI-QDA §5.3, §8).
 *
 * Reading is tolerant of what real producers write (reference NOTES §1): the single `*.qde` at
 * the root when `project.qde` is absent (ATLAS.ti 26 names it after the project); `Sources/` as
 * well as `sources/` (NVivo for Windows); paths with or without `internal://` (qc writes bare
 * names); lookup by base name as a last resort. It is strict about safety (zip.ts).
 * Writing produces `project.qde` + `sources/<guid>.txt` (+ `sources/<guid>.<ext>` for recordings), and Weft's own `weft/extension.json`
 * (shared/refi/extension.ts) when the project has data REFI-QDA cannot carry.
 */
import { readFileSync } from 'node:fs';
import type { ProjectPart, SerializedProject, SourceMediaFile, SourceTextFile } from '../../shared/refi/serialize.js';
import { MemorySink, ZipWriter, type ByteSink } from './zip-write.js';
import { ArchiveError, bufferSource, fileSource, SafeZip, type ZipEntry, type ZipLimits } from './zip.js';

export { ArchiveError, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.js';

export interface QdpxArchive {
  /** Path of the .qde inside the archive. */
  qdeName: string;
  /** The size of the .qde once inflated (as its entry declares; reading checks it). */
  qdeSize: number;
  /** The .qde bytes, whole (read when first asked for). */
  readonly qde: Uint8Array;
  /**
   * Reads the .qde piece by piece, handing each piece to `onChunk` (see SafeZip.readChunks): the
   * importer parses it as it comes instead of holding it whole.
   */
  readQde(onChunk: (bytes: Uint8Array) => void): Promise<void>;
  /** Things the reader worked around (e.g. a .qde in a sub-folder). */
  warnings: string[];
  /** Every file entry name (for diagnostics). */
  entryNames: string[];
  /** Bytes of the entry with exactly this path (relative to the archive's root folder), or undefined. */
  readEntry(path: string): Uint8Array | undefined;
  /**
   * Bytes of a file a source or note points at (`internal://x.txt`, `x.txt`, `relative:///x.txt`),
   * or undefined when it is not in the archive or points outside it.
   */
  readFile(url: string): Uint8Array | undefined;
  close(): void;
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function stripScheme(url: string): { kind: 'internal' | 'relative' | 'absolute'; path: string } {
  const u = url.trim();
  const m = /^([a-z][a-z0-9+.-]*):\/\/\/?(.*)$/i.exec(u);
  let kind: 'internal' | 'relative' | 'absolute' = 'internal';
  let path = u;
  if (m) {
    const scheme = m[1]!.toLowerCase();
    path = m[2]!;
    kind = scheme === 'internal' ? 'internal' : scheme === 'relative' ? 'relative' : 'absolute';
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep as written
  }
  return { kind, path: path.replace(/\\/g, '/').replace(/^\.?\/+/, '') };
}

/**
 * Opens a .qdpx (a path on disk, or its bytes) and finds its .qde (read when asked for: `qde` or
 * `readQde`). Throws ArchiveError when the archive is unsafe, damaged, or has no .qde.
 */
export function openQdpx(input: string | Uint8Array, limits: Partial<ZipLimits> = {}): QdpxArchive {
  const src = typeof input === 'string' ? fileSource(input) : bufferSource(input);
  let zip: SafeZip;
  try {
    zip = SafeZip.open(src, limits);
  } catch (err) {
    src.close();
    throw err;
  }
  try {
    const files = zip.entries.filter((e) => !e.isDirectory);
    const warnings: string[] = [];
    const atRoot = files.filter((e) => !e.name.includes('/') && /\.qde$/i.test(e.name));
    let qdeEntry = atRoot.find((e) => e.name.toLowerCase() === 'project.qde');
    let root = '';
    if (!qdeEntry && atRoot.length === 1) qdeEntry = atRoot[0];
    if (!qdeEntry && atRoot.length > 1) {
      throw new ArchiveError(`The archive has several .qde files at its root (${atRoot.map((e) => e.name).join(', ')}) and no project.qde.`);
    }
    if (!qdeEntry) {
      // Someone zipped the folder instead of its content: accept one .qde one level down.
      const nested = files.filter((e) => /^[^/]+\/[^/]+\.qde$/i.test(e.name));
      if (nested.length === 1) {
        qdeEntry = nested[0]!;
        root = qdeEntry.name.slice(0, qdeEntry.name.indexOf('/') + 1);
        warnings.push(`The project file was found in the folder “${root.slice(0, -1)}” instead of at the root of the archive.`);
      }
    }
    if (!qdeEntry) {
      throw new ArchiveError('This is not a REFI-QDA project archive: it contains no project.qde (nor any other .qde file) at its root.');
    }
    const entry = qdeEntry;
    let qde: Uint8Array | undefined;

    const byLower = new Map<string, ZipEntry>();
    const byBase = new Map<string, ZipEntry[]>();
    for (const e of files) {
      if (!e.name.startsWith(root)) continue;
      const rel = e.name.slice(root.length).toLowerCase();
      byLower.set(rel, e);
      const b = baseName(rel);
      byBase.set(b, [...(byBase.get(b) ?? []), e]);
    }
    // Read when asked, not kept: a source's bytes live only while its text is being resolved.
    const readFile = (url: string): Uint8Array | undefined => {
      const { kind, path } = stripScheme(url);
      if (kind === 'absolute') return undefined; // never read the user's disk on behalf of a file
      const p = path.toLowerCase();
      if (p === '' || p.split('/').includes('..')) return undefined;
      const candidates = kind === 'internal' ? [`sources/${p}`, p] : [p, `sources/${p}`];
      let entry: ZipEntry | undefined;
      for (const c of candidates) {
        entry = byLower.get(c);
        if (entry) break;
      }
      if (!entry) {
        const same = byBase.get(baseName(p)) ?? [];
        if (same.length === 1) entry = same[0];
      }
      if (!entry) return undefined;
      return zip.read(entry);
    };
    const readEntry = (path: string): Uint8Array | undefined => {
      const entry = files.find((e) => e.name === root + path);
      return entry ? zip.read(entry) : undefined;
    };
    return {
      qdeName: entry.name,
      qdeSize: entry.uncompressedSize,
      get qde() {
        return (qde ??= zip.read(entry));
      },
      readQde: (onChunk) => zip.readChunks(entry, onChunk),
      warnings,
      entryNames: files.map((e) => e.name),
      readFile,
      readEntry,
      close: () => zip.close(),
    };
  } catch (err) {
    zip.close();
    throw err;
  }
}

/** Packs a serialised project as a .qdpx: `project.qde` and `sources/…`. */
export function buildQdpx(serialized: SerializedProject): Uint8Array {
  const sink = new MemorySink();
  const zip = new ZipWriter(sink);
  zip.add('project.qde', serialized.xml);
  for (const f of serialized.files) zip.add(f.path, f.bytes);
  zip.finish();
  return sink.bytes();
}

/**
 * The deflate level of project.qde and Weft's JSON (the texts keep zlib's default, 6). Markup this
 * repetitive deflates at level 3 in half the time of level 6 for about 9% more bytes (measured on
 * the default benchmark project: 53 MB of XML → 5.9 MB instead of 5.4 MB, 0.14 s instead of 0.30 s;
 * the archive 11.5 MB instead of 11.0 MB): the larger share of an export's time, the smaller share
 * of its size.
 */
const MARKUP_LEVEL = 3;

/**
 * Writes a project serialised in parts (`serializeProjectParts`) as a .qdpx to `sink`, holding
 * one document at a time: `project.qde` first, deflated as its pieces come, then each source's
 * text file, whose text `textOf` reads again (the first pass lets go of it after its XML);
 * then the `extra` entries (Weft's own `weft/extension.json`).
 */
export function writeQdpxParts(sink: ByteSink, parts: Iterable<ProjectPart>, textOf: (file: Omit<SourceTextFile, 'text'>) => string, extra: { path: string; text: string }[] = []) {
  const zip = new ZipWriter(sink);
  const qde = zip.begin('project.qde', { level: MARKUP_LEVEL });
  const files: Omit<SourceTextFile, 'text'>[] = [];
  const media: SourceMediaFile[] = [];
  for (const part of parts) {
    if ('xml' in part) qde.write(part.xml);
    else if ('file' in part) files.push({ path: part.file.path, sourceGuid: part.file.sourceGuid });
    else media.push(part.media);
  }
  qde.end();
  for (const f of files) zip.add(f.path, textOf(f));
  // Recordings (at most the size Weft reads back from an archive, see the exporter): one at a time,
  // stored, not deflated: a long, mostly silent WAV deflates past the reader's 200× ratio refusal.
  for (const m of media) zip.add(m.path, readFileSync(m.file), { store: true });
  for (const f of extra) zip.add(f.path, f.text, { level: MARKUP_LEVEL });
  zip.finish();
}
