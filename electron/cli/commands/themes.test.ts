/** weft themes / import-themes / export-report, run as the real binary (bin/weft.mjs). */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FIXTURES, REPO, useTempDir } from '../../../tests/support/temp';
import { buildSampleProject } from '../../services/sample/build-sample';
import { ProjectSession } from '../../services/project-session';
import { createCase } from '../../services/cases';

const tempDir = useTempDir();

function weft(args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data') },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface ThemeJson {
  name: string;
  definition: string;
  status: string;
  codes: string[];
  subthemes: ThemeJson[];
}

describe('weft themes, import-themes, export-report', () => {
  it('lists the sample project’s themes as JSON with code paths and recursive sub-themes', () => {
    const file = join(tempDir(), 's.weft');
    buildSampleProject(file, 'Ana').close(); // set up in-process; the commands under test run as the binary
    const r = weft(['themes', file, '--json']);
    expect(r.code).toBe(0);
    const themes = JSON.parse(r.out) as ThemeJson[];
    expect(themes.length).toBeGreaterThanOrEqual(3);
    for (const t of themes) expect(Object.keys(t).sort()).toEqual(['codes', 'definition', 'name', 'status', 'subthemes']);
    expect(themes[0]).toEqual({
      name: 'Thrown in at the deep end',
      definition: expect.stringContaining('accountable before feeling ready'),
      status: 'final',
      codes: ['Challenges/Feeling unprepared'],
      subthemes: [
        {
          name: 'Never enough time',
          definition: expect.any(String),
          status: 'final',
          codes: ['Challenges/Workload and time pressure'],
          subthemes: [],
        },
      ],
    });
    const text = weft(['themes', file]);
    expect(text.out).toMatch(/^Thrown in at the deep end {2}\[final\]/m);
    expect(text.out).toMatch(/^ {4}- Challenges\/Workload and time pressure$/m);
  }, 120_000);

  it('imports themes.csv (7 themes)', () => {
    const file = join(tempDir(), 'p.weft');
    ProjectSession.create(file, 'Ana').close();
    const r = weft(['import-themes', file, join(FIXTURES, 'coaching-study/themes.csv'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).created).toHaveLength(7);
    const themes = JSON.parse(weft(['themes', file, '--json']).out) as ThemeJson[];
    expect(themes).toHaveLength(7);
    expect(themes.find((t) => t.name === 'Reminders between sessions')).toEqual({
      name: 'Reminders between sessions',
      definition: 'Notes, messages and summaries, and when they start to feel like supervision',
      status: 'candidate',
      codes: [],
      subthemes: [],
    });
  }, 120_000);

  it('explains a CSV it cannot use', () => {
    const dir = tempDir();
    const file = join(dir, 'p.weft');
    ProjectSession.create(file, 'Ana').close();
    const bad = weft(['import-themes', file, join(FIXTURES, 'coaching-topics.csv')]);
    expect(bad.code).toBe(4);
    expect(bad.err).toMatch(/Cannot import “coaching-topics\.csv”: there is no theme name column.*\(found: “category”, “topic”\)/);
    writeFileSync(join(dir, 'empty.csv'), '');
    const empty = weft(['import-themes', file, join(dir, 'empty.csv')]);
    expect([empty.code, empty.err]).toEqual([4, expect.stringMatching(/empty/)]);
  }, 120_000);

  it('exports the report as docx, md and html', () => {
    const dir = tempDir();
    const file = join(dir, 's.weft');
    buildSampleProject(file, 'Ana').close();
    for (const format of ['docx', 'md', 'html']) {
      const out = join(dir, `report.${format}`);
      const r = weft(['export-report', file, '--format', format, '-o', out]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/^wrote .*report\./);
      expect(existsSync(out)).toBe(true);
    }
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('### 2. Someone to turn to');
    expect(md).toContain('> “there are no stupid questions on my ward”\n> — Ruth (mentor)');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Participants</h2>');
    expect(html).toContain('<footer>— Jonas (new nurse)</footer>');
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'report.docx'))))['word/document.xml']!);
    expect(xml).toContain('Becoming one of us');
  }, 120_000);

  it('lists the participants who appear in the documents; --all-participants lists every one', () => {
    const dir = tempDir();
    const file = join(dir, 's.weft');
    buildSampleProject(file, 'Ana').close();
    const s = ProjectSession.open(file, 'Ana');
    s.transaction(() => createCase(s.db, { name: 'Zofia (CSV only)' }));
    s.close();
    const out = join(dir, 'report.md');
    expect(weft(['export-report', file, '--format', 'md', '-o', out]).code).toBe(0);
    const appearing = readFileSync(out, 'utf8');
    expect(appearing).toContain('| Ruth |');
    expect(appearing).not.toContain('Zofia');
    expect(weft(['export-report', file, '--format', 'md', '-o', out, '--all-participants']).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('| Zofia (CSV only) |');
  }, 120_000);

  it('takes a title, and answers usage errors with exit 2', () => {
    const dir = tempDir();
    const file = join(dir, 's.weft');
    buildSampleProject(file, 'Ana').close();
    const titled = weft(['export-report', file, '--format', 'md', '-o', join(dir, 't.md'), '--title', 'My <study>', '--json']);
    expect(JSON.parse(titled.out)).toMatchObject({ format: 'md', path: join(dir, 't.md') });
    expect(readFileSync(join(dir, 't.md'), 'utf8').startsWith('# My \\<study\\>\n')).toBe(true);

    expect(weft(['export-report', file, '--format', 'pdf', '-o', join(dir, 'x.pdf')]).code).toBe(2);
    const noOut = weft(['export-report', file, '--format', 'md']);
    expect([noOut.code, noOut.err]).toEqual([2, expect.stringMatching(/missing -o OUT[\s\S]*Usage: weft export-report FILE\.weft --format docx\|md\|html -o OUT/)]);
  }, 120_000);
});
