import { expect, type Locator, type Page } from '@playwright/test';
import { acceptImportPreview, topMenu } from './workspace-page';

/** Importing through the UI: the folder dialog, progress, report, speakers and participants. */
export class ImportPage {
  constructor(readonly page: Page) {}

  get report(): Locator {
    return this.page.getByRole('dialog', { name: 'Import report' });
  }

  /** Imports a whole folder through the in-app folder dialog and waits for the report. */
  async importFolder(folder: string): Promise<Locator> {
    await topMenu(this.page, 'Import', 'Import from folder…');
    const dialog = this.page.getByRole('dialog', { name: 'Import transcripts' });
    await dialog.getByLabel('Path').fill(folder);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await acceptImportPreview(this.page);
    await expect(this.report).toBeVisible({ timeout: 30_000 });
    return this.report;
  }

  async openParticipants(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Participants…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Speakers and participants' });
    await expect(dialog).toBeVisible();
    return dialog;
  }
}
