/**
 * Speakers on the real binary (issue 15): `weft import` and `weft import-project` create speakers
 * only where a document shows a dialogue (one rule, shared/import/plain-text.ts hasSpeakerEvidence),
 * `--no-speakers` turns detection off, and a project written by Weft keeps its speakers, interviewer
 * flags and reading ticks through export-project → import-project (weft/extension.json).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../support/temp';
import { ProjectSession } from '../../electron/services/project-session';
import { buildSampleProject } from '../../electron/services/sample/build-sample';

const tempDir = useTempDir();
const run = promisify(execFile);

async function weft(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data'), WEFT_CODER: 'Ana' },
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, out: err.stdout ?? '', err: err.stderr ?? '' };
  }
}

/** Social-media comments as NVivo exports them: 26 headlines "Update: …", each followed by comments. */
const COMMENTS = Array.from({ length: 26 }, (_, i) =>
  [`Update: the clinic changes its opening hours (${i + 1}) 😀`, 'Finally! This helps a lot.', 'Does it include weekends?', 'Thanks for sharing — café talk tonight'].join('\n'),
).join('\n\n');
const CHAT = ['Moderator: Welcome all.', 'Bo: Hi.', 'Moderator: First question?', 'Bo: Go on.'].join('\n');
const INTERVIEW = ['Interviewer: How did the fees feel?', 'Ana María: Too dear, honestly.', 'Interviewer: And the clinic?', 'Ana María: Far away — 中文 signs only.'].join('\n');

const speakersOf = (file: string) => {
  const s = ProjectSession.open(file, 'Ana');
  try {
    return s.db.prepare('SELECT d.name, (SELECT group_concat(label) FROM (SELECT label FROM speakers WHERE document_id = d.id ORDER BY id)) AS speakers FROM documents d ORDER BY d.name').all();
  } finally {
    s.close();
  }
};

