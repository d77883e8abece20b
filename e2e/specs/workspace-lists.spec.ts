/**
 * What researchers expected (issue 14), part two: the document list renames documents (F2, the ⋯
 * menu) and adds them to sets (the ⋯ menu, also by Shift+F10), then shows one set; the
 * Participants dialog acts on several ticked speakers at once (create participants, link by name,
 * mark as interviewer), one undo step each; coding stripes name the coder when several coders'
 * codings are shown, an identical coding by two coders drawn once with both names. At 1440×900
 * and 1024×700.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '../fixtures/app';
import type { Page } from '@playwright/test';
import { SIZES } from '../pages/views';
import { WelcomePage } from '../pages/welcome-page';
import { CodingPage } from '../pages/coding-page';
import { ProjectSession, ensureCoder } from '../../electron/services/project-session';
import { insertDocument } from '../../electron/services/documents';
import { createCode } from '../../electron/services/codes';
import { createCoding } from '../../electron/services/codings';
import { createCase, linkSpeaker } from '../../electron/services/cases';
import { parse } from '../../tests/support/known-project';

test.setTimeout(120_000);

const ONE = ['Interviewer: How did the first week go?', 'Lea: I had a mentor who answered everything.', 'Sam: Nobody told me where things were.'].join('\n');
const TWO = ['Interviewer: And later?', 'Lea: It got easier.', 'Kim: I asked my mentor every day.'].join('\n');

async function openProject(app: { page: Page; workDir: string }): Promise<string> {
  const path = join(app.workDir, 'Ward study.weft');
  const session = ProjectSession.create(path, 'Ana');
  session.transaction(() => {
    const db = session.db;
    const ana = session.coderId();
    const ben = ensureCoder(db, 'Ben');
    const one = insertDocument(db, parse(ONE, ['Interviewer', 'Lea', 'Sam']), { name: 'Interview 1', sourceName: null, coderId: ana });
    insertDocument(db, parse(TWO, ['Interviewer', 'Lea', 'Kim']), { name: 'Interview 2', sourceName: null, coderId: ana });
    createCase(db, { name: 'Lea' });
    // a participant links speakers of its name at once: unlink them, for the dialog to link
    for (const id of db.prepare("SELECT id FROM speakers WHERE label = 'Lea'").pluck().all() as number[]) linkSpeaker(db, id, null);
    // Interview 2's interviewer is marked already; the rest is for the dialog
    const iv2 = db.prepare("SELECT s.id FROM speakers s JOIN documents d ON d.id = s.document_id WHERE d.name = 'Interview 2' AND s.label = 'Interviewer'").pluck().get() as number;
    linkSpeaker(db, iv2, null, true);
    const support = createCode(db, { name: 'Support' });
    const gaps = createCode(db, { name: 'Gaps' });
    const phrase = 'I had a mentor who answered everything.';
    const at = ONE.indexOf(phrase);
    createCoding(db, { documentId: one, codeId: support.id, start: at, end: at + phrase.length, coderId: ana });
    createCoding(db, { documentId: one, codeId: support.id, start: at, end: at + phrase.length, coderId: ben });
    const other = 'Nobody told me where things were.';
    createCoding(db, { documentId: one, codeId: gaps.id, start: ONE.indexOf(other), end: ONE.indexOf(other) + other.length, coderId: ben });
  });
  session.close();
  await (await new WelcomePage(app.page).openProject(path)).expectProject('Ward study');
  return path;
}

const docList = (page: Page) => page.getByRole('navigation', { name: 'Documents' });
const undoLabel = (page: Page) => page.getByRole('button', { name: 'Undo', exact: true }).getAttribute('title');

for (const viewport of SIZES) {
  test.describe(`${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('the document list renames documents and puts them in sets, by keyboard and menu; undoable', async ({ app }) => {
      const { page } = app;
      const path = await openProject(app);
      const list = docList(page);
      // F2 renames in place
      await list.getByRole('button', { name: /^Interview 1/ }).focus();
      await page.keyboard.press('F2');
      const field = list.getByRole('textbox', { name: 'New name for Interview 1' });
      await expect(field).toBeFocused();
      await field.fill('Lea and Sam, week 1');
      await page.keyboard.press('Enter');
      await expect(list.getByRole('button', { name: /^Lea and Sam, week 1/ })).toBeFocused();
      await expect(page.getByRole('heading', { level: 2, name: 'Lea and Sam, week 1' })).toBeVisible();
      expect(await undoLabel(page)).toContain('Rename document to Lea and Sam, week 1');

      // Shift+F10 opens the document's menu: a new set
      await page.keyboard.press('Shift+F10');
      const menu = page.getByRole('menu', { name: 'Actions for Lea and Sam, week 1' });
      await expect(menu).toBeVisible();
      await menu.getByRole('menuitem', { name: 'New set…' }).focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'New set' });
      await dialog.getByLabel('Set name').fill('First weeks');
      await page.keyboard.press('Enter');
      await expect(dialog).toBeHidden();
      // the menu of the other document (by mouse: right-click) adds it to that set
      await list.getByRole('button', { name: /^Interview 2/ }).click({ button: 'right' });
      await page.getByRole('menu', { name: 'Actions for Interview 2' }).getByRole('menuitem', { name: 'First weeks' }).click();
      await expect(list.getByLabel('Show documents of')).toContainText('set First weeks (2)');
      expect(await undoLabel(page)).toContain('Add 1 document to set First weeks');
      // a second set, through the ⋯ button, for Interview 2 only; then show that set
      await list.getByRole('button', { name: 'Actions for Interview 2' }).click();
      await page.getByRole('menu', { name: 'Actions for Interview 2' }).getByRole('menuitem', { name: 'New set…' }).click();
      await page.getByRole('dialog', { name: 'New set' }).getByLabel('Set name').fill('Later');
      await page.getByRole('dialog', { name: 'New set' }).getByRole('button', { name: 'Create set' }).click();
      await list.getByLabel('Show documents of').selectOption({ label: 'set Later (1)' });
      await expect(list.getByRole('button', { name: /^Interview 2/ })).toBeVisible();
      await expect(list.getByRole('button', { name: /^Lea and Sam/ })).toHaveCount(0);
      await list.getByLabel('Show documents of').selectOption({ label: 'all documents' });
      await expect(list.getByRole('button', { name: /^Lea and Sam/ })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no page-level horizontal scrolling').toBe(true);

      // undo takes back the last set, then the addition to the first
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await expect(list.getByLabel('Show documents of')).not.toContainText('Later');
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await expect(list.getByLabel('Show documents of')).toContainText('set First weeks (1)');
      const db = new Database(path, { readonly: true });
      try {
        expect(db.prepare('SELECT s.name, d.name AS doc FROM set_members m JOIN sets s ON s.id = m.set_id JOIN documents d ON d.id = m.document_id').all()).toEqual([{ name: 'First weeks', doc: 'Lea and Sam, week 1' }]);
      } finally {
        db.close();
      }
    });

    test('the Participants dialog acts on several ticked speakers at once, one undo step each', async ({ app }) => {
      const { page } = app;
      const path = await openProject(app);
      await page.getByRole('button', { name: 'Participants…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Speakers and participants' });
      await expect(dialog).toBeVisible();
      const participant = (speaker: string, doc: string) => dialog.getByLabel(`Participant for ${speaker} in ${doc}`);
      // 5 unlinked: Interviewer, Lea, Sam in 1; Lea, Kim in 2
      await dialog.getByRole('button', { name: 'Tick the unlinked (5)' }).click();
      await expect(dialog.getByText('5 speakers ticked')).toBeVisible();
      // the interviewer of Interview 1 is not a participant: untick it, mark it separately
      await dialog.getByRole('checkbox', { name: 'Tick Interviewer in Interview 1' }).uncheck();
      await dialog.getByRole('button', { name: 'Link by name' }).click();
      await expect(participant('Lea', 'Interview 1').locator('option:checked')).toHaveText('Lea');
      await expect(participant('Lea', 'Interview 2').locator('option:checked')).toHaveText('Lea');
      await expect(participant('Sam', 'Interview 1').locator('option:checked')).toHaveText('— not linked —');
      await expect(page.getByRole('status').filter({ hasText: '2 speakers linked to the participant of the same name.' })).toBeVisible();

      await dialog.getByRole('button', { name: 'Tick the unlinked (3)' }).click();
      await dialog.getByRole('checkbox', { name: 'Tick Interviewer in Interview 1' }).uncheck();
      await dialog.getByRole('button', { name: 'Create participants' }).click();
      await expect(participant('Sam', 'Interview 1').locator('option:checked')).toHaveText('Sam');
      await expect(participant('Kim', 'Interview 2').locator('option:checked')).toHaveText('Kim');

      await dialog.getByRole('checkbox', { name: 'Tick Interviewer in Interview 1' }).check();
      await dialog.getByRole('button', { name: 'Mark as interviewer' }).click();
      await expect(participant('Interviewer', 'Interview 1').locator('option:checked')).toHaveText('Interviewer (exclude from analysis)');
      await expect(dialog.getByRole('button', { name: 'Tick the unlinked (0)' })).toBeDisabled();
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect(dialog).toBeHidden();

      // each bulk action is one undo step: undo the last two, the links by name stay
      await expect.poll(() => undoLabel(page)).toContain('Mark as interviewer 1 speaker');
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await expect.poll(() => undoLabel(page)).toContain('Create participants for 2 speakers');
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await expect.poll(() => undoLabel(page)).toContain('Link by name 4 speakers');
      const db = new Database(path, { readonly: true });
      try {
        const rows = db.prepare('SELECT s.label, c.name AS participant, s.is_interviewer AS iv FROM speakers s LEFT JOIN cases c ON c.id = s.case_id ORDER BY s.id').all();
        expect(rows).toEqual([
          { label: 'Interviewer', participant: null, iv: 0 },
          { label: 'Lea', participant: 'Lea', iv: 0 },
          { label: 'Sam', participant: null, iv: 0 },
          { label: 'Interviewer', participant: null, iv: 1 },
          { label: 'Lea', participant: 'Lea', iv: 0 },
          { label: 'Kim', participant: null, iv: 0 },
        ]);
        expect(db.prepare('SELECT name FROM cases ORDER BY id').pluck().all()).toEqual(['Lea']);
      } finally {
        db.close();
      }
    });

    test('coding stripes name the coders; an identical coding by two coders is drawn once with both names', async ({ app }) => {
      const { page } = app;
      await openProject(app);
      const ws = new CodingPage(page);
      await ws.openDocument('Interview 1');
      await expect(ws.stripes('Support')).toHaveCount(1);
      await expect(ws.stripes('Support')).toHaveAttribute('aria-label', 'Coding stripe: Support (Ana, Ben)');
      await expect(ws.stripes('Support').locator('.stripe-label')).toHaveText('Support · Ana, Ben');
      await expect(ws.stripes('Gaps').locator('.stripe-label')).toHaveText('Gaps · Ben');
      const label = await ws.stripes('Support').locator('.stripe-label').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(label.scroll, 'the names are not cut off').toBeLessThanOrEqual(label.client + 1);
      await page.screenshot({ path: test.info().outputPath(`stripes-coders-${viewport.width}.png`) });
    });
  });
}
