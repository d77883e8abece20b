/**
 * The passage to code around a search hit: the hit itself, its sentence, its paragraph or its
 * speaker turn. Ranges are UTF-16 [start, end) and trimmed of surrounding white space; the
 * "Speaker:" label that starts a turn is left out of sentence, paragraph and turn passages.
 */
import { paragraphs } from '../domain/text.js';
import type { AutoCodeScope } from './types.js';

export interface TurnRange {
  start: number;
  end: number;
  speaker: string | null;
}

export interface Range {
  start: number;
  end: number;
}

function trim(text: string, start: number, end: number): Range {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Skips a leading "Label:" (the turn's speaker) when the range starts where the turn starts. */
function skipLabel(text: string, range: Range, turns: readonly TurnRange[]): Range {
  const turn = turns.find((t) => t.start === range.start && t.speaker);
  if (!turn) return range;
  const label = `${turn.speaker}:`;
  if (text.startsWith(label, range.start) && range.start + label.length < range.end) {
    return trim(text, range.start + label.length, range.end);
  }
  return range;
}

/** The paragraph(s) (non-blank lines) covering [start, end). */
export function paragraphRange(text: string, start: number, end: number): Range {
  const paras = paragraphs(text);
  const first = paras.find((p) => p.start <= start && start <= p.end) ?? { start, end };
  const last = [...paras].reverse().find((p) => p.start < end && end <= p.end) ?? first;
  return trim(text, first.start, Math.max(last.end, end));
}

let segmenter: Intl.Segmenter | null = null;

/** The sentence(s) covering [start, end), never crossing a paragraph. */
export function sentenceRange(text: string, start: number, end: number): Range {
  const para = paragraphRange(text, start, end);
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'sentence' });
  const body = text.slice(para.start, para.end);
  let from = para.start;
  let to = para.end;
  for (const seg of segmenter.segment(body)) {
    const s = para.start + seg.index;
    const e = s + seg.segment.length;
    if (s <= start && start < e) from = s;
    if (s < end && end <= e) {
      to = e;
      break;
    }
  }
  return trim(text, from, Math.max(to, end));
}

/** The turn containing `start`; falls back to the paragraph when the text has no turn there. */
export function turnRange(text: string, start: number, end: number, turns: readonly TurnRange[]): Range {
  const turn = turns.find((t) => t.start <= start && start < t.end);
  if (!turn) return paragraphRange(text, start, end);
  return trim(text, turn.start, Math.max(turn.end, end));
}

export function scopeRange(text: string, hit: Range, scope: AutoCodeScope, turns: readonly TurnRange[] = []): Range {
  switch (scope) {
    case 'hit':
      return { start: hit.start, end: hit.end };
    case 'sentence':
      return skipLabel(text, sentenceRange(text, hit.start, hit.end), turns);
    case 'paragraph':
      return skipLabel(text, paragraphRange(text, hit.start, hit.end), turns);
    case 'turn':
      return skipLabel(text, turnRange(text, hit.start, hit.end, turns), turns);
  }
}
