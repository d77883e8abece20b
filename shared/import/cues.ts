/**
 * Caption files: WebVTT (Zoom, Microsoft Teams, generic) and SubRip (.srt).
 *
 * Reading is driven by timing lines ("00:00:01.000 --> 00:00:04.000"), not by blank lines, so a
 * file with missing blank lines between cues still reads correctly: a cue's text runs from its
 * timing line to the next blank line or timing line, and a cue number/identifier standing right
 * before a timing line is recognised as such. WebVTT header lines, NOTE, STYLE and REGION blocks
 * and cue settings ("align:start position:10%") are skipped.
 *
 * Speakers come from WebVTT voice tags (`<v Name>…</v>`, Teams) or from a "Name: " prefix on a
 * cue line (Zoom, many SRT files). Prefixes are only taken as speakers when the file uses them
 * throughout (at least two labelled cues, and half of all cues labelled or a label used twice);
 * a cue without a label then continues the current speaker (some tools label speaker changes
 * only). Consecutive cues of one speaker become one turn (see turns.ts for the text layout).
 */
import { normalizeText } from '../domain/text.js';
import { TIMECODE_SOURCE, parseTimecode } from './timecode.js';
import { cueSpeakerPrefix, describeTurns, layoutTurns, type TurnDraft } from './turns.js';
import { ImportError, type ParsedDocument, type SourceFormat } from './types.js';

export const TIMING_LINE = new RegExp(String.raw`^\s*(${TIMECODE_SOURCE})\s*-->\s*(${TIMECODE_SOURCE})(?:[ \t]+(.*?))?\s*$`);

export interface Cue {
  /** Cue identifier (VTT) or number (SRT), when present. */
  id: string | null;
  beginMs: number;
  endMs: number;
  /** Raw text lines of the cue, markup included. */
  lines: string[];
  /** 1-based line number of the timing line in the file, for messages. */
  lineNumber: number;
}

export interface CueFile {
  hasHeader: boolean;
  cues: Cue[];
  warnings: string[];
}

const VTT_BLOCK = /^(NOTE|STYLE|REGION)(?:[ \t]|$)/;

function looksLikeCueId(line: string, kind: 'vtt' | 'srt'): boolean {
  const t = line.trim();
  if (/^\d+$/.test(t)) return true;
  return kind === 'vtt' && /^[0-9a-f]{8}-[0-9a-f-]{20,}(?:\/[\w-]+)?$/i.test(t);
}

/** Splits a caption file into cues. `text` must be normalised (LF, no BOM). */
export function readCues(text: string, kind: 'vtt' | 'srt'): CueFile {
  const lines = text.split('\n');
  const warnings: string[] = [];
  const cues: Cue[] = [];
  let i = 0;
  const hasHeader = /^WEBVTT(?:[ \t]|$)/.test(lines[0] ?? '');
  if (hasHeader) {
    // the header runs to the first blank line (or a timing line, in a sloppy file)
    i = 1;
    while (i < lines.length && lines[i]!.trim() !== '' && !TIMING_LINE.test(lines[i]!)) i++;
  }
  let current: Cue | null = null; // open cue (no blank line since its timing line)
  let orphans: { line: string; afterBlank: boolean }[] = []; // lines outside any open cue
  let afterBlank = true;
  let skippingBlock = false;
  let strayText = 0;

  const adoptOrphans = (keepLast: boolean) => {
    // lines between cues (after a blank line) that are not a cue id: text that belongs to the
    // previous cue (a blank line inside cue text, common in hand-edited SRT)
    const rest = keepLast ? orphans.slice(0, -1) : orphans;
    const prev = cues[cues.length - 1];
    for (const o of rest) {
      if (prev) prev.lines.push(o.line);
      else strayText++;
    }
    orphans = [];
  };

  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const timing = TIMING_LINE.exec(line);
    if (timing) {
      skippingBlock = false;
      let id: string | null = null;
      if (current && current.lines.length > 0 && looksLikeCueId(current.lines[current.lines.length - 1]!, kind)) {
        id = current.lines.pop()!.trim(); // number of the next cue, blank line missing before it
      } else if (orphans.length > 0) {
        const last = orphans[orphans.length - 1]!;
        if (last.afterBlank || looksLikeCueId(last.line, kind)) {
          id = last.line.trim();
          adoptOrphans(true);
        } else {
          adoptOrphans(false);
        }
      }
      const beginMs = parseTimecode(timing[1]!) ?? 0;
      const endMs = parseTimecode(timing[2]!) ?? beginMs;
      current = { id, beginMs, endMs: Math.max(beginMs, endMs), lines: [], lineNumber: i + 1 };
      cues.push(current);
      afterBlank = false;
      continue;
    }
    if (line.trim() === '') {
      current = null;
      skippingBlock = false;
      afterBlank = true;
      continue;
    }
    if (skippingBlock) continue;
    if (current) {
      current.lines.push(line);
    } else if (kind === 'vtt' && afterBlank && VTT_BLOCK.test(line)) {
      adoptOrphans(false);
      skippingBlock = true;
    } else {
      orphans.push({ line, afterBlank });
    }
    afterBlank = false;
  }
  adoptOrphans(false);
  if (strayText > 0) warnings.push(`${strayText} line${strayText === 1 ? '' : 's'} of text before the first cue ${strayText === 1 ? 'was' : 'were'} ignored`);
  return { hasHeader, cues, warnings };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' };

