/**
 * What researchers expected and did not find (issue 14): the project setting "exclude interviewer
 * turns" is one checkbox shown in each view's filters (search, theme review, agreement), bound to
 * the one setting; with it on, a search leaves out what the interviewer said, and a coding inside
 * an interviewer turn is not counted in the theme review. At 1440×900.
 */
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import { WorkspacePage } from '../pages/workspace-page';
import { AnalysisPage } from '../pages/analysis-page';
import { ThemesPage } from '../pages/themes-page';
import { TeamPage } from '../pages/team-page';
import { buildKnownProject } from '../../tests/support/known-project';

test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(180_000);

async function openKnownProject(app: { page: import('@playwright/test').Page; workDir: string }) {
  const path = join(app.workDir, 'Known study.weft');
  buildKnownProject(path, 'E2E coder').close();
  await app.page.getByRole('button', { name: 'Open project…' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Open project' });
  await dialog.getByLabel('Path').fill(path);
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
  const ws = new WorkspacePage(app.page);
  await ws.expectProject('Known study');
  return ws;
}

const extractsIn = async (page: import('@playwright/test').Page) => {
  const text = (await page.getByRole('region', { name: 'Prevalence' }).locator('p').first().textContent()) ?? '';
  return Number(/(\d+) extracts?/.exec(text)?.[1]);
};

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
