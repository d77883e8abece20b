import { describe, expect, it } from 'vitest';
import { buildDocxDocument, type DocxBlock, type DocxRun } from './docx-document.js';
import { documentProblems } from './turns.js';
import type { ParsedDocument } from './types.js';

const p = (...runs: (string | [string])[]): DocxBlock => ({
  type: 'paragraph',
  runs: runs.map((r): DocxRun => (typeof r === 'string' ? { text: r, bold: false } : { text: r[0], bold: true })),
});
const heading = (text: string): DocxBlock => ({ type: 'paragraph', runs: [{ text, bold: true }], heading: true });
const turnTexts = (doc: ParsedDocument) => doc.turns.map((t) => doc.text.slice(t.start, t.end));

describe('buildDocxDocument', () => {
  it('bold "Name:" prefixes are turns; a title before them is not; empty paragraphs are dropped', () => {
    const doc = buildDocxDocument('a.docx', [
      heading('Interview with Max'),
      p(''),
      p(['Interviewer:'], ' First?'),
      p(['Max'], ': Answer', ' continues.'),
      p('A second paragraph of the answer.'),
      p(['Interviewer: '], 'Thanks.'),
    ]);
    expect(doc.text).toBe(
      'Interview with Max\n\nInterviewer: First?\n\nMax: Answer continues.\n\nA second paragraph of the answer.\n\nInterviewer: Thanks.',
    );
    expect(turnTexts(doc)).toEqual([
      'Interviewer: First?',
      'Max: Answer continues.\n\nA second paragraph of the answer.',
      'Interviewer: Thanks.',
    ]);
    expect(doc.detected).toBe('Word document (.docx), 5 paragraphs, 3 turns by 2 speakers (bold speaker names)');
    expect(documentProblems(doc)).toEqual([]);
  });

  it('a paragraph that is only a bold label starts a turn; headings end turns', () => {
    const doc = buildDocxDocument('a.docx', [
      p(['Interviewer:']),
      p('Question one?'),
      p(['Fran:']),
      p('Answer one.'),
      heading('Part 2'),
      p(['Interviewer:']),
      p('Question two?'),
    ]);
    expect(turnTexts(doc)).toEqual(['Interviewer:\n\nQuestion one?', 'Fran:\n\nAnswer one.', 'Interviewer:\n\nQuestion two?']);
  });

  it('bold text that is not a label (no colon, a sentence) is ignored; plain labels are the fallback', () => {
    const doc = buildDocxDocument('a.docx', [p(['Important'], ' note'), p('Interviewer: hi'), p('Tom: hello'), p('Interviewer: bye')]);
    expect(doc.detected).toBe('Word document (.docx), 4 paragraphs, 3 turns by 2 speakers (speaker labels)');
    expect(doc.turns.map((t) => t.speaker)).toEqual(['Interviewer', 'Tom', 'Interviewer']);
  });

  it('keeps line breaks and tabs inside a paragraph', () => {
    const doc = buildDocxDocument('a.docx', [p('line one\nline two\tcol')]);
    expect(doc.text).toBe('line one\nline two\tcol');
    expect(doc.turns).toEqual([]);
  });

  it('reads a transcript table (time | speaker | text) as "Speaker: text" turns', () => {
    const doc = buildDocxDocument('a.docx', [
      {
        type: 'table',
        rows: [
          ['00:00:01', 'Interviewer', 'Hello  there.'],
          ['00:00:04', 'Clare', 'Hi.'],
          ['', '', ''],
          ['00:01:00', 'Interviewer:', 'Bye.'],
        ],
      },
    ]);
    expect(doc.text).toBe('Interviewer: Hello there.\n\nClare: Hi.\n\nInterviewer: Bye.');
    expect(doc.turns.map((t) => [t.speaker, t.beginMs])).toEqual([
      ['Interviewer', 1000],
      ['Clare', 4000],
      ['Interviewer', 60000],
    ]);
    expect(doc.detected).toContain('(a transcript table)');
  });

  it('other tables become tab-separated rows, with a warning', () => {
    const doc = buildDocxDocument('a.docx', [p('Before'), { type: 'table', rows: [['Age', 'Role'], ['50', 'coach']] }]);
    expect(doc.text).toBe('Before\n\nAge\tRole\n\n50\tcoach');
    expect(doc.warnings).toEqual(['tables were imported row by row, cells separated by tabs']);
  });

  it('recognises an Otter.ai export saved as Word', () => {
    const doc = buildDocxDocument('a.docx', [p('Interviewer  0:00'), p('Hello.'), p('Dave  0:05'), p('Hi there.')]);
    expect(doc.format).toBe('docx');
    expect(doc.text).toBe('Interviewer: Hello.\n\nDave: Hi there.');
    expect(doc.turns.map((t) => t.beginMs)).toEqual([0, 5000]);
    expect(doc.detected).toBe('Word document (.docx) with an Otter.ai transcript, 2 turns by 2 speakers');
  });

  it('refuses a document without text', () => {
    expect(() => buildDocxDocument('a.docx', [p(' '), { type: 'table', rows: [['', '']] }])).toThrow('the Word document contains no text');
  });

  it('bold headlines ("Update:") followed by comments are not speakers (the same evidence rule as plain text)', () => {
    const blocks: DocxBlock[] = [];
    for (let i = 0; i < 5; i++) blocks.push(p(['Update:'], ` news item ${i}`), p('Great, thanks!'), p('When does it start?'));
    const doc = buildDocxDocument('feed.docx', blocks);
    expect(doc.turns).toEqual([]);
    expect(doc.detected).not.toMatch(/speaker/);
  });
});
