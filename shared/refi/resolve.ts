/**
 * Attaches text to parsed sources and notes, and turns file positions into Weft offsets.
 * Pure: the caller supplies the bytes (from a .qdpx archive, or nothing for a bare .qde).
 */
import type { ExchangeNote, ExchangeProject, ExchangeSource } from './model.js';
import { textSources } from './model.js';
import { chooseUnit, decodeSourceBytes, SourceTextIndex } from './positions.js';

export const sourceLabel = (s: ExchangeSource) => {
  const kind = s.element === 'TextSource' ? 'text source' : s.element === 'Representation' ? 'PDF text representation' : s.element.toLowerCase();
  return s.name ? `${kind} “${s.name}”` : `${kind} ${s.guid}`;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Gives `source` its Weft text (LF, no BOM) and maps every selection's file positions to Weft
 * offsets, in the unit its producer uses. Invalid selections are repaired, or marked `dropped`
 * (without start/end); each is reported in `project.warnings`.
 * @param raw the text as stored in the file, BOM removed, line ends untouched.
 */
export function resolveSourceText(project: ExchangeProject, source: ExchangeSource, raw: string) {
  const index = new SourceTextIndex(raw);
  source.text = index.text;
  const what = sourceLabel(source);
  if (source.selections.length === 0 && !source.syncPoints?.length) return;
  const { unit, note } = chooseUnit(index, project.origin, source.selections);
  if (note) project.warnings.push(`In the ${what}, ${note}.`);
  // Sync points: places in the same text, in the same unit as the selections.
  for (const point of source.syncPoints ?? []) {
    if (point.position === undefined) continue;
    const r = index.mapPoint(unit, point.position);
    if ('dropped' in r) project.warnings.push(`The sync point ${point.guid} (position ${point.position}) in the ${what} was ignored: ${r.dropped}.`);
    else point.offset = r.offset;
  }
  for (const sel of source.selections) {
    const r = index.mapRange(unit, sel.startPosition, sel.endPosition);
    const at = `${sel.startPosition}–${sel.endPosition}`;
    if ('dropped' in r) {
      // Kept in the list (marked) so that notes attached to it can still find their document.
      sel.dropped = r.dropped;
      delete sel.start;
      delete sel.end;
      const lost = sel.codings.length ? `; ${plural(sel.codings.length, 'coding')} on it ${sel.codings.length === 1 ? 'was' : 'were'} lost` : '';
      project.warnings.push(`The selection ${at} in the ${what} was dropped: ${r.dropped}${lost}.`);
      continue;
    }
    if (r.repairs.length) project.warnings.push(`The selection ${at} in the ${what} was repaired: ${r.repairs.join('; ')}.`);
    sel.start = r.start;
    sel.end = r.end;
  }
}

/** Marks a source whose text could not be found: its selections cannot be placed. */
export function sourceTextMissing(project: ExchangeProject, source: ExchangeSource, reason: string) {
  const codings = source.selections.reduce((n, s) => n + s.codings.length, 0) + source.codings.length;
  project.warnings.push(
    `The ${sourceLabel(source)} was not imported: ${reason}${codings ? ` (${plural(codings, 'coding')} on it ${codings === 1 ? 'was' : 'were'} lost)` : ''}.`,
  );
}

export type FileReader = (path: string) => Uint8Array | undefined;

/** Reads a text file through `read` and decodes it; reports decoding problems. */
export function readTextFile(project: ExchangeProject, read: FileReader, path: string, what: string): string | undefined {
  const bytes = read(path);
  if (!bytes) return undefined;
  const decoded = decodeSourceBytes(bytes, path);
  for (const w of decoded.warnings) project.warnings.push(`The file for the ${what} ${w}.`);
  return decoded.raw;
}

/** The text of one source: its plain-text file, else its inline content. */
export function rawTextOf(project: ExchangeProject, source: ExchangeSource, read: FileReader): string | undefined {
  if (source.plainTextPath) {
    const t = readTextFile(project, read, source.plainTextPath, sourceLabel(source));
    if (t !== undefined) return t;
  }
  return source.plainTextContent;
}

export function resolveNoteText(project: ExchangeProject, note: ExchangeNote, read: FileReader) {
  if (note.plainTextPath) {
    const t = readTextFile(project, read, note.plainTextPath, `note “${note.name ?? note.guid}”`);
    if (t !== undefined) {
      note.text = t.replace(/\r\n?/g, '\n');
      return;
    }
    if (note.plainTextContent === undefined) project.warnings.push(`The text of the note “${note.name ?? note.guid}” (${note.plainTextPath}) was not found; only its name was kept.`);
  }
  if (note.plainTextContent !== undefined) note.text = note.plainTextContent;
}

/**
 * Synchronous resolution of every text source and note (for callers that have all bytes at hand).
 * Sources whose text cannot be found keep `text` undefined and are reported.
 */
export function resolveProjectTexts(project: ExchangeProject, read: FileReader = () => undefined) {
  for (const { source } of textSources(project)) {
    const raw = rawTextOf(project, source, read);
    if (raw === undefined) {
      sourceTextMissing(project, source, source.plainTextPath ? `its text file ${source.plainTextPath} is not in the archive` : 'it has no text');
      continue;
    }
    resolveSourceText(project, source, raw);
  }
  for (const note of project.notes) resolveNoteText(project, note, read);
}
