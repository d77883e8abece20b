/**
 * Recordings linked to documents (issue 16). A recording stays where it is: the project keeps its
 * path relative to the project file's folder (so a folder moved with its recordings still finds
 * them), its kind, and its size and modification time when linked, which tell whether it is there
 * now (`ok`), gone (`missing`) or replaced (`changed`). With `copy`, it is first copied into the
 * media folder beside the project ("study media/" for "study.weft"); the project file itself never
 * holds media. Linking and unlinking are undo steps (document_media is a tracked table); a copy
 * made by a link stays on disk when the link is undone or removed.
 *
 * Which files are recordings, and which of them the browser engine plays: shared/media/formats.ts.
 */
import { randomBytes } from 'node:crypto';
import { constants, copyFileSync, existsSync, mkdirSync, rmdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DomainError } from '../../shared/api/errors.js';
import { classifyMedia, formatOfName, PLAYABLE_EXTENSIONS, type MediaFormat } from '../../shared/media/formats.js';
import type { MediaLink, MediaSource, MediaStatus } from '../../shared/types/media.js';
import type { Turn } from '../../shared/types/entities.js';
import * as table from '../db/tables/document-media.js';
import type { DocumentMediaRow } from '../db/tables/document-media.js';
import { checkUserFile, readUserFileHead, USER_FILE_KINDS } from '../fs/user-files.js';
import type { DB } from '../db/connection.js';
import { codingTimeSpan, type TimedTurn, type TimeSpan } from '../../shared/media/timeline.js';
import { nowIso } from './project-session.js';

/** Where the project's path and database are: what linking needs of a session. */
export interface MediaProject {
  db: DB;
  path: string;
  /** Copies made into the media folder (and the folder, when made for them) are listed here, for `withMediaCopies` to remove if the operation fails. */
  copies?: string[];
}

/**
 * Runs an operation that may copy recordings into the media folder (`fn` gets the list to pass on
 * as `MediaProject.copies`). When it fails, its database changes are rolled back, and the copies
 * it made are removed with them: a failed operation leaves no file behind.
 */
export function withMediaCopies<T>(fn: (copies: string[]) => T): T {
  const copies: string[] = [];
  try {
    return fn(copies);
  } catch (err) {
    removeMediaCopies(copies);
    throw err;
  }
}

/** Removes the files and folders of `copies` (see withMediaCopies), the last made first. */
export function removeMediaCopies(copies: string[]) {
  for (const f of [...copies].reverse()) {
    try {
      if (statSync(f).isDirectory()) rmdirSync(f); // only when empty: a file put there meanwhile stays
      else rmSync(f, { force: true });
    } catch {
      // already gone, or a folder someone else put files in
    }
  }
}

/** The media folder beside a project: "study media" for "study.weft". */
export const mediaFolderOf = (projectPath: string) => join(dirname(projectPath), `${basename(projectPath).replace(/\.weft$/i, '')} media`);

/** The path kept in the project: relative to the project's folder, '/' separators; absolute when it cannot be relative (another drive). */
export function storedPath(projectPath: string, abs: string): string {
  const rel = relative(dirname(resolve(projectPath)), abs);
  if (!rel || isAbsolute(rel)) return abs.split(sep).join('/');
  return rel.split(sep).join('/');
}

/** Where a stored path is on this computer. */
export function resolveStored(projectPath: string, stored: string): string {
  const native = stored.split('/').join(sep);
  return isAbsolute(stored) || isAbsolute(native) ? resolve(native) : resolve(dirname(resolve(projectPath)), native);
}

/** The path the project at `to` keeps for the file that the project at `from` keeps as `stored`. */
export const rebaseStored = (from: string, to: string, stored: string): string => storedPath(to, resolveStored(from, stored));

/**
 * Rewrites the recording paths of a copy of a project (its database `db`, written to `to` from the
 * project at `from`: *Save a copy as…*, a local copy, a pseudonymised copy) so that each names the
 * same file as before, relative to the copy's own folder. Returns how many paths changed.
 */
export function rebaseMediaPaths(db: DB, from: string, to: string): number {
  let changed = 0;
  for (const row of table.list(db)) {
    const path = rebaseStored(from, to, row.path);
    if (path === row.path) continue;
    table.put(db, { ...row, path });
    changed++;
  }
  return changed;
}

const mtimeOf = (st: Stats) => Math.round(st.mtimeMs);

function statusOf(abs: string, row: DocumentMediaRow): { status: MediaStatus; problem?: string } {
  let st: Stats;
  try {
    st = statSync(abs);
  } catch {
    return { status: 'missing', problem: `The recording was not found at “${abs}”. It may have been moved, renamed or be on a disk that is not connected: re-link it.` };
  }
  if (!st.isFile()) return { status: 'missing', problem: `“${abs}” is no longer an ordinary file: re-link the recording.` };
  if (st.size !== row.size || mtimeOf(st) !== row.mtime_ms) {
    return { status: 'changed', problem: `The recording at “${abs}” has changed since it was linked (size or date differ): check that the transcript's times still match, or re-link it.` };
  }
  return { status: 'ok' };
}

