/**
 * Every modal dialog, by keyboard: after it opens focus is inside it, Tab (20 presses) and
 * Shift+Tab never leave it, Esc closes it, and focus is back on the element that opened it.
 */
import { expect, test } from '../fixtures/app';
import type { Locator, Page } from '@playwright/test';
import { MOD } from '../pages/coding-page';
import { ExchangePage } from '../pages/exchange-page';
import { TeamPage } from '../pages/team-page';
import { SIZES } from '../pages/views';
import { ThemesPage } from '../pages/themes-page';
import { acceptImportPreview, topMenu, topMenuButton } from '../pages/workspace-page';

const focusInside = (dialog: Locator) => dialog.evaluate((d) => d.contains(document.activeElement));

/** Opens a dialog from `opener` (focused first, then `open()`), checks the keyboard rules, closes it with Esc. */
async function checkDialog(page: Page, what: string, opener: Locator, open: () => Promise<void>, dialog: Locator) {
  await test.step(what, async () => {
    await opener.focus();
    await open();
    await expect(dialog, `${what}: opens`).toBeVisible();
    await expect.poll(() => focusInside(dialog), { message: `${what}: focus moves into the dialog` }).toBe(true);
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInside(dialog), `${what}: focus inside after Tab ×${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusInside(dialog), `${what}: focus inside after Shift+Tab ×${i + 1}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog, `${what}: Esc closes it`).toBeHidden();
    await expect(opener, `${what}: focus returns to the opener`).toBeFocused();
  });
}

const click = (l: Locator) => () => l.click();
const press = (page: Page, key: string) => () => page.keyboard.press(key);