/** Decodes the character references WebVTT allows. */
export function decodeEntities(s: string): string {
  return s.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi, (whole, dec: string | undefined, hexa: string | undefined, name: string | undefined) => {
    if (name !== undefined) return ENTITIES[name.toLowerCase()] ?? whole;
    const cp = dec !== undefined ? Number(dec) : parseInt(hexa!, 16);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
  });
}

/** WebVTT cue markup other than voice tags: classes, styles, ruby, language, karaoke timestamps. */
// Tag bodies are bounded ({0,500}): unbounded `[^>]*` rescans the rest of the line from every
// "<v " of a line with no ">", which made a line of repeated "<v " quadratic.
const VTT_TAG = /<\/?(?:c|i|b|u|ruby|rt|lang)(?:\.[^\s>]{0,500})?(?:[ \t][^>]{0,500})?>|<\/v>|<\d[\d:.]{0,50}>/gi;
const VOICE_TAG = /<v(?:\.[^\s>]{0,500})?(?:[ \t]+([^>]{0,500}))?>/gi;
/** SubRip markup: basic styling and ASS positioning codes such as {\an8}. */
const SRT_TAG = /<\/?(?:i|b|u|s|font)(?:[ \t][^>]{0,500})?>|\{\\[^}]{0,500}\}/gi;

interface Segment {
  speaker: string | null;
  /** 'voice' from a <v> tag, 'prefix' from "Name: ", null when unlabelled. */
  source: 'voice' | 'prefix' | null;
  text: string;
  /** The line as written (label included), for when a prefix turns out not to be a speaker. */
  whole: string;
  cue: Cue;
}

/** Splits a cue into speaker segments: each line may start a new speaker (voice tag or prefix). */
function segmentCue(cue: Cue, kind: 'vtt' | 'srt'): Segment[] {
  const segments: Segment[] = [];
  for (const raw of cue.lines) {
    if (kind === 'vtt') {
      // a voice tag can appear anywhere in a line; each one starts a segment
      VOICE_TAG.lastIndex = 0;
      let last = 0;
      let voice: string | null | undefined;
      let m: RegExpExecArray | null;
      const pieces: { speaker: string | null | undefined; text: string }[] = [];
      while ((m = VOICE_TAG.exec(raw)) !== null) {
        pieces.push({ speaker: voice, text: raw.slice(last, m.index) });
        voice = decodeEntities((m[1] ?? '').trim()) || null;
        last = m.index + m[0].length;
      }
      pieces.push({ speaker: voice, text: raw.slice(last) });
      for (const p of pieces) {
        const text = decodeEntities(p.text.replace(VTT_TAG, ''));
        if (p.speaker !== undefined) {
          segments.push({ speaker: p.speaker, source: p.speaker === null ? null : 'voice', text, whole: text, cue });
        } else if (text.trim() !== '') pushPlain(segments, text, cue);
      }
    } else {
      pushPlain(segments, raw.replace(SRT_TAG, ''), cue);
    }
  }
  return segments;
}

