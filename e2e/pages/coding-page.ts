/** The coding workspace as a researcher uses it: palette, recent codes, stripes, popover, codebook, retrieval, memos. */
import Database from 'better-sqlite3';
import { expect, type Locator, type Page } from '@playwright/test';
import { phraseBox } from './text-selection';
import { WelcomePage } from './welcome-page';
import { WorkspacePage } from './workspace-page';

export const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

export interface StoredCoding {
  id: number;
  code: string;
  start: number;
  end: number;
  covered: string;
}

export class CodingPage extends WorkspacePage {
  constructor(page: Page) {
    super(page);
  }

  get codesPanel(): Locator {
    return this.page.getByRole('complementary', { name: 'Codes' });
  }

  codeRow(name: string): Locator {
    return this.codesPanel.locator(`li[data-code="${name}"]`);
  }

  get palette(): Locator {
    return this.page.getByRole('dialog', { name: 'Quick code' });
  }

  get popover(): Locator {
    return this.page.getByRole('dialog', { name: 'Coding details' });
  }

  get recentCodes(): Locator {
    return this.page.getByRole('group', { name: 'Recent codes' });
  }

  /** Coding stripes in the margin for a code (one per paragraph the coding spans). */
  stripes(code: string): Locator {
    return this.documentText.getByRole('button', { name: new RegExp(`^Coding stripe: ${code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) });
  }

  /** Opens the quick-code palette with the keyboard, types, and presses Enter. */
  async codeWithPalette(query: string) {
    await this.page.keyboard.press(`${MOD}+k`);
    await expect(this.palette).toBeVisible();
    await this.palette.getByRole('combobox', { name: 'Code name' }).fill(query);
    await this.page.keyboard.press('Enter');
    await expect(this.palette).toBeHidden();
  }

  async undo() {
    await this.page.keyboard.press(`${MOD}+z`);
  }

  async redo() {
    await this.page.keyboard.press(`${MOD}+Shift+z`);
  }

  /** Clicks in the middle of a phrase's first character (a click on a highlight opens its popover). */
  async clickPhrase(phrase: string) {
    const box = await phraseBox(this.page, phrase);
    await this.page.mouse.click(box.startX + 2, box.startY);
  }

  /** The text a named CSS Custom Highlight (weft-jump, weft-selection) covers. */
  async cssHighlightText(name: string): Promise<string> {
    return this.page.evaluate((n) => {
      const reg = (CSS as unknown as { highlights: Map<string, Iterable<Range>> }).highlights;
      const h = reg.get(n);
      return h ? [...h].map((r) => r.toString()).join('') : '';
    }, name);
  }

  async openSidePanel(name: 'Extracts' | 'Memos') {
    const toggle = this.page.getByRole('toolbar', { name: 'Coding tools' }).getByRole('button', { name });
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
  }
}

/**
 * Creates a project from the welcome screen. Waits for the dialog's suggested path before typing:
 * the shared FileDialog (save mode) replaces the field with its suggestion when the folder
 * listing arrives, which can overwrite a path typed earlier.
 */
export async function newProjectAt(page: Page, path: string): Promise<CodingPage> {
  await page.getByRole('button', { name: 'New project…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  const field = dialog.getByLabel('Path');
  await expect(field).toHaveValue(/\.weft$/);
  await field.fill(path);
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await expect(dialog).toBeHidden();
  return new CodingPage(page);
}

/** Opens an existing project file from the welcome screen's “Open project…” dialog. */
export async function openProjectFile(page: Page, path: string): Promise<CodingPage> {
  await new WelcomePage(page).openProject(path);
  return new CodingPage(page);
}

/** Codings stored in the project file, with the exact text they cover. */
export function storedCodings(projectPath: string): StoredCoding[] {
  const db = new Database(projectPath, { readonly: true });
  try {
    const texts = new Map((db.prepare('SELECT id, text FROM documents').all() as { id: number; text: string }[]).map((d) => [d.id, d.text]));
    const rows = db
      .prepare(
        `SELECT k.id, c.name AS code, k.document_id, k.start, k.end FROM codings k JOIN codes c ON c.id = k.code_id
          ORDER BY k.start, k.id`,
      )
      .all() as { id: number; code: string; document_id: number; start: number; end: number }[];
    return rows.map((r) => ({ id: r.id, code: r.code, start: r.start, end: r.end, covered: texts.get(r.document_id)!.slice(r.start, r.end) }));
  } finally {
    db.close();
  }
}

export function storedCodes(projectPath: string): { name: string; parent: string | null }[] {
  const db = new Database(projectPath, { readonly: true });
  try {
    return db
      .prepare('SELECT c.name, p.name AS parent FROM codes c LEFT JOIN codes p ON p.id = c.parent_id ORDER BY c.id')
      .all() as { name: string; parent: string | null }[];
  } finally {
    db.close();
  }
}