function toLink(project: MediaProject, row: DocumentMediaRow): MediaLink {
  const absolutePath = resolveStored(project.path, row.path);
  const format = formatOfName(row.path);
  return {
    documentId: row.document_id,
    path: row.path,
    absolutePath,
    fileName: basename(absolutePath),
    kind: row.kind,
    mime: format?.mime ?? (row.kind === 'audio' ? 'audio/mpeg' : 'video/mp4'),
    copied: row.copied === 1,
    size: row.size,
    ...statusOf(absolutePath, row),
    linkedAt: row.linked_at,
  };
}

export function listMedia(project: MediaProject): MediaLink[] {
  return table.list(project.db).map((r) => toLink(project, r));
}

export function getMediaLink(project: MediaProject, documentId: number): MediaLink | null {
  const row = table.get(project.db, documentId);
  return row ? toLink(project, row) : null;
}

function requireDocument(db: DB, documentId: number): string {
  const name = db.prepare('SELECT name FROM documents WHERE id = ?').pluck().get(documentId) as string | undefined;
  if (name === undefined) throw new DomainError('NOT_FOUND', `There is no document with id ${documentId} in this project.`);
  return name;
}

/** Reads the start of a file the user named as a recording and tells what it is (refusing what Chromium cannot play). */
export function inspectMediaFile(path: string): { path: string; format: MediaFormat; stats: Stats } {
  const { path: abs } = checkUserFile(path, USER_FILE_KINDS.media);
  const head = readUserFileHead(abs, 4096, USER_FILE_KINDS.media);
  const { format } = classifyMedia(basename(abs), head);
  return { path: abs, format, stats: statSync(abs) };
}

