/** The Themes view: board, map, review, phases and the report dialog, by intent. */
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export class ThemesPage {
  constructor(readonly page: Page) {}

  static async open(page: Page): Promise<ThemesPage> {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Themes' }).click();
    const p = new ThemesPage(page);
    await expect(p.board).toBeVisible();
    return p;
  }

  async tab(name: 'Board' | 'Map' | 'Review' | 'Phases') {
    await this.page.getByRole('tablist', { name: 'Themes views' }).getByRole('tab', { name }).click();
  }

  get board(): Locator {
    return this.page.getByLabel('Theme board');
  }

  theme(name: string): Locator {
    return this.board.locator(`section.theme-card[data-theme="${name}"]`).first();
  }

  /** A code's card inside a theme (or in the bin when theme is null). */
  codeCard(code: string, theme: string | null): Locator {
    const scope = theme === null ? this.page.getByRole('region', { name: 'Not yet themed' }) : this.theme(theme).locator(':scope > ul.code-cards');
    return scope.locator(`li.code-card[data-code="${code}"]`);
  }

  async selectCode(code: string, inTheme: string | null) {
    await this.codeCard(code, inTheme).getByRole('checkbox').check();
  }

  async createThemeFromSelection(name: string) {
    const bar = this.page.getByRole('form', { name: 'Selected codes' });
    await bar.getByLabel('Name of the new theme').fill(name);
    await bar.getByRole('button', { name: 'New theme from selected codes' }).click();
    await expect(this.theme(name)).toBeVisible();
  }

  async addTheme(name: string) {
    await this.page.getByLabel('New theme name').fill(name);
    await this.page.getByRole('button', { name: 'Add theme' }).click();
    await expect(this.theme(name)).toBeVisible();
  }

  /** Drags a code card onto a theme with HTML5 drag and drop. */
  async dragCode(code: string, from: string | null, to: string) {
    await this.codeCard(code, from).dragTo(this.theme(to).locator(':scope > ul.code-cards'));
    await expect(this.codeCard(code, to)).toBeVisible();
  }

  /** The keyboard way: the card's "Move to theme…" menu. */
  async moveCodeWithKeyboard(code: string, from: string | null, to: string) {
    const button = this.codeCard(code, from).getByRole('button', { name: `Move ${code} to theme…` });
    await button.focus();
    await this.page.keyboard.press('Enter');
    const menu = this.page.getByRole('menu', { name: `Move ${code} to theme…` });
    await expect(menu).toBeVisible();
    const item = menu.getByRole('menuitem', { name: to, exact: true });
    for (let i = 0; i < 40 && !(await item.evaluate((el) => el === document.activeElement)); i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
    await expect(this.codeCard(code, to)).toBeVisible();
  }

  async define(theme: string, definition: string) {
    const field = this.theme(theme).getByLabel(`Definition of ${theme}`).first();
    await field.fill(definition);
    await field.blur();
    await expect(this.theme(theme).getByLabel(`Definition of ${theme}`).first()).toHaveValue(definition);
  }

  async setStatus(theme: string, status: 'candidate' | 'reviewed' | 'final' | 'discarded') {
    await this.theme(theme).getByLabel(`Status of ${theme}`).first().selectOption(status);
    await expect(this.theme(theme)).toHaveClass(new RegExp(`status-${status}`));
  }

  async review(theme: string) {
    await this.tab('Review');
    await this.page.getByRole('navigation', { name: 'Themes to review' }).getByRole('button', { name: new RegExp(`^${theme}`) }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: theme })).toBeVisible();
  }

  /** Marks the extract that reads `text` as an illustrative quote of the theme under review. */
  async pickQuote(text: string) {
    const extract = this.page.locator('li.extract', { has: this.page.locator('blockquote', { hasText: text }) }).first();
    await extract.getByRole('button', { name: /Illustrative quote/ }).click();
    await expect(extract.getByRole('button', { name: /Illustrative quote/ })).toHaveAttribute('aria-pressed', 'true');
  }

  async openReportDialog(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Export report…' }).first().click();
    const dialog = this.page.getByRole('dialog', { name: 'Export report' });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** Downloads the report in a format from the open dialog. */
  async downloadReport(dialog: Locator, format: 'Word (.docx)' | 'Markdown (.md)' | 'HTML (.html)'): Promise<Download> {
    await dialog.getByRole('radio', { name: format }).check();
    const [download] = await Promise.all([this.page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
    return download;
  }
}
