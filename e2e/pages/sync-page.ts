import { expect, type Locator, type Page } from '@playwright/test';
import { topMenu } from './workspace-page';

/** The team server through the UI: the Team server… dialog, the status line, the conflict list. */
export class SyncPage {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Team server' });
  }

  /** The status line's words (“Synced”, “Offline — 1 change waiting”, …). */
  get status(): Locator {
    return this.page.getByTestId('sync-status').locator('.sync-status-label');
  }

  async openFromWorkspace() {
    await topMenu(this.page, 'Project', 'Team server…');
    await expect(this.dialog).toBeVisible();
  }

  async openFromWelcome() {
    await this.page.getByRole('button', { name: 'Join a team project…' }).click();
    await expect(this.dialog).toBeVisible();
  }

  async fillSignIn(serverUrl: string, user: string, password: string) {
    await this.dialog.getByLabel('Server address').fill(serverUrl);
    await this.dialog.getByLabel('User name').fill(user);
    await this.dialog.getByLabel('Password').fill(password);
  }

  /** Publish this project, confirmed; waits until the status line says Synced. */
  async publish() {
    await this.dialog.getByRole('button', { name: 'Publish this project' }).click();
    const confirm = this.page.getByRole('alertdialog', { name: /^Publish “/ });
    await confirm.getByRole('button', { name: 'Publish' }).click();
    await expect(this.dialog).toBeHidden();
    await expect(this.status).toHaveText('Synced');
  }

  async addMember(user: string, role: 'Coder (codes and edits)' | 'Viewer (reads only)' = 'Coder (codes and edits)') {
    await this.dialog.getByLabel('Add a member (owners)').fill(user);
    await this.dialog.getByLabel('Role').selectOption({ label: role });
    await this.dialog.getByRole('button', { name: 'Add member' }).click();
    await expect(this.dialog.getByLabel('Add a member (owners)')).toHaveValue('');
  }

  async close() {
    await this.dialog.getByRole('button', { name: 'Close' }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** Lists the server's projects and joins one into a new file at `path`. */
  async join(projectName: string, path: string) {
    await this.dialog.getByRole('button', { name: 'List projects on the server' }).click();
    await this.dialog.getByRole('button', { name: `Join ${projectName}` }).click();
    const save = this.page.getByRole('dialog', { name: `Save “${projectName}” as` });
    await save.getByLabel('Path').fill(path);
    await save.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** ⟳ beside the status line (answering its confirmation when Undo has something to forget). */
  async syncNow() {
    await this.page.getByRole('button', { name: 'Sync now' }).click();
    const confirm = this.page.getByRole('alertdialog', { name: 'Sync now?' });
    await this.page.waitForTimeout(300);
    if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Sync now' }).click();
  }

  get conflicts(): Locator {
    return this.page.getByRole('dialog', { name: 'Conflicts to review' });
  }

  async openConflicts() {
    await this.page.getByRole('button', { name: /^Sync: .*conflicts? to review/ }).click();
    await expect(this.conflicts).toBeVisible();
  }
}
