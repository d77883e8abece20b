import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTextDocument } from './index.js';
import { looksLikeOtter, parseOtter, parseOtterHeader } from './otter.js';
import { documentProblems } from './turns.js';
import type { ParsedDocument } from './types.js';

const fixture = (p: string) => new Uint8Array(readFileSync(new URL(`../../tests/fixtures/coaching-study/${p}`, import.meta.url)));
const enc = (s: string) => new TextEncoder().encode(s);
const turnTexts = (doc: ParsedDocument) => doc.turns.map((t) => doc.text.slice(t.start, t.end));

describe('Otter.ai export (samantha-otter.txt)', () => {
  const doc = parseTextDocument('samantha-otter.txt', fixture('transcripts/samantha-otter.txt'));

  it('is detected from its "Name  m:ss" headings', () => {
    expect(doc.format).toBe('otter');
    expect(doc.detected).toBe('Otter.ai transcript, UTF-8, 10 turns by 2 speakers');
    expect(doc.turns.map((t) => t.speaker)).toEqual(Array.from({ length: 10 }, (_, i) => (i % 2 ? 'Samantha' : 'Interviewer')));
  });

  it('lays turns out as "Speaker: text" paragraphs with begin times', () => {
    const texts = turnTexts(doc);
    expect(texts[0]).toBe('Interviewer: Thank you for your time today. What did you do between your coaching sessions?');
    expect(texts[6]).toBe('Interviewer: Did the word homework ever come up?');
    expect(texts[9]).toBe(
      'Samantha: Only that the work in between is where the coaching happened for me. The sessions were where we made sense of it.',
    );
    expect(doc.turns.map((t) => t.beginMs)).toEqual([0, 6000, 16000, 20000, 29000, 33000, 45000, 49000, 58000, 63000]);
    expect(texts.join('\n\n')).toBe(doc.text);
    expect(documentProblems(doc)).toEqual([]);
  });
});

describe('Otter samples', () => {
  const sample = `Maria Lopez  0:00
Welcome back.

Daria  59:58
Thanks. It has been
a long hour.

Daria  1:00:03
Still here.

Maria Lopez  1:02:10
Let's stop there.

Transcribed by https://otter.ai
`;

  it('reads h:mm:ss times, merges consecutive blocks of one speaker, joins wrapped lines, drops the footer', () => {
    const doc = parseTextDocument('call.txt', enc(sample));
    expect(doc.format).toBe('otter');
    expect(turnTexts(doc)).toEqual([
      'Maria Lopez: Welcome back.',
      'Daria: Thanks. It has been a long hour. Still here.',
      "Maria Lopez: Let's stop there.",
    ]);
    expect(doc.turns.map((t) => t.beginMs)).toEqual([0, 3598000, 3730000]);
    expect(doc.warnings).toEqual(['the Otter.ai footer "Transcribed by https://otter.ai" was left out']);
  });

  it('reads an export without speaker names as timed paragraphs', () => {
    const doc = parseOtter('0:00\nHello.\n\n0:04\nHi there.\n', 'UTF-8', 'x.txt');
    expect(doc.text).toBe('Hello.\n\nHi there.');
    expect(doc.turns.map((t) => [t.speaker, t.beginMs])).toEqual([
      [null, 0],
      [null, 4000],
    ]);
    expect(doc.detected).toBe('Otter.ai transcript, UTF-8');
  });

  it('parses headings, and not sentences that end in a time', () => {
    expect(parseOtterHeader('Unknown Speaker  12:34')).toEqual({ speaker: 'Unknown Speaker', beginMs: 754000 });
    expect(parseOtterHeader('Speaker 1 1:02:03')).toEqual({ speaker: 'Speaker 1', beginMs: 3723000 });
    expect(parseOtterHeader('Interviewer: 0:00')).toBeNull();
    expect(looksLikeOtter('We met at 9:30\nand talked.\n\nThen at 10:45\nwe stopped.\n')).toBe(false);
    expect(looksLikeOtter('Interviewer: hi\nDan: hello\n')).toBe(false);
  });
});
