import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFile, parseTextDocument } from './index.js';
import { hasSpeakerEvidence, parsePlainText, parseSpeakerLine, speakerPrefixedTurns, withoutSpeakers } from './plain-text.js';
import { documentProblems } from './turns.js';
import { ImportError, type ParsedDocument } from './types.js';

const fixture = (p: string) => new Uint8Array(readFileSync(new URL(`../../tests/fixtures/coaching-study/${p}`, import.meta.url)));
const turnTexts = (doc: ParsedDocument) => doc.turns.map((t) => doc.text.slice(t.start, t.end));
const speakers = (doc: ParsedDocument) => doc.turns.map((t) => t.speaker);
const enc = (s: string) => new TextEncoder().encode(s);

const LEA_TEXT = `Interviewer: How do you suggest activities for between sessions?

Lea: Gently. I might say: here is something you could play with this week, if it feels useful. I add it to the shared notes so it is there when they want it.

Interviewer: Do you ever use the word homework?

Lea: Almost never. For some people it brings back school, and not the happy parts of school.

Interviewer: What do you say instead?

Lea: Something to try. And I keep it to one thing, because one thing gets done.
`;

describe('plain text fixtures', () => {
  it('lea-windows.txt: UTF-8 with BOM and CRLF → LF text without BOM, 6 turns', () => {
    const doc = parseTextDocument('lea-windows.txt', fixture('transcripts/lea-windows.txt'));
    expect(doc.text).toBe(LEA_TEXT);
    expect(doc.format).toBe('text');
    expect(doc.detected).toBe('plain text, UTF-8 with BOM, 6 turns by 2 speakers');
    expect(speakers(doc)).toEqual(['Interviewer', 'Lea', 'Interviewer', 'Lea', 'Interviewer', 'Lea']);
    expect(turnTexts(doc)[0]).toBe('Interviewer: How do you suggest activities for between sessions?');
    expect(turnTexts(doc)[5]).toBe('Lea: Something to try. And I keep it to one thing, because one thing gets done.');
    expect(documentProblems(doc)).toEqual([]);
  });

  it('edge-cases/utf16le.txt imports with exactly the same text as its UTF-8 twin', () => {
    const doc = parseTextDocument('utf16le.txt', fixture('edge-cases/utf16le.txt'));
    expect(doc.text).toBe(LEA_TEXT);
    expect(doc.detected).toBe('plain text, UTF-16 LE, 6 turns by 2 speakers');
    expect(turnTexts(doc)).toEqual(turnTexts(parseTextDocument('lea.txt', fixture('transcripts/lea-windows.txt'))));
  });

  it('edge-cases/multilingual.txt keeps CJK, Arabic, emoji ZWJ sequences and combining accents at exact offsets', () => {
    const bytes = fixture('edge-cases/multilingual.txt');
    const doc = parseTextDocument('multilingual.txt', bytes);
    expect(doc.text).toBe(new TextDecoder().decode(bytes));
    expect(speakers(doc)).toEqual(['Interviewer', 'Qing', 'Interviewer', 'Layla', 'Interviewer', 'José']);
    const texts = turnTexts(doc);
    expect(texts[1]).toBe('Qing: 对我来说，这是把谈话带回工作的一步。 It is a step back into work 🪜 — not a school task.');
    expect(texts[3]).toBe('Layla: نسميه «تمرين بين الجلسات» وليس واجبًا. The name changes how it feels 👩🏽\u200d💻.');
    expect(texts[5]).toBe('José: Práctica entre sesiones — written here with a combining accent: pra\u0301ctica. 👍🏾🇵🇹');
    // offsets are UTF-16 code units: the turn ends right after the flag's second regional indicator
    const jose = doc.turns[5]!;
    expect(doc.text.codePointAt(jose.end - 2)).toBe(0x1f1f9);
    expect(documentProblems(doc)).toEqual([]);
  });

  it('edge-cases/empty.txt and binary-garbage.txt fail with specific reasons', async () => {
    await expect(parseFile('empty.txt', fixture('edge-cases/empty.txt'))).rejects.toThrow(new ImportError('empty.txt', 'the file is empty (0 bytes)'));
    const garbage = parseFile('binary-garbage.txt', fixture('edge-cases/binary-garbage.txt'));
    await expect(garbage).rejects.toBeInstanceOf(ImportError);
    await expect(garbage).rejects.toThrow(/^the file contains binary data \(a NUL byte at position \d+\), so it is not a text transcript$/);
  });
});

