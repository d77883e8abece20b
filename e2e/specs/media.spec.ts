/**
 * Recordings beside transcripts in Chromium against the real backend: link a recording (a WAV of
 * tones written by the test), play it, seek by clicking a turn's timestamp, the turn being spoken
 * is highlighted and followed, the transcription keys, and "recording not found" with Re-link.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toneWav } from '../../shared/media/wav';
import { expect, test } from '../fixtures/app';
import { CodingPage, newProjectAt } from '../pages/coding-page';
import { ImportProjectDialog } from '../pages/exchange-page';
import { WelcomePage } from '../pages/welcome-page';
import { parsePlainText } from '../../shared/import/plain-text';
import { WEFT_EXTENSION_PATH } from '../../shared/refi/index';
import { insertDocument } from '../../electron/services/documents';
import { linkMedia } from '../../electron/services/media';
import { ProjectSession } from '../../electron/services/project-session';
import { exportQdpx } from '../../electron/services/exchange/export';
import { openQdpx } from '../../electron/refi/qdpx';
import { MemorySink, ZipWriter } from '../../electron/refi/zip-write';

/** Six turns of 3 s each; the recording is 20 s of tones, a different pitch per turn. */
const VTT = [
  'WEBVTT',
  '',
  ...[
    ['00:00:00.000', '00:00:03.000', 'Interviewer', 'Tell me about your first week.'],
    ['00:00:03.000', '00:00:06.000', 'Amira', 'It was a blur of names and rotas.'],
    ['00:00:06.000', '00:00:09.000', 'Interviewer', 'Who helped you most?'],
    ['00:00:09.000', '00:00:12.000', 'Amira', 'My mentor, from the very first night shift.'],
    ['00:00:12.000', '00:00:15.000', 'Interviewer', 'What did she do?'],
    ['00:00:15.000', '00:00:18.000', 'Amira', 'She asked me what I had noticed before she told me anything.'],
  ].flatMap(([from, to, who, text]) => [`${from} --> ${to}`, `<v ${who}>${text}`, '']),
].join('\n');

test('link a recording, play it, seek from a timestamp; the spoken turn is highlighted and followed; keys; not found and re-link', async ({ app }) => {
  test.setTimeout(180_000);
  const page = app.page;
  const vtt = join(app.workDir, 'First week.vtt');
  const wav = join(app.workDir, 'First week.wav');
  writeFileSync(vtt, VTT);
  writeFileSync(wav, toneWav([330, 392, 440, 494, 523, 587, 659].map((hz) => ({ ms: hz === 659 ? 2000 : 3000, hz }))));

  await newProjectAt(page, join(app.workDir, 'Media study.weft'));
  const ws = new CodingPage(page);
  await ws.importFiles([vtt]);
  await ws.closeImportReport();
  await ws.openDocument('First week');

  // no recording yet: link one by its path
  const player = page.getByTestId('media-player');
  await expect(player).toContainText('This transcript has times');
  await player.getByRole('button', { name: 'Link recording…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Link a recording' });
  await dialog.getByLabel('Path').fill(wav);
  await dialog.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(dialog).toBeHidden();
  const media = page.getByTestId('media-element');
  await expect(media).toBeVisible();
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  expect(await media.evaluate((el: HTMLMediaElement) => Math.round(el.duration))).toBe(20);

  // clicking a turn's timestamp plays from there, and that turn is highlighted
  const para = (text: string) => ws.documentText.locator('.para', { hasText: text });
  await page.getByRole('button', { name: 'Play the recording from 0:09' }).click();
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => !el.paused && el.currentTime >= 9)).toBe(true);
  await expect(para('My mentor, from the very first night shift.')).toHaveClass(/playing/);
  await expect(ws.documentText.locator('.para.playing')).toHaveCount(1);

  // while it plays, the highlight follows to the next turn
  await expect(para('What did she do?')).toHaveClass(/playing/, { timeout: 20_000 });
  await expect(para('My mentor, from the very first night shift.')).not.toHaveClass(/playing/);

  // keys: Ctrl+Space pauses; Alt+← goes back 5 s; Alt+↑ is faster, Alt+↓ slower
  await ws.documentText.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Space');
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.paused)).toBe(true);
  const at = await media.evaluate((el: HTMLMediaElement) => el.currentTime);
  await page.keyboard.press('Alt+ArrowLeft');
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.currentTime)).toBeCloseTo(Math.max(0, at - 5), 1);
  await expect(para('Who helped you most?')).toHaveClass(/playing/); // the seek moved the highlight back
  await page.keyboard.press('Alt+ArrowUp');
  await expect(page.getByTestId('media-rate')).toHaveText('1.1×');
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByTestId('media-rate')).toHaveText('0.9×');
  await page.keyboard.press('Control+Space');
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => !el.paused)).toBe(true);
  await page.keyboard.press('Control+Space');

  // the recording moved away: "recording not found", and Re-link finds it again
  const moved = join(app.workDir, 'moved.wav');
  renameSync(wav, moved);
  await page.reload();
  await ws.openDocument('First week');
  await expect(player.getByRole('alert')).toContainText('Recording not found: First week.wav');
  await expect(page.getByRole('button', { name: /Play the recording from/ })).toHaveCount(0);
  await player.getByRole('button', { name: 'Re-link…' }).click();
  const relink = page.getByRole('dialog', { name: 'Re-link the recording' });
  await relink.getByLabel('Path').fill(moved);
  await relink.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(media).toBeVisible();
  await expect(player.getByRole('alert')).toHaveCount(0);

  // undo takes the re-link back: not found again
  await page.keyboard.press('Control+z');
  await expect(player.getByRole('alert')).toContainText('Recording not found');
});

