/**
 * Share safely (issue 16): from the sample project, the dialog seeds the participants as terms,
 * the review lists every replacement in context, and writing gives a new project with no
 * participant's name in any byte, plus a key file that does not show them either.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import { ExchangePage } from '../pages/exchange-page';
import { WelcomePage } from '../pages/welcome-page';
import { WorkspacePage } from '../pages/workspace-page';

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

test('re-identify a pseudonymised copy from the app: a wrong passphrase and an edited copy are refused in words, the right key writes the original back', async ({ app }) => {
  test.setTimeout(240_000);
  const page = app.page;
  await new WelcomePage(page).openSample();
  await ExchangePage.open(page);
  await page.getByRole('button', { name: 'Share safely (pseudonymised copy)…' }).click();
  const share = page.getByRole('dialog', { name: 'Share safely' });
  await expect(share.getByRole('textbox', { name: 'Term 1', exact: true })).toHaveValue('Amira', { timeout: 30_000 });
  await share.getByRole('button', { name: 'Review replacements' }).click();
  await expect(share.getByRole('status', { name: 'Review summary' })).toContainText('3 documents changed', { timeout: 30_000 });
  const copy = join(app.workDir, 'Shared study.weft');
  const key = join(app.workDir, 'Shared study.weftkey');
  await share.getByLabel('Pseudonymised copy').fill(copy);
  await share.getByLabel('Passphrase', { exact: true }).fill('a long passphrase');
  await share.getByLabel('Passphrase again').fill('a long passphrase');
  await share.getByRole('button', { name: 'Write pseudonymised copy' }).click();
  await expect(share.getByRole('status', { name: 'Written' })).toBeVisible({ timeout: 60_000 });
  await share.getByRole('button', { name: 'Close' }).click();

  // a second copy, edited afterwards by another program: a participant renamed
  const edited = join(app.workDir, 'Edited study.weft');
  copyFileSync(copy, edited);
  const db = new Database(edited);
  expect(db.prepare("UPDATE cases SET name = 'P01 (renamed)' WHERE name = 'P01'").run().changes).toBe(1);
  db.close();

  const ws = new WorkspacePage(page);
  const reidentifyFrom = async (project: string) => {
    await ws.topMenu('Project', 'Close project');
    await new WelcomePage(page).openProject(project);
    await ExchangePage.open(page);
    await page.getByRole('button', { name: 'Re-identify (with its key)…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-identify' });
    await expect(dialog).toBeVisible();
    return dialog;
  };

  let dialog = await reidentifyFrom(edited);
  await dialog.getByLabel('Key file').fill(key);
  await dialog.getByLabel('Passphrase').fill('a long passphrase');
  await dialog.getByRole('button', { name: 'Write re-identified project' }).click();
  await expect(dialog.getByRole('alert')).toContainText('“P01 (renamed)” (name) was changed after the copy was pseudonymised');
  expect(existsSync(join(app.workDir, 'Edited study (re-identified).weft'))).toBe(false);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  dialog = await reidentifyFrom(copy);
  await expect(dialog.getByLabel('Key file')).toHaveValue(key); // the key beside the copy is offered
  const out = join(app.workDir, 'Shared study (re-identified).weft');
  await expect(dialog.getByLabel('Re-identified project')).toHaveValue(out);
  await dialog.getByLabel('Passphrase').fill('not the passphrase');
  await dialog.getByRole('button', { name: 'Write re-identified project' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`The key “${key}” cannot be read`);
  expect(existsSync(out)).toBe(false);
  await dialog.getByLabel('Passphrase').fill('a long passphrase');
  await dialog.getByRole('button', { name: 'Write re-identified project' }).click();
  await expect(dialog.getByRole('status', { name: 'Written' })).toContainText('3 documents', { timeout: 60_000 });
  expect(existsSync(out)).toBe(true);
  await dialog.getByRole('button', { name: 'Open the re-identified project' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.project-name')).toHaveAttribute('title', new RegExp(`${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Coding' }).click();
  await ws.openDocument('Interview 1 — Amira');
  await expect(ws.documentText).toContainText('My preceptor, Ruth. She never made me feel stupid for asking.');
});
