/**
 * Text positions at the REFI-QDA boundary.
 *
 * WEFT: UTF-16 code units, end-exclusive, over the text with the BOM removed and every line end
 * normalised to LF (shared/domain/offsets.ts).
 *
 * THE FILES (see the reference NOTES, §6):
 * - The standard (§10.2) says Unicode code points, first = 0. qc, MAXQDA and QualCoder follow it.
 * - NVivo writes UTF-16 code units, end-exclusive, over the .txt as stored (BOM removed, CRLF kept
 *   as two units). Verified on real exports: only UTF-16 slicing lands on word boundaries.
 * - ATLAS.ti counts a CRLF as one position when its .txt uses CRLF.
 * So positions are read in the producer's unit over the raw text, then mapped onto Weft's
 * normalised text. On export Weft writes code points over LF text without BOM, which is the
 * standard and equals UTF-16 for text without astral characters (emoji, some CJK).
 */
import { OffsetMap } from '../domain/offsets.js';
import { decodeText } from '../import/decode.js';
import type { ExchangeSelection } from './model.js';

export type PositionUnit = 'utf16' | 'codepoint' | 'codepoint-crlf1';

export const UNIT_LABEL: Record<PositionUnit, string> = {
  utf16: 'UTF-16 code units',
  codepoint: 'Unicode code points',
  'codepoint-crlf1': 'code points with CRLF counted as one',
};

export interface DecodedSourceText {
  /** The text as stored, BOM removed, line endings untouched. */
  raw: string;
  encoding: string;
  warnings: string[];
}

/**
 * Bytes of a source .txt → text, by the same decoder as `weft import` (shared/import/decode.ts):
 * UTF-8 (BOM stripped) per §9.1.2; UTF-16 with a BOM or recognised without one; bytes that are
 * not UTF-8 read as Windows-1252 (0x80–0x9F as “ ” € …, not as C1 controls). An empty file is
 * empty text; binary data is refused (ImportError naming `file`).
 */
export function decodeSourceBytes(bytes: Uint8Array, file = 'source file'): DecodedSourceText {
  if (bytes.length === 0) return { raw: '', encoding: 'UTF-8', warnings: [] };
  const decoded = decodeText(file, bytes);
  const positions = '(positions may be off if the producer counted differently)';
  let warnings: string[];
  if (decoded.encoding === 'Windows-1252') warnings = [`is not valid UTF-8; it was read as Windows-1252 ${positions}`];
  else if (decoded.encoding === 'UTF-8 mixed with Windows-1252') warnings = decoded.warnings.map((w) => `is not entirely valid UTF-8: ${w} ${positions}`);
  else warnings = decoded.warnings.map((w) => `was read as ${decoded.encoding}, but ${w}`);
  return { raw: decoded.text, encoding: decoded.encoding, warnings };
}

/** The unit the producer is known to write. */
export function defaultUnit(origin: string | undefined, raw: string): PositionUnit {
  const o = (origin ?? '').trim().toLowerCase();
  if (o.startsWith('nvivo')) return 'utf16';
  if (o.includes('atlas') && raw.includes('\r')) return 'codepoint-crlf1';
  return 'codepoint';
}

const CR = 13;
const LF = 10;
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Flags for positions that fall inside something that is one unit in Weft. */
const INSIDE_CRLF = 1;
const INSIDE_PAIR = 2;

/**
 * One raw text, its Weft normalisation, and the mapping from each position unit to Weft offsets.
 * Built in O(n) per unit actually used.
 */
export class SourceTextIndex {
  /** Weft's text: LF line ends, no BOM (the BOM is already gone in `raw`). */
  readonly text: string;
  private readonly maps = new Map<PositionUnit, { map: Int32Array; flags: Uint8Array }>();

  constructor(readonly raw: string) {
    this.text = raw.replace(/\r\n?/g, '\n');
  }

  /** True when every unit gives the same positions (no CR, no astral characters). */
  get unitsAgree(): boolean {
    return !/[\r\ud800-\udbff]/.test(this.raw);
  }

  private build(unit: PositionUnit) {
    const raw = this.raw;
    const n = raw.length;
    const map = new Int32Array(n + 1);
    const flags = new Uint8Array(n + 1);
    let u = 0; // position in the producer's unit
    let w = 0; // Weft offset
    for (let i = 0; i < n; i++) {
      const c = raw.charCodeAt(i);
      if (c === CR && i + 1 < n && raw.charCodeAt(i + 1) === LF) {
        map[u] = w;
        if (unit === 'codepoint-crlf1') {
          u += 1;
        } else {
          map[u + 1] = w + 1;
          flags[u + 1] = INSIDE_CRLF;
          u += 2;
        }
        w += 1;
        i++;
      } else if (isHigh(c) && i + 1 < n && isLow(raw.charCodeAt(i + 1))) {
        map[u] = w;
        if (unit === 'utf16') {
          map[u + 1] = w;
          flags[u + 1] = INSIDE_PAIR;
          u += 2;
        } else {
          u += 1;
        }
        w += 2;
        i++;
      } else {
        map[u] = w;
        u += 1;
        w += 1;
      }
    }
    map[u] = w;
    const entry = { map: map.subarray(0, u + 1), flags: flags.subarray(0, u + 1) };
    this.maps.set(unit, entry);
    return entry;
  }

