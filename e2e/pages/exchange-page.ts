/** The "Import & export" view and the "Import REFI-QDA project" dialog. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { WorkspacePage } from './workspace-page';

export class ExchangePage {
  constructor(readonly page: Page) {}

  static async open(page: Page): Promise<ExchangePage> {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Import & export' }).click();
    await expect(page.getByRole('heading', { name: 'Export', level: 2 })).toBeVisible();
    return new ExchangePage(page);
  }

  /** Clicks a download button and saves the file under `dir`; returns its path, name and bytes. */
  async download(button: string, dir: string): Promise<{ path: string; name: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('button', { name: button, exact: true }).click()]);
    const name = download.suggestedFilename();
    const path = join(dir, name);
    await download.saveAs(path);
    return { path, name, bytes: readFileSync(path) };
  }

  async downloadCodebook(format: string, dir: string) {
    await this.page.getByLabel('Codebook format').selectOption(format);
    return this.download('Download codebook', dir);
  }

  async downloadProject(dir: string) {
    return this.download('Download project (.qdpx)', dir);
  }

  /** Opens “Save codebook to a file…” in `format`, types `path` and presses Save; returns the save dialog. */
  async saveCodebookTo(format: string, path: string): Promise<Locator> {
    await this.page.getByLabel('Codebook format').selectOption(format);
    await this.page.getByRole('button', { name: 'Save codebook to a file…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Save codebook' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Path').fill(path);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    return dialog;
  }

  /** The “already exists. Replace it?” question of the save dialog. */
  replaceQuestion(fileName: string): Locator {
    return this.page.getByRole('alertdialog', { name: `“${fileName}” already exists. Replace it?` });
  }

  get lastExport(): Locator {
    return this.page.getByRole('status', { name: 'Last export' });
  }
}

export class ImportProjectDialog {
  readonly dialog: Locator;
  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Import REFI-QDA project' });
  }

  /** From the Welcome screen or the Import & export view. */
  static async open(page: Page): Promise<ImportProjectDialog> {
    await page.getByRole('button', { name: 'Import REFI-QDA project (.qdpx)…' }).click();
    const d = new ImportProjectDialog(page);
    await expect(d.dialog).toBeVisible();
    return d;
  }

  /** Uploads the file and waits for the preview. */
  async choose(file: string): Promise<Locator> {
    await this.dialog.getByTestId('qdpx-input').setInputFiles(file);
    const preview = this.dialog.getByRole('region', { name: 'Preview' });
    await expect(preview).toBeVisible();
    return preview;
  }

  /** The "New" count of one row of the preview table. */
  count(item: string): Locator {
    return this.dialog.getByRole('table', { name: 'What will be created' }).getByRole('row', { name: new RegExp(`^${item}\\b`) }).getByRole('cell').first();
  }

  async create(target: string): Promise<WorkspacePage> {
    await this.dialog.getByLabel('New project file').fill(target);
    await this.dialog.getByRole('button', { name: 'Create project' }).click();
    await expect(this.dialog).toBeHidden();
    return new WorkspacePage(this.page);
  }
}

/** Every highlighted run of the open document as "codes: text", in reading order. */
export async function highlights(ws: WorkspacePage): Promise<string[]> {
  await expect(ws.documentText.locator('.hl').first()).toBeVisible();
  return ws.documentText.evaluate((root) => [...root.querySelectorAll<HTMLElement>('.hl')].map((el) => `${el.dataset.codes ?? ''}: ${el.textContent}`));
}
