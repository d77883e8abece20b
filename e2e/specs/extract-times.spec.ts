/**
 * Extracts show where they start on the recording: in the sample project the first interview has
 * timed turns and a generated recording, so its extracts carry "[m:ss]"; clicking it opens the
 * document at the passage and plays from that time. Extracts of untimed interviews have none.
 */
import { expect, test } from '../fixtures/app';
import { CodingPage } from '../pages/coding-page';
import { WelcomePage } from '../pages/welcome-page';
import { AnalysisPage } from '../pages/analysis-page';

test('clicking an extract’s [m:ss] opens its interview and plays the recording from that time', async ({ app }) => {
  test.setTimeout(180_000);
  const page = app.page;
  await new WelcomePage(page).openSample();
  const ws = new CodingPage(page);
  await ws.expectProject('Sample study — First year on the ward');
  // start elsewhere: the button must open the interview itself
  await ws.openDocument('Interview 3 — Ruth');

  await ws.openSidePanel('Extracts');
  const panel = page.getByRole('complementary', { name: 'Retrieval' });
  await panel.getByLabel('Codes', { exact: true }).selectOption({ label: 'Support (5)' });
  await expect(panel.getByTestId('extract-count')).toHaveText('5 extracts');
  const timed = panel.getByRole('listitem', { name: 'Extract: She never made me feel stupid for asking' });
  const untimed = panel.getByRole('listitem', { name: /^Extract: / }).filter({ hasText: 'Interview 3 — Ruth' }).first();
  await expect(untimed.getByTestId('passage-time')).toHaveCount(0);

  const button = timed.getByTestId('passage-time');
  const label = (await button.textContent()) ?? '';
  const m = /^\[(\d+):(\d\d)\]$/.exec(label);
  expect(m, `a time like [0:12], got ${label}`).not.toBeNull();
  const seconds = Number(m![1]) * 60 + Number(m![2]);
  expect(seconds).toBeGreaterThan(0); // not the first turn: a seek really happens

  await button.click();
  await expect(ws.documentText).toContainText('My preceptor, Ruth.');
  const media = page.getByTestId('media-element');
  await expect(media).toBeVisible();
  await expect
    .poll(() => media.evaluate((el: HTMLMediaElement) => ({ playing: !el.paused, at: el.currentTime })), { timeout: 30_000 })
    .toMatchObject({ playing: true });
  const at = await media.evaluate((el: HTMLMediaElement) => el.currentTime);
  expect(at).toBeGreaterThanOrEqual(seconds);
  expect(at).toBeLessThan(seconds + 4);
  // the passage is the place shown: its turn is the one being spoken
  await expect(ws.documentText.locator('.para.playing')).toContainText('She never made me feel stupid for asking');
});

test('the matrix’s and the co-occurrence’s extracts carry [m:ss] too, and it plays the recording from there', async ({ app }) => {
  test.setTimeout(180_000);
  const page = app.page;
  await new WelcomePage(page).openSample();
  const ws = new CodingPage(page);
  await ws.expectProject('Sample study — First year on the ward');
  const media = page.getByTestId('media-element');
  const playsFrom = async (button: import('@playwright/test').Locator) => {
    const m = /^\[(\d+):(\d\d)\]$/.exec((await button.textContent()) ?? '');
    expect(m, 'a time like [0:12]').not.toBeNull();
    const seconds = Number(m![1]) * 60 + Number(m![2]);
    await button.click();
    await expect(ws.documentText).toContainText('My preceptor, Ruth.');
    await expect
      .poll(() => media.evaluate((el: HTMLMediaElement, from) => !el.paused && el.currentTime >= from, seconds), { timeout: 30_000 })
      .toBe(true);
    await expect(ws.documentText.locator('.para.playing')).toContainText('She never made me feel stupid for asking');
    await page.keyboard.press('Control+Space');
    await expect.poll(() => media.evaluate((el: HTMLMediaElement) => el.paused)).toBe(true);
  };

  // the matrix: a cell's extracts; the timed one (Amira's interview) has a time, Ruth's has none
  const analysis = new AnalysisPage(page);
  await analysis.open();
  await analysis.buildMatrix('setting (cases)');
  await analysis.cell('A safe person to ask', 'surgical').click();
  const timed = analysis.extracts.locator('li.extract', { hasText: 'She never made me feel stupid for asking' });
  await expect(timed.getByTestId('passage-time')).toHaveCount(1);
  await expect(analysis.extracts.locator('li.extract', { hasText: 'Interview 3 — Ruth' }).getByTestId('passage-time')).toHaveCount(0);
  await playsFrom(timed.getByTestId('passage-time'));

  // the co-occurrence: where the code occurs (same speaker turn)
  await analysis.open();
  await analysis.section('Co-occurrence');
  await page.getByLabel('Codes co-occur when they are in the').selectOption({ label: 'same speaker turn' });
  await page.getByRole('button', { name: 'Show co-occurrence' }).click();
  await page.getByRole('region', { name: 'Co-occurrence heat map' }).getByRole('button', { name: /^A safe person to ask: \d+$/ }).click();
  const instance = analysis.extracts.locator('li.extract', { hasText: 'She never made me feel stupid for asking' });
  await playsFrom(instance.getByTestId('passage-time'));
});