function freeName(folder: string, name: string): string {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 1; ; i++) {
    const candidate = join(folder, i === 1 ? name : `${stem} (${i})${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * Copies a recording into the media folder beside the project under a free name (`write` writes
 * it there); the folder is made when missing. The copy (and the folder made for it) is listed in
 * `project.copies`. A failed copy leaves nothing and says which file and folder.
 */
function copyIntoMediaFolder(project: MediaProject, name: string, from: string, write: (target: string) => void): string {
  const folder = mediaFolderOf(project.path);
  let target: string | null = null;
  try {
    if (!existsSync(folder)) {
      mkdirSync(folder, { recursive: true });
      project.copies?.push(folder);
    }
    target = freeName(folder, name);
    write(target);
  } catch (err) {
    if (target) rmSync(target, { force: true });
    throw new DomainError('IO', `Cannot copy “${from}” into “${folder}”: ${(err as Error).message}`);
  }
  project.copies?.push(target);
  return target;
}

/** Writes the link row for the file at `target` (a copy when `copied`). */
function putLink(project: MediaProject, documentId: number, target: string, format: MediaFormat, copied: boolean, stats: Stats): MediaLink {
  table.put(project.db, {
    document_id: documentId,
    path: storedPath(project.path, target),
    kind: format.kind,
    copied: copied ? 1 : 0,
    size: stats.size,
    mtime_ms: mtimeOf(stats),
    linked_at: nowIso(),
  });
  return getMediaLink(project, documentId)!;
}

/**
 * Links the recording at `mediaPath` to a document (replacing its link, if any). With `copy`, the
 * file is copied into the media folder beside the project first and the copy is linked. Call
 * inside the step's transaction; a refused file writes nothing.
 */
export function linkMedia(project: MediaProject, documentId: number, mediaPath: string, options: { copy?: boolean } = {}): MediaLink {
  requireDocument(project.db, documentId);
  const source = inspectMediaFile(mediaPath);
  if (!options.copy || dirname(source.path) === mediaFolderOf(project.path)) return putLink(project, documentId, source.path, source.format, !!options.copy, source.stats);
  const copiedTo = copyIntoMediaFolder(project, basename(source.path), source.path, (target) => copyFileSync(source.path, target, constants.COPYFILE_EXCL));
  try {
    return putLink(project, documentId, copiedTo, source.format, true, statSync(copiedTo));
  } catch (err) {
    rmSync(copiedTo, { force: true });
    throw err;
  }
}

/**
 * Links a recording the window uploaded (browser mode: the file picker sends bytes, not a path):
 * its bytes are judged as a file's would be (refusing what Chromium cannot play, before anything
 * is written), written into the media folder beside the project, and that copy is linked.
 */
export function linkUploadedMedia(project: MediaProject, documentId: number, upload: { name: string; bytes: Uint8Array }): MediaLink {
  requireDocument(project.db, documentId);
  const name = basename(upload.name.replace(/\\/g, '/'));
  const { format } = classifyMedia(name, upload.bytes.subarray(0, 4096));
  const copiedTo = copyIntoMediaFolder(project, name, name, (target) => writeFileSync(target, upload.bytes, { flag: 'wx' }));
  try {
    return putLink(project, documentId, copiedTo, format, true, statSync(copiedTo));
  } catch (err) {
    rmSync(copiedTo, { force: true });
    throw err;
  }
}

/** Removes a document's link (the file itself is never deleted). */
export function unlinkMedia(project: MediaProject, documentId: number): void {
  const name = requireDocument(project.db, documentId);
  if (table.remove(project.db, documentId) === 0) throw new DomainError('NOT_FOUND', `“${name}” has no linked recording.`);
}

/**
 * A recording beside a transcript with the same base name ("Interview 3.vtt" → "Interview 3.m4a"),
 * that Weft can play; null when there is none. Tried in the order of PLAYABLE_EXTENSIONS, either case.
 */
export function findMediaBeside(transcriptPath: string): string | null {
  const dir = dirname(transcriptPath);
  const stem = basename(transcriptPath).replace(/\.[^.]+$/, '');
  for (const ext of PLAYABLE_EXTENSIONS) {
    for (const candidate of [join(dir, `${stem}.${ext}`), join(dir, `${stem}.${ext.toUpperCase()}`)]) {
      try {
        return inspectMediaFile(candidate).path;
      } catch {
        // not there, or not a recording Weft can play: try the next
      }
    }
  }
  return null;
}

/** How long a ticket stays valid without being used. */
const TICKET_IDLE_MS = 30 * 60_000;

/**
 * Tickets that let a window stream one linked recording: `<audio>` cannot send the token header,
 * so `media.get` (which needs the token) hands out a random ticket naming that one file, and the
 * bridge serves GET /media/TICKET. Unused tickets expire; closing the project drops them all.
 */
export class MediaTickets {
  private readonly tickets = new Map<string, { path: string; mime: string; lastUsed: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(path: string, mime: string): string {
    this.prune();
    for (const [ticket, t] of this.tickets) if (t.path === path && t.mime === mime) return ticket;
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { path, mime, lastUsed: this.now() });
    return ticket;
  }

  /** The file a ticket names (and its MIME type), or null for an unknown or expired ticket. */
  resolve(ticket: string): { path: string; mime: string } | null {
    this.prune();
    const t = this.tickets.get(ticket);
    if (!t) return null;
    t.lastUsed = this.now();
    return { path: t.path, mime: t.mime };
  }

  clear() {
    this.tickets.clear();
  }

  private prune() {
    const now = this.now();
    for (const [ticket, t] of this.tickets) if (now - t.lastUsed > TICKET_IDLE_MS) this.tickets.delete(ticket);
  }
}

/** `media.get`: the link with a ticket to stream it when the file is there. */
export function mediaSource(project: MediaProject, documentId: number, tickets: MediaTickets): MediaSource | null {
  requireDocument(project.db, documentId);
  const link = getMediaLink(project, documentId);
  if (!link) return null;
  return { ...link, ticket: link.status === 'missing' ? null : tickets.issue(link.absolutePath, link.mime) };
}

/**
 * Sets (or clears, with null) when a turn begins on the recording. Its end time is kept when it is
 * still after the new beginning, and cleared otherwise.
 */
export function setTurnTime(db: DB, turnId: number, beginMs: number | null): Turn {
  const turn = db.prepare('SELECT id, end_ms FROM turns WHERE id = ?').get(turnId) as { id: number; end_ms: number | null } | undefined;
  if (!turn) throw new DomainError('NOT_FOUND', `There is no turn with id ${turnId} in this project.`);
  const endMs = beginMs !== null && turn.end_ms !== null && turn.end_ms > beginMs ? turn.end_ms : null;
  db.prepare('UPDATE turns SET begin_ms = ?, end_ms = ? WHERE id = ?').run(beginMs, endMs, turnId);
  const t = db
    .prepare('SELECT t.id, t.speaker_id, s.label AS speaker, t.start, t.end, t.begin_ms, t.end_ms FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id WHERE t.id = ?')
    .get(turnId) as { id: number; speaker_id: number | null; speaker: string | null; start: number; end: number; begin_ms: number | null; end_ms: number | null };
  return { id: t.id, speakerId: t.speaker_id, speaker: t.speaker, start: t.start, end: t.end, beginMs: t.begin_ms, endMs: t.end_ms };
}

/**
 * Reads the time spans of codings on their documents' recordings (extracts, theme quotes,
 * reports): the turns of each document are read once, and a document with no timed turn reads as
 * none. The span itself is derived by the one rule, shared/media/timeline.ts `codingTimeSpan`.
 */
export function codingTimes(db: DB): (documentId: number, start: number, end: number) => TimeSpan | null {
  const read = db.prepare(
    'SELECT start, end, begin_ms AS beginMs, end_ms AS endMs FROM turns WHERE document_id = ? AND EXISTS (SELECT 1 FROM turns x WHERE x.document_id = ? AND x.begin_ms IS NOT NULL) ORDER BY start',
  );
  const byDoc = new Map<number, TimedTurn[]>();
  return (documentId, start, end) => {
    let turns = byDoc.get(documentId);
    if (!turns) byDoc.set(documentId, (turns = read.all(documentId, documentId) as TimedTurn[]));
    return turns.length ? codingTimeSpan(turns, start, end) : null;
  };
}
