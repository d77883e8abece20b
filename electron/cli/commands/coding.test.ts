/** weft extracts / codes / import-codebook / memos, run as the real binary on real project files. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, REPO, useTempDir } from '../../../tests/support/temp';
import { ProjectSession } from '../../services/project-session';
import { listDocuments, getDocument } from '../../services/documents';
import { createCode } from '../../services/codes';
import { createCoding } from '../../services/codings';
import { createMemo } from '../../services/memos';

const tempDir = useTempDir();

function weft(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data'), WEFT_CODER: 'Ana', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface JsonExtract {
  document: string;
  code: string;
  coder: string;
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  participant: string | null;
}

describe('weft extracts', () => {
  it('adds the time of each extract on its recording: {start, end} in ms in --json, [mm:ss] in CSV and text, null when untimed', () => {
    const file = join(tempDir(), 'sample.weft');
    expect(weft(['sample', file]).code).toBe(0);
    // the sample's first interview has timed turns; find where a coded phrase's turn begins
    const s = ProjectSession.open(file, 'Ana');
    const first = listDocuments(s.db)[0]!;
    const doc = getDocument(s.db, first.id);
    const phrase = 'There is never enough time';
    const at = doc.text.indexOf(phrase);
    const turn = doc.turns.find((t) => at >= t.start && at < t.end)!;
    const next = doc.turns.find((t) => t.start >= turn.end && t.beginMs !== null);
    s.close();
    expect(turn.beginMs).toBeGreaterThan(0);

    const run = weft(['extracts', file, '--json']);
    expect(run.code).toBe(0);
    const extracts = JSON.parse(run.out) as (JsonExtract & { time: { start: number; end: number | null } | null })[];
    const timed = extracts.find((e) => e.text === phrase)!;
    expect(timed.time).toEqual({ start: turn.beginMs, end: turn.endMs ?? next?.beginMs ?? null });
    expect(extracts.filter((e) => e.document === first.name).every((e) => e.time !== null)).toBe(true);
    const untimed = extracts.filter((e) => e.document !== first.name);
    expect(untimed.length).toBeGreaterThan(0);
    expect(untimed.every((e) => e.time === null)).toBe(true);

    const stamp = `[${Math.floor(turn.beginMs! / 60000)}:${String(Math.floor(turn.beginMs! / 1000) % 60).padStart(2, '0')}]`;
    expect(weft(['extracts', file]).out).toContain(`${stamp} ${first.name}`);
    const csvFile = join(tempDir(), 'extracts.csv');
    expect(weft(['extracts', file, '--format', 'csv', '-o', csvFile]).code).toBe(0);
    const lines = readFileSync(csvFile, 'utf8').split('\r\n');
    expect(lines[0]!.split(',').at(-1)).toBe('time');
    expect(lines.find((l) => l.includes(phrase))!.endsWith(`,${stamp}`)).toBe(true);
    expect(lines.find((l) => l.startsWith(untimed[0]!.document))!.endsWith(',')).toBe(true);
  });

  it('prints every coded extract of a code and its sub-codes as JSON, with exact text, filtered by code name or path and coder', () => {
    const file = join(tempDir(), 'sample.weft');
    expect(weft(['sample', file]).code).toBe(0);
    // a second coder codes one passage
    const s = ProjectSession.open(file, 'Bo');
    const doc = getDocument(s.db, listDocuments(s.db)[0]!.id);
    const phrase = 'I felt like I knew nothing';
    const growing = s.db.prepare("SELECT id FROM codes WHERE name = 'Growing confidence'").pluck().get() as number;
    s.transaction(() => createCoding(s.db, { documentId: doc.id, codeId: growing, start: doc.text.indexOf(phrase), end: doc.text.indexOf(phrase) + phrase.length, coderId: s.coderId() }));
    s.close();

    const all = weft(['extracts', file, '--json']);
    expect(all.code).toBe(0);
    const extracts = JSON.parse(all.out) as JsonExtract[];
    expect(extracts).toHaveLength(19);
    for (const e of extracts) for (const k of ['document', 'code', 'coder', 'start', 'end', 'text', 'speaker', 'participant']) expect(e).toHaveProperty(k);

    const byParent = JSON.parse(weft(['extracts', file, '--code', 'Challenges', '--json']).out) as JsonExtract[];
    expect(byParent).toHaveLength(7);
    expect(new Set(byParent.map((e) => e.code))).toEqual(new Set(['Challenges/Feeling unprepared', 'Challenges/Workload and time pressure']));
    const byPath = JSON.parse(weft(['extracts', file, '--code', 'challenges/feeling unprepared', '--json']).out) as JsonExtract[];
    expect(byPath.map((e) => e.text)).toEqual(['I felt like I knew nothing', "I didn't know where the dressing packs were kept", 'feeling out of my depth']);
    expect(byPath[0]).toMatchObject({ document: 'Interview 1 — Amira', code: 'Challenges/Feeling unprepared', speaker: 'Amira', participant: 'Amira' });
    // added fields (the one attribution rule and the quoteAttributes setting); the older ones stay as they were
    expect(byPath[0]).toMatchObject({ role: 'new nurse', participants: 1, attribution: 'speakers', quoteAttributes: [{ name: 'role', value: 'new nurse' }] });

    const bo = JSON.parse(weft(['extracts', file, '--coder', 'Bo', '--json']).out) as JsonExtract[];
    expect(bo).toEqual([expect.objectContaining({ code: 'Growing confidence', coder: 'Bo', text: phrase })]);
    const both = JSON.parse(weft(['extracts', file, '--code', 'Growing confidence', '--code', 'Belonging', '--json']).out) as JsonExtract[];
    expect(both).toHaveLength(7);
    const mentors = JSON.parse(weft(['extracts', file, '--attribute', 'role=mentor', '--json']).out) as JsonExtract[];
    expect(mentors.every((e) => e.participant === 'Ruth')).toBe(true);
    expect(mentors).toHaveLength(5);

    const text = weft(['extracts', file, '--code', 'Belonging']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Interview 2 — Jonas \[\d+–\d+\] Belonging \(.+\) — Jonas \(new nurse\)\n {2}"I felt I belonged there"/);
    expect(text.out).toMatch(/2 extracts\n$/);
  });

  it('keeps text exact over emoji, CJK, combining marks and RTL', () => {
    const file = join(tempDir(), 'm.weft');
    expect(weft(['new', file]).code).toBe(0);
    expect(weft(['import', file, join(FIXTURES, 'coaching-study/edge-cases/multilingual.txt')]).code).toBe(0);
    const s = ProjectSession.open(file, 'Ana');
    const doc = getDocument(s.db, listDocuments(s.db)[0]!.id);
    const pieces = ['这是把谈话带回工作的一步', 'work 🪜', 'نسميه «تمرين بين الجلسات»', 'feels 👩🏽\u200d💻', 'pra\u0301ctica. 👍🏾🇵🇹'];
    s.transaction(() => {
      const root = createCode(s.db, { name: 'Naming' });
      const child = createCode(s.db, { name: 'Words', parentId: root.id });
      for (const p of pieces) {
        const start = doc.text.indexOf(p);
        expect(start).toBeGreaterThanOrEqual(0);
        createCoding(s.db, { documentId: doc.id, codeId: child.id, start, end: start + p.length, coderId: s.coderId() });
      }
    });
    s.close();
    const r = weft(['extracts', file, '--code', 'Naming', '--json']);
    expect(r.code).toBe(0);
    const extracts = JSON.parse(r.out) as JsonExtract[];
    expect(extracts.map((e) => e.text)).toEqual(pieces);
    for (const e of extracts) {
      expect(doc.text.slice(e.start, e.end)).toBe(e.text);
      expect(e.code).toBe('Naming/Words');
    }
    expect(extracts.find((e) => e.text.startsWith('نسميه'))!.speaker).toBe('Layla');
  });

  it('fails clearly for an unknown code or coder, and exits 2 for usage errors', () => {
    const file = join(tempDir(), 'sample.weft');
    weft(['sample', file]);
    const noCode = weft(['extracts', file, '--code', 'Nope', '--json']);
    expect(noCode.code).toBe(3);
    expect(noCode.err).toMatch(/no code named “Nope”.*Codes: Belonging, Challenges/);
    const noCoder = weft(['extracts', file, '--coder', 'Zed']);
    expect(noCoder.code).toBe(3);
    expect(noCoder.err).toMatch(/no coder named “Zed”/);
    expect(weft(['extracts', file, '--attribute', 'role']).code).toBe(2);
    expect(weft(['extracts']).code).toBe(2);
    for (const c of ['extracts', 'codes', 'import-codebook', 'memos']) {
      const h = weft([c, '--help']);
      expect(h.code).toBe(0);
      expect(h.out).toMatch(new RegExp(`Usage: weft ${c}`));
    }
  });
});

describe('weft codes / import-codebook / memos', () => {
  it('imports the taxonomy CSV and prints the code tree with counts', () => {
    const file = join(tempDir(), 'study.weft');
    weft(['new', file]);
    const imp = weft(['import-codebook', file, join(FIXTURES, 'coaching-topics.csv'), '--json']);
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.out).created).toHaveLength(48);
    expect(weft(['import-codebook', file, join(FIXTURES, 'coaching-topics.csv')]).out).toMatch(/0 codes created, 48 already there/);
    const tree = JSON.parse(weft(['codes', file, '--json']).out) as { name: string; path: string; codings: number; children: { path: string }[] }[];
    expect(tree).toHaveLength(8);
    expect(tree.reduce((n, t) => n + t.children.length, 0)).toBe(40);
    expect(tree[3]!.children.map((c) => c.path)).toContain('D. Time & energy/Saying no');
    const bad = weft(['import-codebook', file, join(FIXTURES, 'coaching-study/edge-cases/empty.txt')]);
    expect(bad.code).toBe(4);
    expect(bad.err).toMatch(/Cannot import “empty.txt”: the file is empty/);

    const sample = join(tempDir(), 's.weft');
    weft(['sample', sample]);
    const codes = JSON.parse(weft(['codes', sample, '--json']).out) as { name: string; codings: number; documents: number; children: unknown[] }[];
    expect(codes.find((c) => c.name === 'Challenges')).toMatchObject({ codings: 7, documents: 3 });
    expect(weft(['codes', sample]).out).toMatch(/^ {2}Feeling unprepared {2}\(3 codings in 2 documents\)$/m);
  });

  it('lists and searches memos', () => {
    const file = join(tempDir(), 's.weft');
    weft(['sample', file]);
    const s = ProjectSession.open(file, 'Ana');
    const code = s.db.prepare("SELECT id FROM codes WHERE name = 'Belonging'").pluck().get() as number;
    s.transaction(() => createMemo(s.db, { target: { kind: 'code', id: code }, body: 'Jokes as a boundary marker.', coderId: s.coderId() }));
    s.close();
    const all = JSON.parse(weft(['memos', file, '--json']).out) as { target: { kind: string; label: string } }[];
    expect(all.map((m) => m.target)).toEqual(expect.arrayContaining([{ kind: 'project', label: 'Project journal' }, { kind: 'code', label: 'Belonging' }]));
    const hit = JSON.parse(weft(['memos', file, '--search', 'JOKES', '--json']).out) as { body: string }[];
    expect(hit.map((m) => m.body)).toEqual(['Jokes as a boundary marker.']);
  });
});
