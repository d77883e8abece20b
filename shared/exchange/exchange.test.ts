import { describe, expect, it } from 'vitest';
import { parseCodebookCsv, walkCodebook } from '../codebook/csv';
import { parseCsv } from '../csv/reader';
import { BOM } from '../csv/writer';
import {
  codebookCsv,
  codebookCsvWarnings,
  codebookMarkdown,
  extractsCsv,
  extractsHeader,
  mdCell,
  mdHeading,
  mdInline,
  mdTable,
  type CodebookEntry,
} from './index';

const entry = (path: string[], fields: Partial<CodebookEntry> = {}): CodebookEntry => ({
  path,
  definition: '',
  inclusion: '',
  exclusion: '',
  example: '',
  themes: [],
  color: '#336699',
  codings: 0,
  documents: 0,
  ...fields,
});

describe('Markdown escaping', () => {
  it('escapes inline formatting, HTML and entities', () => {
    expect(mdInline('a*b*_c_ `d` [e](f) <b>x</b> ~s~ \\ &copy;')).toBe('a\\*b\\*\\_c\\_ \\`d\\` \\[e\\](f) \\<b\\>x\\</b\\> \\~s\\~ \\\\ &amp;copy;');
  });

  it('keeps a table cell on one line and escapes pipes', () => {
    expect(mdCell('a | b')).toBe('a \\| b');
    expect(mdCell('line 1\nline 2\r\nline 3')).toBe('line 1<br>line 2<br>line 3');
    expect(mdCell('  trimmed\t ')).toBe('trimmed');
    expect(mdCell('tab\there')).toBe('tab here');
  });

  it('builds a table whose rows all have the header’s number of cells', () => {
    const t = mdTable(['Code', 'Note', 'Count'], [
      ['A|B', 'x\ny', 3],
      ['C', '', 0],
    ]);
    const lines = t.split('\n');
    expect(lines).toEqual(['| Code | Note | Count |', '| --- | --- | ---: |', '| A\\|B | x<br>y | 3 |', '| C |  | 0 |']);
    // every row splits into the same number of cells on unescaped pipes
    for (const l of lines) expect(l.split(/(?<!\\)\|/).length).toBe(5);
  });

  it('writes headings that cannot be deepened by the text', () => {
    expect(mdHeading(1, '# not a level')).toBe('# \\# not a level');
    expect(mdHeading(9, 'deep')).toBe('###### deep');
    expect(mdHeading(2, 'two\nlines')).toBe('## two lines');
  });
});

describe('codebook table', () => {
  const entries = [
    entry(['Feelings'], { definition: 'Emotions, named or shown.', color: '#eb5757', codings: 5, documents: 2, themes: ['Inner life'] }),
    entry(['Feelings', 'Fear'], {
      definition: 'Worry, "dread", anxiety;\nanything anticipatory.',
      inclusion: 'Named fear, e.g. “I was scared”',
      exclusion: '## not a heading\nanger',
      example: 'I was, honestly, terrified',
      themes: ['Inner life', 'Risk'],
      codings: 3,
      documents: 1,
    }),
    entry(['Feelings', 'Fear', 'Of failing 😀'], { color: '#00ff00' }),
    entry(['Work | Pay'], { definition: '  spaced  ' }),
  ];

  it('writes the documented columns', () => {
    const csv = codebookCsv(entries);
    const rows = parseCsv(csv, ',').map((r) => r.fields);
    expect(rows[0]).toEqual(['path', 'definition', 'inclusion', 'exclusion', 'example', 'themes', 'colour', 'codings', 'documents']);
    expect(rows[2]).toEqual([
      'Feelings/Fear',
      'Worry, "dread", anxiety;\nanything anticipatory.',
      'Named fear, e.g. “I was scared”',
      '## not a heading\nanger',
      'I was, honestly, terrified',
      'Inner life; Risk',
      '#336699',
      '3',
      '1',
    ]);
  });

  it('reads back through the codebook CSV reader as the same tree with the same fields', () => {
    const book = parseCodebookCsv(codebookCsv(entries));
    const back = walkCodebook(book.roots).map(({ node, path }) => ({
      path,
      definition: node.definition,
      inclusion: node.inclusion,
      exclusion: node.exclusion,
      example: node.example,
      color: node.color,
    }));
    expect(back).toEqual(
      entries.map((e) => ({
        path: e.path,
        definition: e.definition.trim(),
        inclusion: e.inclusion,
        exclusion: e.exclusion,
        example: e.example,
        color: e.color,
      })),
    );
    expect(book.warnings).toEqual([]);
  });

  it('warns about names with "/" (they would read as two levels)', () => {
    expect(codebookCsvWarnings(entries)).toEqual([]);
    const w = codebookCsvWarnings([entry(['Either/or'])]);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/“Either\/or” has “\/” in its name/);
  });

  it('renders Markdown with a title and one escaped row per code', () => {
    const md = codebookMarkdown('Study *one*', entries);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Codebook — Study \\*one\\*');
    expect(md).toContain('4 codes.');
    expect(lines).toContain('| Code | Definition | Inclusion | Exclusion | Example | Themes | Colour | Codings | Documents |');
    expect(lines).toContain('| Work \\| Pay | spaced |  |  |  |  | #336699 | 0 | 0 |');
    expect(lines).toContain(
      '| Feelings/Fear | Worry, "dread", anxiety;<br>anything anticipatory. | Named fear, e.g. “I was scared” | ## not a heading<br>anger | I was, honestly, terrified | Inner life; Risk | #336699 | 3 | 1 |',
    );
    const tableRows = lines.filter((l) => l.startsWith('|'));
    expect(tableRows).toHaveLength(2 + entries.length);
  });
});

describe('extracts table', () => {
  it('puts one column per attribute between participant and code, with unique headings', () => {
    expect(extractsHeader(['role', 'age'])).toEqual(['document', 'participant', 'role', 'age', 'code', 'themes', 'text', 'start', 'end', 'start_cp', 'end_cp', 'coder', 'time']);
    expect(extractsHeader(['Code', 'text', 'Code'])).toEqual([
      'document',
      'participant',
      'Code (attribute)',
      'text (attribute)',
      'Code (attribute 2)',
      'code',
      'themes',
      'text',
      'start',
      'end',
      'start_cp',
      'end_cp',
      'coder',
      'time',
    ]);
  });

  it('writes rows with both offset units', () => {
    const csv = extractsCsv({
      attributes: ['role'],
      entries: [
        { document: 'Doc, 1', participant: null, attributes: [''], code: 'A/B', themes: ['T'], text: '😀 "hi"', start: 3, end: 10, startCp: 2, endCp: 8, coder: 'Ana', timeMs: null },
        { document: 'Doc 2', participant: null, attributes: [''], code: 'A', themes: [], text: '我们', start: 0, end: 2, startCp: 0, endCp: 2, coder: 'Ana', timeMs: 724_999 },
      ],
    });
    expect(csv).toBe(
      `${BOM}document,participant,role,code,themes,text,start,end,start_cp,end_cp,coder,time\r\n"Doc, 1",,,A/B,T,"😀 ""hi""",3,10,2,8,Ana,\r\nDoc 2,,,A,,我们,0,2,0,2,Ana,[12:04]\r\n`,
    );
  });
});
