/**
 * A pseudonymised copy of a large project runs as a background job (issue 16): the Share safely
 * dialog shows its progress (the same bar and count as the import) while the service keeps
 * answering (the file dialog lists a folder meanwhile); Cancel stops it, and no copy, no key and no
 * temporary file is left, the project file as it was.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import { ExchangePage } from '../pages/exchange-page';
import { WelcomePage } from '../pages/welcome-page';
import { projectFileHash } from '../../tests/fuzz/project';
import { writeLargeProject } from '../../tests/support/large-project';

test('Share safely on a large project shows progress, keeps the window answering, and Cancel leaves nothing @web-only', async ({ app }) => {
  test.setTimeout(240_000);
  // 400 documents of 4,000 words, 24,000 codings: writing the copy takes well over ten seconds here
  const project = join(app.dataDir, '..', 'Large study.weft');
  writeLargeProject(project, { documents: 400, words: 4000, codings: 60 });
  const page = app.page;
  await new WelcomePage(page).openProject(project);

  await ExchangePage.open(page);
  await page.getByRole('button', { name: 'Share safely (pseudonymised copy)…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share safely' });
  await expect(dialog.getByRole('button', { name: 'Review replacements' })).toBeEnabled({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Add a term' }).click();
  await dialog.getByRole('textbox', { name: 'Term 1', exact: true }).fill('manager');
  await dialog.getByRole('textbox', { name: 'Pseudonym 1', exact: true }).fill('[role]');
  await dialog.getByRole('button', { name: 'Review replacements' }).click();
  await expect(dialog.getByRole('status', { name: 'Review summary' })).toContainText('400 documents changed', { timeout: 60_000 });

  const copy = join(app.workDir, 'Shared large.weft');
  await dialog.getByLabel('Pseudonymised copy').fill(copy);
  await dialog.getByLabel('Passphrase', { exact: true }).fill('a long passphrase');
  await dialog.getByLabel('Passphrase again').fill('a long passphrase');
  // every row of the project, as it is before the copy is written
  const before = projectFileHash(project);
  await dialog.getByRole('button', { name: 'Write pseudonymised copy' }).click();

  // the same progress bar and count as the import, moving by documents
  const progress = dialog.getByRole('progressbar', { name: 'Pseudonymisation progress' });
  await expect(progress).toBeVisible();
  await expect(dialog.getByText(/^[1-9]\d* of 800 steps/)).toBeVisible({ timeout: 60_000 });
  const cancel = dialog.getByRole('button', { name: 'Cancel writing the copy' });

  // while it runs: the file dialog asks the service for a folder's contents, and gets them
  await dialog.getByRole('button', { name: 'Choose…' }).first().click();
  const files = page.getByRole('dialog', { name: 'Pseudonymised copy' });
  await expect(files.getByRole('listbox', { name: 'Folder contents' })).toBeVisible();
  await expect(cancel).toBeEnabled(); // … and the job had not ended meanwhile
  await files.getByRole('button', { name: 'Cancel', exact: true }).click();

  await cancel.click();
  await expect(page.getByText('No copy and no key were written; this project is as it was.')).toBeVisible();
  await expect(progress).toBeHidden();
  await expect(dialog.getByRole('status', { name: 'Written' })).toHaveCount(0);
  expect(readdirSync(app.workDir)).toEqual([]);
  expect(projectFileHash(project)).toBe(before);
});
