/** Linking recordings to documents: relative paths, status, copies, refusals, undo, auto-link on import. */
import { existsSync, mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../tests/support/temp';
import { parsePlainText } from '../../shared/import/plain-text';
import { explainSystemError } from '../../shared/api/system-errors';
import { toneWav } from '../../shared/media/wav';
import { insertDocument } from './documents';
import { importInputs, importPaths } from './importer';
import { getMediaLink, linkMedia, listMedia, MediaTickets, mediaSource, unlinkMedia } from './media';
import { ProjectSession } from './project-session';
import { saveProjectCopy } from './backups/restore';
import { writePseudonymisedCopy, writeReidentifiedCopy } from './pseudonymise/copy';
import { historyOf } from './undo';

const tempDir = useTempDir();
const WAV = toneWav([{ ms: 1500, hz: 440 }]);

function project() {
  const dir = tempDir();
  const s = ProjectSession.create(join(dir, 'study.weft'), 'Ana');
  const docId = s.transaction(() => insertDocument(s.db, parsePlainText('Amira: I trusted my mentor.', 'UTF-8'), { name: 'Interview 1', sourceName: null, coderId: null }));
  return { s, dir, docId };
}

describe('linking a recording', () => {
  it('stores the path relative to the project file and reports ok, changed and missing', () => {
    const { s, dir, docId } = project();
    mkdirSync(join(dir, 'audio'));
    const file = join(dir, 'audio', 'Interview 1.wav');
    writeFileSync(file, WAV);
    const link = linkMedia(s, docId, file);
    expect(link).toMatchObject({ path: 'audio/Interview 1.wav', absolutePath: file, kind: 'audio', mime: 'audio/wav', copied: false, status: 'ok', size: WAV.length });
    expect(s.db.prepare('SELECT path FROM document_media').pluck().get()).toBe('audio/Interview 1.wav');

    utimesSync(file, new Date(2020, 1, 1), new Date(2020, 1, 1));
    expect(getMediaLink(s, docId)).toMatchObject({ status: 'changed', problem: expect.stringContaining(file) });

    renameSync(file, join(dir, 'audio', 'moved.wav'));
    expect(listMedia(s)).toMatchObject([{ status: 'missing', problem: expect.stringMatching(/not found at .*Interview 1\.wav.*re-link/) }]);
    expect(mediaSource(s, docId, new MediaTickets())?.ticket).toBeNull();

    // re-linking replaces the link
    expect(linkMedia(s, docId, join(dir, 'audio', 'moved.wav'))).toMatchObject({ path: 'audio/moved.wav', status: 'ok' });
    expect(listMedia(s)).toHaveLength(1);
    s.close();
  });

  it('finds the recording again when the project and its recordings move together', () => {
    const { s, dir, docId } = project();
    writeFileSync(join(dir, 'rec.wav'), WAV);
    linkMedia(s, docId, join(dir, 'rec.wav'));
    s.close();
    const moved = join(tempDir(), 'moved');
    renameSync(dir, moved);
    const again = ProjectSession.open(join(moved, 'study.weft'), 'Ana');
    expect(getMediaLink(again, docId)).toMatchObject({ absolutePath: join(moved, 'rec.wav'), status: 'ok' });
    again.close();
  });

  it('copies into the media folder beside the project with --copy, never over another file', () => {
    const { s, dir, docId } = project();
    const elsewhere = tempDir();
    writeFileSync(join(elsewhere, 'Interview 1.wav'), WAV);
    mkdirSync(join(dir, 'study media'));
    writeFileSync(join(dir, 'study media', 'Interview 1.wav'), 'someone else’s file');
    const link = linkMedia(s, docId, join(elsewhere, 'Interview 1.wav'), { copy: true });
    expect(link).toMatchObject({ path: 'study media/Interview 1 (2).wav', copied: true, status: 'ok' });
    expect(existsSync(join(dir, 'study media', 'Interview 1 (2).wav'))).toBe(true);
    s.close();
  });

  it('refuses what is not a playable recording, naming the file and codec, and writes nothing', () => {
    const { s, dir, docId } = project();
    const adpcm = Uint8Array.from(WAV);
    adpcm[20] = 0x11; // IMA ADPCM
    writeFileSync(join(dir, 'call.wav'), adpcm);
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const said = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return explainSystemError(e)?.message;
      }
      return 'not refused';
    };
    expect(said(() => linkMedia(s, docId, join(dir, 'call.wav')))).toMatch(/^Cannot link “call\.wav” as a recording: WAV with IMA ADPCM cannot be played/);
    expect(() => linkMedia(s, docId, join(dir, 'notes.txt'))).toThrow(/not an audio or video file/);
    expect(() => linkMedia(s, docId, join(dir, 'nothing.wav'))).toThrow(/does not exist/);
    expect(() => linkMedia(s, docId + 99, join(dir, 'call.wav'))).toThrow(/no document with id/);
    expect(() => linkMedia(s, docId, dir)).toThrow(/is a folder/);
    expect(listMedia(s)).toEqual([]);
    expect(() => unlinkMedia(s, docId)).toThrow(/has no linked recording/);
    s.close();
  });

  it('is undone and redone like any change, and goes with its document', () => {
    const { s, dir, docId } = project();
    writeFileSync(join(dir, 'rec.wav'), WAV);
    const history = historyOf(s.db);
    history.run('Link recording', () => linkMedia(s, docId, join(dir, 'rec.wav')));
    history.run('Unlink recording', () => unlinkMedia(s, docId));
    expect(listMedia(s)).toEqual([]);
    history.undo();
    expect(listMedia(s)).toMatchObject([{ path: 'rec.wav' }]);
    history.undo();
    expect(listMedia(s)).toEqual([]);
    history.redo();
    expect(listMedia(s)).toHaveLength(1);
    s.db.prepare('DELETE FROM documents WHERE id = ?').run(docId);
    expect(listMedia(s)).toEqual([]);
    s.close();
  });

  it('links the recording with the same base name beside a transcript imported by path', async () => {
    const { s, dir } = project();
    const folder = join(dir, 'transcripts');
    mkdirSync(folder);
    writeFileSync(join(folder, 'Interview 2.txt'), 'Sam: The first week was hard.\n');
    writeFileSync(join(folder, 'Interview 2.WAV'), WAV);
    writeFileSync(join(folder, 'Interview 3.txt'), 'Lee: Nights were long.\n');
    writeFileSync(join(folder, 'Interview 3.mp3'), 'not really an mp3 but named so'); // unknown bytes, named mp3: linked by name
    writeFileSync(join(folder, 'Interview 4.txt'), 'Kim: No recording here.\n');
    const report = await importPaths(s, [folder]);
    const byFile = Object.fromEntries(report.files.filter((f) => f.outcome === 'imported').map((f) => [f.file.replace(/^.*[\\/]/, ''), f.media]));
    expect(byFile).toEqual({ 'Interview 2.txt': 'transcripts/Interview 2.WAV', 'Interview 3.txt': 'transcripts/Interview 3.mp3', 'Interview 4.txt': undefined });
    expect(listMedia(s).map((m) => m.path).sort()).toEqual(['transcripts/Interview 2.WAV', 'transcripts/Interview 3.mp3']);
    // the folder's recordings are listed as linked, to their documents, not as skipped files
    const recordings = report.files.filter((f) => /\.(WAV|mp3)$/.test(f.file)).map((f) => ({ file: f.file.replace(/^.*[\\/]/, ''), outcome: f.outcome, linkedTo: f.linkedTo }));
    expect(recordings.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'Interview 2.WAV', outcome: 'linked', linkedTo: 'Interview 2' },
      { file: 'Interview 3.mp3', outcome: 'linked', linkedTo: 'Interview 3' },
    ]);
    expect(report).toMatchObject({ imported: 3, linked: 2, skipped: 0, failed: 0 });
    s.close();
  });

  it('links a recording chosen together with its transcript (by path), and reports a recording without one as skipped', async () => {
    const { s, dir } = project();
    writeFileSync(join(dir, 'Focus group.vtt'), 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Sam>We met on Mondays.\n');
    writeFileSync(join(dir, 'Focus group.wav'), WAV);
    writeFileSync(join(dir, 'Focus group.mp3'), WAV); // beside it too, but not chosen: the chosen one is linked
    writeFileSync(join(dir, 'Lonely.wav'), WAV);
    const report = await importPaths(s, [join(dir, 'Focus group.vtt'), join(dir, 'Focus group.wav'), join(dir, 'Lonely.wav')]);
    expect(report.files.map((f) => [f.file.replace(/^.*[\\/]/, ''), f.outcome])).toEqual([
      ['Focus group.vtt', 'imported'],
      ['Focus group.wav', 'linked'],
      ['Lonely.wav', 'skipped'],
    ]);
    expect(report.files[2]!.reason).toMatch(/a recording, not a transcript: no transcript named “Lonely”/);
    expect(listMedia(s)).toMatchObject([{ path: 'Focus group.wav', copied: false, status: 'ok' }]);
    expect(s.db.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(2); // Interview 1 and the focus group: no recording imported as a document
    s.close();
  });

  it('links a recording uploaded with its transcript (browser mode): copied beside the project; one the engine cannot play is refused by name', async () => {
    const { s, dir } = project();
    const report = await importInputs(s, [
      { name: 'Interview 5.WAV', bytes: WAV },
      { name: 'Interview 5.txt', bytes: new TextEncoder().encode('Ana: The ward was calm.\n') },
      { name: 'Interview 6.txt', bytes: new TextEncoder().encode('Bo: Nights were long.\n') },
      { name: 'Interview 6.wma', bytes: new Uint8Array([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0, 0xaa, 0, 0x62, 0xce, 0x6c, ...new Array(64).fill(0)]) },
    ]);
    expect(report.files.map((f) => [f.file, f.outcome, f.linkedTo ?? null])).toEqual([
      ['Interview 5.txt', 'imported', null],
      ['Interview 5.WAV', 'linked', 'Interview 5'],
      ['Interview 6.txt', 'imported', null],
      ['Interview 6.wma', 'failed', null],
    ]);
    expect(report.files[3]!.reason).toMatch(/not linked to “Interview 6”: .*Windows Media/);
    const [link] = listMedia(s);
    expect(link).toMatchObject({ path: 'study media/Interview 5.WAV', copied: true, status: 'ok', kind: 'audio' });
    expect(readFileSync(link!.absolutePath).equals(Buffer.from(WAV))).toBe(true);
    expect(existsSync(join(dir, 'study media', 'Interview 6.wma'))).toBe(false);
    s.close();
  });
});

