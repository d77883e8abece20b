/**
 * Plain text and Markdown: the text is kept exactly (only BOM and line endings normalised), and
 * lines starting with a speaker label become speaker turns.
 *
 * A speaker line is "Name: text". Also recognised: a timestamp before or after the name
 * ("[00:12] Name: …", "Name (1:02:03): …"), a full-width colon ("王明：…"), and in Markdown a
 * bold label ("**Name:** …" or "**Name**: …").
 *
 * Which labels count: to keep header lines such as "Date: 12 May" or "Location: Zoom" out, a
 * label must occur on at least two lines; a label seen only once counts only after the first
 * line of a repeated speaker and when it looks like a name (every word capitalised, e.g.
 * "Observer", "Dr Ana Silva", "Speaker 3"). When no label repeats at all (a very short
 * exchange), name-like labels count if they start at least half of the non-blank lines. At
 * least two turns are needed, else there are none.
 *
 * Extent of a turn: from the start of its speaker line to the end of the last non-blank line
 * before the next speaker line, so a multi-paragraph answer belongs to its speaker. Text before
 * the first speaker line (a title, a header) belongs to no turn.
 */
import { normalizeText } from '../domain/text.js';
import { TIMECODE_SOURCE, parseTimecode } from './timecode.js';
import { describeTurns } from './turns.js';
import type { ParsedDocument, ParsedTurn } from './types.js';

const NAME = String.raw`[\p{Lu}\p{Lt}\p{Lo}][\p{L}\p{M}\p{N}.'’\- ]{0,40}?`;
const TS = TIMECODE_SOURCE;
const SPEAKER_LINE = new RegExp(
  String.raw`^(?:[\[(]?(${TS})[\])]?\s+)?(${NAME})(?:\s+[\[(]?(${TS})[\])]?)?\s*(?::\s+|：\s*)(?=\S)`,
  'u',
);
const MD_SPEAKER_LINE = new RegExp(
  String.raw`^(?:[\[(]?(${TS})[\])]?\s+)?(\*\*|__)(${NAME})(?:\s+[\[(]?(${TS})[\])]?)?\s*(?::\s*\2|\2\s*:)\s*(?=\S)`,
  'u',
);

export interface SpeakerLine {
  speaker: string;
  beginMs: number | null;
}

/** The speaker label at the start of `line`, if any (see the module comment for the forms). */
export function parseSpeakerLine(line: string, markdown = false): SpeakerLine | null {
  if (markdown) {
    const md = MD_SPEAKER_LINE.exec(line);
    if (md) return { speaker: md[3]!.trim(), beginMs: parseTimecode(md[1] ?? md[4] ?? '') };
  }
  const m = SPEAKER_LINE.exec(line);
  if (!m) return null;
  const speaker = m[2]!.trim();
  if (speaker.split(/\s+/).length > 5) return null;
  return { speaker, beginMs: parseTimecode(m[1] ?? m[3] ?? '') };
}

const looksLikeName = (label: string) => label.split(/\s+/).every((w) => /^[\p{Lu}\p{Lt}\p{Lo}\p{N}]/u.test(w));

export interface LabelledLine {
  /** Offset of the line's first character in the text. */
  start: number;
  speaker: string;
  beginMs: number | null;
}

/**
 * Turns from lines already known to start a turn (sorted by offset): each runs from its line to
 * the last non-blank character before the next one. `stopAt` marks lines that end a turn without
 * starting one (e.g. Markdown headings).
 */
export function turnsFromLabelledLines(
  text: string,
  lines: LabelledLine[],
  stopAt?: (line: string, offset: number) => boolean,
): ParsedTurn[] {
  const turns: ParsedTurn[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    let limit = i + 1 < lines.length ? lines[i + 1]!.start : text.length;
    if (stopAt) {
      // the first stop line after the turn's own line ends it
      let pos = text.indexOf('\n', l.start);
      while (pos !== -1 && pos + 1 < limit) {
        const next = text.indexOf('\n', pos + 1);
        const line = text.slice(pos + 1, next === -1 ? text.length : next);
        if (stopAt(line, pos + 1)) {
          limit = pos + 1;
          break;
        }
        pos = next;
      }
    }
    let end = limit;
    while (end > l.start && /\s/.test(text[end - 1]!)) end--;
    if (end > l.start) turns.push({ speaker: l.speaker, start: l.start, end, ...(l.beginMs === null ? {} : { beginMs: l.beginMs }) });
  }
  return turns;
}

/**
 * THE rule for whether labelled lines are evidence of speakers, used by every import path that
 * finds speakers from `Name:` labels (plain text, Markdown, PDF, Word — bold or plain labels —
 * and the text sources of a REFI-QDA project). Headlines ("Update: …", "Breaking: …"), form
 * fields and notes use the same pattern, so one `Name:` is not enough:
 *
 * - a dialogue: at least two labels each used at least twice, or one label used at least twice
 *   alongside other name-like labels; or, in a very short exchange where nobody speaks twice, at
 *   least two different name-like labels;
 * - or a monologue: one label on at least 5 lines that are nearly all (80 %) of the text;
 * - and in every case most of the text is turns: at least half of the non-blank lines from the
 *   first labelled line on start with a label (a headline followed by comments does not); a label
 *   alone on its line counts together with the line after it.
 *
 * `lines` are the accepted labelled lines (sorted by offset).
 */
