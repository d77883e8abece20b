/** The Analysis view: its sections, the matrix, search and auto-code, and downloads. */
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';

export class AnalysisPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Analysis' }).click();
    await expect(this.page.getByRole('tablist', { name: 'Analysis sections' })).toBeVisible();
  }

  async section(name: 'Cases & attributes' | 'Matrix' | 'Ranking' | 'Co-occurrence' | 'Search') {
    const tab = this.page.getByRole('tablist', { name: 'Analysis sections' }).getByRole('tab', { name, exact: true });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  get matrix(): Locator {
    return this.page.getByRole('table', { name: 'Matrix' });
  }

  get extracts(): Locator {
    return this.page.getByRole('region', { name: 'Extracts' });
  }

  async buildMatrix(attribute: string, count: 'Codings' | 'Documents' | 'Cases' = 'Codings') {
    await this.section('Matrix');
    await this.page.getByRole('combobox', { name: 'Attribute', exact: true }).selectOption({ label: attribute });
    await this.page.getByRole('combobox', { name: 'Count', exact: true }).selectOption({ label: count });
    await this.page.getByRole('button', { name: 'Build matrix' }).click();
    await expect(this.matrix).toBeVisible();
  }

  cell(row: string, value: string): Locator {
    return this.matrix.getByRole('button', { name: new RegExp(`^${row} × ${value}: \\d+`) });
  }

  /** Clicks a button that downloads a file; returns the file's name and text. */
  async download(button: Locator): Promise<{ name: string; text: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    const path = await download.path();
    const bytes = readFileSync(path);
    return { name: download.suggestedFilename(), text: bytes.toString('utf8'), bytes };
  }

  async search(query: string) {
    await this.section('Search');
    await this.page.getByRole('searchbox', { name: 'Search text' }).fill(query);
    await this.page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = this.page.getByRole('region', { name: 'Search results' });
    await expect(results).toBeVisible();
    return results;
  }

  async autoCode(code: string, scope: 'The hit' | 'Its sentence' | 'Its paragraph' | 'Its speaker turn') {
    const form = this.page.getByRole('form', { name: 'Auto-code' });
    await form.getByRole('combobox', { name: 'Code for hits' }).selectOption({ label: code });
    await form.getByRole('combobox', { name: 'Scope' }).selectOption({ label: scope });
    await form.getByRole('button', { name: 'Code all hits' }).click();
    return form.getByRole('status');
  }
}
