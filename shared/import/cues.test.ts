import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEntities, parseCueFile, readCues } from './cues.js';
import { parseTextDocument } from './index.js';
import { documentProblems } from './turns.js';
import type { ParsedDocument } from './types.js';

const fixture = (p: string) => new Uint8Array(readFileSync(new URL(`../../tests/fixtures/coaching-study/${p}`, import.meta.url)));
const enc = (s: string) => new TextEncoder().encode(s);
const turnTexts = (doc: ParsedDocument) => doc.turns.map((t) => doc.text.slice(t.start, t.end));
const times = (doc: ParsedDocument) => doc.turns.map((t) => [t.beginMs, t.endMs]);
const vtt = (s: string, name = 'x.vtt') => parseTextDocument(name, enc(s));

/** Turn paragraphs are separated by exactly one blank line and cover the whole text. */
function expectParagraphLayout(doc: ParsedDocument) {
  expect(documentProblems(doc)).toEqual([]);
  expect(turnTexts(doc).join('\n\n')).toBe(doc.text);
  for (const t of turnTexts(doc)) expect(t).not.toMatch(/\n/);
}

describe('Zoom WebVTT (cat-zoom.vtt)', () => {
  const doc = parseTextDocument('cat-zoom.vtt', fixture('transcripts/cat-zoom.vtt'));

  it('is detected as a Zoom transcript with 8 turns by 2 speakers', () => {
    expect(doc.format).toBe('vtt-zoom');
    expect(doc.detected).toBe('Zoom WebVTT transcript, UTF-8, 8 turns by 2 speakers from 8 cues');
    expect(doc.turns.map((t) => t.speaker)).toEqual(['Interviewer', 'Cat', 'Interviewer', 'Cat', 'Interviewer', 'Cat', 'Interviewer', 'Cat']);
    expectParagraphLayout(doc);
  });

  it('writes each turn as "Speaker: text" and keeps cue times', () => {
    const texts = turnTexts(doc);
    expect(texts[0]).toBe('Interviewer: What do you call the tasks your clients take away from a session?');
    expect(texts[3]).toBe(
      'Cat: The client, nearly always. I might offer two or three options, but the one they pick themselves is the one they actually do.',
    );
    expect(texts[7]).toBe('Cat: Only if we agreed to. A short message on a Wednesday can help, but uninvited reminders start to feel like supervision.');
    expect(times(doc)).toEqual([
      [0, 5400],
      [6000, 15600],
      [16200, 19320],
      [19920, 28860],
      [29460, 33780],
      [34380, 41940],
      [42540, 45720],
      [46320, 54900],
    ]);
  });
});

describe('Microsoft Teams WebVTT (fabiana-teams.vtt)', () => {
  const doc = parseTextDocument('fabiana-teams.vtt', fixture('transcripts/fabiana-teams.vtt'));

  it('takes speakers from <v> voice tags and strips the markup', () => {
    expect(doc.format).toBe('vtt-teams');
    expect(doc.detected).toBe('Microsoft Teams WebVTT transcript, UTF-8, 6 turns by 2 speakers from 6 cues');
    expect(doc.turns.map((t) => t.speaker)).toEqual(['Interviewer', 'Fabiana', 'Interviewer', 'Fabiana', 'Interviewer', 'Fabiana']);
    expect(turnTexts(doc)[1]).toBe('Fabiana: I wrote it on a sticky note on my monitor. Very low tech, but I saw it every morning.');
    expect(turnTexts(doc)[4]).toBe('Interviewer: Was there anything you would have changed?');
    expect(doc.text).not.toMatch(/<|>|00000001/);
    expect(times(doc)[3]).toEqual([17160, 25260]);
    expectParagraphLayout(doc);
  });
});

describe('SubRip (dan.srt)', () => {
  const doc = parseTextDocument('dan.srt', fixture('transcripts/dan.srt'));

  it('reads cues with comma milliseconds and "Name:" speakers', () => {
    expect(doc.format).toBe('srt');
    expect(doc.detected).toBe('SubRip (.srt) subtitles, UTF-8, 8 turns by 2 speakers from 8 cues');
    expect(turnTexts(doc)[0]).toBe('Interviewer: When do you first talk about work between sessions?');
    expect(turnTexts(doc)[5]).toBe('Dan: A client told me the reading list made her feel like a student again, and not in a good way. That stayed with me.');
    expect(times(doc)[1]).toEqual([5160, 15000]);
    expect(times(doc)[7]).toEqual([47520, 56520]);
    expectParagraphLayout(doc);
  });
});