describe('plain text samples', () => {
  it('normalises CR-only (classic Mac) line endings', () => {
    const doc = parseTextDocument('mac.txt', enc('Interviewer: One?\r\rDan: Two.\rStill Dan.\r\rInterviewer: Three?'));
    expect(doc.text).toBe('Interviewer: One?\n\nDan: Two.\nStill Dan.\n\nInterviewer: Three?');
    expect(turnTexts(doc)).toEqual(['Interviewer: One?', 'Dan: Two.\nStill Dan.', 'Interviewer: Three?']);
  });

  it('reads UTF-16 BE and cp1252 transcripts', () => {
    const be = [0xfe, 0xff, ...Array.from('A: x\nB: y\nA: z', (c) => [0, c.charCodeAt(0)]).flat()];
    const doc = parseTextDocument('be.txt', new Uint8Array(be));
    expect(doc.detected).toBe('plain text, UTF-16 BE, 3 turns by 2 speakers');
    const cp = new Uint8Array([...enc('Ren'), 0xe9, ...enc(': it'), 0x92, ...enc('s fine\nInterviewer: ok?\nRen'), 0xe9, ...enc(': yes')]);
    const d2 = parseTextDocument('cp.txt', cp);
    expect(d2.text).toBe('René: it’s fine\nInterviewer: ok?\nRené: yes');
    expect(speakers(d2)).toEqual(['René', 'Interviewer', 'René']);
    expect(d2.detected).toBe('plain text, Windows-1252, 3 turns by 2 speakers');
  });

  it('keeps header lines ("Date:", "Location:") out of the turns', () => {
    const text = [
      'Interview 7',
      'Date: 12 May 2024',
      'Location: Zoom',
      '',
      'Interviewer: Shall we begin?',
      'P7: Yes.',
      '',
      'Interviewer: Tell me about it.',
      'P7: Well: it was hard.',
      'Observer: (notes the pause)',
    ].join('\n');
    const doc = parsePlainText(text, 'UTF-8');
    expect(speakers(doc)).toEqual(['Interviewer', 'P7', 'Interviewer', 'P7', 'Observer']);
    expect(doc.turns[0]!.start).toBe(text.indexOf('Interviewer: Shall'));
  });

  it('a turn covers following paragraphs up to the next speaker, trailing blank lines excluded', () => {
    const text = 'Title\n\nInterviewer: Q1?\n\nDan: First paragraph.\n\nSecond paragraph.\n\n\nInterviewer: Q2?\n';
    const turns = speakerPrefixedTurns(text);
    expect(turns.map((t) => text.slice(t.start, t.end))).toEqual([
      'Interviewer: Q1?',
      'Dan: First paragraph.\n\nSecond paragraph.',
      'Interviewer: Q2?',
    ]);
  });

  it('needs at least two turns, and a single speaker line is not enough', () => {
    expect(speakerPrefixedTurns('Summary: one line only\nand more text')).toEqual([]);
    expect(speakerPrefixedTurns('Dear diary: today\nNothing else')).toEqual([]);
  });

  it('reads timestamps next to the speaker and full-width colons', () => {
    expect(parseSpeakerLine('[00:01:02] Dan: hi')).toEqual({ speaker: 'Dan', beginMs: 62000 });
    expect(parseSpeakerLine('Dan (1:02:03): hi')).toEqual({ speaker: 'Dan', beginMs: 3723000 });
    expect(parseSpeakerLine('Speaker 2 [12:05]: hi')).toEqual({ speaker: 'Speaker 2', beginMs: 725000 });
    expect(parseSpeakerLine('王明：你好')).toEqual({ speaker: '王明', beginMs: null });
    expect(parseSpeakerLine('https://example.org: x')).toBeNull();
    expect(parseSpeakerLine('lowercase: not a label')).toBeNull();
    const doc = parsePlainText('[00:00] Interviewer: a\n[00:05] Dan: b\n[00:09] Interviewer: c', 'UTF-8');
    expect(doc.turns.map((t) => t.beginMs)).toEqual([0, 5000, 9000]);
  });

  it('Markdown: bold speaker labels are turns, headings end a turn, the text is kept verbatim', () => {
    const md = '# Interview 3\n\n**Interviewer:** First?\n\n**Sil**: Answer *with* emphasis.\n\n## Part two\n\n**Interviewer:** Next?\n';
    const doc = parseTextDocument('notes.md', enc(md));
    expect(doc.format).toBe('markdown');
    expect(doc.text).toBe(md);
    expect(turnTexts(doc)).toEqual(['**Interviewer:** First?', '**Sil**: Answer *with* emphasis.', '**Interviewer:** Next?']);
    expect(speakers(doc)).toEqual(['Interviewer', 'Sil', 'Interviewer']);
    // detected as Markdown from content even without the extension
    expect(parseTextDocument('notes.txt', enc(md)).format).toBe('markdown');
  });

  it('refuses a file with only white space, and HTML pages', () => {
    expect(() => parseTextDocument('blank.txt', enc(' \r\n\t\n'))).toThrow('the file contains no text (only white space)');
    expect(() => parseTextDocument('page.txt', enc('<!DOCTYPE html>\n<html><body>Hi</body></html>'))).toThrow(/web page \(HTML\)/);
  });

  describe('speaker evidence (one rule for every import path)', () => {
    /** Social-media comments: a headline ("Update: …") then comments, as exported from NVivo. */
    const comments = (headlines: string[]) =>
      headlines
        .map((h, i) => [`${h}: the clinic on Main Street changes its hours (${i + 1})`, 'Great news, finally!', 'Does this include weekends?', '😀 Thanks for sharing'].join('\n'))
        .join('\n\n');

    it('headline lines ("Update: …") followed by comments create no speakers', () => {
      expect(parsePlainText(comments(Array(26).fill('Update')), 'UTF-8').turns).toEqual([]);
      expect(parsePlainText(comments(['Update', 'Breaking', 'Update', 'Breaking', 'Update', 'News']), 'UTF-8').turns).toEqual([]);
      expect(parsePlainText(comments(['Update', 'Update']), 'UTF-8').detected).toBe('plain text, UTF-8');
    });

    it('a real interview still has its speakers, also with multi-paragraph answers and a header', () => {
      expect(speakers(parsePlainText(LEA_TEXT, 'UTF-8'))).toEqual(['Interviewer', 'Lea', 'Interviewer', 'Lea', 'Interviewer', 'Lea']);
      const text = 'Interview 4\nDate: 3 May\n\nInterviewer: Why?\n\nAna: First.\n\nSecond paragraph.\n\nInterviewer: And then?\n\nAna: Then this.\n\nMore.';
      expect(speakers(parsePlainText(text, 'UTF-8'))).toEqual(['Interviewer', 'Ana', 'Interviewer', 'Ana']);
      // an interviewer talking with several one-off respondents (a focus group round)
      const round = 'Moderator: Who starts?\nAna: Me.\nBo: Then me.\nModerator: Thanks.\nCy: Last.';
      expect(new Set(speakers(parsePlainText(round, 'UTF-8')))).toEqual(new Set(['Moderator', 'Ana', 'Bo', 'Cy']));
    });

    it('one label: a monologue on nearly every line counts, a repeated headline does not', () => {
      const diary = Array.from({ length: 6 }, (_, i) => `Ana: entry ${i} — café 中文`).join('\n');
      expect(parsePlainText(diary, 'UTF-8').turns).toHaveLength(6);
      const headlines = Array.from({ length: 6 }, (_, i) => `Update: item ${i}\nA comment on it.`).join('\n');
      expect(parsePlainText(headlines, 'UTF-8').turns).toEqual([]);
      expect(parsePlainText('Ana: one\nAna: two\nAna: three', 'UTF-8').turns).toEqual([]);
    });

    it('hasSpeakerEvidence: the thresholds', () => {
      const at = (text: string, labels: string[]) => {
        let pos = 0;
        const out: { start: number; speaker: string }[] = [];
        for (const line of text.split('\n')) {
          const l = labels.find((x) => line.startsWith(`${x}:`));
          if (l) out.push({ start: pos, speaker: l });
          pos += line.length + 1;
        }
        return out;
      };
      const t1 = 'A: x\nB: y\nA: z\nB: w';
      expect(hasSpeakerEvidence(t1, at(t1, ['A', 'B']))).toBe(true);
      const t2 = 'A: x\nmore\nmore\nB: y\nmore\nmore\nA: z\nB: w';
      expect(hasSpeakerEvidence(t2, at(t2, ['A', 'B']))).toBe(true); // 4 of 8 lines: exactly half counts
      expect(hasSpeakerEvidence(`${t2}\nmore`, at(t2, ['A', 'B']))).toBe(false);
      expect(hasSpeakerEvidence('A: x', at('A: x', ['A']))).toBe(false);
    });

    it('withoutSpeakers drops text-detected turns and keeps subtitle timings without speakers', () => {
      const doc = parsePlainText(LEA_TEXT, 'UTF-8');
      const off = withoutSpeakers(doc);
      expect(off.turns).toEqual([]);
      expect(off.text).toBe(doc.text);
      expect(off.detected).toBe('plain text, UTF-8, speaker detection off');
      const timed = withoutSpeakers({ ...doc, turns: [{ speaker: 'Lea', start: 0, end: 5, beginMs: 10 }] });
      expect(timed.turns).toEqual([{ speaker: null, start: 0, end: 5, beginMs: 10 }]);
    });
  });
});