describe('speakers on the real binary', () => {
  it('weft import: headlines make no speakers, an interview does; --no-speakers makes none', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'comments.txt'), COMMENTS);
    writeFileSync(join(dir, 'interview.txt'), INTERVIEW);
    const file = join(dir, 'study.weft');
    expect((await weft(['new', file])).code).toBe(0);
    const r = await weft(['import', file, join(dir, 'comments.txt'), join(dir, 'interview.txt'), '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as { files: { file: string; speakers?: string[] }[] };
    expect(report.files.map((f) => f.speakers)).toEqual([[], ['Interviewer', 'Ana María']]);
    expect(speakersOf(file)).toEqual([
      { name: 'comments', speakers: null },
      { name: 'interview', speakers: 'Interviewer,Ana María' },
    ]);

    const other = join(dir, 'off.weft');
    expect((await weft(['new', other])).code).toBe(0);
    const off = await weft(['import', other, join(dir, 'interview.txt'), '--no-speakers']);
    expect(off.code, off.err).toBe(0);
    expect(off.out).toMatch(/imported +.*interview\.txt \(plain text, UTF-8, speaker detection off\)/);
    expect(speakersOf(other)).toEqual([{ name: 'interview', speakers: null }]);
  });

  it('weft import-project: lists the speakers it created; --no-speakers creates none; Weft-only data survives', async () => {
    const dir = tempDir();
    const file = join(dir, 'study.weft');
    const sample = buildSampleProject(file, 'Ana');
    const counts = (s: ProjectSession) => ({
      read: s.db.prepare('SELECT count(*) FROM document_reading').pluck().get(),
      interviewers: s.db.prepare('SELECT count(*) FROM speakers WHERE is_interviewer = 1').pluck().get(),
    });
    expect(counts(sample)).toEqual({ read: 3, interviewers: 3 });
    sample.close();
    const qdpx = join(dir, 'study.qdpx');
    expect((await weft(['export-project', file, '-o', qdpx])).code).toBe(0);

    const back = join(dir, 'back.weft');
    const r = await weft(['import-project', qdpx, back]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/speakers \(3 documents; --no-speakers to create none\):\n {2}.+: Interviewer, .+ \(from Weft\)/);
    const s = ProjectSession.open(back, 'Ana');
    expect(counts(s)).toEqual({ read: 3, interviewers: 3 });
    s.close();

    const none = join(dir, 'none.weft');
    const j = await weft(['import-project', qdpx, none, '--no-speakers', '--json']);
    expect(j.code, j.err).toBe(0);
    expect((JSON.parse(j.out) as { speakers: unknown[] }).speakers).toEqual([]);
    const n = ProjectSession.open(none, 'Ana');
    expect(n.db.prepare('SELECT count(*) FROM speakers').pluck().get()).toBe(0);
    expect(counts(n).read).toBe(3); // only speakers are turned off
    n.close();
  });
  it('weft import --dry-run lists the speakers each file would get and writes nothing; --no-speakers-for turns one file off', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'comments.txt'), COMMENTS);
    writeFileSync(join(dir, 'interview.txt'), INTERVIEW);
    writeFileSync(join(dir, 'chat.md'), CHAT);
    const file = join(dir, 'study.weft');
    expect((await weft(['new', file])).code).toBe(0);
    const all = [join(dir, 'comments.txt'), join(dir, 'interview.txt'), join(dir, 'chat.md')];

    const dry = await weft(['import', file, ...all, '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toBe(`${join(dir, 'interview.txt')}: Interviewer, Ana María\n${join(dir, 'chat.md')}: Moderator, Bo\n2 of 3 files would get speakers; nothing was written\n`);
    const dryOff = JSON.parse((await weft(['import', file, ...all, '--dry-run', '--no-speakers-for', 'chat.md', '--json'])).out);
    expect(dryOff).toEqual({
      files: 3,
      speakers: [
        { source: join(dir, 'interview.txt'), document: 'interview.txt', speakers: ['Interviewer', 'Ana María'], from: 'detected' },
        { source: join(dir, 'chat.md'), document: 'chat.md', speakers: [], from: 'detected' },
      ],
    });
    expect(speakersOf(file)).toEqual([]);

    // a name that is none of the files, or both flags: usage errors, nothing written
    const typo = await weft(['import', file, ...all, '--no-speakers-for', 'chats.md']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/--no-speakers-for “chats\.md” names none of the files to import/);
    const both = await weft(['import', file, ...all, '--no-speakers', '--no-speakers-for', 'chat.md']);
    expect(both.code).toBe(2);
    expect(speakersOf(file)).toEqual([]);

    // by name for one file, by a relative path for another
    const r = await run(process.execPath, [join(REPO, 'bin/weft.mjs'), 'import', file, ...all, '--no-speakers-for', 'chat.md', '--no-speakers-for', './comments.txt', '--json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, WEFT_DATA_DIR: join(dir, 'data'), WEFT_CODER: 'Ana' },
    });
    expect((JSON.parse(r.stdout) as { files: { speakers?: string[] }[] }).files.map((f) => f.speakers)).toEqual([[], ['Interviewer', 'Ana María'], []]);
    expect(speakersOf(file)).toEqual([
      { name: 'chat', speakers: null },
      { name: 'comments', speakers: null },
      { name: 'interview', speakers: 'Interviewer,Ana María' },
    ]);
  });

  it('weft import-project --no-speakers-for DOC turns one document off (by name or source GUID); an unknown one is warned about', async () => {
    const dir = tempDir();
    const source = join(dir, 'source.weft');
    expect((await weft(['new', source])).code).toBe(0);
    writeFileSync(join(dir, 'Interview Ana.txt'), INTERVIEW);
    writeFileSync(join(dir, 'Group chat.md'), CHAT);
    expect((await weft(['import', source, join(dir, 'Interview Ana.txt'), join(dir, 'Group chat.md')])).code).toBe(0);
    const qdpx = join(dir, 'source.qdpx');
    expect((await weft(['export-project', source, '-o', qdpx])).code).toBe(0);
    const s = ProjectSession.open(source, 'Ana');
    const interviewGuid = s.db.prepare("SELECT guid FROM documents WHERE name = 'Interview Ana'").pluck().get() as string;
    s.close();

    const byName = join(dir, 'by-name.weft');
    const r = await weft(['import-project', qdpx, byName, '--no-speakers-for', 'Group chat', '--no-speakers-for', 'Nobody', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('weft import-project: warning: --no-speakers-for “Nobody” names no document of the project\n');
    expect((JSON.parse(r.out) as { speakers: { document: string }[] }).speakers.map((d) => d.document)).toEqual(['Interview Ana']);
    expect(speakersOf(byName)).toEqual([
      { name: 'Group chat', speakers: null },
      { name: 'Interview Ana', speakers: 'Interviewer,Ana María' },
    ]);

    const byGuid = join(dir, 'by-guid.weft');
    const g = await weft(['import-project', qdpx, byGuid, '--no-speakers-for', interviewGuid.toUpperCase()]);
    expect(g.code, g.err).toBe(0);
    expect(g.err).toBe('');
    expect(speakersOf(byGuid)).toEqual([
      { name: 'Group chat', speakers: 'Moderator,Bo' },
      { name: 'Interview Ana', speakers: null },
    ]);
  });
});
