/**
 * The import preview of transcripts (issue 15): `imports.preview` lists the speakers each file would
 * get, with the rule the import uses (shared/import/plain-text.ts hasSpeakerEvidence), writing
 * nothing; `imports.start` then turns detection off per file (`noSpeakersFor`, the preview's
 * `source`) or for the batch (`speakers: false`). Real files, a real project file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useProjectService } from '../../tests/support/project-service';

const { app, dir } = useProjectService('study.weft');

const h = () => app().handlers;
/** Social-media comments: headlines “Update: …”, each followed by comments (no speakers). */
const COMMENTS = Array.from({ length: 26 }, (_, i) => [`Update: the clinic changes its hours (${i + 1}) 😀`, 'Finally! This helps.', 'Weekends too?'].join('\n')).join('\n\n');
const INTERVIEW = ['Interviewer: How did the fees feel?', 'Ana María: Too dear — 中文 signs only.', 'Interviewer: And the clinic?', 'Ana María: Far away 👩‍👩‍👧.'].join('\n');
const CHAT = ['Moderator: Welcome all.', 'Bo: Hi.', 'Moderator: First question?', 'Bo: Go on.'].join('\n');

function files() {
  const paths = { comments: join(dir(), 'comments.txt'), interview: join(dir(), 'interview.txt'), chat: join(dir(), 'chat.md') };
  writeFileSync(paths.comments, COMMENTS);
  writeFileSync(paths.interview, INTERVIEW);
  writeFileSync(paths.chat, CHAT);
  return paths;
}

const speakersByDocument = () =>
  Object.fromEntries(
    (app().current().db.prepare('SELECT d.name, (SELECT group_concat(label, \'|\') FROM (SELECT label FROM speakers WHERE document_id = d.id ORDER BY id)) AS s FROM documents d').all() as { name: string; s: string | null }[]).map(
      (r) => [r.name, r.s],
    ),
  );

async function importWith(input: Parameters<ReturnType<typeof h>['imports.start']>[0]) {
  const job = await h()['imports.start'](input);
  return app().importJobs.wait(job.id);
}

describe('imports.preview and per-file speaker detection', () => {
  it('lists the speakers each file would get (paths: keyed by path; uploads: by name) and writes nothing', async () => {
    const p = files();
    const preview = await h()['imports.preview']({ paths: [p.comments, p.interview, p.chat] });
    expect(preview).toEqual({
      files: 3,
      speakers: [
        { source: p.interview, document: 'interview.txt', speakers: ['Interviewer', 'Ana María'], from: 'detected' },
        { source: p.chat, document: 'chat.md', speakers: ['Moderator', 'Bo'], from: 'detected' },
      ],
    });
    const upload = await h()['imports.preview']({ files: [{ name: 'interview.txt', base64: Buffer.from(INTERVIEW).toString('base64') }] });
    expect(upload.speakers.map((d) => [d.source, d.speakers])).toEqual([['interview.txt', ['Interviewer', 'Ana María']]]);
    expect(h()['documents.list']({})).toEqual([]);
  });

  it('turned off for one file (by the preview’s source), that file gets none and the others keep theirs', async () => {
    const p = files();
    const job = await importWith({ paths: [p.comments, p.interview, p.chat], duplicates: 'skip', noSpeakersFor: [p.chat] });
    expect(job.report.files.map((f) => [f.file, f.speakers])).toEqual([
      [p.comments, []],
      [p.interview, ['Interviewer', 'Ana María']],
      [p.chat, []],
    ]);
    expect(speakersByDocument()).toEqual({ comments: null, interview: 'Interviewer|Ana María', chat: null });
    // the text is the same either way: only the speakers differ
    expect(app().current().db.prepare("SELECT text FROM documents WHERE name = 'chat'").pluck().get()).toBe(CHAT);
  });

  it('uploads are named by their file name; speakers: false turns detection off for the batch', async () => {
    const b64 = (t: string) => Buffer.from(t).toString('base64');
    await importWith({ files: [{ name: 'interview.txt', base64: b64(INTERVIEW) }, { name: 'chat.md', base64: b64(CHAT) }], duplicates: 'skip', noSpeakersFor: ['interview.txt'] });
    expect(speakersByDocument()).toEqual({ interview: null, chat: 'Moderator|Bo' });
    const p = files();
    writeFileSync(p.chat, `${CHAT}\nBo: One more.`);
    writeFileSync(p.interview, `${INTERVIEW}\nInterviewer: Thanks.`);
    await importWith({ paths: [p.interview, p.chat], duplicates: 'skip', speakers: false });
    expect(speakersByDocument()).toEqual({ interview: null, chat: 'Moderator|Bo', 'interview (2)': null, 'chat (2)': null });
  });
});
