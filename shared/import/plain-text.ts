/** Plain text and Markdown: paragraphs kept; "Name: text" lines become speaker turns. */
import { normalizeText } from '../domain/text.js';
import type { ParsedDocument, ParsedTurn } from './types.js';

const SPEAKER_LINE = /^([\p{Lu}][\p{L}\p{M}.'’\- ]{0,40}?)\s*:\s+\S/u;

/** Finds "Speaker: text" paragraphs. Only used when at least two paragraphs look like turns. */
export function speakerPrefixedTurns(text: string): ParsedTurn[] {
  const turns: ParsedTurn[] = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    const m = SPEAKER_LINE.exec(line);
    if (m) {
      turns.push({ speaker: m[1]!.trim(), start: pos, end: pos + line.length });
    } else if (line.trim() !== '' && turns.length > 0 && turns[turns.length - 1]!.end === pos - 1) {
      // continuation paragraph directly under a turn belongs to it
      turns[turns.length - 1]!.end = pos + line.length;
    }
    pos += line.length + 1;
  }
  return turns.length >= 2 ? turns : [];
}

export function parsePlainText(raw: string, encoding: string, markdown = false): ParsedDocument {
  const text = normalizeText(raw);
  const turns = speakerPrefixedTurns(text);
  const kind = markdown ? 'Markdown' : 'plain text';
  const speakers = new Set(turns.map((t) => t.speaker)).size;
  return {
    text,
    format: markdown ? 'markdown' : 'text',
    detected: `${kind}, ${encoding}${turns.length ? `, ${turns.length} turns by ${speakers} speakers` : ''}`,
    turns,
    warnings: [],
  };
}
