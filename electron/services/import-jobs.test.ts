import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, useTempDir } from '../../tests/support/temp';
import { ImportJobs } from './import-jobs';
import { importInputs } from './importer';
import { listDocuments, getDocument } from './documents';
import { importParticipantsCsv, previewParticipantsCsv } from './participants';
import { ProjectSession } from './project-session';

const tempDir = useTempDir();
const transcript = (i: number) => `Interviewer: Question ${i}?\nParticipant ${i}: ${'An answer that goes on for a while. '.repeat(200)}`;

describe('batch import jobs', () => {
  it('imports the whole fixtures folder with every format, speakers and timestamps', async () => {
    const s = ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');
    const jobs = new ImportJobs();
    const started = jobs.start(s, { paths: [join(FIXTURES, 'coaching-study/transcripts')] }, 'skip');
    const done = await jobs.wait(started.id);
    expect(done.state).toBe('done');
    expect(done.report.imported).toBe(6);
    const formats = listDocuments(s.db).map((d) => d.format).sort();
    expect(formats).toEqual(['docx', 'otter', 'srt', 'text', 'vtt-teams', 'vtt-zoom']);
    const cat = listDocuments(s.db).find((d) => d.name === 'cat-zoom')!;
    const doc = getDocument(s.db, cat.id);
    expect(doc.turns[0]).toMatchObject({ speaker: 'Interviewer', beginMs: 0 });
    expect(doc.turns[1]!.beginMs).toBe(6000);
    expect(doc.speakers.find((sp) => sp.name === 'Interviewer')!.isInterviewer).toBe(true);
    s.close();
  });

  it('cancel keeps only whole, completed files and reports the rest as not imported', async () => {
    const dir = tempDir();
    const s = ProjectSession.create(join(dir, 'p.weft'), 'Ana');
    const inputs = Array.from({ length: 10 }, (_, i) => ({ name: `t${i}.txt`, bytes: new TextEncoder().encode(transcript(i)) }));
    let seen = 0;
    const report = await importInputs(s, inputs, { isCancelled: () => seen >= 4, onProgress: () => void seen++ });
    expect(report.imported).toBe(4);
    expect(report.skipped).toBe(6);
    expect(report.files.slice(4).every((f) => /cancelled/.test(f.reason ?? ''))).toBe(true);
    const docs = listDocuments(s.db);
    expect(docs).toHaveLength(4);
    for (const d of docs) expect(getDocument(s.db, d.id).text).toBe(transcript(Number(d.name.slice(1))));
    s.close();
  });

  it('a running job can be cancelled through the job API and ends as cancelled', async () => {
    const dir = tempDir();
    const s = ProjectSession.create(join(dir, 'p.weft'), 'Ana');
    const paths = Array.from({ length: 40 }, (_, i) => {
      const p = join(dir, `t${String(i).padStart(2, '0')}.txt`);
      writeFileSync(p, transcript(i));
      return p;
    });
    const jobs = new ImportJobs();
    const job = jobs.start(s, { paths }, 'skip');
    jobs.cancel(job.id);
    const end = await jobs.wait(job.id);
    expect(end.state).toBe('cancelled');
    expect(end.report.imported).toBeLessThan(40);
    expect(listDocuments(s.db)).toHaveLength(end.report.imported);
    s.close();
  });
});

describe('participants CSV', () => {
  it('infers types, imports the coaching-study participants and links speakers by name', async () => {
    const s = ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');
    await importInputs(s, [{ name: 'samantha-otter.txt', bytes: readFileSync(join(FIXTURES, 'coaching-study/transcripts/samantha-otter.txt')) }]);
    const csv = readFileSync(join(FIXTURES, 'coaching-study/participants.csv'));
    const preview = previewParticipantsCsv('participants.csv', csv);
    expect(preview.attributes.map((a) => [a.name, a.kind])).toEqual([
      ['role', 'category'],
      ['age', 'number'],
      ['gender', 'category'],
    ]);
    const result = importParticipantsCsv(s.db, 'participants.csv', csv, { gender: 'text' });
    expect(result).toMatchObject({ created: 16, updated: 0, linkedSpeakers: 1 });
    const sam = listDocuments(s.db)[0]!.speakers.find((sp) => sp.name === 'Samantha')!;
    expect(sam.participant).toBe('Samantha');
    const kinds = s.db.prepare('SELECT name, kind, categories FROM attributes ORDER BY position').all();
    expect(kinds).toEqual([
      { name: 'role', kind: 'category', categories: '["client","coach"]' },
      { name: 'age', kind: 'number', categories: null },
      { name: 'gender', kind: 'text', categories: null },
    ]);
    // importing again updates, never duplicates
    expect(importParticipantsCsv(s.db, 'participants.csv', csv)).toMatchObject({ created: 0, updated: 16 });
    s.close();
  });

  it('refuses a bad table with the file, line and problem, writing nothing', () => {
    const s = ProjectSession.create(join(tempDir(), 'p.weft'), 'Ana');
    const bad = new TextEncoder().encode('name,age\nAna,41\nBen,forty\n');
    expect(() => importParticipantsCsv(s.db, 'people.csv', bad, { age: 'number' })).toThrow(
      expect.objectContaining({ file: 'people.csv', message: expect.stringMatching(/^line 3 \(Ben\), column “age”: Cannot set “age”: “forty” is not a number/) }),
    );
    const ragged = new TextEncoder().encode('name,age\nAna,41,extra\n');
    expect(() => importParticipantsCsv(s.db, 'people.csv', ragged)).toThrow(expect.objectContaining({ file: 'people.csv', message: expect.stringMatching(/line 2/) }));
    expect(s.db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(0);
    s.close();
  });
});
