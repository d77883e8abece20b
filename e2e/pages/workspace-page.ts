import { expect, type Locator, type Page } from '@playwright/test';
import { selectWithMouse } from './text-selection';

/** The top-bar menu button (“Import” or “Project”). */
export const topMenuButton = (page: Page, menu: 'Import' | 'Project'): Locator => page.locator('header.topbar').getByRole('button', { name: menu, exact: true });

/** Picks an item of a top-bar menu: opens the menu, clicks the item. */
export async function topMenu(page: Page, menu: 'Import' | 'Project', item: string) {
  await topMenuButton(page, menu).click();
  await page.getByRole('menu', { name: menu }).getByRole('menuitem', { name: item, exact: true }).click();
}

/**
 * After files are chosen for import: when some would get speakers, the import preview lists them
 * (issue 15); this imports them as previewed (detection on) and returns once the import has started.
 * Without speakers there is no preview and the import starts by itself.
 */
export async function acceptImportPreview(page: Page, timeout = 30_000) {
  const preview = page.getByRole('dialog', { name: 'Import preview' });
  const started = page.getByRole('dialog', { name: /^(Importing|Import report)$/ });
  await expect(preview.or(started).first()).toBeVisible({ timeout });
  if (await preview.isVisible()) await preview.getByRole('button', { name: /^Import \d+ files?$/ }).click();
}

/** The documents' own buttons in the document list (each row also has its ⋯ menu button). */
export const documentButtons = (page: Page): Locator => page.getByRole('navigation', { name: 'Documents' }).locator('button[data-doc-id]');

/** One document's button in the list, by (part of) its name. */
export const documentButton = (page: Page, name: string | RegExp): Locator => documentButtons(page).filter({ hasText: name });

export class WorkspacePage {
  constructor(readonly page: Page) {}

  get documentText(): Locator {
    return this.page.getByTestId('document-text');
  }

  /** Picks an item of a top-bar menu (“Import” or “Project”): opens the menu, clicks the item. */
  async topMenu(menu: 'Import' | 'Project', item: string) {
    await topMenu(this.page, menu, item);
  }

  async expectProject(name: string) {
    await expect(this.page.locator('.project-name')).toHaveText(name);
  }

  /** Imports files through the real file input; returns the import report dialog. */
  async importFiles(paths: string[]): Promise<Locator> {
    await this.page.getByTestId('import-input').setInputFiles(paths);
    await acceptImportPreview(this.page);
    const report = this.page.getByRole('dialog', { name: 'Import report' });
    await expect(report).toBeVisible();
    return report;
  }

  async closeImportReport() {
    const report = this.page.getByRole('dialog', { name: 'Import report' });
    await report.getByRole('button', { name: 'Close' }).click();
    await expect(report).toBeHidden();
  }

  async openDocument(name: string) {
    // the document's own button (not its ⋯ menu button)
    await documentButton(this.page, new RegExp(name)).click();
    await expect(this.page.getByRole('heading', { level: 2, name })).toBeVisible();
  }

  async createCode(name: string) {
    const panel = this.page.getByRole('complementary', { name: 'Codes' });
    await panel.getByLabel('New code name').fill(name);
    await panel.getByRole('button', { name: 'Add' }).click();
    await expect(panel.locator(`li[data-code="${name}"]`)).toBeVisible();
  }

  async select(phrase: string, occurrence = 0) {
    await selectWithMouse(this.page, phrase, occurrence);
    await expect(this.page.getByTestId('selection-text')).toHaveText(phrase.length > 120 ? `${phrase.slice(0, 120)}…` : phrase);
  }

  async applyCode(name: string) {
    await this.page.getByRole('button', { name: `Apply code ${name}` }).click();
  }

  /** The highlighted runs of a code, joined: the exact text it covers. */
  async highlightedText(code: string): Promise<string> {
    await expect(this.documentText.locator('.hl').first()).toBeVisible();
    return this.documentText.evaluate(
      (root, name) =>
        [...root.querySelectorAll<HTMLElement>('.hl')]
          .filter((el) => (el.dataset.codes ?? '').split(' | ').includes(name))
          .map((el) => el.textContent)
          .join(''),
      code,
    );
  }
}