test('a transcript and its recording chosen together in the file picker: the recording is linked (listed as linked, not skipped) and plays', async ({ app }) => {
  test.setTimeout(120_000);
  const page = app.page;
  const vtt = join(app.workDir, 'Handover.vtt');
  const wav = join(app.workDir, 'Handover.wav');
  writeFileSync(vtt, VTT);
  writeFileSync(wav, toneWav([{ ms: 20_000, hz: 440 }]));
  // a recording with no transcript of its name in the batch is listed as skipped, saying why
  const stray = join(app.workDir, 'Corridor noise.wav');
  writeFileSync(stray, toneWav([{ ms: 500, hz: 220 }]));
  await newProjectAt(page, join(app.workDir, 'Picker study.weft'));
  const ws = new CodingPage(page);
  // browser mode: the file input uploads all three
  const report = await ws.importFiles([vtt, wav, stray]);
  await expect(report).toContainText('1 imported · 1 skipped · 0 failed · 1 recording linked');
  const row = (file: string) => report.getByRole('row').filter({ has: page.getByRole('cell', { name: file, exact: true }) });
  await expect(row('Handover.vtt')).toContainText('Recording: Handover.wav');
  await expect(row('Handover.wav')).toContainText('linked');
  await expect(row('Handover.wav')).toContainText('Recording of “Handover”');
  await expect(row('Corridor noise.wav')).toContainText('skipped');
  await expect(row('Corridor noise.wav')).toContainText('no transcript named “Corridor noise”');
  await ws.closeImportReport();
  // only the transcript became a document; its recording is linked (copied beside the project) and plays
  await expect(page.getByRole('navigation', { name: 'Documents' }).locator('button[data-doc-id]')).toHaveCount(1);
  await ws.openDocument('Handover');
  const media = page.getByTestId('media-element');
  await expect(media).toBeVisible();
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  expect(await media.evaluate((el: HTMLMediaElement) => Math.round(el.duration))).toBe(20);
  expect(readFileSync(join(app.workDir, 'Picker study media', 'Handover.wav'))).toEqual(readFileSync(wav));
});

