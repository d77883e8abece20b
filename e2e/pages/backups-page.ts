import { expect, type Locator, type Page } from '@playwright/test';
import { topMenu } from './workspace-page';

/** The “Restore a backup…” dialog. */
export class BackupsPage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Restore a backup' });
  }

  async open() {
    await topMenu(this.page, 'Project', 'Restore a backup…');
    await expect(this.dialog).toBeVisible();
    await expect(this.dialog.getByText('Loading the backups…')).toBeHidden();
  }

  /** The row of a backup, by the text it shows (its reason, or what it holds). */
  row(text: string | RegExp): Locator {
    return this.dialog.locator('.backup-row').filter({ hasText: text });
  }
}
