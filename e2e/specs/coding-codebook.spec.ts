/**
 * The codebook and retrieval in Chromium against the real backend: merge codes, delete with a
 * confirmation that shows what will be lost (and undo it), nest and reorder by keyboard and by
 * drag, import a codebook CSV, retrieve extracts and jump to them, copy with attribution, memos.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/app';
import { CodingPage, newProjectAt, storedCodes, storedCodings } from '../pages/coding-page';
import { WelcomePage } from '../pages/welcome-page';

const TEST_FIXTURES = fileURLToPath(new URL('../../tests/fixtures/', import.meta.url));

async function sample(app: { page: import('@playwright/test').Page; dataDir: string }) {
  await new WelcomePage(app.page).openSample();
  const ws = new CodingPage(app.page);
  await ws.expectProject('Sample study — First year on the ward');
  return { ws, path: join(app.dataDir, 'Sample study.weft') };
}

test('merge two codes: codings move, duplicates collapse, the source goes; undo brings it back', async ({ app }) => {
  const { ws, path } = await sample(app);
  const page = app.page;
  // a duplicate: the same passage coded with both codes
  await ws.select('I felt like I knew nothing');
  await ws.applyCode('Growing confidence');
  await expect(ws.codeRow('Growing confidence').locator('.count')).toHaveText('5');
  await expect(ws.codeRow('Challenges').locator('.count')).toHaveText('7');

  await ws.codeRow('Feeling unprepared').getByRole('button', { name: 'Actions for Feeling unprepared' }).click();
  await page.getByRole('menuitem', { name: 'Merge into…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge Feeling unprepared' });
  await dialog.getByLabel('Merge into').selectOption({ label: 'Growing confidence' });
  await expect(dialog).toContainText('3 codings (with sub-codes) move to “Growing confidence”');
  await dialog.getByRole('button', { name: 'Merge' }).click();
  await expect(dialog).toBeHidden();

  await expect(ws.codeRow('Feeling unprepared')).toHaveCount(0);
  await expect(ws.codeRow('Growing confidence').locator('.count')).toHaveText('7'); // 4 + 3 moved, 1 collapsed
  await expect(ws.codeRow('Challenges').locator('.count')).toHaveText('4');
  const growing = storedCodings(path).filter((k) => k.code === 'Growing confidence').map((k) => k.covered);
  expect(growing.filter((t) => t === 'I felt like I knew nothing')).toHaveLength(1);
  expect(growing).toContain('feeling out of my depth');
  expect(await ws.highlightedText('Growing confidence')).toContain('I felt like I knew nothing');

  await ws.documentText.focus();
  await ws.undo();
  await expect(ws.codeRow('Feeling unprepared')).toBeVisible();
  await expect(ws.codeRow('Challenges').locator('.count')).toHaveText('7');
  expect(storedCodings(path).filter((k) => k.code === 'Feeling unprepared')).toHaveLength(3);
});

test('delete a code after a confirmation that says what will be lost; undo restores codes, codings and memos', async ({ app }) => {
  const { ws, path } = await sample(app);
  const page = app.page;
  const before = storedCodings(path);
  await ws.codeRow('Challenges').getByRole('button', { name: 'Challenges', exact: true }).focus();
  await page.keyboard.press('Delete');
  const dialog = page.getByRole('dialog', { name: 'Delete code Challenges' });
  await expect(dialog.getByTestId('delete-impact')).toContainText('7 codings in 3 documents');
  await expect(dialog.getByTestId('delete-impact')).toContainText('2 sub-codes');
  await dialog.getByRole('button', { name: 'Delete code' }).click();
  await expect(dialog).toBeHidden();
  await expect(ws.codeRow('Challenges')).toHaveCount(0);
  await expect(ws.codeRow('Workload and time pressure')).toHaveCount(0);
  expect(storedCodings(path)).toHaveLength(before.length - 7);

  await ws.documentText.focus();
  await ws.undo();
  await expect(ws.codeRow('Workload and time pressure')).toBeVisible();
  expect(storedCodings(path)).toEqual(before); // same ids, same ranges
  await ws.redo();
  await expect(ws.codeRow('Challenges')).toHaveCount(0);
});

test('nest and reorder codes with the keyboard and by dragging; edit a code’s definition and criteria', async ({ app }) => {
  const path = join(app.workDir, 'book.weft');
  await newProjectAt(app.page, path);
  const ws = new CodingPage(app.page);
  const page = app.page;
  for (const n of ['Relationship', 'Trust', 'Rapport', 'Homework']) await ws.createCode(n);
  const name = (n: string) => ws.codeRow(n).getByRole('button', { name: n, exact: true });

  await name('Trust').focus();
  await page.keyboard.press('Tab'); // indent under Relationship
  await expect(ws.codeRow('Trust')).toHaveAttribute('aria-level', '2');
  await expect(name('Trust')).toBeFocused();
  await name('Rapport').focus();
  await page.keyboard.press('Tab'); // under Relationship, after Trust
  await expect(ws.codeRow('Rapport')).toHaveAttribute('aria-level', '2');
  await expect(name('Rapport')).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp'); // before Trust
  const order = () => ws.codesPanel.locator('li[data-code]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-code')}@${e.getAttribute('aria-level')}`));
  await expect.poll(order).toEqual(['Relationship@1', 'Rapport@2', 'Trust@2', 'Homework@1']);
  await expect(name('Rapport')).toBeFocused();
  await page.keyboard.press('Shift+Tab'); // back to the top level, after Relationship
  await expect(ws.codeRow('Rapport')).toHaveAttribute('aria-level', '1');
  expect(storedCodes(path)).toEqual([
    { name: 'Relationship', parent: null },
    { name: 'Trust', parent: 'Relationship' },
    { name: 'Rapport', parent: null },
    { name: 'Homework', parent: null },
  ]);

  // drag Homework onto the middle of Rapport: it becomes its sub-code
  await ws.codeRow('Homework').dragTo(ws.codeRow('Rapport'));
  await expect(ws.codeRow('Homework')).toHaveAttribute('aria-level', '2');
  expect(storedCodes(path).find((c) => c.name === 'Homework')!.parent).toBe('Rapport');

  // F2 opens the edit form: definition, inclusion and exclusion criteria, example, colour
  await name('Trust').focus();
  await page.keyboard.press('F2');
  const form = page.getByRole('dialog', { name: 'Edit code Trust' });
  await form.getByLabel('Definition').fill('Confidence that the other will act in one’s interest.');
  await form.getByLabel('Inclusion criteria').fill('Talk of relying on the coach.');
  await form.getByLabel('Exclusion criteria').fill('Trust in the organisation.');
  await form.getByLabel('Typical example').fill('“I knew she had my back.”');
  await form.getByLabel('Memo on this code').fill('Overlaps with Rapport?');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await expect(name('Trust')).toHaveAttribute('title', /Confidence that the other will act/);
  await ws.openSidePanel('Memos');
  await expect(page.getByRole('complementary', { name: 'Memos' }).getByRole('listitem', { name: 'Memo on Relationship/Trust' })).toContainText('Overlaps with Rapport?');
});

test('import a two-level codebook CSV as a code tree', async ({ app }) => {
  const path = join(app.workDir, 'taxonomy.weft');
  await newProjectAt(app.page, path);
  const ws = new CodingPage(app.page);
  await ws.codesPanel.getByTestId('codebook-input').setInputFiles(join(TEST_FIXTURES, 'coaching-topics.csv'));
  await expect(app.page.getByText('48 codes created, 0 already there.')).toBeVisible();
  await expect(ws.codesPanel.locator('li[aria-level="1"]')).toHaveCount(8);
  await expect(ws.codesPanel.locator('li[aria-level="2"]')).toHaveCount(40);
  await expect(ws.codeRow('Delegating')).toHaveAttribute('aria-level', '2');
  const codes = storedCodes(path);
  expect(codes.filter((c) => c.parent === null)).toHaveLength(8);
  expect(codes.find((c) => c.name === 'Saying no')!.parent).toBe('D. Time & energy');
  // one undo removes the whole import
  await app.page.getByRole('toolbar', { name: 'Coding tools' }).getByRole('button', { name: 'Undo' }).click();
  await expect(ws.codesPanel.locator('li[data-code]')).toHaveCount(0);
});

test('retrieve the extracts of a code, filter them, copy with attribution, and jump to the exact place', async ({ app }) => {
  const { ws } = await sample(app);
  const page = app.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await ws.openSidePanel('Extracts');
  const panel = page.getByRole('complementary', { name: 'Retrieval' });
  await panel.getByLabel('Codes', { exact: true }).selectOption({ label: 'Support (5)' });
  await expect(panel.getByTestId('extract-count')).toHaveText('5 extracts');
  const list = panel.getByRole('list', { name: 'Extracts' }).getByRole('listitem');
  await expect(list.first()).toContainText('Support/A safe person to ask');
  await expect(list.first()).toContainText('Interview 1 — Amira · Amira (new nurse)');
  await expect(list.first().locator('.extract-quote')).toHaveText('She never made me feel stupid for asking');
  await expect(list.first()).toContainText('My preceptor, Ruth.'); // context

  // filters: document, participant attribute
  await panel.getByLabel('Document').selectOption({ label: 'Interview 3 — Ruth' });
  await expect(panel.getByTestId('extract-count')).toHaveText('2 extracts');
  await panel.getByLabel('Document').selectOption({ label: 'All documents' });
  await panel.getByLabel('Participant attribute').selectOption('role');
  await panel.getByLabel('role is').selectOption('new nurse');
  await expect(panel.getByTestId('extract-count')).toHaveText('3 extracts');
  await expect(list.locator('.extract-source')).toContainText([/Amira \(new nurse\)/, /Amira \(new nurse\)/, /Jonas \(new nurse\)/]);

  // copy one extract with its attribution
  await list.nth(2).getByRole('button', { name: 'Copy extract' }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(
    '"I learned more from watching them than from any study day" — Jonas (new nurse)',
  );

  // click an extract in another document: it opens, scrolls and flashes exactly that passage
  await list.nth(2).locator('.extract-text').click();
  await expect(page.getByRole('heading', { level: 2, name: 'Interview 2 — Jonas' })).toBeVisible();
  await expect.poll(() => ws.cssHighlightText('weft-jump')).toBe('I learned more from watching them than from any study day');
  await expect(ws.documentText.locator('.jump-flash')).toHaveCount(1);
  await expect(ws.documentText.locator('.hl', { hasText: 'I learned more from watching them' })).toBeInViewport();
});

test('memos on a coding and in the project journal are saved and found by search', async ({ app }) => {
  const { ws, path } = await sample(app);
  const page = app.page;
  await ws.openDocument('Interview 2 — Jonas');
  await ws.clickPhrase("I wasn't in them");
  await ws.popover.getByRole('button', { name: 'Add memo' }).click();
  await ws.popover.getByLabel('Memo on this Belonging coding').fill('Humour marks the boundary of the night-shift group.');
  await ws.popover.getByRole('button', { name: 'Save memo' }).click();
  await expect(ws.popover.getByTestId('coding-memo')).toContainText('Humour marks the boundary');
  await page.keyboard.press('Escape');
  await expect(ws.stripes('Belonging').first()).toHaveAttribute('aria-label', /has a memo/);

  await ws.openSidePanel('Memos');
  const memos = page.getByRole('complementary', { name: 'Memos' });
  await memos.getByRole('button', { name: 'New journal entry' }).click();
  await memos.getByLabel('Memo title').fill('Week 3');
  await memos.getByLabel('Memo text').fill('My own night shifts colour how I hear the humour.');
  await memos.getByRole('button', { name: 'Save memo' }).click();
  await expect(memos.getByRole('listitem', { name: 'Memo on Project journal' }).filter({ hasText: 'Week 3' })).toBeVisible();

  await memos.getByLabel('Search memos').fill('humour');
  await expect(memos.getByTestId('memo-count')).toHaveText('2 memos match “humour”');
  await expect(memos.getByRole('list', { name: 'Memo search results' }).getByRole('listitem')).toHaveCount(2);
  await memos.getByLabel('Search memos').fill('night-shift group');
  await expect(memos.getByTestId('memo-count')).toHaveText('1 memo matches “night-shift group”');
  // the hit names its target; clicking it jumps to the coding
  const hit = memos.getByRole('listitem', { name: /Memo on Belonging in Interview 2 — Jonas/ });
  await hit.getByRole('button', { name: /Belonging in Interview 2/ }).click();
  await expect.poll(() => ws.cssHighlightText('weft-jump')).toBe("The night staff had their own jokes and I wasn't in them");

  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT title, body, coding_id IS NOT NULL AS on_coding FROM memos ORDER BY id').all();
  db.close();
  expect(rows).toEqual(
    expect.arrayContaining([
      { title: '', body: 'Humour marks the boundary of the night-shift group.', on_coding: 1 },
      { title: 'Week 3', body: 'My own night shifts colour how I hear the humour.', on_coding: 0 },
    ]),
  );
});

test('split a code by moving selected extracts to a new sub-code; undo moves them back', async ({ app }) => {
  const { ws, path } = await sample(app);
  const page = app.page;
  await ws.openSidePanel('Extracts');
  const panel = page.getByRole('complementary', { name: 'Retrieval' });
  await panel.getByLabel('Codes', { exact: true }).selectOption({ label: '\u2003A safe person to ask (4)' });
  await expect(panel.getByTestId('extract-count')).toHaveText('4 extracts');
  const extract = (start: string) => panel.getByRole('listitem', { name: `Extract: ${start}` });
  await extract('I try to be the safe person to ask').getByRole('checkbox', { name: 'Select extract' }).check();
  await extract('there are no stupid questions on my ward').getByRole('checkbox', { name: 'Select extract' }).check();
  await panel.getByRole('button', { name: 'Move to code…' }).click();
  const form = panel.getByRole('form', { name: 'Move extracts' });
  await form.getByLabel('New code name').fill('Being the safe person');
  await form.getByLabel('Parent of the new code').selectOption({ label: 'under Support' });
  await form.getByRole('button', { name: 'Move' }).click();
  await expect(ws.codeRow('Being the safe person')).toHaveAttribute('aria-level', '2');
  await expect(ws.codeRow('Being the safe person').locator('.count')).toHaveText('2');
  await expect(ws.codeRow('A safe person to ask').locator('.count')).toHaveText('2');
  await expect(panel.getByTestId('extract-count')).toHaveText('2 extracts');
  expect(storedCodings(path).filter((k) => k.code === 'Being the safe person').map((k) => k.covered)).toEqual([
    'I try to be the safe person to ask',
    'there are no stupid questions on my ward',
  ]);
  await page.getByRole('toolbar', { name: 'Coding tools' }).getByRole('button', { name: 'Undo' }).click();
  await expect(ws.codeRow('Being the safe person')).toHaveCount(0);
  await expect(ws.codeRow('A safe person to ask').locator('.count')).toHaveText('4');
});

test('the extracts of a code with more than one page: the first page shows, more load on “Show more” and on scrolling', async ({ app }) => {
  await sample(app);
  const page = app.page;
  // 120 codings of one new code, made over the API as another door would
  const made = await page.evaluate(async () => {
    const call = async (method: string, input: unknown) => {
      const r = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Weft-Token': sessionStorage.getItem('weft.token') ?? '' },
        body: JSON.stringify(input),
      });
      const body = (await r.json()) as { ok: boolean; value: never; error?: { message: string } };
      if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
      return body.value as { id: number };
    };
    const docs = (await call('documents.list', {})) as unknown as { id: number }[];
    const code = await call('codes.create', { name: 'Many' });
    let n = 0;
    for (const d of docs.slice(0, 2)) for (let i = 0; i < 60; i++, n++) await call('codings.create', { documentId: d.id, codeId: code.id, start: 10 + i * 4, end: 12 + i * 4 });
    return n;
  });
  expect(made).toBe(120);
  await page.reload();
  const ws = new CodingPage(page);
  await ws.expectProject('Sample study — First year on the ward');
  await ws.openSidePanel('Extracts');
  const panel = page.getByRole('complementary', { name: 'Retrieval' });
  await panel.getByLabel('Codes', { exact: true }).selectOption({ label: 'Many (120)' });
  const list = panel.getByRole('list', { name: 'Extracts' }).getByRole('listitem');
  await expect(panel.getByTestId('extract-count')).toHaveText('120 extracts (50 shown)');
  await expect(list).toHaveCount(50);
  // clicked where it is, without scrolling it into view first: reaching the end of the list loads
  // more on its own (tested below), and Playwright's scroll before a click would set that off too
  await panel.getByRole('button', { name: 'Show more extracts' }).dispatchEvent('click');
  await expect(list).toHaveCount(100);
  await expect(panel.getByTestId('extract-count')).toHaveText('120 extracts (100 shown)');
  // scrolling to the end of the list loads the rest
  await panel.getByRole('button', { name: 'Show more extracts' }).scrollIntoViewIfNeeded();
  await expect(list).toHaveCount(120);
  await expect(panel.getByTestId('extract-count')).toHaveText('120 extracts');
  await expect(panel.getByRole('button', { name: 'Show more extracts' })).toHaveCount(0);
  // in the order of the full list, each once
  const ids = await list.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.codingId)));
  expect(new Set(ids).size).toBe(120);
});