for (const viewport of SIZES) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('every modal dialog keeps focus inside, closes on Esc and gives focus back', async ({ app }) => {
      test.setTimeout(300_000); // twenty dialogs, each opened, tabbed through 25 times and closed
      const page = app.page;
      const button = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
      const dialog = (name: string | RegExp) => page.getByRole('dialog', { name, exact: typeof name === 'string' });
      const views = page.getByRole('navigation', { name: 'Views' });

      // the welcome screen's file dialogs
      await checkDialog(page, 'New project', button('New project…'), click(button('New project…')), dialog('New project'));
      await checkDialog(page, 'Open project', button('Open project…'), click(button('Open project…')), dialog('Open project'));
      await checkDialog(page, 'Team server (join)', button('Join a team project…'), click(button('Join a team project…')), dialog('Team server'));

      await button('Open the sample project').click();
      await expect(views).toBeVisible();

      // the top bar
      await checkDialog(page, 'Participants', button('Participants…'), click(button('Participants…')), dialog('Speakers and participants'));
      // the top bar's menus: focus returns to the menu button
      const projectMenu = topMenuButton(page, 'Project');
      await checkDialog(page, 'Restore a backup', projectMenu, () => topMenu(page, 'Project', 'Restore a backup…'), dialog('Restore a backup'));
      await checkDialog(page, 'Team server', projectMenu, () => topMenu(page, 'Project', 'Team server…'), dialog('Team server'));
      await checkDialog(page, 'Keyboard shortcuts (F1)', projectMenu, press(page, 'F1'), dialog('Keyboard shortcuts'));
      await test.step('Keyboard shortcuts lists the keys, from the Project menu too', async () => {
        await topMenu(page, 'Project', 'Keyboard shortcuts (F1)');
        const keys = dialog('Keyboard shortcuts');
        await expect(keys.getByRole('row', { name: /Ctrl\+K \(⌘K\) Quick-code palette/ })).toBeVisible();
        await expect(keys.getByRole('row', { name: /^F1 Show this list of keys/ })).toBeVisible();
        expect(await keys.getByRole('row').count()).toBeGreaterThan(30);
        await keys.getByRole('button', { name: 'Close' }).click();
        await expect(keys).toBeHidden();
      });
      await checkDialog(page, 'Save a copy', projectMenu, () => topMenu(page, 'Project', 'Save a copy as…'), dialog('Save a copy of the project as'));
      await checkDialog(page, 'Import from folder', topMenuButton(page, 'Import'), () => topMenu(page, 'Import', 'Import from folder…'), dialog('Import transcripts'));

      // the coder panel is a non-modal popover under its chip: Esc closes it and focus goes back to the chip
      await test.step('Coder popover', async () => {
        const chip = page.locator('.coder-bar > button.coder-chip');
        await chip.click();
        const coder = dialog('Coder');
        await expect.poll(() => focusInside(coder)).toBe(true);
        await page.keyboard.press('Escape');
        await expect(coder).toBeHidden();
        await expect(chip).toBeFocused();
      });

      // the codebook's dialogs and the quick-code palette
      await views.getByRole('tab', { name: 'Coding' }).click();
      const codes = page.getByRole('complementary', { name: 'Codes' });
      const firstCode = codes.locator('li[data-code]').first();
      const codeName = (await firstCode.getAttribute('data-code'))!;
      const codeButton = firstCode.getByRole('button', { name: codeName, exact: true });
      await checkDialog(page, 'Edit code', codeButton, press(page, 'F2'), dialog(`Edit code ${codeName}`));
      await checkDialog(page, 'Delete code', codeButton, press(page, 'Delete'), dialog(`Delete code ${codeName}`));
      // the code menu's dialogs: focus returns to the menu's button
      const codeActions = firstCode.getByRole('button', { name: `Actions for ${codeName}` });
      const codeMenu = (item: string) => async () => {
        await codeActions.click();
        await page.getByRole('menu', { name: `Actions for ${codeName}` }).getByRole('menuitem', { name: item }).click();
      };
      await checkDialog(page, 'New sub-code', codeActions, codeMenu('Add sub-code…'), dialog(`New sub-code of ${codeName}`));
      await checkDialog(page, 'Merge code', codeActions, codeMenu('Merge into…'), dialog(`Merge ${codeName}`));
      const text = page.getByTestId('document-text');
      await checkDialog(page, 'Quick code', text, press(page, `${MOD}+k`), dialog('Quick code'));

      // the coding popover (non-modal, over a highlight): Enter on a highlight opens it with focus inside, Esc closes it back to the text
      await test.step('Coding popover', async () => {
        const hl = text.locator('.hl').first();
        await hl.click();
        const popover = dialog('Coding details');
        await expect(popover).toBeVisible();
        await popover.getByRole('button').first().focus();
        await expect.poll(() => focusInside(popover)).toBe(true);
        await page.keyboard.press('Escape');
        await expect(popover).toBeHidden();
        await expect(text).toBeFocused();
      });

      // themes: report, merge, split, delete (a confirmation), re-arranging the map (a confirmation)
      const themes = await ThemesPage.open(page);
      await checkDialog(page, 'Export report', button('Export report…').first(), click(button('Export report…').first()), dialog('Export report'));
      const theme = 'Someone to turn to';
      const actions = themes.theme(theme).getByRole('button', { name: `Actions for theme ${theme}` });
      const menuItem = (name: string) => async () => {
        await actions.click();
        await page.getByRole('menuitem', { name }).click();
      };
      await checkDialog(page, 'Merge themes', actions, menuItem('Merge other themes into this…'), dialog(`Merge into “${theme}”`));
      await checkDialog(page, 'Split theme', actions, menuItem('Split into new themes…'), dialog(`Split “${theme}”`));
      await checkDialog(page, 'Delete theme', actions, menuItem(`Delete “${theme}”…`), page.getByRole('alertdialog', { name: `Delete the theme “${theme}”?` }));
      await expect(themes.theme(theme)).toBeVisible(); // Esc deleted nothing
      await themes.tab('Map');
      await checkDialog(page, 'Re-arrange the map', button('Re-arrange'), click(button('Re-arrange')), page.getByRole('alertdialog', { name: 'Re-arrange the map?' }));

      // team: choosing a file to merge
      await new TeamPage(page).open('Merge');
      await checkDialog(page, 'Merge a file', button('Merge a file…'), click(button('Merge a file…')), dialog('Merge a project file'));

      // import & export: a REFI-QDA project
      await ExchangePage.open(page);
      const qdpx = button('Import REFI-QDA project (.qdpx)…');
      await checkDialog(page, 'Import REFI-QDA project', qdpx, click(qdpx), dialog('Import REFI-QDA project'));
      // import & export: sharing safely (pseudonymised copy) and re-identifying one with its key
      const share = button('Share safely (pseudonymised copy)…');
      await checkDialog(page, 'Share safely', share, click(share), dialog('Share safely'));
      const reidentify = button('Re-identify (with its key)…');
      await checkDialog(page, 'Re-identify', reidentify, click(reidentify), dialog('Re-identify'));

      // the import report, after importing a file through the top bar's file input
      const transcript = `${app.workDir}/Extra interview.txt`;
      const { writeFileSync } = await import('node:fs');
      writeFileSync(transcript, 'Interviewer: How was the first week?\nNurse: Busy, but the team helped.\n');
      // first the import preview (the file would get speakers): Esc cancels it, nothing is imported
      await checkDialog(page, 'Import preview', topMenuButton(page, 'Import'), () => page.getByTestId('import-input').setInputFiles([transcript]), dialog('Import preview'));
      await checkDialog(
        page,
        'Import report',
        topMenuButton(page, 'Import'),
        async () => {
          await page.getByTestId('import-input').setInputFiles([transcript]);
          await acceptImportPreview(page);
        },
        dialog('Import report'),
      );
    });
  });
}