test('a recording Chromium cannot play is refused with its container named', async ({ app }) => {
  const page = app.page;
  const vtt = join(app.workDir, 'Call.vtt');
  writeFileSync(vtt, 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Sam>Hello.\n');
  writeFileSync(join(app.workDir, 'Call.wma'), Uint8Array.from([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]));
  await newProjectAt(page, join(app.workDir, 'Call study.weft'));
  const ws = new CodingPage(page);
  await ws.importFiles([vtt]);
  await ws.closeImportReport();
  await ws.openDocument('Call');
  await page.getByTestId('media-player').getByRole('button', { name: 'Link recording…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Link a recording' });
  await dialog.getByLabel('Path').fill(join(app.workDir, 'Call.wma'));
  await dialog.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(page.getByText(/Cannot link “Call\.wma” as a recording: Windows Media \(ASF\) \(usually WMA\) cannot be played/)).toBeVisible();
  await expect(page.getByTestId('media-element')).toHaveCount(0);
});

test('the sample project plays its first interview’s generated recording', async ({ app }) => {
  const page = app.page;
  await page.getByRole('button', { name: 'Open the sample project' }).click();
  const ws = new CodingPage(page);
  await ws.openDocument('Interview 1 — Amira');
  const media = page.getByTestId('media-element');
  await expect(media).toBeVisible();
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Play the recording from 0:00' }).click();
  await expect(ws.documentText.locator('.para.playing')).toContainText('Thank you for talking to me');
  await page.keyboard.press('Control+Space');
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.paused)).toBe(true);
});

test('a hand-made transcript gets a turn’s time from the playback position', async ({ app }) => {
  const page = app.page;
  const txt = join(app.workDir, 'Notes.txt');
  writeFileSync(txt, 'Interviewer: How did it start?\nSam: With a phone call at night.\n');
  const wav = join(app.workDir, 'Notes recording.wav');
  writeFileSync(wav, toneWav([{ ms: 6000, hz: 440 }]));
  await newProjectAt(page, join(app.workDir, 'Notes study.weft'));
  const ws = new CodingPage(page);
  await ws.importFiles([txt]);
  await ws.closeImportReport();
  await ws.openDocument('Notes');
  const player = page.getByTestId('media-player');
  await player.getByRole('button', { name: 'Link recording…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Link a recording' });
  await dialog.getByLabel('Path').fill(wav);
  await dialog.getByRole('button', { name: 'Link', exact: true }).click();
  const media = page.getByTestId('media-element');
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  await expect(player).toContainText('This transcript has no times yet');
  await media.evaluate((el: HTMLMediaElement) => (el.currentTime = 3.2));
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.currentTime)).toBeGreaterThan(3);
  await ws.select('With a phone call');
  await page.getByTestId('media-set-time').click();
  const play = page.getByRole('button', { name: 'Play the recording from 0:03' });
  await expect(play).toBeVisible();
  await play.click();
  await expect(ws.documentText.locator('.para.playing')).toContainText('With a phone call at night.');
  await page.keyboard.press('Control+Space');
});

