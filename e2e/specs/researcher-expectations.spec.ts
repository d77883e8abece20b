/**
 * What researchers expected and did not find (issue 14): the project setting "exclude interviewer
 * turns" is one checkbox shown in each view's filters (search, theme review, agreement), bound to
 * the one setting; with it on, a search leaves out what the interviewer said, and a coding inside
 * an interviewer turn is not counted in the theme review. The import report names files, not
 * absolute paths. The report's participants table lists those in the documents unless asked for
 * all. At 1440×900 and 1024×700.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import { acceptImportPreview, topMenu } from '../pages/workspace-page';
import { WelcomePage, openKnownProject } from '../pages/welcome-page';
import { AnalysisPage } from '../pages/analysis-page';
import { ThemesPage } from '../pages/themes-page';
import { TeamPage } from '../pages/team-page';
import { buildKnownProject } from '../../tests/support/known-project';
import { createCase } from '../../electron/services/cases';

test.setTimeout(180_000);

const extractsIn = async (page: import('@playwright/test').Page) => {
  const text = (await page.getByRole('region', { name: 'Prevalence' }).locator('p').first().textContent()) ?? '';
  return Number(/(\d+) extracts?/.exec(text)?.[1]);
};

for (const viewport of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
  test.describe(`${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('exclude interviewer turns: one setting, shown in search, theme review and agreement', async ({ app }) => {
      const { page } = app;
      await openKnownProject(app);
      const analysis = new AnalysisPage(page);
      await analysis.open();

      // "work" is said only by the interviewer ("What did you work on?")
      const toggle = () => page.getByRole('checkbox', { name: 'Exclude interviewer turns' });
      const results = await analysis.search('work');
      await expect(toggle()).toBeChecked();
      await expect(results.getByRole('heading', { name: /^0 hits in 0 documents/ })).toBeVisible();

      await toggle().uncheck();
      await expect(toggle()).not.toBeChecked();
      await expect(results.getByRole('heading', { name: /^1 hit in 1 document/ })).toBeVisible();
      await expect(results.locator('mark')).toHaveText(['work']);
      // a coding inside the interviewer's turn, made by auto-code with the setting off
      const status = await analysis.autoCode('Homework', 'The hit');
      await expect(status).toHaveText('Coded 1 passage with “Homework”.');

      // theme review: the same setting (off), the interviewer coding counted; on, it is not
      const themes = await ThemesPage.open(page);
      await themes.review('Practice');
      await expect(toggle()).not.toBeChecked();
      await expect(page.getByRole('region', { name: 'Prevalence' })).toBeVisible();
      const withInterviewer = await extractsIn(page);
      await expect(page.locator('li.extract blockquote', { hasText: /^work$/ })).toHaveCount(1);
      await toggle().check();
      await expect(toggle()).toBeChecked();
      await expect.poll(() => extractsIn(page)).toBe(withInterviewer - 1);
      await expect(page.locator('li.extract blockquote', { hasText: /^work$/ })).toHaveCount(0);

      // agreement shows the same setting, now on
      const team = new TeamPage(page);
      await team.open('Agreement');
      await expect(toggle()).toBeVisible();
      await expect(toggle()).toBeChecked();

      // and search again follows it
      await analysis.open();
      const again = await analysis.search('work');
      await expect(again.getByRole('heading', { name: /^0 hits in 0 documents/ })).toBeVisible();
    });

    test('the import report of a folder shows file names, not absolute paths', async ({ app }) => {
      const folder = join(app.workDir, 'transcripts folder');
      mkdirSync(folder);
      writeFileSync(join(folder, 'Interview 宿題 1.txt'), 'Interviewer: How was it?\nP1: Fine 😀.');
      writeFileSync(join(folder, 'empty.txt'), '');
      await new WelcomePage(app.page).newProject(join(app.workDir, 'Names.weft'));
      await topMenu(app.page, 'Import', 'Import from folder…');
      const picker = app.page.getByRole('dialog', { name: 'Import transcripts' });
      await picker.getByLabel('Path').fill(folder);
      await picker.getByRole('button', { name: 'Import', exact: true }).click();
      await acceptImportPreview(app.page);
      const report = app.page.getByRole('dialog', { name: 'Import report' });
      await expect(report.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
      const names = report.locator('table.report-table tbody tr td:first-child');
      await expect(names).toHaveCount(2);
      expect((await names.allInnerTexts()).sort()).toEqual(['Interview 宿題 1.txt', 'empty.txt'].sort());
      await expect(report).not.toContainText(app.workDir);
      // the full path stays at hand as the cell's tooltip
      await expect(names.filter({ hasText: 'empty.txt' })).toHaveAttribute('title', join(folder, 'empty.txt'));
    });

    test('the report lists the participants in the documents by default, every participant when chosen', async ({ app }) => {
      const { page } = app;
      const path = join(app.workDir, 'Known study.weft');
      const built = buildKnownProject(path, 'E2E coder');
      built.transaction(() => createCase(built.db, { name: 'Zofia (CSV only)' }));
      built.close();
      await page.getByRole('button', { name: 'Open project…' }).click();
      const open = page.getByRole('dialog', { name: 'Open project' });
      await open.getByLabel('Path').fill(path);
      await open.getByRole('button', { name: 'Open', exact: true }).click();
      await expect(open).toBeHidden();
      const themes = await ThemesPage.open(page);
      const read = async (d: import('@playwright/test').Download) => readFileSync((await d.path())!, 'utf8');

      let dialog = await themes.openReportDialog();
      const listed = dialog.getByRole('combobox', { name: 'Participants table lists' });
      await expect(listed).toHaveValue('appearing');
      const byDefault = await read(await themes.downloadReport(dialog, 'Markdown (.md)'));
      expect(byDefault).toContain('| Ana |');
      expect(byDefault).not.toContain('Zofia');

      dialog = await themes.openReportDialog();
      await dialog.getByRole('combobox', { name: 'Participants table lists' }).selectOption({ label: 'Every participant' });
      const all = await read(await themes.downloadReport(dialog, 'Markdown (.md)'));
      expect(all).toContain('| Zofia (CSV only) |');
    });

    test('auto-code offers a new code: made with its codings in one step, undone in one step', async ({ app }) => {
      const { page } = app;
      await openKnownProject(app);
      const analysis = new AnalysisPage(page);
      await analysis.open();
      const results = await analysis.search('"a habit"');
      await expect(results.getByRole('heading', { name: /^1 hit in 1 document/ })).toBeVisible();
      const form = page.getByRole('form', { name: 'Auto-code' });
      await form.getByRole('combobox', { name: 'Code for hits' }).selectOption({ label: 'New code…' });
      await form.getByRole('textbox', { name: 'New code name' }).fill('Habits 習慣');
      await form.getByRole('combobox', { name: 'Scope' }).selectOption({ label: 'Its sentence' });
      await form.getByRole('button', { name: 'Code all hits' }).click();
      await expect(form.getByRole('status')).toHaveText('Coded 1 passage with “Habits 習慣”.');
      await expect(form.getByRole('combobox', { name: 'Code for hits' }).locator('option', { hasText: 'Habits 習慣' })).toHaveCount(1);
      // one undo step takes back the codings and the code
      await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Coding' }).click();
      const undo = page.getByRole('toolbar', { name: 'Coding tools' }).getByRole('button', { name: 'Undo' });
      await expect(undo).toHaveAttribute('title', /Auto-code search hits/);
      await undo.click();
      await analysis.open();
      await analysis.search('"a habit"');
      await expect(page.getByRole('form', { name: 'Auto-code' }).getByRole('combobox', { name: 'Code for hits' }).locator('option', { hasText: 'Habits 習慣' })).toHaveCount(0);
    });
  });
}
