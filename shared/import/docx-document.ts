/**
 * Word documents, after the Node side (electron/import/docx.ts) has read the .docx into blocks:
 * the pure part — text layout and speaker turns.
 *
 * Layout: one paragraph of text per non-empty Word paragraph, paragraphs separated by a blank
 * line ("\n\n"); a line break inside a Word paragraph stays "\n", a tab "\t". Empty paragraphs
 * (spacing) are dropped. A table row becomes one paragraph, its cells separated by tabs — except
 * in a transcript table (rows of speaker | text, optionally with a time column), whose rows are
 * written "Speaker: text" like the caption formats.
 *
 * Turns, by the first rule that finds at least two:
 *  1. bold speaker labels: a paragraph starting with bold "Name:" (or bold "Name" then ":"), or
 *     a paragraph that is only a bold "Name:" with the words in the paragraphs below;
 *  2. transcript-table rows;
 *  3. an Otter.ai layout ("Name  0:08" paragraphs), rewritten as for Otter text exports;
 *  4. plain "Name: text" paragraphs, as in plain text.
 * A turn runs until the next turn or heading, so a multi-paragraph answer stays with its speaker.
 */
import { looksLikeOtter, parseOtter } from './otter.js';
import { hasSpeakerEvidence, parseSpeakerLine, speakerPrefixedTurns, turnsFromLabelledLines, type LabelledLine } from './plain-text.js';
import { parseTimecode } from './timecode.js';
import { cueSpeakerPrefix, describeTurns } from './turns.js';
import { ImportError, type ParsedDocument, type ParsedTurn } from './types.js';

export interface DocxRun {
  text: string;
  bold: boolean;
}

export type DocxBlock =
  | { type: 'paragraph'; runs: DocxRun[]; heading?: boolean }
  /** Each row is its cells' text (a cell's paragraphs joined with a space). */
  | { type: 'table'; rows: string[][] };

/** Name (and time) from a label such as "Interviewer", "Dr Ana Silva (00:12:03)". */
function parseLabel(label: string): { speaker: string; beginMs: number | null } | null {
  const trimmed = label.trim();
  if (trimmed === '' || trimmed.length > 80) return null;
  const strict = parseSpeakerLine(`${trimmed}: x`);
  if (strict && `${strict.speaker}`.length > 0) return strict;
  const loose = cueSpeakerPrefix(`${trimmed}: x`);
  return loose ? { speaker: loose.speaker, beginMs: null } : null;
}

/** The bold speaker label that starts a paragraph, if any. */
function boldLabel(runs: DocxRun[]): { speaker: string; beginMs: number | null } | null {
  let bold = '';
  let k = 0;
  for (; k < runs.length; k++) {
    const r = runs[k]!;
    if (r.bold) bold += r.text;
    else if (r.text.trim() === '' && bold === '') continue;
    else break;
  }
  const rest = runs
    .slice(k)
    .map((r) => r.text)
    .join('');
  const b = bold.trim();
  if (b === '') return null;
  let label: string | null = null;
  if (/[:：]$/.test(b)) label = b.slice(0, -1);
  else if (/^\s*[:：]/.test(rest)) label = b;
  if (label === null) return null;
  return parseLabel(label);
}

interface TableRowTurn {
  speaker: string;
  text: string;
  beginMs: number | null;
}

/** Reads a table as a transcript (speaker | text, or time | speaker | text, …) or returns null. */
function transcriptTable(rows: string[][]): TableRowTurn[] | null {
  const turns: TableRowTurn[] = [];
  let matching = 0;
  for (const row of rows) {
    const cells = row.map((c) => c.trim()).filter((c) => c !== '');
    const time = cells.find((c) => parseTimecode(c.replace(/^\[|\]$/g, '')) !== null);
    const others = cells.filter((c) => c !== time);
    if (others.length !== 2) continue;
    const label = others[0]!.length <= 60 ? parseLabel(others[0]!.replace(/[:：]$/, '')) : null;
    if (!label) continue;
    matching++;
    turns.push({ speaker: label.speaker, text: others[1]!, beginMs: time ? parseTimecode(time.replace(/^\[|\]$/g, '')) : null });
  }
  // a transcript table: at least two such rows, and (nearly) all non-empty rows are such rows
  const nonEmpty = rows.filter((r) => r.some((c) => c.trim() !== '')).length;
  return matching >= 2 && matching >= nonEmpty - 1 ? turns : null;
}

const runText = (runs: DocxRun[]) =>
  runs
    .map((r) => r.text)
    .join('')
    .replace(/\r\n?/g, '\n')
    .replace(/\s+$/, '');

export function buildDocxDocument(file: string, blocks: DocxBlock[], warnings: string[] = []): ParsedDocument {
  let text = '';
  const boldLines: LabelledLine[] = [];
  const tableTurns: ParsedTurn[] = [];
  const headingStarts = new Set<number>();
  let paragraphs = 0;
  let tables = 0;
  let transcriptTables = 0;
  const append = (p: string) => {
    if (text !== '') text += '\n\n';
    const start = text.length;
    text += p;
    paragraphs++;
    return start;
  };

  for (const block of blocks) {
    if (block.type === 'paragraph') {
      const p = runText(block.runs);
      if (p.trim() === '') continue;
      const start = append(p);
      if (block.heading) headingStarts.add(start);
      const label = block.heading ? null : boldLabel(block.runs);
      if (label) boldLines.push({ start, ...label });
      continue;
    }
    tables++;
    const asTranscript = transcriptTable(block.rows);
    if (asTranscript) {
      transcriptTables++;
      for (const row of asTranscript) {
        const p = `${row.speaker}: ${row.text.replace(/\s+/g, ' ')}`;
        const start = append(p);
        tableTurns.push({ speaker: row.speaker, start, end: start + p.length, ...(row.beginMs === null ? {} : { beginMs: row.beginMs }) });
      }
    } else {
      for (const row of block.rows) {
        const p = row.map((c) => c.replace(/\s+/g, ' ').trim()).join('\t').replace(/\s+$/, '');
        if (p.trim() !== '') append(p);
      }
    }
  }
  if (text.trim() === '') throw new ImportError(file, 'the Word document contains no text');

  const notes = [...warnings];
  if (tables > transcriptTables) notes.push('tables were imported row by row, cells separated by tabs');

  const stopAtHeading = (_line: string, offset: number) => headingStarts.has(offset);
  let turns: ParsedTurn[] = [];
  let how = '';
  if (hasSpeakerEvidence(text, boldLines)) {
    turns = turnsFromLabelledLines(text, boldLines, stopAtHeading);
    how = 'bold speaker names';
  } else if (tableTurns.length >= 2) {
    turns = tableTurns;
    how = 'a transcript table';
  } else if (looksLikeOtter(text)) {
    const otter = parseOtter(text, '', file);
    const described = describeTurns(otter.turns);
    return {
      ...otter,
      format: 'docx',
      detected: `Word document (.docx) with an Otter.ai transcript${described ? `, ${described}` : ''}`,
      warnings: [...notes, ...otter.warnings],
    };
  } else {
    turns = speakerPrefixedTurns(text);
    how = 'speaker labels';
  }
  const described = describeTurns(turns);
  return {
    text,
    format: 'docx',
    detected: `Word document (.docx), ${paragraphs} paragraph${paragraphs === 1 ? '' : 's'}${described ? `, ${described} (${how})` : ''}`,
    turns,
    warnings: notes,
  };
}
