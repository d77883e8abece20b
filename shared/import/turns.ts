/**
 * Building blocks shared by the transcript parsers: laying timed turns out as text, finding a
 * "Speaker:" label at the start of a line, and the final check every parsed document passes.
 *
 * Layout of generated text (VTT, SRT, Otter): one paragraph per speaker turn, written
 * `Speaker: text` (or just `text` when the speaker is unknown), paragraphs separated by a blank
 * line ("\n\n"). Each turn's [start, end) covers its paragraph exactly, label included.
 */
import { isValidBoundary } from '../domain/offsets.js';
import { ImportError, type ParsedDocument, type ParsedTurn } from './types.js';

/** Collapses every run of white space (line breaks included) into one space and trims. */
export const cleanInline = (s: string): string => s.replace(/\s+/g, ' ').trim();

export interface TurnDraft {
  speaker: string | null;
  text: string;
  beginMs?: number | null;
  endMs?: number | null;
}

export interface LayoutOptions {
  /**
   * Unlabelled drafts (speaker null) are never merged with labelled ones. With 'sentences', an
   * unlabelled draft is appended to the previous unlabelled paragraph when that one does not end
   * a sentence (caption cues often split a sentence); with 'never' each stays its own paragraph.
   */
  unlabelled?: 'sentences' | 'never';
}

