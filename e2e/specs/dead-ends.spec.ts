/**
 * Dead ends and surprises (issue 14), in Chromium against the real backend and the real project
 * file: the palette creates a missing parent, a folder is not a project path, double clicks act
 * once, no coder is named after the OS account, per-project state does not leak between projects,
 * a new project opens in Coding, and merging needs a chosen target.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '../fixtures/app';
import { CodingPage, MOD, storedCodes, storedCodings } from '../pages/coding-page';
import { WelcomePage } from '../pages/welcome-page';
import { ThemesPage } from '../pages/themes-page';
import { TeamPage } from '../pages/team-page';
import { userInfo } from 'node:os';
import { ExchangePage } from '../pages/exchange-page';
import { SIZES } from '../pages/views';
import { acceptImportPreview, topMenu } from '../pages/workspace-page';
import { DOUBLE_ACTION_MS } from '../../shared/api/single-flight';

/** Rows of one column of a table in the project file. */
function stored(path: string, sql: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).pluck().all();
  } finally {
    db.close();
  }
}

async function sample(app: { page: import('@playwright/test').Page; dataDir: string }) {
  await new WelcomePage(app.page).openSample();
  const ws = new CodingPage(app.page);
  await ws.expectProject('Sample study — First year on the ward');
  return { ws, path: join(app.dataDir, 'Sample study.weft') };
}

for (const viewport of SIZES) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('the first answer naming a coder who exists hands “me”’s codings to them (identical ones merge) in one step that Undo takes back', async ({ app }) => {
      const { ws, path } = await sample(app);
      const page = app.page;
      await ws.select('I felt like I knew nothing');
      await ws.applyCode('Growing confidence');
      await expect(ws.codeRow('Growing confidence').locator('.count')).toHaveText('5'); // stored
      const all = Number(stored(path, 'SELECT count(*) FROM codings')[0]);
      // Ben's copy was merged in before: he coded one passage exactly as “me” did
      const db = new Database(path);
      db.prepare("INSERT INTO coders (guid, name, created_at) VALUES ('6b0b0b0b-0000-4000-8000-000000000001', 'Ben', '2026-01-01T00:00:00Z')").run();
      db.prepare(
        `INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at)
         SELECT '6b0b0b0b-0000-4000-8000-000000000002', document_id, code_id, (SELECT id FROM coders WHERE name = 'Ben'), start, end, created_at, updated_at
           FROM codings ORDER BY id LIMIT 1`,
      ).run();
      db.close();
      const byCoder = () => stored(path, 'SELECT c.name || \':\' || count(k.id) FROM coders c LEFT JOIN codings k ON k.coder_id = c.id GROUP BY c.id ORDER BY c.name');
      expect(byCoder()).toEqual(['Ben:1', `me:${all}`]);
      await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled(); // the window noticed: its history cleared

      await new TeamPage(page).confirmCoder('Ben');
      // “me” is gone; its codings are Ben's, the identical one merged into his
      await expect.poll(byCoder).toEqual([`Ben:${all}`]);
      await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveAttribute('title', /Undo “Code as Ben”/);
      await expect(ws.codeRow('Growing confidence').locator('.count')).toHaveText('5');

      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await expect.poll(byCoder).toEqual(['Ben:1', `me:${all}`]);
      await expect(page.getByRole('button', { name: 'Redo', exact: true })).toHaveAttribute('title', /Redo “Code as Ben”/);
      await ws.redo();
      await expect.poll(byCoder).toEqual([`Ben:${all}`]);
      // still coding as Ben: new work is his
      await ws.select('University teaches you the theory');
      await ws.applyCode('Growing confidence');
      await expect.poll(byCoder).toEqual([`Ben:${all + 1}`]);
    });

    test('the palette creates a missing parent and its child in one undo step, and says when a path is incomplete', async ({ app }) => {
      const { ws, path } = await sample(app);
      const page = app.page;
      await ws.select('I felt like I knew nothing');
      await page.keyboard.press(`${MOD}+k`);
      const input = ws.palette.getByRole('combobox', { name: 'Code name' });
      // an empty part is explained; codes exist, so never “No codes yet”
      await input.fill('Wellbeing//');
      await expect(ws.palette).toContainText('A code path needs a name on each side of every “/”');
      await expect(ws.palette).not.toContainText('No codes yet');
      await input.fill('Wellbeing/Rest days');
      const create = ws.palette.getByRole('option', { name: /Create “Rest days” under Wellbeing \(new parent “Wellbeing”\) and apply/ });
      await expect(create).toBeVisible();
      await expect(create).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('Enter');
      await expect(ws.palette).toBeHidden();

      await expect(ws.codeRow('Wellbeing')).toBeVisible();
      await expect(ws.codeRow('Rest days')).toBeVisible();
      expect(storedCodes(path).filter((c) => c.name === 'Wellbeing' || c.name === 'Rest days')).toEqual([
        { name: 'Wellbeing', parent: null },
        { name: 'Rest days', parent: 'Wellbeing' },
      ]);
      expect(storedCodings(path).filter((k) => k.code === 'Rest days').map((k) => k.covered)).toEqual(['I felt like I knew nothing']);

      // one undo step takes both codes and the coding away
      await ws.undo();
      await expect(ws.codeRow('Wellbeing')).toHaveCount(0);
      await expect(ws.codeRow('Rest days')).toHaveCount(0);
      expect(storedCodes(path).some((c) => c.name === 'Wellbeing' || c.name === 'Rest days')).toBe(false);
      expect(storedCodings(path).some((k) => k.code === 'Rest days')).toBe(false);
    });
  });
}