export function hasSpeakerEvidence(text: string, lines: readonly { start: number; speaker: string }[]): boolean {
  if (lines.length < 2) return false;
  const counts = new Map<string, number>();
  for (const l of lines) {
    const key = l.speaker.toLocaleLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const from = lines[0]!.start;
  const nonBlank = text
    .slice(from)
    .split('\n')
    .filter((l) => l.trim() !== '').length;
  // A label alone on its line (Word: a bold "Interviewer:" paragraph) and the paragraph after it are one turn start.
  const labelOnly = lines.filter((l) => {
    const end = text.indexOf('\n', l.start);
    return text.slice(l.start, end === -1 ? undefined : end).replace(/[*_:：\s]/gu, '') === l.speaker.replace(/\s/gu, '');
  }).length;
  const share = lines.length / Math.max(1, nonBlank - labelOnly);
  const repeated = [...counts.values()].filter((n) => n >= 2).length;
  const distinct = counts.size;
  const dialogue = repeated >= 2 || (repeated === 1 && distinct >= 2) || (repeated === 0 && distinct >= 2 && lines.every((l) => looksLikeName(l.speaker)));
  const monologue = counts.size === 1 && lines.length >= MONOLOGUE_MIN_LINES && share >= MONOLOGUE_SHARE;
  return (dialogue && share >= DIALOGUE_SHARE) || monologue;
}

/** The thresholds of `hasSpeakerEvidence` (documented in README "Text layout and turns"). */
const DIALOGUE_SHARE = 0.5;
const MONOLOGUE_MIN_LINES = 5;
const MONOLOGUE_SHARE = 0.8;

/**
 * Finds "Speaker: text" turns in normalised text; [] unless the labels are evidence of speakers
 * (`hasSpeakerEvidence`) and at least two turns are found.
 */
export function speakerPrefixedTurns(text: string, markdown = false): ParsedTurn[] {
  const candidates: (LabelledLine & { key: string })[] = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    const found = parseSpeakerLine(line, markdown);
    if (found) candidates.push({ ...found, start: pos, key: found.speaker.toLocaleLowerCase() });
    pos += line.length + 1;
  }
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(c.key, (counts.get(c.key) ?? 0) + 1);
  const firstRepeated = candidates.findIndex((c) => counts.get(c.key)! >= 2);
  // Header lines ("Date: …") are left out first: a label must repeat, or look like a name inside the dialogue.
  const accepted: LabelledLine[] =
    firstRepeated === -1 ? candidates.filter((c) => looksLikeName(c.speaker)) : candidates.filter((c, i) => counts.get(c.key)! >= 2 || (i > firstRepeated && looksLikeName(c.speaker)));
  // The evidence also counts a name-like label before the first repeated one ("Interviewer: …" asked once, then "Dan: …" twice).
  const evidence = firstRepeated === -1 ? accepted : candidates.filter((c) => counts.get(c.key)! >= 2 || looksLikeName(c.speaker));
  if (!hasSpeakerEvidence(text, evidence)) return [];
  const turns = turnsFromLabelledLines(text, accepted, markdown ? (line) => /^#{1,6}\s/.test(line) : undefined);
  return turns.length >= 2 ? turns : [];
}

/**
 * The document without speakers (detection turned off for it): turns keep only what is not a
 * speaker — timings from subtitles; turns that carried nothing but a speaker are dropped.
 */
export function withoutSpeakers(doc: ParsedDocument): ParsedDocument {
  if (!doc.turns.some((t) => t.speaker)) return doc;
  const turns = doc.turns.filter((t) => t.beginMs != null || t.endMs != null).map((t) => ({ ...t, speaker: null }));
  const described = describeTurns(doc.turns);
  const at = doc.detected.indexOf(`, ${described}`);
  const detected = at === -1 ? doc.detected : doc.detected.slice(0, at) + doc.detected.slice(at + described.length + 2).replace(/^ \([^)]*\)/, '');
  return { ...doc, turns, detected: `${detected}, speaker detection off` };
}

export function parsePlainText(raw: string, encoding: string, markdown = false): ParsedDocument {
  const text = normalizeText(raw);
  const turns = speakerPrefixedTurns(text, markdown);
  const kind = markdown ? 'Markdown' : 'plain text';
  const described = describeTurns(turns);
  return {
    text,
    format: markdown ? 'markdown' : 'text',
    detected: `${kind}, ${encoding}${described ? `, ${described}` : ''}`,
    turns,
    warnings: [],
  };
}
