/**
 * Recordings of a .qdpx's Audio/VideoSources on import (MAPPING.md “Recordings”). Only sources
 * with a transcript are imported (as the transcript's document), so only their recordings are
 * looked for: an `internal://` one is taken out of the archive into a temporary folder, named
 * after its source, for the importer to copy into the project's media folder (linkMedia); an
 * `absolute:///` one that exists on this computer is linked where it is. The temporary copies are
 * removed once the import is over (`discardExtractedMedia`).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExchangeProject, ExchangeSource } from '../../../shared/refi/index.js';
import type { QdpxArchive } from '../../refi/qdpx.js';

const EXTRACTED = new WeakMap<ExchangeProject, string>();

/** A file name made of a source's name: no path separators or characters Windows refuses. */
const safeName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) || 'Recording';

export function extractRecordings(project: ExchangeProject, archive: QdpxArchive) {
  for (const s of project.sources) extractRecording(project, archive, s);
}

/** The recording of one source of `project` (see extractRecordings). */
export function extractRecording(project: ExchangeProject, archive: QdpxArchive, s: ExchangeSource) {
  if ((s.kind !== 'audio' && s.kind !== 'video') || s.transcripts.length === 0) return;
  const what = `the ${s.kind} source “${s.name ?? s.guid}”`;
  if (!s.path) {
    project.warnings.push(`The recording of ${what} was not linked: the file gives no path for it.`);
    return;
  }
  const absolute = /^absolute:\/\/\/?(.*)$/i.exec(s.path.trim());
  if (absolute) {
    let file = decodeURIComponentSafe(absolute[1]!);
    if (!/^[A-Za-z]:[\\/]/.test(file)) file = `/${file.replace(/^\/+/, '')}`;
    if (existsSync(file)) s.mediaFile = { file, embed: false };
    else project.warnings.push(`The recording of ${what} is outside the archive (“${file}”) and is not on this computer; the document was imported without it.`);
    return;
  }
  const bytes = archive.readFile(s.path);
  if (!bytes) {
    project.warnings.push(`The recording of ${what} (${s.path}) is not in the archive; the document was imported without it.`);
    return;
  }
  let folder = EXTRACTED.get(project);
  if (!folder) {
    folder = mkdtempSync(join(tmpdir(), 'weft-qdpx-media-'));
    EXTRACTED.set(project, folder);
  }
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(s.path)?.[1]?.toLowerCase();
  const dir = mkdtempSync(join(folder, 'r-'));
  const file = join(dir, `${safeName(s.name ?? s.guid)}${ext ? `.${ext}` : ''}`);
  writeFileSync(file, bytes);
  s.mediaFile = { file, embed: true };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Removes the recordings `extractRecordings` took out of the archive (their copies in the media folder stay). */
export function discardExtractedMedia(project: ExchangeProject) {
  const folder = EXTRACTED.get(project);
  if (!folder) return;
  EXTRACTED.delete(project);
  rmSync(folder, { recursive: true, force: true });
  for (const s of project.sources) if (s.mediaFile?.embed && dirname(dirname(s.mediaFile.file)) === folder) delete s.mediaFile;
}
