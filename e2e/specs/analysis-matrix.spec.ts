/**
 * Analysis in the app: a project with known counts (built through the real services in the
 * test's work folder) is opened in the UI; the matrix by the ordered T1/T2/T3 attribute shows
 * the known counts, a cell opens its extracts, the chart exports as SVG and the table as CSV;
 * a phrase is searched and auto-coded, and the coding shows as a highlight in the transcript.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/app';
import { WelcomePage, openKnownProject } from '../pages/welcome-page';
import { AnalysisPage } from '../pages/analysis-page';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/coaching-study/', import.meta.url));

test('matrix by T1/T2/T3: known counts, a cell’s extracts, chart as SVG, table as CSV', async ({ app }) => {
  await openKnownProject(app);
  const analysis = new AnalysisPage(app.page);
  await analysis.open();
  await analysis.buildMatrix('time (documents)');

  await expect(analysis.matrix.getByRole('columnheader')).toHaveText(['Code', /T1/, /T2/, /T3/, 'Total']);
  await expect(analysis.cell('Homework', 'T1')).toHaveText('2');
  await expect(analysis.cell('Homework', 'T2')).toHaveText('3');
  await expect(analysis.cell('Goals', 'T1')).toHaveText('3'); // the parent includes its sub-codes
  await expect(analysis.cell('Reviewing goals', 'T3')).toBeDisabled();

  await analysis.cell('Homework', 'T1').click();
  await expect(analysis.extracts.getByRole('heading')).toContainText('Homework × T1');
  await expect(analysis.extracts.locator('.extract-text')).toHaveText(['Homework helps me.', 'Homework is a habit.']);
  await expect(analysis.extracts).toContainText('Ben');

  // The chart, stacked: one bar segment per value for Homework, and a legend entry per value.
  const chart = app.page.getByRole('region', { name: 'Frequency chart' });
  await expect(chart.locator('svg[data-chart="bar"] g[data-category="Homework"] rect[data-series]')).toHaveCount(3);
  const svg = await analysis.download(chart.getByRole('button', { name: 'Export chart as SVG' }));
  expect(svg.name).toBe('time by code.svg');
  expect(svg.text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  for (const value of ['T1', 'T2', 'T3']) {
    expect(svg.text).toContain(`data-legend="${value}"`);
    expect(svg.text).toMatch(new RegExp(`<rect[^>]*data-series="${value}"`));
  }
  const homeworkBars = svg.text.match(/<g data-category="Homework">.*?<\/g>/s)![0];
  expect([...homeworkBars.matchAll(/data-series="(T\d)" data-value="(\d+)"/g)].map((m) => `${m[1]}=${m[2]}`)).toEqual(['T1=2', 'T2=3', 'T3=2']);

  const png = await analysis.download(chart.getByRole('button', { name: 'Export chart as PNG' }));
  expect(png.name).toBe('time by code.png');
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.bytes.length).toBeGreaterThan(5000);

  // Reorder the values: T3 first; the table and the chart follow.
  await analysis.matrix.getByRole('button', { name: 'Move T3 left' }).click();
  await analysis.matrix.getByRole('button', { name: 'Move T3 left' }).click();
  await expect(analysis.matrix.getByRole('columnheader')).toHaveText(['Code', /T3/, /T1/, /T2/, 'Total']);
  await expect(chart.locator('g[data-legend]').first()).toHaveAttribute('data-legend', 'T3');

  const csv = await analysis.download(app.page.getByRole('button', { name: 'Export table as CSV' }));
  expect(csv.name).toBe('time by code.csv');
  expect(csv.text.charCodeAt(0)).toBe(0xfeff); // UTF-8 with a byte order mark, for Excel
  expect(csv.text.slice(1).split('\r\n')).toEqual([
    'Code,T3,T1,T2,Total',
    'Goals,1,3,1,5',
    'Goals/Setting goals,0,2,1,3',
    'Goals/Reviewing goals,0,1,0,1',
    'Homework,2,2,3,7',
    'Emotions,0,1,1,2',
    'Emotions/Anxiety,0,1,1,2',
    'Total,3,6,5,14',
    '',
  ]);

  // Counting cases instead: Homework was coded for Ana and Ben at T1.
  await analysis.buildMatrix('time (documents)', 'Cases');
  await expect(analysis.cell('Homework', 'T1')).toHaveText('2');
  await expect(analysis.cell('Homework', 'T2')).toHaveText('1');

  // The XLSX export is a real workbook.
  const xlsx = await analysis.download(app.page.getByRole('button', { name: 'Export table as XLSX' }));
  expect(xlsx.name).toBe('time by code.xlsx');
  expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
});

test('search a phrase and auto-code it: the coding shows as a highlight', async ({ app }) => {
  const ws = await openKnownProject(app);
  await ws.createCode('Habits');
  const analysis = new AnalysisPage(app.page);
  await analysis.open();
  const results = await analysis.search('"a habit"');
  await expect(results.getByRole('heading', { name: /1 hit in 1 document/ })).toBeVisible();
  await expect(results.locator('mark')).toHaveText(['a habit']);

  const status = await analysis.autoCode('Habits', 'Its sentence');
  await expect(status).toHaveText('Coded 1 passage with “Habits”.');
  // again: nothing new, the passage is already coded
  await analysis.autoCode('Habits', 'Its sentence');
  await expect(status).toHaveText('Coded 0 passages with “Habits”; 1 already coded.');

  const prefix = await analysis.search('anxi*');
  await expect(prefix.locator('mark')).toHaveText(['anxious', 'anxious']);

  await app.page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Coding' }).click();
  await ws.openDocument('Session 1');
  expect(await ws.highlightedText('Habits')).toBe('Homework is a habit.');
});

test('cases & attributes: an ordered category on documents, values, speakers, CSV in and out', async ({ app }) => {
  const ws = await new WelcomePage(app.page).newProject(join(app.workDir, 'Table study.weft'));
  const report = await ws.importFiles([join(FIXTURES, 'transcripts/lea-windows.txt')]);
  await expect(report).toContainText('1 imported');
  await ws.closeImportReport();
  const analysis = new AnalysisPage(app.page);
  await analysis.open();
  await analysis.section('Cases & attributes');

  const add = app.page.getByRole('form', { name: 'Add attribute' });
  await add.getByLabel('Attribute name').fill('time');
  await add.getByLabel('Applies to').selectOption({ label: 'Documents' });
  await add.getByLabel('Kind').selectOption({ label: 'Ordered category' });
  await add.getByLabel('Categories, in order').fill('T1, T2, T3');
  await add.getByRole('button', { name: 'Add attribute' }).click();
  const order = app.page.getByRole('list', { name: 'Categories of time, in order' });
  await expect(order.getByRole('listitem')).toHaveText([/T1/, /T2/, /T3/]);
  await app.page.getByRole('button', { name: 'Move T3 earlier' }).click();
  await expect(order.getByRole('listitem')).toHaveText([/T1/, /T3/, /T2/]);

  await app.page.getByLabel('time of lea-windows').selectOption('T2');
  await expect(app.page.getByLabel('time of lea-windows')).toHaveValue('T2');

  // Cases from the participants CSV; the speaker Lea is linked to the case Lea.
  await app.page.getByLabel('Import cases from CSV').setInputFiles(join(FIXTURES, 'participants.csv'));
  const cases = app.page.getByRole('table', { name: 'Cases' });
  await expect(cases.getByRole('row')).toHaveCount(17);
  await expect(app.page.getByLabel('Case of speaker Lea in lea-windows')).toHaveText(/Lea/);
  await expect(app.page.getByLabel('Case of speaker Lea in lea-windows').locator('option:checked')).toHaveText('Lea');
  await app.page.getByLabel('Interviewer in lea-windows is the interviewer').check();
  await expect(app.page.getByLabel('Interviewer in lea-windows is the interviewer')).toBeChecked();

  // Edit a value in the table, then export.
  const age = app.page.getByLabel('age of Dan');
  await age.fill('60');
  await age.press('Enter');
  await expect(age).toHaveValue('60');
  const csv = await analysis.download(app.page.getByRole('button', { name: 'Export CSV' }));
  const lines = csv.text.replace(/^\ufeff/, '').split('\r\n');
  expect(lines[0]).toBe('name,role,age,gender');
  expect(lines).toContain('Dan,coach,60,M');

  // A bad value is refused with a specific message and the old value stays.
  await age.fill('old');
  await age.press('Enter');
  await expect(app.page.getByRole('alert')).toContainText('“old” is not a number');
  await expect(age).toHaveValue('60');
});

test('ranking: by default the codes that were applied, not their category parents; “All” brings the parents back (issue 15)', async ({ app }) => {
  await new WelcomePage(app.page).openSample();
  const analysis = new AnalysisPage(app.page);
  await analysis.open();
  await analysis.section('Ranking');
  const page = app.page;
  await page.getByRole('combobox', { name: 'Attribute', exact: true }).selectOption({ label: 'role (cases)' });
  const level = page.getByRole('combobox', { name: 'Codes to rank' });
  await expect(level).toHaveValue('auto');
  await page.getByRole('button', { name: 'Rank codes' }).click();
  const mentor = page.getByRole('table', { name: 'Ranking for mentor' });
  await expect(mentor).toContainText('A safe person to ask');
  await expect(mentor).not.toContainText('Support'); // the sample's parents are never applied themselves
  await expect(page.getByTestId('ranking-level')).toHaveText('The codes that were applied, without their category parents');
  await level.selectOption('all');
  await page.getByRole('button', { name: 'Rank codes' }).click();
  await expect(mentor).toContainText('Support');
  await expect(page.getByTestId('ranking-level')).toHaveText('All codes; a parent counts its sub-codes');
});
