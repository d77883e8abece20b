/**
 * Every view of the workspace, as a list the layout and accessibility specs walk: each entry
 * opens one view (or section of a view) of an open project and waits until it is drawn.
 */
import { expect, type Page } from '@playwright/test';

export interface ViewStop {
  /** "View › section", for test titles and messages. */
  name: string;
  open(page: Page): Promise<void>;
}

const viewTab = (page: Page, name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name, exact: true });

async function openView(page: Page, name: string) {
  await viewTab(page, name).click();
  await expect(viewTab(page, name)).toHaveAttribute('aria-selected', 'true');
}

async function subTab(page: Page, view: string, list: string, name: string) {
  await openView(page, view);
  const tab = page.getByRole('tablist', { name: list }).getByRole('tab', { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

async function teamSection(page: Page, name: string) {
  await openView(page, 'Team');
  const button = page.getByRole('navigation', { name: 'Team sections' }).getByRole('button', { name, exact: true });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}

/** Closes an open menu and dialog (Esc), so each stop also works on its own. */
async function closeOverlays(page: Page) {
  for (let i = 0; i < 2 && (await page.locator('dialog[open], [role="menu"]').count()) > 0; i++) await page.keyboard.press('Escape');
  await expect(page.locator('dialog[open], [role="menu"]')).toHaveCount(0);
}

/** The Coding view with the first document's ⋯ menu open. */
async function openDocumentMenu(page: Page) {
  await closeOverlays(page);
  await openView(page, 'Coding');
  const button = page.getByRole('navigation', { name: 'Documents' }).getByRole('button', { name: /^Actions for / }).first();
  await button.click();
  await expect(page.getByRole('menu', { name: (await button.getAttribute('aria-label'))! })).toBeVisible();
}

/** The views grouped by the top-bar tab they live under. */
export const VIEW_GROUPS: Record<string, ViewStop[]> = {
  Coding: [
    {
      name: 'Coding',
      open: async (page) => {
        await openView(page, 'Coding');
        await expect(page.getByTestId('document-text')).toBeVisible();
      },
    },
    {
      name: 'Coding › a document’s menu',
      open: (page) => openDocumentMenu(page),
    },
    {
      name: 'Coding › New set dialog',
      open: async (page) => {
        await openDocumentMenu(page);
        await page.getByRole('menu').getByRole('menuitem', { name: 'New set…' }).click();
        await expect(page.getByRole('dialog', { name: 'New set' })).toBeVisible();
      },
    },
    {
      name: 'Participants dialog',
      open: async (page) => {
        await closeOverlays(page);
        await page.getByRole('button', { name: 'Participants…' }).click();
        await expect(page.getByRole('toolbar', { name: 'Bulk actions on the ticked speakers' })).toBeVisible();
      },
    },
    {
      name: 'Coding again',
      open: async (page) => {
        await closeOverlays(page);
        await openView(page, 'Coding');
      },
    },
  ],
  Themes: (['Board', 'Map', 'Review', 'Phases'] as const).map((s) => ({ name: `Themes › ${s}`, open: (page: Page) => subTab(page, 'Themes', 'Themes views', s) })),
  Analysis: (['Cases & attributes', 'Matrix', 'Ranking', 'Co-occurrence', 'Search'] as const).map((s) => ({
    name: `Analysis › ${s}`,
    open: (page: Page) => subTab(page, 'Analysis', 'Analysis sections', s),
  })),
  Team: (['Coders', 'Side by side', 'Merge', 'Agreement', 'Consensus', 'Reliability calculator'] as const).map((s) => ({
    name: `Team › ${s}`,
    open: (page: Page) => teamSection(page, s),
  })),
  'Import & export': [
    {
      name: 'Import & export',
      open: async (page) => {
        await openView(page, 'Import & export');
        await expect(page.getByRole('heading', { name: 'Export', level: 2 })).toBeVisible();
      },
    },
  ],
};

export const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;
