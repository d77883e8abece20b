/**
 * Room to work in the coding view: the panes are resized with the mouse or the keyboard
 * (splitters), collapsed and shown again, remembered for the project after a reload; focus mode
 * (Ctrl+Shift+F) shows only the transcript and the codebook; the toolbar is one row at 1440 px and
 * code names stay whole when the Apply buttons show.
 */
import { expect, test } from '../fixtures/app';
import { CodingPage, MOD } from '../pages/coding-page';
import { SIZES } from '../pages/views';
import { WelcomePage } from '../pages/welcome-page';

test('panes resize, collapse, are remembered; focus mode; one-row toolbar and whole code names at 1440×900', async ({ app }) => {
  test.setTimeout(120_000);
  let page = app.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  const ws = await new WelcomePage(page).openSample();
  await expect(ws.documentText).toBeVisible();
  const docs = page.getByRole('navigation', { name: 'Documents' });
  const codes = page.getByRole('complementary', { name: 'Codes' });
  const width = async (l: typeof docs) => Math.round((await l.boundingBox())!.width);

  // the toolbar is one row: every control sits on the same line
  const tops = await page.getByRole('toolbar', { name: 'Coding tools' }).evaluate((bar) =>
    [...bar.querySelectorAll('button, label')].filter((el) => el.getClientRects().length > 0).map((el) => Math.round(el.getBoundingClientRect().top)),
  );
  expect(Math.max(...tops) - Math.min(...tops), 'toolbar controls on one row').toBeLessThan(12);

  // with a selection the Apply buttons show, and no code name is cut off
  await ws.select('I felt like I knew nothing');
  await expect(codes.getByRole('button', { name: /^Apply code / }).first()).toBeVisible();
  const cut = await codes.locator('.code-name').evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent));
  expect(cut, 'code names cut off').toEqual([]);

  // keyboard: the codebook's splitter, ← widens the codebook (it lies to the right), End to the widest
  const codesSplitter = page.getByRole('separator', { name: 'Resize the codebook' });
  const before = await width(codes);
  await codesSplitter.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await expect(codesSplitter).toHaveAttribute('aria-valuenow', String(310 + 48));
  expect(await width(codes)).toBe(before + 48);

  // mouse: drag the document list's splitter 80 px to the right
  const docsSplitter = page.getByRole('separator', { name: 'Resize the document list' });
  const box = (await docsSplitter.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 40, box.y + 200, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 + 80, box.y + 200, { steps: 4 });
  await page.mouse.up();
  await expect(docsSplitter).toHaveAttribute('aria-valuenow', String(230 + 80));
  expect(await width(docs)).toBe(310);

  // Enter collapses the document list; its rail shows it again
  await docsSplitter.focus();
  await page.keyboard.press('Enter');
  await expect(docs).toBeHidden();
  await page.getByRole('button', { name: 'Show documents' }).click();
  await expect(docs).toBeVisible();
  expect(await width(docs)).toBe(310);

  // focus mode: only the transcript and the codebook, by key and by button
  await page.getByRole('toolbar', { name: 'Coding tools' }).getByRole('button', { name: 'Extracts' }).click();
  await expect(page.getByRole('complementary', { name: 'Retrieval' })).toBeVisible();
  await ws.documentText.focus();
  await page.keyboard.press(`${MOD}+Shift+F`);
  await expect(docs).toBeHidden();
  await expect(page.getByRole('complementary', { name: 'Retrieval' })).toBeHidden();
  await expect(codes).toBeVisible();
  await expect(page.getByRole('button', { name: 'Focus' })).toHaveAttribute('aria-pressed', 'true');
  const transcript = (await ws.documentText.boundingBox())!.width;
  await page.getByRole('button', { name: 'Focus' }).click();
  await expect(docs).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Retrieval' })).toBeVisible();
  expect((await ws.documentText.boundingBox())!.width, 'focus mode gives the transcript more room').toBeLessThan(transcript);

  // remembered for this project after a reload
  await page.reload();
  page = app.page;
  if (await page.getByRole('button', { name: 'Open the sample project' }).isVisible()) await new WelcomePage(page).openSample();
  await expect(page.getByRole('separator', { name: 'Resize the document list' })).toHaveAttribute('aria-valuenow', '310');
  await expect(page.getByRole('separator', { name: 'Resize the codebook' })).toHaveAttribute('aria-valuenow', '358');
});