test('the player docks at its final size at once, and an audio recording gets a waveform that seeks, follows playback and answers the keyboard', async ({ app }) => {
  test.setTimeout(180_000);
  const page = app.page;
  const vtt = join(app.workDir, 'Shift.vtt');
  writeFileSync(vtt, VTT);
  // 10 s of tones, then 10 s of silence: the waveform's left half is loud, its right half flat
  writeFileSync(join(app.workDir, 'Shift.wav'), toneWav([{ ms: 10_000, hz: 440 }, { ms: 10_000, hz: 0 }]));
  await newProjectAt(page, join(app.workDir, 'Shift study.weft'));
  const ws = new CodingPage(page);
  await ws.importFiles([vtt]);
  await ws.closeImportReport();
  await ws.openDocument('Shift');
  await page.getByTestId('media-player').getByRole('button', { name: 'Link recording…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Link a recording' });
  await dialog.getByLabel('Path').fill(join(app.workDir, 'Shift.wav'));
  await dialog.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(page.getByTestId('media-element')).toBeVisible();

  // reload (the document opens again): from its first frame, where the transcript starts never moves
  await page.addInitScript(() => {
    const w = window as unknown as { __tops: number[] };
    w.__tops = [];
    const sample = () => {
      const el = document.querySelector('[data-testid="document-text"]');
      if (el) w.__tops.push(Math.round(el.getBoundingClientRect().top));
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await page.reload();
  const media = page.getByTestId('media-element');
  const waveform = page.getByTestId('waveform');
  await expect(waveform).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  const tops = await page.evaluate(() => [...new Set((window as unknown as { __tops: number[] }).__tops)]);
  expect(tops.length, `the transcript moved while the recording loaded: ${tops.join(' → ')}`).toBe(1);

  // drawn from the recording: bars in the loud half, none above the middle line in the silent half
  const inked = (fromX: number, toX: number) =>
    page.getByRole('slider', { name: 'Waveform: playback position' }).evaluate(
      (c: HTMLCanvasElement, [a, b]) => {
        const ctx = c.getContext('2d')!;
        const y = Math.floor(c.height * 0.42); // the tones are at 0.3 of full scale: their bars reach 0.35 of the height
        const row = ctx.getImageData(Math.floor(c.width * a!), y, Math.floor(c.width * (b! - a!)), 1).data;
        let n = 0;
        for (let i = 3; i < row.length; i += 4) if (row[i]! > 0) n++;
        return n;
      },
      [fromX, toX],
    );
  expect(await inked(0.1, 0.4)).toBeGreaterThan(0);
  expect(await inked(0.6, 0.9)).toBe(0);

  await page.getByTestId('media-player').screenshot({ path: test.info().outputPath('player-with-waveform.png') });

  // a click seeks there
  const slider = page.getByRole('slider', { name: 'Waveform: playback position' });
  const box = (await slider.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.8, box.y + box.height / 2);
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.currentTime)).toBeCloseTo(16, 0);
  await expect(slider).toHaveAttribute('aria-valuenow', '16');
  await expect(ws.documentText.locator('.para.playing')).toContainText('She asked me what I had noticed');

  // the keyboard: Home, → 5 s, End, PageDown 30 s (back to the start)
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuetext', '0:05 of 0:20');
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuenow', '20');
  await page.keyboard.press('PageDown');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');

  // it follows playback
  await page.keyboard.press('Control+Space');
  await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Control+Space');
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.paused)).toBe(true);
});

test('a .qdpx from another program with an audio source, its transcript and sync points imports through the UI and plays beside its text', async ({ app }) => {
  test.setTimeout(180_000);
  const page = app.page;
  // Made by the services (as another tool's export would be): an interview with timed turns and its
  // recording, exported as AudioSource + Transcript + SyncPoints; Weft's own data taken out of the archive.
  const made = join(app.workDir, 'made');
  mkdirSync(made);
  const wav = join(made, 'Call with Amira.wav');
  writeFileSync(wav, toneWav([330, 440, 550, 660].map((hz) => ({ ms: 3000, hz }))));
  const text = ['Interviewer: How did the night go?', 'Amira: Long, but the café downstairs stayed open 😀.', 'Interviewer: Who did you ask?', 'Amira: My preceptor, every single time.'].join('\n');
  const source = ProjectSession.create(join(made, 'Other tool.weft'), 'Ana');
  source.transaction(() => {
    const parsed = parsePlainText(text, 'UTF-8');
    parsed.turns = parsed.turns.map((t, i) => ({ ...t, beginMs: i * 3000, endMs: i * 3000 + 2900 }));
    linkMedia(source, insertDocument(source.db, parsed, { name: 'Call with Amira', sourceName: 'call.txt', coderId: source.coderId() }), wav);
  });
  const exported = exportQdpx(source.db, join(made, 'export.qdpx'));
  source.close();
  const archive = openQdpx(readFileSync(exported.path));
  expect(archive.entryNames.some((n) => /^sources\/[0-9a-f-]+\.wav$/.test(n))).toBe(true);
  const sink = new MemorySink();
  const zip = new ZipWriter(sink);
  for (const name of archive.entryNames) if (name !== WEFT_EXTENSION_PATH) zip.add(name, archive.readEntry(name)!);
  zip.finish();
  archive.close();
  const qdpx = join(app.workDir, 'From another tool.qdpx');
  writeFileSync(qdpx, sink.bytes());

  // the researcher imports it from the Welcome screen as a new project
  await new WelcomePage(page).expectVisible();
  const dialog = await ImportProjectDialog.open(page);
  await dialog.choose(qdpx);
  await expect(dialog.count('Documents')).toHaveText('1');
  await dialog.create(join(app.workDir, 'Imported call.weft'));
  const report = page.getByRole('region', { name: 'Imported “From another tool.qdpx” as a new project' });
  await report.getByRole('button', { name: 'Go to coding' }).click();
  const ws = new CodingPage(page);
  await ws.openDocument('Call with Amira');

  // the recording came with it (copied beside the new project) and plays from a turn's time
  const player = page.getByTestId('media-player');
  await expect(player).toContainText('Call with Amira.wav');
  const media = page.getByTestId('media-element');
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  expect(await media.evaluate((el: HTMLMediaElement) => Math.round(el.duration))).toBe(12);
  await expect(page.getByTestId('waveform')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Play the recording from 0:06' }).click();
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => !el.paused && el.currentTime >= 6)).toBe(true);
  await expect(ws.documentText.locator('.para.playing')).toContainText('Who did you ask?');
  await expect(ws.documentText.locator('.para.playing')).toContainText('My preceptor, every single time.', { timeout: 20_000 });
  await page.keyboard.press('Control+Space');
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.paused)).toBe(true);
});