function pushPlain(segments: Segment[], text: string, cue: Cue): void {
  const prev = segments[segments.length - 1];
  const inVoice = prev !== undefined && prev.cue === cue && prev.source === 'voice';
  const prefix = inVoice ? null : cueSpeakerPrefix(text);
  if (prefix) segments.push({ speaker: prefix.speaker, source: 'prefix', text: prefix.rest, whole: text, cue });
  else if (prev && prev.cue === cue) {
    // next line of the same cue
    prev.text += ' ' + text;
    prev.whole += ' ' + text;
  } else segments.push({ speaker: null, source: null, text, whole: text, cue });
}

export interface CueDocumentOptions {
  encoding: string;
  kind: 'vtt' | 'srt';
  /** File name, for error messages. */
  file: string;
}

/** Parses a WebVTT or SRT file into the turn layout described in turns.ts. */
export function parseCueFile(raw: string, options: CueDocumentOptions): ParsedDocument {
  const text = normalizeText(raw);
  const { kind, file, encoding } = options;
  const { hasHeader, cues, warnings } = readCues(text, kind);
  const label = kind === 'vtt' ? 'WebVTT' : 'SubRip (.srt)';
  if (cues.length === 0) {
    throw new ImportError(file, `the ${label} file contains no captions (no "00:00:00 --> 00:00:05" timing lines)`);
  }
  if (kind === 'vtt' && !hasHeader) warnings.push('the file has no "WEBVTT" header line; it was read as WebVTT anyway');

  const segments = cues.flatMap((c) => segmentCue(c, kind)).filter((s) => s.text.trim() !== '' || s.source === 'voice');
  const voiced = segments.filter((s) => s.source === 'voice');
  const prefixed = segments.filter((s) => s.source === 'prefix');
  const labelCounts = new Map<string, number>();
  for (const s of prefixed) labelCounts.set(s.speaker!, (labelCounts.get(s.speaker!) ?? 0) + 1);
  const usePrefixes =
    voiced.length === 0 &&
    prefixed.length >= 2 &&
    (prefixed.length * 2 >= segments.length || [...labelCounts.values()].some((n) => n >= 2));

  const drafts: TurnDraft[] = [];
  let currentSpeaker: string | null = null;
  for (const s of segments) {
    let speaker: string | null;
    let body = s.text;
    if (s.source === 'voice' || (s.source === 'prefix' && usePrefixes)) speaker = s.speaker;
    else {
      body = s.whole; // a "Name: " that is not a speaker label stays in the text as written
      speaker = voiced.length > 0 || usePrefixes ? currentSpeaker : null;
    }
    currentSpeaker = speaker;
    drafts.push({ speaker, text: body, beginMs: s.cue.beginMs, endMs: s.cue.endMs });
  }
  const { text: out, turns } = layoutTurns(drafts, { unlabelled: 'sentences' });
  if (out === '') throw new ImportError(file, `the ${label} file has ${cues.length} cue${cues.length === 1 ? '' : 's'} but no caption text`);

  let format: SourceFormat;
  let what: string;
  if (kind === 'srt') {
    format = 'srt';
    what = 'SubRip (.srt) subtitles';
  } else if (voiced.length > 0) {
    format = 'vtt-teams';
    const teamsIds = cues.some((c) => c.id !== null && /^[0-9a-f]{8}-[0-9a-f-]{20,}\/\d+-\d+$/i.test(c.id));
    what = teamsIds ? 'Microsoft Teams WebVTT transcript' : 'WebVTT transcript with voice tags';
  } else if (usePrefixes) {
    format = 'vtt-zoom';
    what = 'Zoom WebVTT transcript';
  } else {
    format = 'vtt';
    what = 'WebVTT subtitles';
  }
  const described = describeTurns(turns);
  const cueCount = `${cues.length} cue${cues.length === 1 ? '' : 's'}`;
  return {
    text: out,
    format,
    detected: `${what}, ${encoding}, ${described ? `${described} from ${cueCount}` : `${cueCount} without speaker names`}`,
    turns,
    warnings,
  };
}
