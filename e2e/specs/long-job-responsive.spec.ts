/**
 * The window stays responsive while a large .qdpx is imported (issue 12): the import runs as a
 * background job in a worker thread of the service, so a second API call (the file dialog listing a
 * folder) is answered while the progress bar still runs; Cancel then stops it, no project file is
 * created and the open project is as it was.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import { ExchangePage, ImportProjectDialog } from '../pages/exchange-page';
import { WelcomePage } from '../pages/welcome-page';
import { openQdpx } from '../../electron/refi/qdpx';
import { projectFileHash } from '../../tests/fuzz/project';
import { writeLargeQdpx } from '../../tests/support/large-project';

const hashOf = projectFileHash;

test('a second call is answered while a large .qdpx import runs; Cancel leaves no file and the project as it was @web-only', async ({ app }) => {
  test.setTimeout(180_000);
  // large enough that the import takes seconds here (a few hundred thousand words, 12,000 codings)
  const qdpx = join(app.workDir, 'large.qdpx');
  writeLargeQdpx(join(app.dataDir, '..', 'source.weft'), qdpx, { documents: 200, words: 3000, codings: 60 });

  const page = app.page;
  const ws = await new WelcomePage(page).openSample();
  await ws.expectProject('Sample study — First year on the ward');
  const sample = join(app.dataDir, 'Sample study.weft');
  const before = hashOf(sample);

  await ExchangePage.open(page);
  const dialog = await ImportProjectDialog.open(page);
  await dialog.choose(qdpx);
  const target = join(app.workDir, 'Imported large.weft');
  await dialog.dialog.getByLabel('New project file').fill(target);
  await dialog.dialog.getByRole('button', { name: 'Create project' }).click();

  const progress = dialog.dialog.getByRole('progressbar', { name: 'Import progress' });
  await expect(progress).toBeVisible();
  const cancel = dialog.dialog.getByRole('button', { name: 'Cancel import' });
  await expect(cancel).toBeEnabled();

  // While it runs: the file dialog asks the service for a folder's contents, and gets them.
  await dialog.dialog.getByRole('button', { name: 'Choose…' }).click();
  const files = page.getByRole('dialog', { name: 'New project file' });
  // (the list appears only once the service has answered `files.list`)
  await expect(files.getByRole('listbox', { name: 'Folder contents' })).toBeVisible();
  // … and the import had not ended meanwhile
  await expect(cancel).toBeEnabled();
  await files.getByRole('button', { name: 'Cancel', exact: true }).click();

  await cancel.click();
  await expect(page.getByText('No project file was created; the open project is as it was.')).toBeVisible();
  await expect(progress).toBeHidden();
  expect(existsSync(target)).toBe(false);
  expect(readdirSync(app.workDir)).toEqual(['large.qdpx']);
  await dialog.dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await ws.expectProject('Sample study — First year on the ward');
  expect(hashOf(sample)).toBe(before);
});

test('“Save project to a file…” writes the .qdpx in the background and reports it', async ({ app }) => {
  const page = app.page;
  await new WelcomePage(page).openSample();
  const exchange = await ExchangePage.open(page);
  await page.getByRole('button', { name: 'Save project to a file…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save project as .qdpx' });
  const out = join(app.workDir, 'study.qdpx');
  await dialog.getByLabel('Path').fill(out);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(exchange.lastExport).toContainText('study.qdpx');
  expect(readdirSync(app.workDir)).toEqual(['study.qdpx']);
  expect(openQdpx(readFileSync(out)).entryNames.length).toBeGreaterThan(1);
});