describe('copies of a project in another folder', () => {
  it('Save a copy as… rewrites the links so the copy finds the same recordings (the original keeps its own)', async () => {
    const { s, dir, docId } = project();
    mkdirSync(join(dir, 'audio'));
    writeFileSync(join(dir, 'audio', 'Interview 1.wav'), WAV);
    s.transaction(() => linkMedia(s, docId, join(dir, 'audio', 'Interview 1.wav')));
    const elsewhere = join(tempDir(), 'shared', 'deeper');
    mkdirSync(elsewhere, { recursive: true });
    const saved = await saveProjectCopy(s.db, s.path, join(elsewhere, 'copy.weft'));
    expect(getMediaLink(s, docId)).toMatchObject({ path: 'audio/Interview 1.wav', status: 'ok' });
    s.close();
    const copy = ProjectSession.open(saved.path, 'Ana');
    try {
      expect(getMediaLink(copy, docId)).toMatchObject({ absolutePath: join(dir, 'audio', 'Interview 1.wav'), status: 'ok' });
      expect(getMediaLink(copy, docId)!.path).toMatch(/^\.\.\/.*audio\/Interview 1\.wav$/);
    } finally {
      copy.close();
    }
  });

  it('a pseudonymised copy and its re-identified copy, each in another folder: the recording is linked again where it is', async () => {
    const { s, dir, docId } = project();
    writeFileSync(join(dir, 'Interview 1.wav'), WAV);
    s.transaction(() => linkMedia(s, docId, join(dir, 'Interview 1.wav')));
    const sharedDir = join(tempDir(), 'to share');
    const backDir = join(tempDir(), 'back', 'here');
    mkdirSync(sharedDir);
    mkdirSync(backDir, { recursive: true });
    const key = join(sharedDir, '..', 'study.weftkey');
    const pseudo = await writePseudonymisedCopy(s.db, s.path, { terms: [{ term: 'Amira', pseudonym: 'P01' }], output: join(sharedDir, 'shared.weft'), keyPath: key, passphrase: 'correct horse battery staple 42' });
    s.close();
    const p = ProjectSession.open(pseudo.path, 'Ana');
    try {
      expect(listMedia(p)).toEqual([]);
      const back = await writeReidentifiedCopy(p.db, p.path, { keyPath: key, passphrase: 'correct horse battery staple 42', output: join(backDir, 'back.weft') });
      expect(back.recordingsRelinked).toBe(1);
    } finally {
      p.close();
    }
    const b = ProjectSession.open(join(backDir, 'back.weft'), 'Ana');
    try {
      expect(getMediaLink(b, docId)).toMatchObject({ absolutePath: join(dir, 'Interview 1.wav'), status: 'ok' });
    } finally {
      b.close();
    }
  });
});

