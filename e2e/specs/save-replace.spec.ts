/**
 * Saving an export over an existing file: the save dialog asks “Replace it?” inside the app;
 * Escape (or Cancel) keeps the file as it was, Replace writes the export over it. A project is
 * never offered for replacing: saving over the open project only shows why not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import { ExchangePage } from '../pages/exchange-page';
import { WelcomePage } from '../pages/welcome-page';

test('saving the codebook over an existing file asks first; cancel keeps it, Replace replaces it; the open project is never replaced', async ({ app }) => {
  const page = app.page;
  const ws = await new WelcomePage(page).openSample();
  await ws.expectProject('Sample study — First year on the ward');
  const exchange = await ExchangePage.open(page);

  const target = join(app.workDir, 'codebook.csv');
  writeFileSync(target, 'my own notes\n');

  // First attempt: the question, with the keyboard on “Cancel”; Escape keeps the file.
  const dialog = await exchange.saveCodebookTo('csv', target);
  const question = exchange.replaceQuestion('codebook.csv');
  await expect(question).toBeVisible();
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(question).toBeHidden();
  await expect(dialog).toBeVisible(); // still choosing a file
  expect(readFileSync(target, 'utf8')).toBe('my own notes\n');

  // Cancel by button: still unchanged.
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toBeHidden();
  expect(readFileSync(target, 'utf8')).toBe('my own notes\n');

  // Replace: the export is written over it and the dialog closes.
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: 'Replace' }).click();
  await expect(dialog).toBeHidden();
  await expect(exchange.lastExport).toContainText(`Saved ${target}`);
  const csv = readFileSync(target, 'utf8');
  expect(csv).toContain('path,definition,inclusion,exclusion,example');
  expect(csv).toContain('Challenges/Feeling unprepared');

  // The open project: refused with the reason, never a “Replace it?”.
  const projectPath = join(app.dataDir, 'Sample study.weft');
  const again = await exchange.saveCodebookTo('csv', projectPath);
  await expect(page.getByRole('alert').filter({ hasText: 'Weft never writes an export over a project' })).toBeVisible();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(again).toBeVisible();
  await again.getByRole('button', { name: 'Cancel' }).click();
  expect(readFileSync(projectPath).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
  await ws.expectProject('Sample study — First year on the ward');
});
