/**
 * The coding workspace with a real mouse and keyboard in Chromium against the real backend:
 * quick-code palette, last-used codes on 1–9, in-vivo coding, overlapping codings with stripes,
 * the coding popover, drag a code onto a selection, boundary adjustment, undo/redo.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/app';
import { CodingPage, newProjectAt, MOD, storedCodes, storedCodings } from '../pages/coding-page';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/coaching-study/', import.meta.url));

async function leaProject(app: { page: import('@playwright/test').Page; workDir: string }) {
  const path = join(app.workDir, 'Lea.weft');
  await newProjectAt(app.page, path);
  const ws = new CodingPage(app.page);
  await ws.importFiles([join(FIXTURES, 'transcripts/lea-windows.txt')]);
  await ws.closeImportReport();
  await ws.openDocument('lea-windows');
  return { ws, path };
}

test('code by the quick-code palette, reuse recent codes with number keys, in-vivo code, undo and redo', async ({ app }) => {
  const { ws, path } = await leaProject(app);
  const page = app.page;

  // palette: a new name creates the code and applies it
  await ws.select('here is something you could play with this week,');
  await ws.codeWithPalette('Soft invitations');
  expect(await ws.highlightedText('Soft invitations')).toBe('here is something you could play with this week,');
  await expect(ws.codeRow('Soft invitations').locator('.count')).toHaveText('1');

  // palette: fuzzy search finds an existing code
  await ws.createCode('Language of homework');
  await ws.select('For some people it brings back school');
  await ws.codeWithPalette('lang hw');
  // (the palette closes before the window has drawn the new coding: read it when it is there)
  await expect.poll(() => ws.highlightedText('Language of homework')).toBe('For some people it brings back school');

  // the recent-codes strip lists the last used first; key 2 applies the second
  await expect(ws.recentCodes.getByRole('button')).toHaveText([/1.*Language of homework/, /2.*Soft invitations/]);
  await ws.select('Something to try');
  await page.keyboard.press('2');
  await expect.poll(() => ws.highlightedText('Soft invitations')).toBe('here is something you could play with this week,Something to try');
  await expect(ws.recentCodes.getByRole('button').first()).toHaveText(/1.*Soft invitations/);

  // in vivo: the selected words become the code
  await ws.select('one thing gets done');
  await page.keyboard.press(`${MOD}+i`);
  await expect(ws.codeRow('one thing gets done')).toBeVisible();
  expect(await ws.highlightedText('one thing gets done')).toBe('one thing gets done');

  expect(storedCodings(path).map((k) => [k.code, k.covered])).toEqual([
    ['Soft invitations', 'here is something you could play with this week,'],
    ['Language of homework', 'For some people it brings back school'],
    ['Soft invitations', 'Something to try'],
    ['one thing gets done', 'one thing gets done'],
  ]);

  // undo the in-vivo step (code and coding together), then the number-key coding; redo one
  const toolbar = page.getByRole('toolbar', { name: 'Coding tools' });
  await expect(toolbar.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', /Undo “In-vivo code one thing gets done”/);
  await ws.undo();
  await expect(ws.codeRow('one thing gets done')).toHaveCount(0);
  await expect(ws.documentText.locator('.hl', { hasText: 'one thing gets done' })).toHaveCount(0);
  await ws.undo();
  await expect.poll(() => ws.highlightedText('Soft invitations')).toBe('here is something you could play with this week,');
  expect(storedCodings(path)).toHaveLength(2);
  await ws.redo();
  await expect.poll(() => ws.highlightedText('Soft invitations')).toBe('here is something you could play with this week,Something to try');
  await expect(toolbar.getByRole('button', { name: 'Redo' })).toBeEnabled();
  await toolbar.getByRole('button', { name: 'Redo' }).click();
  await expect(ws.codeRow('one thing gets done')).toBeVisible();
  expect(storedCodes(path).map((c) => c.name)).toEqual(['Soft invitations', 'Language of homework', 'one thing gets done']);
  expect(storedCodings(path)).toHaveLength(4);
});

test('overlapping codings are striped and each has a named stripe in the margin; the popover removes a code', async ({ app }) => {
  const { ws, path } = await leaProject(app);
  await ws.createCode('Invitation');
  await ws.createCode('Autonomy');
  await ws.select('I add it to the shared notes so it is there');
  await ws.applyCode('Invitation');
  await expect(ws.stripes('Invitation')).toHaveCount(1);
  await ws.select('the shared notes so it is there when they want it.');
  await ws.applyCode('Autonomy');

  expect(await ws.highlightedText('Invitation')).toBe('I add it to the shared notes so it is there');
  expect(await ws.highlightedText('Autonomy')).toBe('the shared notes so it is there when they want it.');
  // the overlap is one run covered by both codes, drawn striped
  const both = ws.documentText.locator('.hl[data-codes="Invitation | Autonomy"], .hl[data-codes="Autonomy | Invitation"]');
  await expect(both).toHaveText('the shared notes so it is there');
  expect(await both.evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/repeating-linear-gradient/);

  // one stripe per coding, labelled with the code, side by side, each spanning its own lines
  await expect(ws.stripes('Invitation')).toHaveCount(1);
  await expect(ws.stripes('Autonomy')).toHaveCount(1);
  await expect(ws.stripes('Invitation')).toHaveText('Invitation');
  await expect(ws.stripes('Autonomy')).toHaveText('Autonomy');
  const a = (await ws.stripes('Invitation').boundingBox())!;
  const b = (await ws.stripes('Autonomy').boundingBox())!;
  expect(a.x).not.toBe(b.x);
  const textBox = (await ws.documentText.locator('.para', { hasText: 'I add it to the shared notes' }).boundingBox())!;
  expect(a.x).toBeGreaterThan(textBox.x + textBox.width - 1);
  expect(a.height).toBeGreaterThan(10);

  // click on the overlap: the popover lists both codings with their coder; remove one
  await ws.clickPhrase('the shared notes so it is there');
  await expect(ws.popover).toBeVisible();
  await expect(ws.popover.getByRole('listitem')).toHaveCount(2);
  await expect(ws.popover).toContainText('Invitation');
  await expect(ws.popover).toContainText('Autonomy');
  await ws.popover.getByRole('button', { name: 'Remove Autonomy from this passage' }).click();
  await expect(ws.stripes('Autonomy')).toHaveCount(0);
  await expect(ws.documentText.locator('.hl[data-codes*="Autonomy"]')).toHaveCount(0);
  expect(storedCodings(path).map((k) => k.code)).toEqual(['Invitation']);

  // from the keyboard: Esc closes the details, Enter with the caret in the highlight opens them again
  await ws.clickPhrase('I add it to');
  await expect(ws.popover).toBeVisible();
  await app.page.keyboard.press('Escape');
  await expect(ws.popover).toBeHidden();
  await app.page.keyboard.press('Enter');
  await expect(ws.popover.getByRole('listitem')).toHaveCount(1);
  await expect(ws.popover.getByRole('button', { name: 'Close' })).toBeFocused();
  await app.page.keyboard.press('Escape');

  // clicking the stripe opens the same details for that coding
  await ws.stripes('Invitation').click();
  await expect(ws.popover.getByRole('listitem')).toHaveCount(1);
  await expect(ws.popover).toContainText('Invitation');
});

test('drag a code from the codebook onto the selection, and onto a paragraph to code the whole turn', async ({ app }) => {
  const { ws, path } = await leaProject(app);
  await ws.createCode('Homework talk');
  await ws.select('brings back school');
  await ws.codeRow('Homework talk').dragTo(ws.documentText.locator('.hl, [data-s]', { hasText: 'brings back school' }).first());
  await expect.poll(() => ws.highlightedText('Homework talk')).toBe('brings back school');

  // a drop on the paragraph's gutter codes the turn's words (without the speaker label)
  await ws.createCode('Reframing');
  const para = ws.documentText.locator('.para', { hasText: 'Something to try' });
  await para.hover();
  await ws.codeRow('Reframing').dragTo(para.getByRole('button', { name: 'Code this paragraph' }));
  await expect.poll(() => ws.highlightedText('Reframing')).toBe('Something to try. And I keep it to one thing, because one thing gets done.');
  expect(storedCodings(path).map((k) => [k.code, k.covered])).toEqual([
    ['Homework talk', 'brings back school'],
    ['Reframing', 'Something to try. And I keep it to one thing, because one thing gets done.'],
  ]);
});

test('adjust a coding’s boundaries by dragging its handles and with the keyboard; undo restores it', async ({ app }) => {
  const { ws, path } = await leaProject(app);
  const page = app.page;
  await ws.createCode('Invitation');
  await ws.select('play with this week,');
  await ws.applyCode('Invitation');
  expect(await ws.highlightedText('Invitation')).toBe('play with this week,');
  await ws.clickPhrase('play with this week,');
  await ws.popover.getByRole('button', { name: 'Adjust boundaries' }).click();
  await expect(ws.popover).toBeHidden();
  const start = ws.documentText.getByRole('slider', { name: 'Start of Invitation coding' });
  const end = ws.documentText.getByRole('slider', { name: 'End of Invitation coding' });
  await expect(start).toBeVisible();

  // drag the start handle back to the beginning of "what if"
  const from = (await start.boundingBox())!;
  const { phraseBox } = await import('../pages/text-selection');
  const target = await phraseBox(page, 'here is something');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.startX - 1, target.startY, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => storedCodings(path)[0]!.covered).toBe('here is something you could play with this week,');
  expect(await ws.highlightedText('Invitation')).toBe('here is something you could play with this week,');

  // keyboard: Shift+Alt+← moves the end back one character at a time
  await page.keyboard.press('Shift+Alt+ArrowLeft');
  await expect.poll(() => storedCodings(path)[0]!.covered).toBe('here is something you could play with this week');
  // a focused handle moves by word with Ctrl+arrow
  await end.focus();
  await page.keyboard.press('Control+ArrowLeft');
  await expect.poll(() => storedCodings(path)[0]!.covered).toBe('here is something you could play with this');
  expect(await ws.highlightedText('Invitation')).toBe('here is something you could play with this');

  // every adjustment is one undoable step
  await page.keyboard.press('Escape');
  await ws.documentText.focus();
  await ws.undo();
  await expect.poll(() => storedCodings(path)[0]!.covered).toBe('here is something you could play with this week');
  await ws.undo();
  await ws.undo();
  await expect.poll(() => storedCodings(path)[0]!.covered).toBe('play with this week,');
  expect(await ws.highlightedText('Invitation')).toBe('play with this week,');
});
