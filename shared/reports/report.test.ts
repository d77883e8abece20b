import { describe, expect, it } from 'vitest';
import type { Case } from '../types/entities';
import type { Quote, ThemeNode } from '../types/themes';
import { assembleReport, type ReportSource } from './model';
import { escapeHtml, escapeMarkdown, renderHtml, renderMarkdown } from './render';

const quote = (themeId: number, codingId: number, text: string, participant: string | null): Quote => ({
  themeId,
  codingId,
  position: codingId,
  codeId: 1,
  codePath: 'Naming',
  documentId: 1,
  documentName: 'Interview 1',
  start: 0,
  end: text.length,
  text,
  participant,
  attribution: participant ?? 'Interview 1',
});

const node = (id: number, name: string, definition: string, extra: Partial<ThemeNode> = {}): ThemeNode => ({
  id,
  guid: `g${id}`,
  parentId: null,
  name,
  definition,
  status: 'final',
  color: '#7c6fd6',
  position: id,
  codes: [],
  quotes: [],
  memos: [],
  totals: { codes: 0, codings: 0, documents: 0, participants: 0 },
  children: [],
  ...extra,
});

const cases: Case[] = [
  { id: 1, guid: 'c1', name: 'Samantha', description: '', attributes: { role: 'client', age: '44', gender: 'F' } },
  { id: 2, guid: 'c2', name: 'Dan', description: '', attributes: { role: 'coach', age: '57', gender: 'M' } },
];

function source(): ReportSource {
  const sub = node(3, 'Homework <or> *work*?', 'When tasks | feel like work', {
    parentId: 1,
    quotes: [quote(3, 30, 'It felt like homework, to be honest', 'Samantha')],
  });
  return {
    projectName: 'Hands up for homework',
    cases,
    attributes: ['role', 'age', 'gender'],
    codes: [
      { id: 1, path: 'Naming', definition: 'What the activity is called' },
      { id: 2, path: 'Setting/Client-led', definition: '' },
    ],
    themes: [
      node(1, 'What’s in a name?', 'Perceptions of how the terminology influenced perceptions of the activity', {
        codes: [{ id: 1, name: 'Naming', path: 'Naming', color: '#000000', definition: '', codings: 2, documents: 1 }],
        quotes: [quote(1, 10, 'Calling it homework put me off', 'Samantha'), quote(1, 11, 'I call them experiments', 'Dan')],
        children: [sub],
      }),
      node(2, 'Discarded idea', 'Not in the report', { status: 'discarded', quotes: [quote(2, 20, 'never shown', 'Dan')] }),
    ],
  };
}

