/** `weft link-media` and the `media` field of `weft documents --json`, on the real binary. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toneWav } from '../../shared/media/wav';
import { REPO, useTempDir } from '../support/temp';

const tempDir = useTempDir();

function weft(args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, WEFT_DATA_DIR: join(tempDir(), 'data') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('weft link-media', () => {
  it('links, re-links and copies a recording; documents --json shows it with its status; bad input is refused', { timeout: 180_000 }, () => {
    const dir = tempDir();
    const file = join(dir, 'study.weft');
    mkdirSync(join(dir, 'transcripts'));
    writeFileSync(join(dir, 'transcripts', 'Interview 1.txt'), 'Amira: I trusted my mentor.\n');
    writeFileSync(join(dir, 'transcripts', 'Interview 1.wav'), toneWav([{ ms: 500, hz: 440 }]));
    writeFileSync(join(dir, 'transcripts', 'Interview 2.txt'), 'Sam: Nights were long.\n');
    expect(weft(['new', file]).code).toBe(0);
    const imported = weft(['import', file, join(dir, 'transcripts'), '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out).files.find((f: { file: string }) => f.file.endsWith('Interview 1.txt')).media).toBe('transcripts/Interview 1.wav');
    // the recording is not a skipped file: it is listed as linked, to its document, and counted
    const report = JSON.parse(imported.out) as { linked: number; skipped: number; files: { file: string; outcome: string; linkedTo?: string; media?: string }[] };
    expect(report).toMatchObject({ linked: 1, skipped: 0 });
    expect(report.files.find((f) => f.file.endsWith('Interview 1.wav'))).toMatchObject({ outcome: 'linked', linkedTo: 'Interview 1', media: 'transcripts/Interview 1.wav' });
    expect(weft(['new', join(dir, 'again.weft')]).code).toBe(0);
    const text = weft(['import', join(dir, 'again.weft'), join(dir, 'transcripts')]);
    expect(text.out).toMatch(/^linked {3}.*Interview 1\.wav → Interview 1$/m);
    expect(text.out).toMatch(/^2 imported, 0 skipped, 0 failed, 1 recording linked$/m);

    const docs = () => JSON.parse(weft(['documents', file, '--json']).out) as { name: string; format: string; speakers: unknown[]; media: unknown }[];
    expect(docs().map((d) => [d.name, d.media])).toEqual([
      ['Interview 1', { path: 'transcripts/Interview 1.wav', kind: 'audio', copied: false, status: 'ok' }],
      ['Interview 2', null],
    ]);
    expect(docs()[0]).toHaveProperty('speakers'); // existing fields stay

    // moved away: missing, with the reason; re-linking by hand fixes it
    mkdirSync(join(dir, 'audio'));
    renameSync(join(dir, 'transcripts', 'Interview 1.wav'), join(dir, 'audio', 'one.wav'));
    expect(docs()[0]!.media).toMatchObject({ status: 'missing', problem: expect.stringContaining('re-link') });
    expect(weft(['documents', file]).out).toMatch(/^Interview 1\t.*\trecording: transcripts\/Interview 1\.wav \(missing\)$/m);
    const relinked = weft(['link-media', file, 'Interview 1', join(dir, 'audio', 'one.wav')]);
    expect(relinked).toMatchObject({ code: 0, out: 'linked audio/one.wav to Interview 1\n' });
    expect(docs()[0]!.media).toMatchObject({ path: 'audio/one.wav', status: 'ok' });

    // --copy: into the media folder beside the project
    const copied = weft(['link-media', file, 'Interview 2', join(dir, 'audio', 'one.wav'), '--copy', '--json']);
    expect(copied.code).toBe(0);
    expect(JSON.parse(copied.out)).toEqual({ document: 'Interview 2', path: 'study media/one.wav', kind: 'audio', copied: true, status: 'ok' });
    expect(existsSync(join(dir, 'study media', 'one.wav'))).toBe(true);

    // refusals: one line naming the problem, a specific status, nothing changed
    const before = weft(['documents', file, '--json']).out;
    writeFileSync(join(dir, 'memo.wma'), 'x');
    const wma = weft(['link-media', file, 'Interview 1', join(dir, 'memo.wma')]);
    expect(wma.code).toBe(4);
    expect(wma.err).toBe('weft link-media: Cannot link “memo.wma” as a recording: Windows Media (ASF) (usually WMA) cannot be played by Weft\'s browser engine (Chromium). Convert it to MP3, M4A (AAC), WAV (PCM), Ogg (Opus/Vorbis) or FLAC first, for example with ffmpeg or Audacity.\n');
    const noDoc = weft(['link-media', file, 'Interview 9', join(dir, 'audio', 'one.wav')]);
    expect(noDoc.code).toBe(3);
    expect(noDoc.err).toMatch(/There is no document named “Interview 9”/);
    const noFile = weft(['link-media', file, 'Interview 1', join(dir, 'nowhere.mp3')]);
    expect(noFile.code).toBe(3);
    expect(noFile.err).toMatch(/nowhere\.mp3” does not exist/);
    expect(weft(['link-media', file, 'Interview 1']).code).toBe(2);
    expect(weft(['documents', file, '--json']).out).toBe(before);
    expect(noFile.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});
