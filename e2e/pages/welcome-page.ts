import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { buildKnownProject } from '../../tests/support/known-project';
import { WorkspacePage } from './workspace-page';

export class WelcomePage {
  constructor(readonly page: Page) {}

  async expectVisible() {
    await expect(this.page.getByRole('heading', { name: 'Weft', level: 1 })).toBeVisible();
  }

  async newProject(path: string): Promise<WorkspacePage> {
    await this.page.getByRole('button', { name: 'New project…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Path').fill(path);
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await expect(dialog).toBeHidden();
    return new WorkspacePage(this.page);
  }

  /** Opens a project by typing its path in the Open project dialog. */
  async openProject(path: string): Promise<WorkspacePage> {
    await this.page.getByRole('button', { name: 'Open project…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Open project' });
    await dialog.getByLabel('Path').fill(path);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(dialog).toBeHidden();
    return new WorkspacePage(this.page);
  }

  async openRecent(name: string): Promise<WorkspacePage> {
    await this.page.getByRole('region', { name: 'Recent projects' }).getByRole('button', { name: new RegExp(name) }).click();
    return new WorkspacePage(this.page);
  }

  async openSample(): Promise<WorkspacePage> {
    await this.page.getByRole('button', { name: 'Open the sample project' }).click();
    return new WorkspacePage(this.page);
  }
}

/** Writes the known project (tests/support/known-project.ts) as “Known study.weft” in the work folder and opens it from the welcome screen. */
export async function openKnownProject(app: { page: Page; workDir: string }): Promise<WorkspacePage> {
  const path = join(app.workDir, 'Known study.weft');
  buildKnownProject(path, 'E2E coder').close();
  const ws = await new WelcomePage(app.page).openProject(path);
  await ws.expectProject('Known study');
  return ws;
}