describe('report assembly', () => {
  it('by default: all live themes with their quotes, every attribute, all sections', () => {
    const m = assembleReport(source());
    expect(m.title).toBe('Hands up for homework');
    expect(m.subtitle).toBe('Thematic analysis: 1 theme, 2 participants');
    expect(m.participants).toEqual({
      columns: ['Pseudonym', 'role', 'age', 'gender'],
      rows: [
        ['Samantha', 'client', '44', 'F'],
        ['Dan', 'coach', '57', 'M'],
      ],
    });
    expect(m.themesTable).toEqual([
      { name: 'What’s in a name?', explanation: 'Perceptions of how the terminology influenced perceptions of the activity', depth: 0 },
      { name: 'Homework <or> *work*?', explanation: 'When tasks | feel like work', depth: 1 },
    ]);
    expect(m.themes![0]!.quotes).toEqual([
      { text: 'Calling it homework put me off', attribution: 'Samantha (client)', document: 'Interview 1', timestamp: null },
      { text: 'I call them experiments', attribution: 'Dan (coach)', document: 'Interview 1', timestamp: null },
    ]);
    expect(m.themes![0]!.subthemes[0]!.quotes.map((q) => q.attribution)).toEqual(['Samantha (client)']);
    expect(m.codebook).toEqual([
      { code: 'Naming', definition: 'What the activity is called', themes: 'What’s in a name?' },
      { code: 'Setting/Client-led', definition: '', themes: '' },
    ]);
  });

  it('lists the participants who appear in the documents by default, every participant when asked', () => {
    const withCsvOnly: ReportSource = {
      ...source(),
      cases: [...cases, { id: 9, guid: 'c9', name: 'Noor (no interview)', description: '', attributes: { role: 'client' } }],
      appearing: [1, 2],
    };
    const byDefault = assembleReport(withCsvOnly);
    expect(byDefault.participants!.rows.map((r) => r[0])).toEqual(['Samantha', 'Dan']);
    expect(byDefault.subtitle).toBe('Thematic analysis: 1 theme, 2 participants');
    const all = assembleReport(withCsvOnly, { participantsListed: 'all' });
    expect(all.participants!.rows.map((r) => r[0])).toEqual(['Samantha', 'Dan', 'Noor (no interview)']);
    expect(all.subtitle).toBe('Thematic analysis: 1 theme, 3 participants');
    expect(assembleReport({ ...withCsvOnly, appearing: [2] }).participants!.rows.map((r) => r[0])).toEqual(['Dan']);
  });

  it('keeps only the chosen themes, quotes, attributes and sections', () => {
    const m = assembleReport(source(), {
      title: '  Homework report ',
      themeIds: [1, 2],
      quotes: ['1:11', '2:20'],
      attributes: ['gender', 'nonexistent'],
      attributionAttribute: 'gender',
      sections: { codebook: false, themesTable: false },
    });
    expect(m.title).toBe('Homework report');
    expect(m.participants!.columns).toEqual(['Pseudonym', 'gender']);
    expect(m.themes!.map((t) => t.name)).toEqual(['What’s in a name?', 'Discarded idea']);
    expect(m.themes![0]!.subthemes).toEqual([]);
    expect(m.themes![0]!.quotes).toEqual([{ text: 'I call them experiments', attribution: 'Dan (M)', document: 'Interview 1', timestamp: null }]);
    expect(m.themes![1]!.quotes.map((q) => q.text)).toEqual(['never shown']);
    expect(m.codebook).toBeNull();
    expect(m.themesTable).toBeNull();
  });
});

describe('Markdown and HTML', () => {
  it('Markdown: tables, numbered theme sections, attributed block quotes, escaped text', () => {
    const md = renderMarkdown(assembleReport(source()));
    expect(md).toContain('| Pseudonym | role | age | gender |\n| --- | --- | --- | --- |\n| Samantha | client | 44 | F |');
    expect(md).toContain('| ↳ Homework \\<or\\> \\*work\\*? | When tasks \\| feel like work |');
    expect(md).toContain('### 1. What’s in a name?\n\nPerceptions of how');
    expect(md).toContain('Sub-themes: Homework \\<or\\> \\*work\\*?.');
    expect(md).toContain('> “Calling it homework put me off”\n> — Samantha (client)');
    expect(md).toContain('#### 1.1. Homework \\<or\\> \\*work\\*?');
    expect(md).toContain('## Appendix: codebook');
    expect(md).not.toContain('Discarded idea');
  });

  it('escapes Markdown so that text shows exactly as written', () => {
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('a [link](x) and `code` and <b>')).toBe('a \\[link\\](x) and \\`code\\` and \\<b\\>');
    expect(escapeMarkdown('- dash\r\n+ plus')).toBe('\\- dash\n\\+ plus');
  });

  it('HTML: a self-contained, escaped document with a style block', () => {
    const html = renderHtml(assembleReport(source()));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toContain('<td class="sub" style="padding-left:1.7rem">Homework &lt;or&gt; *work*?</td>');
    expect(html).toContain('<blockquote><p>“Calling it homework put me off”</p><footer>— Samantha (client)</footer></blockquote>');
    expect(html).toContain('<th scope="col">Pseudonym</th>');
    expect(html).not.toContain('<or>');
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;');
  });

  it('adds where a quote starts on the recording after its attribution, when its document has times', () => {
    const src = source();
    const q = src.themes[0]!.quotes[0]!;
    src.themes[0]!.quotes[0] = { ...q, time: { start: 724_900, end: null } };
    const model = assembleReport(src);
    expect(model.themes![0]!.quotes.map((x) => x.timestamp)).toEqual(['[12:04]', null]);
    const md = renderMarkdown(model);
    expect(md).toContain('> “Calling it homework put me off”\n> — Samantha (client) \\[12:04\\]');
    expect(md).toContain('> — Dan (coach)\n');
    expect(renderHtml(model)).toContain('<footer>— Samantha (client) [12:04]</footer>');
  });
});
