/**
 * Extracts carry the time span of their passage on the recording when the document's turns have
 * times (derived at read time from the turns, shared/media/timeline.ts `codingTimeSpan`): a real
 * WebVTT transcript imported into a real project file, coded, and listed a page at a time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { parsePlainText } from '../../shared/import/plain-text';
import * as workspace from './coding-workspace';
import { historyOf } from './undo';
import { insertDocument } from './documents';
import { importPaths } from './importer';
import { listExtracts, pageExtracts } from './extracts';
import { ProjectSession } from './project-session';
import { createThemeFromCodes, markQuote } from './themes';
import { buildReport } from './reports';
import { cooccurrenceCellQuery, extracts as analysisExtracts } from './analysis/queries';

const tempDir = useTempDir();

const VTT = `WEBVTT

00:00:03.000 --> 00:00:09.500
<v Amira>I loved the night shift 😀 at first.

00:12:04.250 --> 00:12:10.000
<v Ben>我们 talked about the café every week.

00:12:15.000 --> 00:12:20.000
<v Amira>Then it got hard 👍 really hard.
`;

describe('extract times', () => {
  it('gives timed extracts a time span and untimed documents none, in lists and pages', async () => {
    const dir = tempDir();
    const s = ProjectSession.create(join(dir, 'study.weft'), 'Ana');
    const db = s.db;
    writeFileSync(join(dir, 'Interview 1.vtt'), VTT);
    const report = await importPaths(s, [join(dir, 'Interview 1.vtt')]);
    expect(report.imported).toBe(1);
    const timed = db.prepare("SELECT id, text FROM documents WHERE name = 'Interview 1'").get() as { id: number; text: string };
    const untimed = s.transaction(() => insertDocument(db, parsePlainText('Amira: I loved the night shift 😀 at first.', 'UTF-8'), { name: 'Notes', sourceName: null, coderId: null }));
    const code = historyOf(db).run('code', () => workspace.createCodeStep(db, { name: 'Shift' }));
    const apply = (documentId: number, text: string, from: string, to: string) =>
      historyOf(db).run('apply', () =>
        workspace.applyCodeStep(db, { documentId, codeId: code.id, start: text.indexOf(from), end: text.indexOf(to, text.indexOf(from)) + to.length, coderId: s.coderId() }),
      );
    apply(timed.id, timed.text, '我们', 'café'); // inside the second turn
    apply(timed.id, timed.text, 'night', 'hard 👍'); // across all three turns
    apply(timed.id, timed.text, 'really', 'hard'); // in the last turn, which has an end time
    apply(untimed, 'Amira: I loved the night shift 😀 at first.', 'night', '😀');

    const byText = new Map(listExtracts(db).map((e) => [e.text, e]));
    expect(byText.get('我们 talked about the café')?.time).toEqual({ start: 724_250, end: 730_000 });
    const across = [...byText.values()].find((e) => e.text.startsWith('night') && e.documentId === timed.id);
    expect(across?.text).toContain('我们');
    expect(across?.time).toEqual({ start: 3000, end: 740_000 });
    expect(byText.get('really hard')?.time).toEqual({ start: 735_000, end: 740_000 });
    const plain = listExtracts(db, { documentIds: [untimed] });
    expect(plain).toHaveLength(1);
    expect(plain[0]).not.toHaveProperty('time');
    // pages carry the same field
    expect(pageExtracts(db, { limit: 2 }).extracts.map((e) => e.time?.start ?? null)).toEqual(listExtracts(db).slice(0, 2).map((e) => e.time?.start ?? null));

    // a chosen quote carries it into the theme review and every report format
    const theme = historyOf(db).run('theme', () => createThemeFromCodes(db, { name: 'Nights', codeIds: [code.id] }));
    const second = byText.get('我们 talked about the café')!;
    historyOf(db).run('quote', () => markQuote(db, theme, second.codingId));
    historyOf(db).run('quote', () => markQuote(db, theme, plain[0]!.codingId));
    const md = (await buildReport(db, 'md')).bytes.toString('utf8');
    expect(md).toMatch(/我们 talked about the café”\n> — .*\\\[12:04\\\]/);
    expect(md).not.toMatch(/night shift 😀”\n> — [^\n]*\\\[/); // the untimed document's quote has none
    expect((await buildReport(db, 'html')).bytes.toString('utf8')).toContain('[12:04]</footer>');

    // the analysis drill-downs (matrix cells, co-occurrence instances) carry the same time by the same rule
    const drilled = analysisExtracts(db, [...byText.values()].map((e) => e.codingId));
    expect(drilled.map((e) => [e.text, e.time ?? null])).toEqual([...byText.values()].sort((a, b) => a.documentId - b.documentId || a.start - b.start || a.end - b.end).map((e) => [e.text, e.time ?? null]));
    const together = cooccurrenceCellQuery(db, { unit: 'turn', codeA: code.id, codeB: code.id });
    const lastTurn = together.find((i) => i.text.includes('really hard'))!;
    expect(lastTurn.codings.map((e) => e.time)).toEqual(lastTurn.codings.map((e) => byText.get(e.text)!.time));
    expect(lastTurn.codings.some((e) => e.time?.start === 735_000)).toBe(true);
    s.close();
  });
});