describe('caption samples', () => {
  it('merges consecutive cues of one speaker into one turn, joined with a space', () => {
    const doc = vtt(`WEBVTT

1
00:00:01.000 --> 00:00:03.000
Interviewer: How did it start?

2
00:00:03.500 --> 00:00:06.000
Neil: It started slowly.

3
00:00:06.000 --> 00:00:09.250
Neil: Then all at once,
with a lot of work.

4
00:00:10.000 --> 00:00:11.000
Interviewer: Thanks.
`);
    expect(turnTexts(doc)).toEqual([
      'Interviewer: How did it start?',
      'Neil: It started slowly. Then all at once, with a lot of work.',
      'Interviewer: Thanks.',
    ]);
    expect(times(doc)).toEqual([
      [1000, 3000],
      [3500, 9250],
      [10000, 11000],
    ]);
    expectParagraphLayout(doc);
  });

  it('skips the header, NOTE, STYLE and REGION blocks, cue settings and styling tags', () => {
    const doc = vtt(`WEBVTT - Interview 4
Kind: captions
Language: en

STYLE
::cue { color: yellow }

REGION
id:fred width:40%

NOTE This is a comment
that spans lines

intro
00:00:00.000 --> 00:00:02.000 align:start position:10% line:0
<v.loud Interviewer>Welcome &amp; <i>thank you</i>.</v>

NOTE another comment

00:02.000 --> 00:04.500 region:fred
<v Max><c.yellow>Glad</c> to be here &lt;3</v>
`);
    expect(doc.format).toBe('vtt-teams');
    expect(doc.detected).toBe('WebVTT transcript with voice tags, UTF-8, 2 turns by 2 speakers from 2 cues');
    expect(doc.text).toBe('Interviewer: Welcome & thank you.\n\nMax: Glad to be here <3');
    expect(times(doc)).toEqual([
      [0, 2000],
      [2000, 4500],
    ]);
  });

  it('splits a cue with two voices into two turns', () => {
    const doc = vtt('WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana>Ready?</v>\n<v Ben>Yes.</v>\n');
    expect(turnTexts(doc)).toEqual(['Ana: Ready?', 'Ben: Yes.']);
    expect(times(doc)).toEqual([
      [1000, 4000],
      [1000, 4000],
    ]);
  });

  it('reads an SRT file with missing blank lines and formatting tags', () => {
    const doc = parseTextDocument(
      'sloppy.srt',
      enc(`1
00:00:00,000 --> 00:00:02,000
<i>Interviewer:</i> First question?
2
00:00:02,500 --> 00:00:05,000
Tom: Answer one
that wraps.
3
00:00:05,000 --> 00:00:07,000
{\\an8}Interviewer: Second?

4
00:00:07,500 --> 00:00:09,000
Tom: Answer two.`),
    );
    expect(doc.format).toBe('srt');
    expect(turnTexts(doc)).toEqual([
      'Interviewer: First question?',
      'Tom: Answer one that wraps.',
      'Interviewer: Second?',
      'Tom: Answer two.',
    ]);
    expect(readCues(doc.text, 'srt').cues.length).toBe(0); // the output is prose, not captions
  });

  it('an SRT that labels speaker changes only: unlabelled cues continue the current speaker', () => {
    const doc = parseTextDocument(
      'labels.srt',
      enc(`1\n00:00:00,000 --> 00:00:02,000\nClare: I was sceptical.\n\n2\n00:00:02,000 --> 00:00:04,000\nThen it clicked.\n\n3\n00:00:04,000 --> 00:00:05,000\nRaj: Same for me.\n\n4\n00:00:05,000 --> 00:00:06,000\nClare: Really?\n`),
    );
    expect(turnTexts(doc)).toEqual(['Clare: I was sceptical. Then it clicked.', 'Raj: Same for me.', 'Clare: Really?']);
    expect(times(doc)[0]).toEqual([0, 4000]);
  });

  it('generic captions without speakers: sentences split over cues are joined, others stay paragraphs', () => {
    const doc = vtt(`WEBVTT

00:00:00.000 --> 00:00:02.000
So the thing about homework

00:00:02.000 --> 00:00:04.000
is that nobody likes the word.

00:00:04.000 --> 00:00:05.000
Fair enough.
`);
    expect(doc.format).toBe('vtt');
    expect(doc.detected).toBe('WebVTT subtitles, UTF-8, 3 cues without speaker names');
    expect(turnTexts(doc)).toEqual(['So the thing about homework is that nobody likes the word.', 'Fair enough.']);
    expect(doc.turns.map((t) => t.speaker)).toEqual([null, null]);
    expect(times(doc)).toEqual([
      [0, 4000],
      [4000, 5000],
    ]);
  });

  it('a single "Word: " in a caption without speakers stays in the text', () => {
    const doc = vtt('WEBVTT\n\n00:00.000 --> 00:01.000\nNote: this is a caption.\n\n00:01.000 --> 00:02.000\nAnd another one.\n');
    expect(doc.text).toBe('Note: this is a caption.\n\nAnd another one.');
    expect(doc.turns.every((t) => t.speaker === null)).toBe(true);
  });

  it('reads hours above 99 and short minute:second timings', () => {
    const doc = vtt('WEBVTT\n\n101:02:03.004 --> 101:02:04.5\nA: late\n\n00:05.000 --> 00:06.000\nB: early\n');
    expect(times(doc)).toEqual([
      [((101 * 60 + 2) * 60 + 3) * 1000 + 4, ((101 * 60 + 2) * 60 + 4) * 1000 + 500],
      [5000, 6000],
    ]);
  });

  it('a .vtt without the WEBVTT line is still read, with a warning', () => {
    const doc = vtt('1\n00:00:00.000 --> 00:00:01.000\nA: hi\n\n2\n00:00:01.000 --> 00:00:02.000\nB: hello\n', 'nohead.vtt');
    expect(doc.format).toBe('vtt-zoom');
    expect(doc.warnings).toContain('the file has no "WEBVTT" header line; it was read as WebVTT anyway');
  });

  it('refuses a caption file without cues or without caption text', () => {
    expect(() => vtt('WEBVTT\n\nNOTE nothing here\n')).toThrow('the WebVTT file contains no captions (no "00:00:00 --> 00:00:05" timing lines)');
    expect(() => vtt('WEBVTT\n\n00:00.000 --> 00:01.000\n<i></i>\n')).toThrow('the WebVTT file has 1 cue but no caption text');
  });

  it('decodes WebVTT character references', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &#233;&#x1F642; &nbsp;&bogus;')).toBe('a & b <c> é🙂 \u00a0&bogus;');
  });

  it('parseCueFile is usable directly on text', () => {
    const doc = parseCueFile('WEBVTT\n\n00:00.000 --> 00:01.000\n<v Sid>Hi</v>', { kind: 'vtt', encoding: 'UTF-8', file: 'f.vtt' });
    expect(doc.text).toBe('Sid: Hi');
  });
});
