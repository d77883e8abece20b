/**
 * The thematic map's level of detail (issue 14): with 30 themes it opens with every theme
 * collapsed (one node each, a "+" badge, sub-themes and codes out of view), no label on screen is
 * smaller than 11 px at the default zoom or after zooming out (theme labels grow, code labels hide
 * and come back as a focus label), and a theme opens and closes from the keyboard. At 1440×900 and
 * 1024×700.
 */
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import type { Locator, Page } from '@playwright/test';
import { SIZES } from '../pages/views';
import { WelcomePage } from '../pages/welcome-page';
import { ThemesPage } from '../pages/themes-page';
import { ProjectSession } from '../../electron/services/project-session';
import { createCode } from '../../electron/services/codes';
import { assignCode, createTheme } from '../../electron/services/themes';

test.setTimeout(120_000);

const THEMES = Array.from({ length: 30 }, (_, i) => `Theme number ${i + 1} about working life`);

async function openThirtyThemes(app: { page: Page; workDir: string }) {
  const path = join(app.workDir, 'Thirty themes.weft');
  const session = ProjectSession.create(path, 'E2E coder');
  session.transaction(() => {
    THEMES.forEach((name, i) => {
      const theme = createTheme(session.db, { name });
      const sub = createTheme(session.db, { name: `Sub-theme ${i + 1}`, parentId: theme });
      for (const [k, target] of [[1, theme], [2, theme], [3, sub]] as const) {
        const code = createCode(session.db, { name: `Code ${i + 1}.${k}` });
        assignCode(session.db, target, code.id);
      }
    });
  });
  session.close();
  await (await new WelcomePage(app.page).openProject(path)).expectProject('Thirty themes');
}

/** On-screen font sizes (CSS px) of every label drawn in the map (hidden ones left out). */
const labelSizes = (map: Locator) =>
  map.locator('text').evaluateAll((texts) =>
    texts
      .filter((t) => getComputedStyle(t).visibility !== 'hidden' && t.getClientRects().length > 0)
      .map((t) => {
        const m = (t as SVGTextElement).getScreenCTM()!;
        // a label wraps into lines: name it by its node
        const node = t.closest('[data-key]')?.getAttribute('aria-label') ?? '';
        return { text: t.closest('.map-toggle') ? `± badge of ${node}` : node.replace(/^[^:]*: /, ''), px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b) };
      }),
  );

for (const viewport of SIZES) {
  test(`a map of 30 themes stays readable: collapsed, labels ≥ 11 px at any zoom, opened by keyboard (${viewport.width}×${viewport.height})`, async ({ app }) => {
    const { page } = app;
    await page.setViewportSize(viewport);
    await openThirtyThemes(app);
    const themes = await ThemesPage.open(page);
    await themes.tab('Map');
    const map = page.getByRole('group', { name: 'Thematic map' });
    for (const t of THEMES) await expect(map.getByRole('button', { name: `Theme: ${t}`, exact: true })).toHaveAttribute('aria-expanded', 'false');
    await expect(map.getByRole('button', { name: /^Code: / })).toHaveCount(0);
    await expect(map.getByRole('button', { name: /^Sub-theme: / })).toHaveCount(0);

    const atDefault = await labelSizes(map);
    expect(atDefault.filter((l) => THEMES.includes(l.text)).length, 'every theme label is drawn').toBe(30);
    for (const l of atDefault) expect(l.px, `“${l.text}” at the default zoom`).toBeGreaterThanOrEqual(11);
    await page.screenshot({ path: test.info().outputPath(`map-30-themes-${viewport.width}.png`) });

    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Zoom out' }).click();
    const zoomedOut = await labelSizes(map);
    expect(zoomedOut.filter((l) => THEMES.includes(l.text)).length, 'theme labels stay after zooming out').toBe(30);
    for (const l of zoomedOut) expect(l.px, `“${l.text}” zoomed out`).toBeGreaterThanOrEqual(11);

    // the keyboard opens a theme: its sub-theme and codes appear; Enter again closes it
    const first = map.getByRole('button', { name: `Theme: ${THEMES[0]}`, exact: true });
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(first).toHaveAttribute('aria-expanded', 'true');
    await expect(map.getByRole('button', { name: 'Sub-theme: Sub-theme 1', exact: true })).toBeVisible();
    await expect(map.getByRole('button', { name: /^Code: Code 1\.[12]$/ })).toHaveCount(2);
    await expect(map.getByRole('button', { name: /^Code: Code 2\./ })).toHaveCount(0);
    for (const l of await labelSizes(map)) expect(l.px, `“${l.text}” with a theme open`).toBeGreaterThanOrEqual(11);

    // a code whose label is hidden at this zoom shows it as a focus label
    const code = map.getByRole('button', { name: 'Code: Code 1.1', exact: true });
    await code.focus();
    const focusLabel = page.locator('.map-focus-label');
    await expect(focusLabel).toContainText('Code 1.1');
    expect(parseFloat(await focusLabel.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(11);

    await first.focus();
    await page.keyboard.press('Enter');
    await expect(first).toHaveAttribute('aria-expanded', 'false');
    await expect(map.getByRole('button', { name: /^Code: / })).toHaveCount(0);

    // Expand all shows every code; labels still never below 11 px
    await page.getByRole('button', { name: 'Expand all' }).click();
    await expect(map.getByRole('button', { name: /^Code: / })).toHaveCount(90);
    for (const l of await labelSizes(map)) expect(l.px, `“${l.text}” expanded`).toBeGreaterThanOrEqual(11);
    await page.getByRole('button', { name: 'Collapse all' }).click();
    await expect(map.getByRole('button', { name: /^Code: / })).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no page-level horizontal scrolling').toBe(true);
  });
}
