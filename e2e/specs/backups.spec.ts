/**
 * Backups in Chromium against the real backend: code, back up, delete the code (and its coding),
 * restore the backup from “Restore a backup…” with the keyboard, and see the code and coding back;
 * then undo the restore by restoring the backup made before it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import { BackupsPage } from '../pages/backups-page';
import { newProjectAt, storedCodes, storedCodings } from '../pages/coding-page';

const TRANSCRIPT = [
  'Interviewer: How did the first week on the ward feel?',
  'Amira: Honestly, I felt like I knew nothing, and everyone trusted me anyway.',
  'Interviewer: What helped?',
  'Amira: My mentor, who trusted me from day one.',
].join('\n');

test('code, back up, delete the code, restore the backup from the UI: the code and its coding are back', async ({ app }) => {
  const page = app.page;
  const path = join(app.workDir, 'Ward study.weft');
  const transcript = join(app.workDir, 'amira.txt');
  writeFileSync(transcript, TRANSCRIPT);

  const ws = await newProjectAt(page, path);
  await ws.importFiles([transcript]);
  await ws.closeImportReport();
  await ws.openDocument('amira');
  await ws.createCode('Trust');
  await ws.select('everyone trusted me anyway');
  await ws.applyCode('Trust');
  await expect.poll(() => storedCodings(path).map((k) => [k.code, k.covered])).toEqual([['Trust', 'everyone trusted me anyway']]);

  // Back up now from the dialog; it lists the new backup with what it holds.
  const backups = new BackupsPage(page);
  await backups.open();
  await backups.dialog.getByRole('button', { name: 'Back up now' }).click();
  await expect(backups.row('backed up by hand')).toHaveCount(1);
  await expect(backups.row('backed up by hand')).toContainText('1 coding');
  await backups.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(backups.dialog).toBeHidden();

  // Delete the code, with its coding.
  await ws.codeRow('Trust').getByRole('button', { name: 'Trust', exact: true }).focus();
  await page.keyboard.press('Delete');
  const confirm = page.getByRole('dialog', { name: 'Delete code Trust' });
  await confirm.getByRole('button', { name: 'Delete code' }).click();
  await expect(ws.codeRow('Trust')).toHaveCount(0);
  await expect.poll(() => storedCodings(path)).toEqual([]);

  // Restore it with the keyboard: choose the backup, Restore…, confirm.
  await backups.open();
  const row = backups.row('backed up by hand');
  await expect(row).toContainText('1 coding (now 0)');
  await row.getByRole('radio').focus();
  await page.keyboard.press('Space');
  await expect(row.getByRole('radio')).toBeChecked();
  await backups.dialog.getByRole('button', { name: 'Restore…' }).click();
  await expect(backups.dialog.getByRole('alert')).toContainText('Weft first backs up the project as it is now');
  await backups.dialog.getByRole('button', { name: 'Restore this backup' }).focus();
  await page.keyboard.press('Enter');
  await expect(backups.dialog).toBeHidden();

  // The code and the coding are back, in the UI and in the file.
  await expect(ws.codeRow('Trust')).toBeVisible();
  await ws.openDocument('amira');
  await expect(ws.documentText.locator('.hl', { hasText: 'everyone trusted me anyway' }).first()).toBeVisible();
  expect(storedCodings(path).map((k) => [k.code, k.covered])).toEqual([['Trust', 'everyone trusted me anyway']]);

  // Undo the restore: restore the backup made just before it.
  await backups.open();
  await backups.row('before a restore').getByRole('radio').check();
  await backups.dialog.getByRole('button', { name: 'Restore…' }).click();
  await backups.dialog.getByRole('button', { name: 'Restore this backup' }).click();
  await expect(backups.dialog).toBeHidden();
  await expect(ws.codeRow('Trust')).toHaveCount(0);
  expect(storedCodes(path)).toEqual([]);
});

test('a project in a Dropbox folder shows a warning and can be worked on as a local copy', async ({ app }) => {
  const page = app.page;
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(app.workDir, 'Dropbox'));
  const path = join(app.workDir, 'Dropbox', 'Synced study.weft');
  await newProjectAt(page, path);
  const banner = page.getByRole('alert').filter({ hasText: 'This project is in a Dropbox folder' });
  await expect(banner).toBeVisible();
  await banner.getByRole('button', { name: 'Work on a local copy' }).click();
  const local = page.locator('.storage-banner.local');
  await expect(local).toContainText(`You are working on a local copy of ${path}`);
  await expect(local).toContainText(app.dataDir);
  await expect(banner).toBeHidden();
  await local.getByRole('button', { name: 'Save a copy back…' }).click();
  await expect(page.locator('.notice').filter({ hasText: 'Saved back' })).toBeVisible();
});