test('a two-hour recording: its waveform appears, the window keeps answering while it is drawn, and the memory for it stays small', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app.page;
  // two hours at a low sample rate (3 kHz, 43 MB): a tone at the start of each quarter hour, silence between
  const quarter = (hz: number) => [
    { ms: 10_000, hz },
    { ms: 890_000, hz: 0 },
  ];
  const wav = toneWav([330, 392, 440, 494, 523, 587, 659, 698].flatMap(quarter), 3000);
  writeFileSync(join(app.workDir, 'Long day.wav'), wav);
  writeFileSync(join(app.workDir, 'Long day.vtt'), 'WEBVTT\n\n00:00:00.000 --> 00:00:10.000\n<v Sam>We begin.\n\n01:59:50.000 --> 02:00:00.000\n<v Kim>And that was the day.\n');
  await newProjectAt(page, join(app.workDir, 'Long study.weft'));
  const ws = new CodingPage(page);
  await ws.importFiles([join(app.workDir, 'Long day.vtt')]);
  await ws.closeImportReport();
  await ws.openDocument('Long day');
  await page.getByTestId('media-player').getByRole('button', { name: 'Link recording…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Link a recording' });
  await dialog.getByLabel('Path').fill(join(app.workDir, 'Long day.wav'));

  // while the waveform is drawn: each frame's time (the window's thread answering), and the page's memory
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[] };
    w.__frames = [];
    const tick = () => {
      if (document.querySelector('[data-testid="waveform"]')?.getAttribute('data-state') === 'drawing') w.__frames.push(performance.now());
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const cdp = await page.context().newCDPSession(page);
  // what is live (collected first: chunks already read are garbage, not memory the waveform holds), array buffers included
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    return h.usedSize + (h.backingStorageSize ?? 0);
  };
  const before = await heap();
  await dialog.getByRole('button', { name: 'Link', exact: true }).click();
  const waveform = page.getByTestId('waveform');
  let most = before;
  let sawDrawing = false;
  for (let i = 0; i < 600; i++) {
    const state = await waveform.getAttribute('data-state').catch(() => null);
    sawDrawing ||= state === 'drawing';
    most = Math.max(most, await heap());
    if (state === 'ready' || state === 'none') break;
    await page.waitForTimeout(100);
  }
  await expect(waveform).toHaveAttribute('data-state', 'ready');
  expect(sawDrawing).toBe(true);
  // the recording is 43 MB (decoded whole at 4 kHz it would be 115 MB of samples): its waveform needs far less than either
  expect(most - before, `memory grew by ${Math.round((most - before) / 1e6)} MB while drawing`).toBeLessThan(24e6);

  // the window kept answering: frames went on while it was drawn, never held up for long
  const frames = await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames);
  const longest = frames.slice(1).reduce((m, t, i) => Math.max(m, t - frames[i]!), 0);
  expect(longest, `the window's thread was held for ${Math.round(longest)} ms`).toBeLessThan(500);

  // and the UI reacts: the recording is two hours long, and its last turn's time plays from there
  const media = page.getByTestId('media-element');
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => Math.round(el.duration)), { timeout: 20_000 }).toBe(7200);
  await page.getByRole('button', { name: 'Play the recording from 1:59:50' }).click();
  await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.currentTime >= 7190)).toBe(true);
  await page.keyboard.press('Control+Space');
});