// the rest at both sizes too: the issue asks for each item at 1440×900 and 1024×700
for (const viewport of SIZES) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('New project given a folder says it is a folder and creates nothing beside it', async ({ app }) => {
      const page = app.page;
      const folder = join(app.workDir, 'Interviews');
      mkdirSync(folder);
      await page.getByRole('button', { name: 'New project…' }).click();
      const dialog = page.getByRole('dialog', { name: 'New project' });
      const field = dialog.getByLabel('Path');
      await expect(field).toHaveValue(/\.weft$/);
      await field.fill(folder);
      await dialog.getByRole('button', { name: 'Create project' }).click();
      // said inside the dialog, beside the path, not as a notice over the page
      await expect(dialog.getByRole('alert')).toContainText(`“${folder}” is a folder, not a project file`);
      await expect(dialog.getByRole('alert')).toContainText(`e.g. “${join(folder, 'Interviews.weft')}”`);
      await expect(page.locator('.notices').getByText('is a folder')).toHaveCount(0);
      await expect(dialog).toBeVisible(); // the researcher can correct the path
      expect(existsSync(`${folder}.weft`)).toBe(false);
      expect(readdirSync(folder)).toEqual([]);
      // the suggested name works
      await field.fill(join(folder, 'Interviews.weft'));
      await dialog.getByRole('button', { name: 'Create project' }).click();
      await expect(dialog).toBeHidden();
      await new CodingPage(page).expectProject('Interviews');
      expect(readdirSync(app.workDir)).toEqual(['Interviews']);
    });

    test('double-clicking Create project and Add, and Enter twice in New theme, act once without a conflict', async ({ app }) => {
      const page = app.page;
      const path = join(app.workDir, 'Twice.weft');
      await page.getByRole('button', { name: 'New project…' }).click();
      const dialog = page.getByRole('dialog', { name: 'New project' });
      await expect(dialog.getByLabel('Path')).toHaveValue(/\.weft$/);
      await dialog.getByLabel('Path').fill(path);
      await dialog.getByRole('button', { name: 'Create project' }).dblclick();
      await expect(dialog).toBeHidden();
      const ws = new CodingPage(page);
      await ws.expectProject('Twice');

      await ws.codesPanel.getByLabel('New code name').fill('Trust 信任');
      await ws.codesPanel.getByRole('button', { name: 'Add' }).dblclick();
      await expect(ws.codeRow('Trust 信任')).toBeVisible();
      await expect(ws.codesPanel.getByLabel('New code name')).toHaveValue('');

      const themes = await ThemesPage.open(page);
      const newTheme = page.getByLabel('New theme name');
      await newTheme.fill('Being let in');
      await newTheme.press('Enter');
      await newTheme.press('Enter');
      await expect(themes.theme('Being let in')).toBeVisible();
      await expect(newTheme).toHaveValue('');

      await expect(page.getByRole('alert')).toHaveCount(0);
      await expect(page.getByText('That conflicts with something that exists')).toHaveCount(0);
      expect(stored(path, "SELECT name FROM codes")).toEqual(['Trust 信任']);
      expect(stored(path, "SELECT name FROM themes")).toEqual(['Being let in']);
    });

    test('notices: infos go by themselves, errors stay newest on top, repeat as a count, and are dismissed one by one or all', async ({ app }) => {
      const { ws } = await sample(app);
      const page = app.page;
      // an info (nothing selected for in vivo) dismisses itself
      await page.getByTestId('document-text').click();
      await page.keyboard.press(`${MOD}+i`);
      const info = page.getByRole('status').filter({ hasText: 'Select some words first' });
      await expect(info).toBeVisible();
      await expect(info).toBeHidden({ timeout: 20_000 });

      const add = async (name: string) => {
        // a later attempt, not a double click: past the window in which a repeat joins the first (DOUBLE_ACTION_MS)
        await page.waitForTimeout(DOUBLE_ACTION_MS + 100);
        await ws.codesPanel.getByLabel('New code name').fill(name);
        await ws.codesPanel.getByRole('button', { name: 'Add' }).click();
      };
      await add('Belonging');
      await expect(page.getByRole('alert')).toHaveCount(1);
      await add('Support');
      await add('Belonging');
      const alerts = page.getByRole('alert');
      await expect(alerts).toHaveCount(2);
      // newest on top; the repeated one moved up and counts
      await expect(alerts.first()).toContainText('A code named “Belonging” already exists');
      await expect(alerts.first()).toContainText('×2');
      await expect(alerts.nth(1)).toContainText('A code named “Support” already exists');
      // errors stay until read
      await page.getByRole('button', { name: 'Dismiss: That conflicts with something that exists' }).first().click();
      await expect(alerts).toHaveCount(1);
      await expect(alerts.first()).toContainText('Support');
      for (const name of ['Challenges', 'Growing confidence', 'Belonging']) await add(name);
      await expect(alerts).toHaveCount(4);
      // the stack stays within its box at the bottom right and never covers the header
      const box = (await page.locator('.notices').boundingBox())!;
      const viewport = page.viewportSize()!;
      expect(box.height).toBeLessThanOrEqual(viewport.height / 2 + 1);
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      await page.getByRole('button', { name: 'Dismiss all (4)' }).click();
      await expect(alerts).toHaveCount(0);
    });

    test('coding before answering “Who is coding?” is by “me”, whom the answer renames: no coder named after the OS account', async ({ app }) => {
      const { ws, path } = await sample(app);
      const page = app.page;
      const os = userInfo().username;
      await ws.select('I felt like I knew nothing');
      await ws.applyCode('Growing confidence');
      await expect(ws.codeRow('Growing confidence').locator('.count')).toHaveText('5');
      expect(stored(path, 'SELECT name FROM coders')).toEqual(['me']);

      // the first answer: the field is empty (not “me” to confirm), and the answer renames “me”
      await page.getByRole('button', { name: 'Who is coding?', exact: true }).click();
      const team = new TeamPage(page);
      await expect(team.coderPanel.getByRole('textbox', { name: 'Who is coding' })).toHaveValue('');
      await page.keyboard.press('Escape');
      await team.confirmCoder('Ana Núñez');
      expect(stored(path, 'SELECT name FROM coders')).toEqual(['Ana Núñez']);
      expect(stored(path, "SELECT count(*) FROM codings k JOIN coders c ON c.id = k.coder_id WHERE c.name = 'Ana Núñez'")).toEqual([
        stored(path, 'SELECT count(*) FROM codings')[0],
      ]);

      await team.open('Coders');
      const table = page.getByRole('table', { name: 'Coders of this project' });
      await expect(table).toContainText('Ana Núñez');
      await expect(table.getByRole('row')).toHaveCount(2); // the header and Ana
      // the coder filter offers Ana, never “me” or the OS account
      await page.getByRole('button', { name: 'Coding as Ana Núñez (change)' }).click();
      const options = await team.coderPanel.getByRole('combobox', { name: 'Show codings of' }).locator('option').allTextContents();
      expect(options.some((o) => o.includes('Ana Núñez'))).toBe(true);
      for (const o of options) {
        expect(o).not.toMatch(/\bme\b/);
        if (os !== 'me') expect(o).not.toContain(os);
      }
      await page.keyboard.press('Escape');
    });

    test('switching projects forgets the Import & export status; a new empty project opens in Coding with an import prompt', async ({ app }) => {
      const { ws } = await sample(app);
      const page = app.page;
      const exchange = await ExchangePage.open(page);
      await exchange.downloadCodebook('csv', app.workDir);
      await expect(exchange.lastExport).toBeVisible();

      // go to another view, close, and create a new project: it opens in Coding, offering to import
      await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Analysis' }).click();
      await topMenu(page, 'Project', 'Close project');
      await page.getByRole('button', { name: 'New project…' }).click();
      const dialog = page.getByRole('dialog', { name: 'New project' });
      await expect(dialog.getByLabel('Path')).toHaveValue(/\.weft$/);
      await dialog.getByLabel('Path').fill(join(app.workDir, 'Fresh.weft'));
      await dialog.getByRole('button', { name: 'Create project' }).click();
      await ws.expectProject('Fresh');
      await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Coding' })).toHaveAttribute('aria-selected', 'true');
      const prompt = page.getByRole('region', { name: 'Import transcripts' });
      await expect(prompt.getByRole('heading', { name: 'Import transcripts to begin' })).toBeVisible();
      // the prompt's own button imports
      const file = join(app.workDir, 'First interview.txt');
      writeFileSync(file, 'Interviewer: How was the first week?\nAmira: Busy 🌉, but the team helped.\n');
      await prompt.getByLabel('Choose transcript files to import').setInputFiles([file]);
      await acceptImportPreview(page);
      await expect(page.getByRole('dialog', { name: 'Import report' })).toBeVisible();
      await ws.closeImportReport();
      await expect(page.getByRole('heading', { level: 2, name: 'First interview' })).toBeVisible();

      // the Import & export view shows nothing of the sample's export
      await ExchangePage.open(page);
      await expect(exchange.lastExport).toHaveCount(0);
    });

    test('a view chosen while an empty project is still loading is kept (the Coding start does not take it back)', async ({ app }) => {
      const page = app.page;
      const empty = join(app.workDir, 'Empty.weft');
      await page.getByRole('button', { name: 'New project…' }).click();
      const created = page.getByRole('dialog', { name: 'New project' });
      await created.getByLabel('Path').fill(empty);
      await created.getByRole('button', { name: 'Create project' }).click();
      const views = page.getByRole('navigation', { name: 'Views' });
      await expect(views).toBeVisible();
      await topMenu(page, 'Project', 'Close project');

      // open it again with its document list held back, and choose Themes while the list is on its way
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/documents.list', async (route) => {
        await held;
        await route.continue();
      });
      await new WelcomePage(page).openProject(empty).catch(() => undefined);
      await views.getByRole('tab', { name: 'Themes' }).click();
      await expect(views.getByRole('tab', { name: 'Themes' })).toHaveAttribute('aria-selected', 'true');
      release();
      await page.waitForResponse('**/api/documents.list');
      await page.unroute('**/api/documents.list');
      await expect(page.getByLabel('Theme board')).toBeVisible();
      await expect(views.getByRole('tab', { name: 'Themes' })).toHaveAttribute('aria-selected', 'true');
    });

    test('after a reload the last open document comes back at the paragraph that was in view', async ({ app }) => {
      let page = app.page;
      const long = join(app.workDir, 'Long interview.txt');
      writeFileSync(
        long,
        Array.from({ length: 150 }, (_, i) => (i % 2 ? `Amira: Answer number ${i}, about the ward, the night shifts and the people who helped — 我们 🌉.` : `Interviewer: Question number ${i}?`)).join('\n') + '\n',
      );
      const short = join(app.workDir, 'A short one.txt');
      writeFileSync(short, 'Interviewer: Hello?\nBen: Hi.\n');
      await page.getByRole('button', { name: 'New project…' }).click();
      const dialog = page.getByRole('dialog', { name: 'New project' });
      await expect(dialog.getByLabel('Path')).toHaveValue(/\.weft$/);
      await dialog.getByLabel('Path').fill(join(app.workDir, 'Places.weft'));
      await dialog.getByRole('button', { name: 'Create project' }).click();
      let ws = new CodingPage(page);
      await ws.expectProject('Places');
      await ws.importFiles([short, long]);
      await ws.closeImportReport();
      await ws.openDocument('Long interview');
      const scroll = page.getByTestId('document-scroll');
      await scroll.evaluate((el) => (el.scrollTop = el.scrollHeight * 0.66));
      await expect(ws.documentText.getByText('Answer number 101,')).toBeAttached();
      await scroll.evaluate((el) => {
        const target = [...el.querySelectorAll('.para')].find((p) => p.textContent?.includes('Answer number 101,'))!;
        el.scrollTop += target.getBoundingClientRect().top - el.getBoundingClientRect().top;
      });
      // remembered once the scrolling has settled
      await expect.poll(() => page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('weft.place.'))?.[1] ?? '')).toMatch(/"offset":[1-9]/);

      await page.reload();
      page = app.page;
      ws = new CodingPage(page);
      await expect(page.getByRole('heading', { level: 2, name: 'Long interview' })).toBeVisible();
      const answer = ws.documentText.getByText('Answer number 101,');
      await expect(answer).toBeInViewport();
      const top = await page.getByTestId('document-scroll').evaluate((el) => el.scrollTop);
      expect(top).toBeGreaterThan(500);
    });

    test('the merge-code dialog has no target until one is chosen: Enter merges nothing', async ({ app }) => {
      const { ws, path } = await sample(app);
      const page = app.page;
      const before = stored(path, 'SELECT name FROM codes ORDER BY id');
      await ws.codeRow('Feeling unprepared').getByRole('button', { name: 'Actions for Feeling unprepared' }).click();
      await page.getByRole('menuitem', { name: 'Merge into…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Merge Feeling unprepared' });
      const select = dialog.getByLabel('Merge into');
      await expect(select).toHaveValue('');
      await expect(dialog.getByRole('button', { name: 'Merge', exact: true })).toBeDisabled();
      await expect(dialog).toContainText('Choose the code that “Feeling unprepared” goes into.');
      await select.focus();
      await page.keyboard.press('Enter');
      await expect(dialog).toBeVisible();
      expect(stored(path, 'SELECT name FROM codes ORDER BY id')).toEqual(before);

      await select.selectOption({ label: 'Challenges/Workload and time pressure' });
      await expect(dialog.getByRole('button', { name: 'Merge', exact: true })).toBeEnabled();
      await expect(dialog).toContainText('move to “Workload and time pressure”');
      await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
      await expect(dialog).toBeHidden();
      await expect(ws.codeRow('Feeling unprepared')).toHaveCount(0);
      expect(stored(path, 'SELECT name FROM codes ORDER BY id')).toEqual(before.filter((n) => n !== 'Feeling unprepared'));
    });

    test('counts of one are singular: “1 coding”, “1 turn”', async ({ app }) => {
      const page = app.page;
      await page.getByRole('button', { name: 'New project…' }).click();
      const dialog = page.getByRole('dialog', { name: 'New project' });
      await expect(dialog.getByLabel('Path')).toHaveValue(/\.weft$/);
      await dialog.getByLabel('Path').fill(join(app.workDir, 'Counts.weft'));
      await dialog.getByRole('button', { name: 'Create project' }).click();
      const ws = new CodingPage(page);
      await ws.expectProject('Counts');
      const file = join(app.workDir, 'One turn each.txt');
      writeFileSync(file, 'Interviewer: How was it?\nAmira: Busy but fine.\n');
      await ws.importFiles([file]);
      await ws.closeImportReport();
      await ws.createCode('Coping');
      await ws.select('Busy but fine');
      await ws.applyCode('Coping');
      const list = page.getByRole('navigation', { name: 'Documents' });
      await expect(list).toContainText('1 coding');
      await expect(list).not.toContainText('1 codings');
      await page.getByRole('button', { name: 'Participants…' }).click();
      const participants = page.getByRole('dialog').filter({ hasText: 'Amira' });
      await expect(participants).toContainText('(1 turn)');
      await expect(participants).not.toContainText('1 turns');
    });
  });
}
