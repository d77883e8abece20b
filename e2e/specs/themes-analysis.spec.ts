/**
 * From codes to themes to the write-up, in the sample project: build three themes on the board
 * (from selected codes, by drag and drop, and with the keyboard menu), define them, pick
 * illustrative quotes, and export the report as DOCX, Markdown and HTML; the thematic map draws
 * every theme and code and exports as SVG.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from '../fixtures/app';
import { ThemesPage } from '../pages/themes-page';
import { WelcomePage } from '../pages/welcome-page';

const LEARNING = 'Learning the ropes';
const TIME = 'Pressure of time';
const PLACE = 'Finding a place';
const DEFINITIONS: Record<string, string> = {
  [LEARNING]: 'New nurses close the gap between training and the ward by watching and asking the people around them.',
  [TIME]: 'The pace of the ward leaves no slack: breaks, learning and support are what give way.',
  [PLACE]: 'Being accepted by the team, often after a shared hard time, is what makes the ward feel like theirs.',
};

test('build three themes on the board, define them, pick quotes and export DOCX, Markdown and HTML', async ({ app }) => {
  const page = app.page;
  await new WelcomePage(page).openSample();
  const themes = await ThemesPage.open(page);
  await expect(themes.theme('Someone to turn to')).toBeVisible(); // the sample's finished analysis

  // 1. from a set of selected codes (codes may sit in several themes)
  await themes.selectCode('Challenges/Feeling unprepared', 'Thrown in at the deep end');
  await themes.selectCode('Support/Learning from colleagues', 'Learning sideways');
  await themes.createThemeFromSelection(LEARNING);
  await expect(themes.codeCard('Challenges/Feeling unprepared', LEARNING)).toBeVisible();
  await expect(themes.codeCard('Challenges/Feeling unprepared', 'Thrown in at the deep end')).toBeVisible();

  // 2. by dragging a code from one theme to another
  await themes.addTheme(TIME);
  await themes.dragCode('Challenges/Workload and time pressure', 'No time to notice', TIME);
  await expect(themes.codeCard('Challenges/Workload and time pressure', 'No time to notice')).toHaveCount(0);

  // 3. with the keyboard: the card's "Move to theme…" menu
  await themes.addTheme(PLACE);
  await themes.moveCodeWithKeyboard('Belonging', 'Being let in', PLACE);
  await expect(themes.codeCard('Belonging', 'Being let in')).toHaveCount(0);
  await expect(themes.theme('Being let in').getByText('Drop codes here')).toBeVisible();

  for (const name of [LEARNING, TIME, PLACE]) {
    await themes.define(name, DEFINITIONS[name]!);
    await themes.setStatus(name, 'final');
  }
  await page.screenshot({ path: test.info().outputPath('themes-board.png') });

  // review and pick quotes
  await themes.review(LEARNING);
  await expect(page.getByRole('region', { name: 'Prevalence' })).toContainText('4 extracts from 2 of 3 participants and 2 of 3 documents');
  await page.getByRole('radio', { name: 'By participant' }).click();
  await expect(page.getByRole('region', { name: 'Extracts: Jonas (new nurse)' })).toBeVisible();
  await themes.pickQuote('I learned more from watching them than from any study day');
  await themes.pickQuote("I didn't know where the dressing packs were kept");
  await themes.review(TIME);
  await themes.pickQuote('There is never enough time');
  await themes.review(PLACE);
  await themes.pickQuote("The night staff had their own jokes and I wasn't in them");
  await expect(page.getByRole('region', { name: 'Chosen quotes' })).toContainText('— Jonas (new nurse)');

  // the write-up: leave out one theme, then download all three formats
  const dialog = await themes.openReportDialog();
  await dialog.getByLabel('Report title').fill('First year on the ward: findings');
  await dialog.getByRole('checkbox', { name: /No time to notice/ }).uncheck();
  const docx = await themes.downloadReport(dialog, 'Word (.docx)');
  expect(docx.suggestedFilename()).toBe('First year on the ward findings.docx');
  const xml = strFromU8(unzipSync(new Uint8Array(readFileSync((await docx.path())!)))['word/document.xml']!);

  // the dialog remembers the choices
  const dialog2 = await themes.openReportDialog();
  await expect(dialog2.getByRole('checkbox', { name: /No time to notice/ })).not.toBeChecked();
  await expect(dialog2.getByLabel('Report title')).toHaveValue('First year on the ward: findings');
  const md = readFileSync((await (await themes.downloadReport(dialog2, 'Markdown (.md)')).path())!, 'utf8');
  const dialog3 = await themes.openReportDialog();
  const html = readFileSync((await (await themes.downloadReport(dialog3, 'HTML (.html)')).path())!, 'utf8');

  const quotes: [string, string][] = [
    ['I learned more from watching them than from any study day', 'Jonas (new nurse)'],
    ["I didn't know where the dressing packs were kept", 'Amira (new nurse)'],
    ['There is never enough time', 'Amira (new nurse)'],
    ["The night staff had their own jokes and I wasn't in them", 'Jonas (new nurse)'],
  ];
  expect(xml.includes('First year on the ward: findings'), 'DOCX has the title').toBe(true);
  expect(md.startsWith('# First year on the ward: findings\n')).toBe(true);
  expect(html).toContain('<title>First year on the ward: findings</title>');
  for (const name of [LEARNING, TIME, PLACE]) {
    expect(xml.includes(name) && xml.includes(DEFINITIONS[name]!), `DOCX has ${name} and its definition`).toBe(true);
    expect(md).toContain(`. ${name}\n\n${DEFINITIONS[name]}`);
    expect(html).toContain(`<p class="definition">${DEFINITIONS[name]}</p>`);
  }
  for (const [text, who] of quotes) {
    expect(xml.includes(`“${text.replace(/'/g, '&apos;')}”`), `DOCX has “${text}”`).toBe(true);
    expect(md).toContain(`> “${text}”\n> — ${who}`);
    // a quote from a timed transcript (the sample's first interview) carries its time after the attribution
    const footer = `<blockquote><p>“${text.replace(/'/g, '&#39;')}”</p><footer>— ${who}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(html).toMatch(new RegExp(`${footer}( \\[\\d+:\\d\\d\\])?</footer></blockquote>`));
  }
  expect(html).toContain('“I didn&#39;t know where the dressing packs were kept”</p><footer>— Amira (new nurse) [0:05]</footer>');
  for (const out of [xml, md, html]) {
    expect(out.includes('No time to notice'), 'the theme left out is not in the report').toBe(false);
    expect(out.includes('Pseudonym') && out.includes('Appendix: codebook'), 'participants table and codebook').toBe(true);
  }
  expect(md).toContain('| Amira | new nurse | 24 | surgical |');
});

test('the thematic map draws every theme and code, remembers a moved node and exports SVG', async ({ app }) => {
  const page = app.page;
  await new WelcomePage(page).openSample();
  const themes = await ThemesPage.open(page);
  await themes.tab('Map');
  const map = page.getByRole('group', { name: 'Thematic map' });
  await expect(map).toBeVisible();
  const themeNames = ['Thrown in at the deep end', 'Someone to turn to', 'Becoming one of us', 'No time to notice'];
  const subthemeNames = ['Never enough time', 'Learning sideways', 'Being let in'];
  const codeNames = ['Challenges', 'Feeling unprepared', 'Workload and time pressure', 'Support', 'A safe person to ask', 'Learning from colleagues', 'Growing confidence', 'Belonging'];
  for (const t of themeNames) await expect(map.getByRole('button', { name: `Theme: ${t}`, exact: true })).toBeVisible();
  for (const t of subthemeNames) await expect(map.getByRole('button', { name: `Sub-theme: ${t}`, exact: true })).toBeVisible();
  for (const c of codeNames) await expect(map.getByRole('button', { name: `Code: ${c}`, exact: true })).toHaveCount(1);

  // no two nodes overlap
  const boxes = await map.locator('[data-key] > rect').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y, w: b.width, h: b.height })));
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y, `nodes ${i} and ${j} overlap`).toBe(true);
    }
  await page.screenshot({ path: test.info().outputPath('themes-map.png') });

  // drag a node; the new place survives a reload
  const node = map.getByRole('button', { name: 'Theme: Someone to turn to' });
  const before = (await node.boundingBox())!;
  await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
  await page.mouse.down();
  await page.mouse.move(before.x + before.width / 2 + 60, before.y + before.height / 2 + 40, { steps: 5 });
  await page.mouse.up();
  const moved = (await node.boundingBox())!;
  expect(Math.abs(moved.x - before.x - 60)).toBeLessThan(2);
  expect(Math.abs(moved.y - before.y - 40)).toBeLessThan(2);
  await page.reload();
  await ThemesPage.open(page);
  await themes.tab('Map');
  const again = (await page.getByRole('group', { name: 'Thematic map' }).getByRole('button', { name: 'Theme: Someone to turn to' }).boundingBox())!;
  expect(Math.abs(again.x - moved.x)).toBeLessThan(2);
  expect(Math.abs(again.y - moved.y)).toBeLessThan(2);

  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
  expect(svgDownload.suggestedFilename()).toMatch(/thematic map\.svg$/);
  const svg = readFileSync((await svgDownload.path())!, 'utf8');
  expect(svg).toMatch(/^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  for (const t of [...themeNames, ...subthemeNames]) expect(svg).toMatch(new RegExp(`data-kind="(sub)?theme"[^>]*aria-label="(Sub-t|T)heme: ${t}"`));
  for (const c of codeNames) expect(svg).toContain(`aria-label="Code: ${c}"`);
  expect(svg).not.toContain('tabindex');

  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  const bytes = readFileSync((await png.path())!);
  expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
});

test('phase view, CSV import of themes, merge and split on the board', async ({ app }) => {
  const page = app.page;
  await new WelcomePage(page).openSample();
  const themes = await ThemesPage.open(page);

  await page.getByTestId('themes-csv-input').setInputFiles(new URL('../../tests/fixtures/coaching-study/themes.csv', import.meta.url).pathname);
  await expect(page.getByRole('status').filter({ hasText: '7 created' })).toBeVisible();
  await expect(themes.theme('Reminders between sessions')).toBeVisible();

  await themes.tab('Phases');
  const p5 = page.getByRole('listitem', { name: 'Phase 5: Defining and naming themes' });
  await expect(p5).toContainText('14 of 14 themes defined'); // the CSV's themes come with explanations
  const p6 = page.getByRole('listitem', { name: 'Phase 6: Producing the report' });
  await expect(p6).toContainText('Themes without quotes: Work or coaching work?');
  const p1 = page.getByRole('listitem', { name: 'Phase 1: Familiarising yourself with the data' });
  await p1.getByRole('checkbox', { name: 'Interview 2 — Jonas read' }).uncheck();
  await expect(p1).toContainText('2 of 3 documents read');

  // merge two imported themes into one, then split a code back out as a sub-theme
  await themes.tab('Board');
  await themes.theme('Keeping it small').getByRole('button', { name: 'Actions for theme Keeping it small' }).click();
  await page.getByRole('menuitem', { name: 'Merge other themes into this…' }).click();
  const merge = page.getByRole('dialog', { name: 'Merge into “Keeping it small”' });
  await merge.getByRole('checkbox', { name: /Who sets the task/ }).check();
  await merge.getByRole('button', { name: /Merge 1 into/ }).click();
  await expect(themes.theme('Who sets the task')).toHaveCount(0);
  await themes.moveCodeWithKeyboard('Growing confidence', 'Becoming one of us', 'Keeping it small');
  await themes.moveCodeWithKeyboard('Belonging', 'Being let in', 'Keeping it small');

  await themes.theme('Keeping it small').getByRole('button', { name: 'Actions for theme Keeping it small' }).click();
  await page.getByRole('menuitem', { name: 'Split into new themes…' }).click();
  const split = page.getByRole('dialog', { name: 'Split “Keeping it small”' });
  await split.getByLabel('Name of the new theme').fill('Belonging tasks');
  await split.getByRole('checkbox', { name: 'Belonging' }).check();
  await split.getByRole('checkbox', { name: /Make it a sub-theme/ }).check();
  await split.getByRole('button', { name: 'Split' }).click();
  await expect(themes.codeCard('Belonging', 'Belonging tasks')).toBeVisible();
  await expect(themes.codeCard('Belonging', 'Keeping it small')).toHaveCount(0);
  await expect(themes.theme('Keeping it small').locator('section.theme-card[data-theme="Belonging tasks"]')).toBeVisible();
});
