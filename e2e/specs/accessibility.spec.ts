/**
 * Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) over every view and the main
 * dialogs of the sample project: no serious or critical violation. Colour contrast is among the
 * rules, with the code colours behind the highlighted text. One test per view, to stay well inside
 * the 60 s test timeout.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/app';
import { CodingPage, MOD } from '../pages/coding-page';
import { ExchangePage } from '../pages/exchange-page';
import { VIEW_GROUPS } from '../pages/views';
import { WelcomePage } from '../pages/welcome-page';
import { topMenu, type WorkspacePage } from '../pages/workspace-page';

/** Serious and critical violations on the page as it is, one line each (rule, impact, where). */
async function violations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const { violations: found } = await builder.analyze();
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

test('the welcome screen', async ({ app }) => {
  await new WelcomePage(app.page).expectVisible();
  expect(await violations(app.page)).toEqual([]);
});

for (const stop of Object.values(VIEW_GROUPS).flat()) {
  test(`${stop.name}: no serious or critical violations`, async ({ app }) => {
    const page = app.page;
    await new WelcomePage(page).openSample();
    await stop.open(page);
    expect(await violations(page), stop.name).toEqual([]);
  });
}

/** Each main dialog in its own test (the sample project opens first), checked open, then closed with Esc. */
const DIALOGS: { name: string; open(page: Page, ws: WorkspacePage): Promise<void>; dialog(page: Page): Locator }[] = [
  {
    name: 'Quick code',
    open: async (page, ws) => {
      await ws.select('I felt like I knew nothing');
      await page.keyboard.press(`${MOD}+k`);
    },
    dialog: (page) => page.getByRole('dialog', { name: 'Quick code' }),
  },
  {
    name: 'Edit code',
    open: (page) => page.getByRole('complementary', { name: 'Codes' }).getByRole('button', { name: 'Belonging', exact: true }).dblclick(),
    dialog: (page) => page.getByRole('dialog', { name: 'Edit code Belonging' }),
  },
  {
    name: 'Coding details',
    open: (_page, ws) => ws.documentText.locator('.hl').first().click(),
    dialog: (page) => page.getByRole('dialog', { name: 'Coding details' }),
  },
  {
    name: 'Participants',
    open: (page) => page.getByRole('button', { name: 'Participants…' }).click(),
    dialog: (page) => page.getByRole('dialog', { name: 'Speakers and participants' }),
  },
  {
    name: 'Import from folder',
    open: (page) => topMenu(page, 'Import', 'Import from folder…'),
    dialog: (page) => page.getByRole('dialog', { name: 'Import transcripts' }),
  },
  {
    name: 'Coder',
    open: (page) => page.locator('.coder-bar > button.coder-chip').click(),
    dialog: (page) => page.getByRole('dialog', { name: 'Coder' }),
  },
  {
    name: 'Keyboard shortcuts',
    open: (page) => topMenu(page, 'Project', 'Keyboard shortcuts (F1)'),
    dialog: (page) => page.getByRole('dialog', { name: 'Keyboard shortcuts' }),
  },
  {
    name: 'Team server',
    open: (page) => topMenu(page, 'Project', 'Team server…'),
    dialog: (page) => page.getByRole('dialog', { name: 'Team server' }),
  },
  {
    name: 'Share safely',
    open: async (page) => {
      await ExchangePage.open(page);
      await page.getByRole('button', { name: 'Share safely (pseudonymised copy)…' }).click();
    },
    dialog: (page) => page.getByRole('dialog', { name: 'Share safely' }),
  },
  {
    name: 'Re-identify',
    open: async (page) => {
      await ExchangePage.open(page);
      await page.getByRole('button', { name: 'Re-identify (with its key)…' }).click();
    },
    dialog: (page) => page.getByRole('dialog', { name: 'Re-identify' }),
  },
];

for (const d of DIALOGS) {
  test(`the ${d.name} dialog: no serious or critical violations`, async ({ app }) => {
    const page = app.page;
    const ws = await new WelcomePage(page).openSample();
    await expect(ws.documentText).toBeVisible();
    await d.open(page, ws);
    await expect(d.dialog(page)).toBeVisible();
    expect(await violations(page), d.name).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(d.dialog(page)).toBeHidden();
  });
}

test('the recent-codes strip, full, with its “+N” menu open: no serious or critical violations', async ({ app }) => {
  const page = app.page;
  await page.setViewportSize({ width: 1024, height: 700 });
  await new WelcomePage(page).openSample();
  const ws = new CodingPage(page);
  await expect(ws.documentText).toBeVisible();
  for (let i = 1; i <= 9; i++) {
    await ws.select('I felt like I knew nothing');
    await ws.codeWithPalette(`A recent code with a long name, number ${i}`);
  }
  expect(await violations(page, '.recent-codes'), 'the strip').toEqual([]);
  await ws.select('I felt like I knew nothing');
  const more = ws.recentCodes.getByRole('button', { name: /^\d more recent codes$/ });
  await more.click();
  await expect(page.getByRole('menu', { name: /more recent codes/ })).toBeVisible();
  expect(await violations(page, '.recent-codes'), 'with the menu open').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(more).toBeFocused();
});