const ENDS_SENTENCE = /[.!?…。！？"”’»)\]]$/u;

/**
 * Lays drafts out as text. Consecutive drafts of the same speaker are merged into one turn, their
 * texts joined with a space, the turn spanning the first draft's begin to the last one's end.
 */
export function layoutTurns(drafts: TurnDraft[], options: LayoutOptions = {}): { text: string; turns: ParsedTurn[] } {
  const merged: { speaker: string | null; parts: string[]; beginMs: number | null; endMs: number | null }[] = [];
  for (const d of drafts) {
    const text = cleanInline(d.text);
    if (text === '') continue;
    const speaker = d.speaker === null ? null : cleanInline(d.speaker) || null;
    const prev = merged[merged.length - 1];
    const sameSpeaker = prev !== undefined && prev.speaker === speaker;
    const join =
      sameSpeaker &&
      (speaker !== null || (options.unlabelled === 'sentences' && !ENDS_SENTENCE.test(prev.parts[prev.parts.length - 1]!)));
    if (join && prev) {
      prev.parts.push(text);
      prev.beginMs ??= d.beginMs ?? null;
      if (d.endMs !== undefined && d.endMs !== null) prev.endMs = d.endMs;
    } else {
      merged.push({ speaker, parts: [text], beginMs: d.beginMs ?? null, endMs: d.endMs ?? null });
    }
  }
  let text = '';
  const turns: ParsedTurn[] = [];
  for (const m of merged) {
    if (text !== '') text += '\n\n';
    const paragraph = (m.speaker === null ? '' : `${m.speaker}: `) + m.parts.join(' ');
    turns.push({ speaker: m.speaker, start: text.length, end: text.length + paragraph.length, beginMs: m.beginMs, endMs: m.endMs });
    text += paragraph;
  }
  return { text, turns };
}

/** Characters a speaker label never contains. */
const NOT_IN_LABEL = /[?!;"“”<>{}=|\\#*~`]/u;

/**
 * A "Name: text" label at the start of a caption line (Zoom cues, SRT): at most 60 characters
 * and 6 words, followed by a colon and white space. Returns the name and the rest of the line.
 */
export function cueSpeakerPrefix(line: string): { speaker: string; rest: string } | null {
  const m = /^\s*(?:>>\s*)?([^\s:：][^:：\n]{0,59}?)\s*(?::\s+|：\s*)(?=\S)/u.exec(line);
  if (!m) return null;
  const speaker = m[1]!.trim();
  if (NOT_IN_LABEL.test(speaker) || speaker.split(/\s+/).length > 6 || !/[\p{L}\p{N}]/u.test(speaker)) return null;
  if (/^\d+$/.test(speaker)) return null; // "10: …" is a number, not a name
  return { speaker, rest: line.slice(m[0].length) };
}

/** "7 turns by 2 speakers", "1 turn by 1 speaker", "12 paragraphs without speaker names". */
export function describeTurns(turns: ParsedTurn[]): string {
  const labelled = turns.filter((t) => t.speaker !== null);
  if (labelled.length === 0) return '';
  const speakers = new Set(labelled.map((t) => t.speaker)).size;
  return `${labelled.length} turn${labelled.length === 1 ? '' : 's'} by ${speakers} speaker${speakers === 1 ? '' : 's'}`;
}

/**
 * The guarantee every parser gives, enforced in one place: text is LF-only without BOM and not
 * blank; turns are sorted, non-overlapping, non-empty, inside the text, never split a surrogate
 * pair, and carry a non-empty speaker or null.
 */
export function finalizeDocument(file: string, doc: ParsedDocument): ParsedDocument {
  let text = doc.text;
  if (text.charCodeAt(0) === 0xfeff || text.includes('\r')) {
    // Parsers normalise before computing offsets; this is a last defence and cannot shift offsets
    // unless a parser broke that rule, in which case dropping the turns is the safe choice.
    text = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  }
  if (text.trim() === '') throw new ImportError(file, 'the file contains no text (only white space)');
  const textChanged = text !== doc.text;
  const turns: ParsedTurn[] = [];
  const candidates = textChanged ? [] : [...doc.turns];
  candidates.sort((a, b) => a.start - b.start || a.end - b.end);
  for (const t of candidates) {
    if (!Number.isInteger(t.start) || !Number.isInteger(t.end)) continue;
    let start = Math.max(0, Math.min(t.start, text.length));
    let end = Math.max(start, Math.min(t.end, text.length));
    if (!isValidBoundary(text, start)) start--;
    if (!isValidBoundary(text, end)) end++;
    const prev = turns[turns.length - 1];
    if (prev && start < prev.end) {
      if (end <= prev.end) continue; // wholly inside the previous turn
      start = prev.end;
    }
    if (end <= start) continue;
    const speaker = typeof t.speaker === 'string' && t.speaker.trim() !== '' ? t.speaker.trim() : null;
    const turn: ParsedTurn = { speaker, start, end };
    const ms = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : null);
    if (t.beginMs !== undefined) turn.beginMs = ms(t.beginMs);
    if (t.endMs !== undefined) turn.endMs = ms(t.endMs);
    turns.push(turn);
  }
  const warnings = [...doc.warnings];
  if (textChanged && doc.turns.length > 0) warnings.push('speaker turns were dropped because the text had to be re-normalised');
  const out: ParsedDocument = { ...doc, text, turns, warnings };
  if (textChanged) delete out.pages;
  return out;
}

/** Everything wrong with a parsed document's invariants, as messages ([] when sound). Used by tests. */
export function documentProblems(doc: ParsedDocument): string[] {
  const problems: string[] = [];
  if (doc.text.includes('\r')) problems.push('text contains a carriage return');
  if (doc.text.charCodeAt(0) === 0xfeff) problems.push('text starts with a BOM');
  if (doc.text.trim() === '') problems.push('text is blank');
  let prevEnd = 0;
  doc.turns.forEach((t, i) => {
    const where = `turn ${i} [${t.start}, ${t.end})`;
    if (!Number.isInteger(t.start) || !Number.isInteger(t.end)) problems.push(`${where}: offsets are not integers`);
    const inside = t.start >= 0 && t.end <= doc.text.length;
    if (!inside) problems.push(`${where}: outside the text (length ${doc.text.length})`);
    if (t.end <= t.start) problems.push(`${where}: empty or reversed`);
    if (t.start < prevEnd) problems.push(`${where}: overlaps or precedes the previous turn (ending ${prevEnd})`);
    if (inside && (!isValidBoundary(doc.text, t.start) || !isValidBoundary(doc.text, t.end))) problems.push(`${where}: splits a surrogate pair`);
    if (t.speaker !== null && t.speaker.trim() === '') problems.push(`${where}: blank speaker`);
    prevEnd = Math.max(prevEnd, t.end);
  });
  for (const p of doc.pages ?? []) {
    if (p.start < 0 || p.end > doc.text.length || p.end < p.start) problems.push(`page [${p.start}, ${p.end}) is outside the text`);
  }
  return problems;
}
