/**
 * Room to work in the coding view: the panes are resized with the mouse or the keyboard
 * (splitters), collapsed and shown again, remembered for the project after a reload; focus mode
 * (Ctrl+Shift+F) shows only the transcript and the codebook; the toolbar is one row at 1440 px and
 * code names stay whole when the Apply buttons show.
 */
import { expect, test } from '../fixtures/app';
import { MOD } from '../pages/coding-page';
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