/** Nine codes with long names, most recent last (so the strip lists them in reverse). */
const LONG_CODES = [
  'Feeling out of one’s depth in the first weeks',
  'Learning the unwritten rules of the ward',
  'Support from a named preceptor on night shifts',
  'Being trusted with decisions before feeling ready',
  'Comparing oneself with colleagues who qualified earlier',
  'Fear of making a medication error under pressure',
  'Finding time to eat and rest during a long shift',
  'Speaking up to senior doctors about a deteriorating patient',
  'Belonging to the team after the first difficult month',
];

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} the recent-codes strip shows as many long-named codes as fit, the rest behind “+N”, no sideways scrolling; keys 1–9 apply the right code`, async ({ app }, testInfo) => {
    test.setTimeout(120_000);
    const page = app.page;
    await page.setViewportSize(size);
    await new WelcomePage(page).openSample();
    const ws = new CodingPage(page);
    await expect(ws.documentText).toBeVisible();
    const phrase = 'I felt like I knew nothing';
    for (const name of LONG_CODES) {
      await ws.select(phrase);
      await ws.codeWithPalette(name);
      await expect(ws.recentCodes.getByRole('button').first()).toHaveAccessibleName(`Apply recent code 1: ${name}`);
    }
    await ws.select(phrase);
    await page.screenshot({ path: testInfo.outputPath(`recent-codes-${size.width}.png`) });

    // chips wholly inside the strip and drawn; the strip does not scroll sideways; chips cut short keep the whole name in their tooltip
    const strip = await ws.recentCodes.evaluate((group) => {
      const box = group.getBoundingClientRect();
      const scrolls = [group, ...group.querySelectorAll<HTMLElement>('*')].filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'hidden' && getComputedStyle(el).overflowX !== 'clip' && getComputedStyle(el).overflowX !== 'visible');
      const chips = [...group.querySelectorAll<HTMLElement>('button.recent-code')].map((el) => {
        const r = el.getBoundingClientRect();
        const visible = getComputedStyle(el).visibility === 'visible' && r.width > 0;
        const inside = r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
        return { shown: visible && inside, title: el.title };
      });
      return { scrolls: scrolls.map((el) => el.className), chips, height: box.height };
    });
    expect(strip.scrolls, 'nothing in the strip scrolls sideways').toEqual([]);
    const shown = strip.chips.filter((c) => c.shown).length;
    expect(shown, 'chips fully visible').toBeGreaterThanOrEqual(size.width >= 1440 ? 5 : 3);
    expect(strip.chips.every((c, i) => c.title.includes(LONG_CODES[LONG_CODES.length - 1 - i]!))).toBe(true);
    expect(strip.height, 'the strip is one slim row').toBeLessThan(40);
    // every chip drawn is wholly visible (the first ones: 1, 2, …); the rest are behind “+N”, which names them with their keys
    expect(strip.chips.every((c) => c.shown)).toBe(true);
    const more = ws.recentCodes.getByRole('button', { name: `${9 - shown} more recent codes` });
    await expect(more).toHaveText(`+${9 - shown}`);
    await more.click();
    const menu = page.getByRole('menu', { name: `${9 - shown} more recent codes` });
    await expect(menu.getByRole('menuitem')).toHaveText(LONG_CODES.slice(0, 9 - shown).reverse().map((n, i) => `${shown + i + 1} ${n}`));
    await page.screenshot({ path: testInfo.outputPath(`recent-codes-more-${size.width}.png`) });
    // picking the last one applies it to the selection
    await page.keyboard.press('Escape');
    await ws.select('University teaches you the theory');
    await more.click();
    const count = (name: string) => ws.codeRow(name).locator('.count');
    await menu.getByRole('menuitem').last().click();
    await expect(count(LONG_CODES[0]!)).toHaveText('2');
    await expect(menu).toBeHidden();

    // keys: 1 is now the first code, 3 the seventh (most recent first), 9 the second — shown or not
    await ws.select('I had eight patients');
    await page.keyboard.press('3');
    await expect(count(LONG_CODES[7]!)).toHaveText('2');
    await ws.select('on my second shift');
    await page.keyboard.press('9');
    await expect(count(LONG_CODES[1]!)).toHaveText('2');
  });
}