  private get(unit: PositionUnit) {
    return this.maps.get(unit) ?? this.build(unit);
  }

  /** Length of the raw text in `unit`. */
  length(unit: PositionUnit): number {
    return this.get(unit).map.length - 1;
  }

  /**
   * Maps one place in `unit` (a sync point's position) to a Weft offset: 0 to the text's length
   * inclusive; a place inside a surrogate pair or a CRLF is moved after it.
   */
  mapPoint(unit: PositionUnit, position: number): { offset: number } | { dropped: string } {
    const { map, flags } = this.get(unit);
    const len = map.length - 1;
    if (position < 0) return { dropped: `negative position ${position}` };
    if (position > len) return { dropped: `it is beyond the end of the text (length ${len} ${UNIT_LABEL[unit]})` };
    return { offset: map[position]! + (flags[position] === INSIDE_PAIR ? 2 : 0) };
  }

  /**
   * Maps a range in `unit` to Weft offsets. Out-of-range ends are clamped, positions inside a
   * CRLF or a surrogate pair are moved outward; each such repair is described in `repairs`.
   * Returns `dropped` with a reason when nothing sensible remains.
   */
  mapRange(unit: PositionUnit, start: number, end: number): { start: number; end: number; repairs: string[] } | { dropped: string } {
    const { map, flags } = this.get(unit);
    const len = map.length - 1;
    const repairs: string[] = [];
    if (start < 0 || end < 0) return { dropped: `negative position ${Math.min(start, end)}` };
    if (end < start) return { dropped: `the end ${end} is before the start ${start}` };
    if (start >= len) return { dropped: `it starts at ${start}, beyond the end of the text (length ${len} ${UNIT_LABEL[unit]})` };
    if (end > len) {
      repairs.push(`end ${end} was past the end of the text (length ${len}); clamped`);
      end = len;
    }
    const s = map[start]!;
    let e = map[end]!;
    if (flags[start] === INSIDE_PAIR) repairs.push(`start ${start} split an astral character; moved before it`);
    if (flags[end] === INSIDE_PAIR) {
      e += 2;
      repairs.push(`end ${end} split an astral character; moved after it`);
    }
    if (flags[start] === INSIDE_CRLF) repairs.push(`start ${start} fell between CR and LF; moved after the line break`);
    if (flags[end] === INSIDE_CRLF) repairs.push(`end ${end} fell between CR and LF; moved after the line break`);
    if (e <= s) return { dropped: start === end ? 'it is empty (start equals end)' : 'it is empty once mapped' };
    return { start: s, end: e, repairs };
  }
}

/** A name that looks like the quoted passage (ATLAS.ti writes the quotation text as the name). */
function quoteOf(name: string | undefined): string | null {
  if (!name) return null;
  const q = name.replace(/[…\s]+$/u, '').replace(/\s+/g, ' ').trim();
  if (q.length < 4 || /^(line:\d+|quotation \d+:\d+)$/i.test(q)) return null;
  return q;
}

/**
 * Picks the unit for one source: the producer's known unit, unless the selections' names quote
 * their passages and another unit matches those quotes clearly better.
 */
export function chooseUnit(index: SourceTextIndex, origin: string | undefined, selections: ExchangeSelection[]): { unit: PositionUnit; note?: string } {
  const preferred = defaultUnit(origin, index.raw);
  if (index.unitsAgree) return { unit: preferred };
  const quoted = selections.map((s) => ({ s, q: quoteOf(s.name) })).filter((x) => x.q !== null);
  if (quoted.length === 0) return { unit: preferred };
  const score = (unit: PositionUnit) => {
    let hits = 0;
    for (const { s, q } of quoted) {
      const r = index.mapRange(unit, s.startPosition, s.endPosition);
      if ('dropped' in r) continue;
      const got = index.text.slice(r.start, r.end).replace(/\s+/g, ' ').trim();
      if (got.startsWith(q!.slice(0, Math.min(q!.length, 40)))) hits++;
    }
    return hits;
  };
  const candidates: PositionUnit[] = ['utf16', 'codepoint', 'codepoint-crlf1'];
  const base = score(preferred);
  let best = preferred;
  let bestScore = base;
  for (const u of candidates) {
    if (u === preferred) continue;
    const sc = score(u);
    if (sc > bestScore) {
      best = u;
      bestScore = sc;
    }
  }
  if (best !== preferred && bestScore >= Math.max(2, base * 2)) {
    return {
      unit: best,
      note: `positions were read as ${UNIT_LABEL[best]} rather than ${UNIT_LABEL[preferred]}: ${bestScore} of ${quoted.length} quoted selections match that way (${base} otherwise)`,
    };
  }
  return { unit: preferred };
}

/** Weft offsets → code points over the same (LF) text, for export. */
export function toCodePoints(text: string, start: number, end: number, map = new OffsetMap(text)): { startPosition: number; endPosition: number } {
  return { startPosition: map.toCodePoint(start), endPosition: map.toCodePoint(end) };
}

/** True when the text has characters outside the BMP (where code points and UTF-16 differ). */
export const hasAstral = (text: string) => /[\ud800-\udbff][\udc00-\udfff]/.test(text);
