import { expect, type Locator, type Page } from '@playwright/test';

/** Team coding through the UI: who is coding, the Team view's sections, agreement and consensus. */
export class TeamPage {
  constructor(readonly page: Page) {}

  /** The coder chip in the top bar and its panel. */
  get coderPanel(): Locator {
    return this.page.getByRole('dialog', { name: 'Coder', exact: true });
  }

  /** Answers the first-run "Who is coding?" prompt in the top bar. */
  async confirmCoder(name: string) {
    await this.page.getByRole('button', { name: 'Who is coding?', exact: true }).click();
    await this.coderPanel.getByRole('textbox', { name: 'Who is coding' }).fill(name);
    await this.coderPanel.getByRole('button', { name: 'That’s me' }).click();
    await expect(this.page.getByRole('button', { name: `Coding as ${name} (change)` })).toBeVisible();
    await expect(this.coderPanel).toBeHidden();
  }

  /** Switches who is coding from the top bar. */
  async switchCoder(name: string) {
    await this.page.getByRole('button', { name: /^Coding as .* \(change\)$/ }).click();
    await this.coderPanel.getByRole('textbox', { name: 'Who is coding' }).fill(name);
    await this.coderPanel.getByRole('button', { name: 'Switch', exact: true }).click();
    await expect(this.page.getByRole('button', { name: `Coding as ${name} (change)` })).toBeVisible();
    await expect(this.coderPanel).toBeHidden();
  }

  /** Whose codings the document shows (in the top bar's coder panel), by the option's label. */
  async showCodingsOf(label: string) {
    await this.page.getByRole('button', { name: /^Coding as .* \(change\)$/ }).click();
    await this.coderPanel.getByRole('combobox', { name: 'Show codings of' }).selectOption({ label });
    await this.page.keyboard.press('Escape');
    await expect(this.coderPanel).toBeHidden();
  }

  async open(section: 'Coders' | 'Side by side' | 'Merge' | 'Agreement' | 'Consensus' | 'Reliability calculator') {
    await this.page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Team' }).click();
    await this.page.getByRole('navigation', { name: 'Team sections' }).getByRole('button', { name: section, exact: true }).click();
  }

  get agreementReport(): Locator {
    return this.page.getByRole('region', { name: 'Agreement report', exact: true });
  }

  async compare(coderA: string, coderB: string) {
    const form = this.page.getByRole('region', { name: 'Agreement', exact: true });
    await this.page.getByLabel('Coder A').selectOption({ label: coderA });
    await this.page.getByLabel('Coder B').selectOption({ label: coderB });
    await form.getByRole('button', { name: 'Compare', exact: true }).click();
    await expect(this.agreementReport).toBeVisible();
  }

  get walk(): Locator {
    return this.page.getByRole('region', { name: 'Disagreement', exact: true });
  }

  async startConsensus(coderA: string, coderB: string) {
    await this.page.getByLabel('Coder A').selectOption({ label: coderA });
    await this.page.getByLabel('Coder B').selectOption({ label: coderB });
    await this.page.getByRole('button', { name: 'Start consensus' }).click();
    await expect(this.walk).toBeVisible();
  }
}