describe('media tickets', () => {
  it('name one file, are reused for it, and expire when unused', () => {
    let now = 0;
    const tickets = new MediaTickets(() => now);
    const a = tickets.issue('/x/a.wav', 'audio/wav');
    expect(tickets.issue('/x/a.wav', 'audio/wav')).toBe(a);
    expect(tickets.resolve(a)).toEqual({ path: '/x/a.wav', mime: 'audio/wav' });
    expect(tickets.resolve('guess')).toBeNull();
    now += 29 * 60_000;
    expect(tickets.resolve(a)).not.toBeNull(); // use keeps it alive
    now += 31 * 60_000;
    expect(tickets.resolve(a)).toBeNull();
  });
});

describe('the sample project', () => {
  it('has a generated recording linked to its first interview, whose turns have times', async () => {
    const { buildSampleProject } = await import('./sample/build-sample');
    const dir = tempDir();
    const final = join(dir, 'Sample study.weft');
    const s = buildSampleProject(join(dir, 'building.weft'), 'Ana', { recordingFor: final });
    const [link] = listMedia({ db: s.db, path: final });
    expect(link).toMatchObject({ path: 'Sample study media/Interview 1 — Amira.wav', kind: 'audio', status: 'ok' });
    const times = s.db.prepare('SELECT begin_ms FROM turns WHERE document_id = ? ORDER BY seq').pluck().all(link!.documentId) as number[];
    expect(times[0]).toBe(0);
    expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
    s.close();
  });
});

