/**
 * Share safely (issue 16): from the sample project, the dialog seeds the participants as terms,
 * the review lists every replacement in context, and writing gives a new project with no
 * participant's name in any byte, plus a key file that does not show them either.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import { ExchangePage } from '../pages/exchange-page';
import { WelcomePage } from '../pages/welcome-page';

test('write a pseudonymised copy of the sample after reviewing every replacement', async ({ app }) => {
  test.setTimeout(180_000);
  const page = app.page;
  await new WelcomePage(page).openSample();
  await ExchangePage.open(page);
  await page.getByRole('button', { name: 'Share safely (pseudonymised copy)…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share safely' });
  await expect(dialog).toBeVisible();

  // the participants are the first terms, numbered
  await expect(dialog.getByRole('textbox', { name: 'Term 1', exact: true })).toHaveValue('Amira', { timeout: 30_000 });
  await expect(dialog.getByRole('textbox', { name: 'Pseudonym 1', exact: true })).toHaveValue('P01');
  await expect(dialog.getByRole('textbox', { name: 'Term 3', exact: true })).toHaveValue('Ruth');
  await dialog.getByRole('textbox', { name: 'Pseudonym 3', exact: true }).fill('[preceptor]');

  await dialog.getByRole('button', { name: 'Review replacements' }).click();
  const replacements = dialog.getByRole('list', { name: 'Replacements' });
  await expect(replacements).toContainText('Ruth → [preceptor]', { timeout: 30_000 });
  await expect(replacements.getByRole('listitem').filter({ hasText: 'Ruth → [preceptor]' }).first()).toContainText('My preceptor, Ruth → [preceptor]. She never');
  await expect(dialog.getByRole('status', { name: 'Review summary' })).toContainText('3 documents changed');

  const out = join(app.workDir, 'Shared study.weft');
  await dialog.getByLabel('Pseudonymised copy').fill(out);
  await expect(dialog.getByLabel('Key file')).toHaveValue(join(app.workDir, 'Shared study.weftkey'));
  const write = dialog.getByRole('button', { name: 'Write pseudonymised copy' });
  await dialog.getByLabel('Passphrase', { exact: true }).fill('a long passphrase');
  await dialog.getByLabel('Passphrase again').fill('a long passphrasX');
  await expect(dialog.getByText('The two passphrases differ.')).toBeVisible();
  await expect(write).toBeDisabled();
  await dialog.getByLabel('Passphrase again').fill('a long passphrase');
  await write.click();
  await expect(dialog.getByRole('status', { name: 'Written' })).toContainText('Shared study.weftkey', { timeout: 60_000 });

  for (const file of [out, join(app.workDir, 'Shared study.weftkey')]) {
    expect(existsSync(file)).toBe(true);
    const bytes = readFileSync(file);
    for (const name of ['Amira', 'Jonas', 'Ruth', 'amira', 'jonas', 'ruth']) expect(bytes.includes(Buffer.from(name)), `${name} in ${file}`).toBe(false);
  }
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
