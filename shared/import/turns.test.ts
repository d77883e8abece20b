import { describe, expect, it } from 'vitest';
import { formatTimecode, parseTimecode } from './timecode.js';
import { cueSpeakerPrefix, describeTurns, documentProblems, finalizeDocument, layoutTurns } from './turns.js';
import type { ParsedDocument } from './types.js';

const doc = (text: string, turns: ParsedDocument['turns']): ParsedDocument => ({ text, format: 'text', detected: '', turns, warnings: [] });

describe('layoutTurns', () => {
  it('writes "Speaker: text" paragraphs separated by a blank line, offsets covering each paragraph', () => {
    const { text, turns } = layoutTurns([
      { speaker: 'A', text: ' one\n two ', beginMs: 0, endMs: 1 },
      { speaker: 'A', text: 'three', beginMs: 2, endMs: 3 },
      { speaker: null, text: 'aside' },
      { speaker: 'B', text: '' },
      { speaker: 'B', text: 'four' },
    ]);
    expect(text).toBe('A: one two three\n\naside\n\nB: four');
    expect(turns).toEqual([
      { speaker: 'A', start: 0, end: 16, beginMs: 0, endMs: 3 },
      { speaker: null, start: 18, end: 23, beginMs: null, endMs: null },
      { speaker: 'B', start: 25, end: 32, beginMs: null, endMs: null },
    ]);
  });

  it('joins unlabelled drafts only in sentence mode and only mid-sentence', () => {
    const drafts = [
      { speaker: null, text: 'half a' },
      { speaker: null, text: 'sentence.' },
      { speaker: null, text: 'Next.' },
    ];
    expect(layoutTurns(drafts, { unlabelled: 'sentences' }).text).toBe('half a sentence.\n\nNext.');
    expect(layoutTurns(drafts).text).toBe('half a\n\nsentence.\n\nNext.');
  });
});

describe('cueSpeakerPrefix', () => {
  it('accepts names, rejects sentences and numbers', () => {
    expect(cueSpeakerPrefix('Dr. Jane Smith: Hello')).toEqual({ speaker: 'Dr. Jane Smith', rest: 'Hello' });
    expect(cueSpeakerPrefix('>> jane.doe: hi')).toEqual({ speaker: 'jane.doe', rest: 'hi' });
    expect(cueSpeakerPrefix('Smith, John (Acme): ok')).toEqual({ speaker: 'Smith, John (Acme)', rest: 'ok' });
    expect(cueSpeakerPrefix('jane_doe@uni.ac.uk: hi')).toEqual({ speaker: 'jane_doe@uni.ac.uk', rest: 'hi' });
    expect(cueSpeakerPrefix('see https://x.org: no')).toBeNull();
    expect(cueSpeakerPrefix('10: items')).toBeNull();
    expect(cueSpeakerPrefix('Why not? Because: reasons')).toBeNull();
    expect(cueSpeakerPrefix('one two three four five six seven: x')).toBeNull();
    expect(cueSpeakerPrefix('at 10:30 we met')).toBeNull();
  });
});

describe('finalizeDocument', () => {
  it('sorts, clips overlaps, drops empty and out-of-range turns, never splits a surrogate pair', () => {
    const text = 'ab🙂cd efgh';
    const out = finalizeDocument(
      'f',
      doc(text, [
        { speaker: 'B', start: 6, end: 99 },
        { speaker: 'A', start: 0, end: 3 }, // 3 is inside 🙂 → widened to 4
        { speaker: ' ', start: 2, end: 5 }, // overlaps A → starts at A's end
        { speaker: 'Z', start: 5, end: 5 },
        { speaker: 'Y', start: 1.5, end: 4 },
      ]),
    );
    expect(out.turns).toEqual([
      { speaker: 'A', start: 0, end: 4 },
      { speaker: null, start: 4, end: 5 },
      { speaker: 'B', start: 6, end: text.length },
    ]);
    expect(documentProblems(out)).toEqual([]);
  });

  it('refuses blank text and repairs CR/BOM (dropping turns it can no longer trust)', () => {
    expect(() => finalizeDocument('f', doc(' \n ', []))).toThrow('the file contains no text (only white space)');
    const out = finalizeDocument('f', doc('\ufeffa\r\nb', [{ speaker: 'A', start: 0, end: 2 }]));
    expect(out.text).toBe('a\nb');
    expect(out.turns).toEqual([]);
    expect(out.warnings).toHaveLength(1);
  });

  it('documentProblems reports broken invariants', () => {
    expect(
      documentProblems(
        doc('abc', [
          { speaker: 'A', start: 1, end: 2 },
          { speaker: 'B', start: 0, end: 5 },
        ]),
      ),
    ).toEqual(['turn 1 [0, 5): outside the text (length 3)', 'turn 1 [0, 5): overlaps or precedes the previous turn (ending 2)']);
  });

  it('describeTurns', () => {
    expect(describeTurns([])).toBe('');
    expect(describeTurns([{ speaker: 'A', start: 0, end: 1 }])).toBe('1 turn by 1 speaker');
  });
});

describe('timecodes', () => {
  it('parses and formats', () => {
    expect(parseTimecode('0:08')).toBe(8000);
    expect(parseTimecode('75:10')).toBe(4510000);
    expect(parseTimecode('1:02:03')).toBe(3723000);
    expect(parseTimecode('00:00:01,5')).toBe(1500);
    expect(parseTimecode('00:00:01.05')).toBe(1050);
    expect(parseTimecode('1:60:00')).toBeNull();
    expect(parseTimecode('0:61')).toBeNull();
    expect(parseTimecode('abc')).toBeNull();
    expect(formatTimecode(3723000)).toBe('1:02:03');
    expect(formatTimecode(8000)).toBe('0:08');
  });
});