describe('setting a turn’s time', () => {
  it('sets and clears the time, keeps a later end, and is undoable', async () => {
    const { setTurnTime } = await import('./media');
    const { s } = project();
    const docId = s.transaction(() =>
      insertDocument(s.db, parsePlainText('Interviewer: How did it start?\nSam: With a call at night.\n', 'UTF-8'), { name: 'Notes', sourceName: null, coderId: null }),
    );
    const turnId = s.db.prepare('SELECT id FROM turns WHERE document_id = ? ORDER BY seq LIMIT 1').pluck().get(docId) as number;
    s.db.prepare('UPDATE turns SET end_ms = 9000 WHERE id = ?').run(turnId);
    const history = historyOf(s.db);
    expect(history.run('Set', () => setTurnTime(s.db, turnId, 4000))).toMatchObject({ beginMs: 4000, endMs: 9000 });
    expect(history.run('Set later', () => setTurnTime(s.db, turnId, 12_000))).toMatchObject({ beginMs: 12_000, endMs: null });
    history.undo();
    expect(s.db.prepare('SELECT begin_ms, end_ms FROM turns WHERE id = ?').get(turnId)).toEqual({ begin_ms: 4000, end_ms: 9000 });
    expect(setTurnTime(s.db, turnId, null)).toMatchObject({ beginMs: null, endMs: null });
    expect(() => setTurnTime(s.db, 9999, 0)).toThrow(/no turn with id 9999/);
    s.close();
  });
});
