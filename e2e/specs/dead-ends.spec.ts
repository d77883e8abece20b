/**
 * Dead ends and surprises (issue 14), in Chromium against the real backend and the real project
 * file: the palette creates a missing parent, a folder is not a project path, double clicks act
 * once, no coder is named after the OS account, per-project state does not leak between projects,
 * a new project opens in Coding, and merging needs a chosen target.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import { CodingPage, MOD, storedCodes, storedCodings } from '../pages/coding-page';
import { WelcomePage } from '../pages/welcome-page';

async function sample(app: { page: import('@playwright/test').Page; dataDir: string }) {
  await new WelcomePage(app.page).openSample();
  const ws = new CodingPage(app.page);
  await ws.expectProject('Sample study — First year on the ward');
  return { ws, path: join(app.dataDir, 'Sample study.weft') };
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('the palette creates a missing parent and its child in one undo step, and says when a path is incomplete', async ({ app }) => {
      const { ws, path } = await sample(app);
      const page = app.page;
      await ws.select('I felt like I knew nothing');
      await page.keyboard.press(`${MOD}+k`);
      const input = ws.palette.getByRole('combobox', { name: 'Code name' });
      // an empty part is explained; codes exist, so never “No codes yet”
      await input.fill('Wellbeing//');
      await expect(ws.palette).toContainText('A code path needs a name on each side of every “/”');
      await expect(ws.palette).not.toContainText('No codes yet');
      await input.fill('Wellbeing/Rest days');
      const create = ws.palette.getByRole('option', { name: /Create “Rest days” under Wellbeing \(new parent “Wellbeing”\) and apply/ });
      await expect(create).toBeVisible();
      await expect(create).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('Enter');
      await expect(ws.palette).toBeHidden();

      await expect(ws.codeRow('Wellbeing')).toBeVisible();
      await expect(ws.codeRow('Rest days')).toBeVisible();
      expect(storedCodes(path).filter((c) => c.name === 'Wellbeing' || c.name === 'Rest days')).toEqual([
        { name: 'Wellbeing', parent: null },
        { name: 'Rest days', parent: 'Wellbeing' },
      ]);
      expect(storedCodings(path).filter((k) => k.code === 'Rest days').map((k) => k.covered)).toEqual(['I felt like I knew nothing']);

      // one undo step takes both codes and the coding away
      await ws.undo();
      await expect(ws.codeRow('Wellbeing')).toHaveCount(0);
      await expect(ws.codeRow('Rest days')).toHaveCount(0);
      expect(storedCodes(path).some((c) => c.name === 'Wellbeing' || c.name === 'Rest days')).toBe(false);
      expect(storedCodings(path).some((k) => k.code === 'Rest days')).toBe(false);
    });
  });
}

test('New project given a folder says it is a folder and creates nothing beside it', async ({ app }) => {
  const page = app.page;
  const folder = join(app.workDir, 'Interviews');
  mkdirSync(folder);
  await page.getByRole('button', { name: 'New project…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  const field = dialog.getByLabel('Path');
  await expect(field).toHaveValue(/\.weft$/);
  await field.fill(folder);
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `“${folder}” is a folder, not a project file` })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(`e.g. “${join(folder, 'Interviews.weft')}”`);
  await expect(dialog).toBeVisible(); // the researcher can correct the path
  expect(existsSync(`${folder}.weft`)).toBe(false);
  expect(readdirSync(folder)).toEqual([]);
  // the suggested name works
  await field.fill(join(folder, 'Interviews.weft'));
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await expect(dialog).toBeHidden();
  await new CodingPage(page).expectProject('Interviews');
  expect(readdirSync(app.workDir)).toEqual(['Interviews']);
});
