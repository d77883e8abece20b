/**
 * Otter.ai text export: a header line "Speaker Name  0:08" (or "1:02:03" past an hour; the name
 * may be missing when Otter did not identify speakers), then the words on the following lines,
 * a blank line between blocks. Rewritten into the turn layout of turns.ts ("Speaker: text"),
 * with the header time as beginMs. Consecutive blocks of one speaker merge into one turn. The
 * free-plan footer "Transcribed by https://otter.ai" is dropped.
 */
import { normalizeText } from '../domain/text.js';
import { parseTimecode } from './timecode.js';
import { describeTurns, layoutTurns, type TurnDraft } from './turns.js';
import { ImportError, type ParsedDocument } from './types.js';

const HEADER = /^(?:(\S.{0,79}?)[ \t]+)?((?:\d{1,3}:)?\d{1,2}:\d{2})[ \t]*$/;
const FOOTER = /^\s*Transcribed by\s+https?:\/\/(?:www\.)?otter\.ai\S*\s*$/i;

export interface OtterHeader {
  speaker: string | null;
  beginMs: number;
}

export function parseOtterHeader(line: string): OtterHeader | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  const beginMs = parseTimecode(m[2]!);
  if (beginMs === null) return null;
  const speaker = m[1]?.trim() || null;
  if (speaker !== null && (/[:：]$/.test(speaker) || speaker.split(/\s+/).length > 6)) return null;
  return { speaker, beginMs };
}

const looksLikeName = (label: string) => label.split(/\s+/).every((w) => /^[\p{Lu}\p{Lt}\p{Lo}\p{N}]/u.test(w));

/**
 * Indexes of the lines that are block headers. A header follows a blank line (or starts the
 * file), and its name is absent, used on two or more headers, or name-like (every word
 * capitalised) — so a sentence ending in a time ("we met at 9:30") is not taken for one.
 */
function headerLines(lines: string[]): Map<number, OtterHeader> {
  const candidates = new Map<number, OtterHeader>();
  const counts = new Map<string, number>();
  lines.forEach((line, i) => {
    if (i > 0 && lines[i - 1]!.trim() !== '') return;
    const h = parseOtterHeader(line);
    if (!h) return;
    candidates.set(i, h);
    if (h.speaker !== null) counts.set(h.speaker, (counts.get(h.speaker) ?? 0) + 1);
  });
  for (const [i, h] of candidates) {
    if (h.speaker !== null && counts.get(h.speaker)! < 2 && !looksLikeName(h.speaker)) candidates.delete(i);
  }
  return candidates;
}

/**
 * True when the text reads as an Otter export: its first non-blank line is a header, and at
 * least two headers are each followed (after optional blank lines) by a line of text.
 */
export function looksLikeOtter(text: string): boolean {
  const lines = text.split('\n');
  const headers = headerLines(lines);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1 || !headers.has(first)) return false;
  let withText = 0;
  for (const i of headers.keys()) {
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    if (j < lines.length && !headers.has(j)) withText++;
  }
  return withText >= 2 && withText * 2 >= headers.size;
}

export function parseOtter(raw: string, encoding: string, file: string): ParsedDocument {
  const text = normalizeText(raw);
  const drafts: TurnDraft[] = [];
  const warnings: string[] = [];
  let current: TurnDraft | null = null;
  const lines = text.split('\n');
  const headers = headerLines(lines);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const header = headers.get(i);
    if (header) {
      current = { speaker: header.speaker, text: '', beginMs: header.beginMs, endMs: null };
      drafts.push(current);
    } else if (FOOTER.test(line)) {
      warnings.push('the Otter.ai footer "Transcribed by https://otter.ai" was left out');
    } else if (current) {
      current.text += (current.text ? ' ' : '') + line;
    } else {
      // text before the first header keeps its place, without a speaker
      current = { speaker: null, text: line, beginMs: null, endMs: null };
      drafts.push(current);
    }
  }
  const { text: out, turns } = layoutTurns(drafts, { unlabelled: 'never' });
  if (out === '') throw new ImportError(file, 'the Otter.ai transcript has speaker headings but no spoken text');
  const described = describeTurns(turns);
  return {
    text: out,
    format: 'otter',
    detected: `Otter.ai transcript, ${encoding}${described ? `, ${described}` : ''}`,
    turns,
    warnings,
  };
}
