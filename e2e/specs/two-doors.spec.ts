/**
 * Two instances of Weft (two real backends, two pages) on one project: the second opens it
 * read-only with a banner naming the holder, refuses changes, and shows the first one's changes
 * without a reload.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { expect, test } from '../fixtures/app';
import { Backend } from '../fixtures/backend';
import { WelcomePage } from '../pages/welcome-page';

test('a second instance opens the project read-only and follows the first one’s changes @web-only', async ({ app, browser }) => {
  const projectPath = join(app.workDir, 'Shared study.weft');
  const first = await new WelcomePage(app.page).newProject(projectPath);
  await first.expectProject('Shared study');
  await first.createCode('Trust');

  const secondData = join(app.workDir, 'second-data');
  mkdirSync(secondData, { recursive: true });
  const backend = new Backend(secondData);
  const info = await backend.start();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(info.url);
    const second = await new WelcomePage(page).openProject(projectPath);
    await second.expectProject('Shared study');

    const banner = page.getByTestId('read-only-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(new RegExp(`Open in Weft \\(browser mode\\) on ${hostname()} \\(process \\d+\\).* since \\d\\d:\\d\\d on \\d{4}-\\d\\d-\\d\\d — read-only here`));
    const codes = page.getByRole('complementary', { name: 'Codes' });
    await expect(codes.locator('li[data-code="Trust"]')).toBeVisible();

    // A change here is refused with a clear message.
    await codes.getByLabel('New code name').fill('Doubt');
    await codes.getByRole('button', { name: 'Add' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'This project is open read-only here' })).toBeVisible();
    await expect(codes.locator('li[data-code="Doubt"]')).toHaveCount(0);

    // A change made in the first instance appears in the second without a reload.
    await first.createCode('Belonging');
    await expect(codes.locator('li[data-code="Belonging"]')).toBeVisible();
    // …and the first instance never shows the banner.
    await expect(app.page.getByTestId('read-only-banner')).toHaveCount(0);
  } finally {
    await context.close();
    await backend.kill('SIGTERM');
  }
});
