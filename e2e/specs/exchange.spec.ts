/**
 * Exchange end to end: from the sample project, download the codebook as CSV and the project as
 * .qdpx (and check what was downloaded), then on the Welcome screen import that .qdpx as a new
 * project and find the same documents and the same highlights.
 */
import { join } from 'node:path';
import { expect, test } from '../fixtures/app';
import { ExchangePage, ImportProjectDialog, highlights } from '../pages/exchange-page';
import { WelcomePage } from '../pages/welcome-page';
import { topMenu } from '../pages/workspace-page';
import { openQdpx } from '../../electron/refi/qdpx';
import { HAS_REFI, PROJECT_XSD, xmllint } from '../../tests/interop/reference';
import { parseCsv } from '../../shared/csv/reader';

const SAMPLE = 'Sample study — First year on the ward';

test('export the codebook (CSV) and the project (.qdpx), import the .qdpx as a new project: same documents and highlights', async ({ app }) => {
  const page = app.page;
  const ws = await new WelcomePage(page).openSample();
  await ws.expectProject(SAMPLE);

  // What the sample shows: its documents and, for each, its highlights.
  const docNav = page.getByRole('navigation', { name: 'Documents' });
  await expect(docNav.locator('button[data-doc-id]')).toHaveCount(3);
  const docNames = (await docNav.locator('button[data-doc-id]').allInnerTexts()).map((t) => t.split('\n')[0]!.trim());
  const before: Record<string, string[]> = {};
  for (const name of docNames) {
    await ws.openDocument(name);
    before[name] = await highlights(ws);
  }
  expect(before[docNames[0]!]!.length).toBeGreaterThan(0);

  const exchange = await ExchangePage.open(page);

  // Codebook as CSV: UTF-8 with BOM, the documented columns, one row per code.
  const csv = await exchange.downloadCodebook('csv', app.workDir);
  expect(csv.name).toBe(`${SAMPLE} codebook.csv`);
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCsv(csv.bytes.toString('utf8'), ',').map((r) => r.fields);
  expect(rows[0]).toEqual(['path', 'definition', 'inclusion', 'exclusion', 'example', 'themes', 'colour', 'codings', 'documents']);
  expect(rows).toHaveLength(9);
  expect(rows.map((r) => r[0])).toContain('Challenges/Feeling unprepared');
  await expect(exchange.lastExport).toContainText(`Downloaded ${SAMPLE} codebook.csv`);

  // Project as .qdpx: a ZIP with a schema-valid project.qde, one text file per document and the recording.
  const qdpx = await exchange.downloadProject(app.workDir);
  expect(qdpx.name).toBe(`${SAMPLE}.qdpx`);
  const archive = openQdpx(qdpx.bytes);
  expect(archive.qdeName).toBe('project.qde');
  expect(archive.entryNames.filter((n) => n.startsWith('sources/') && n.endsWith('.txt'))).toHaveLength(3);
  // and the recording linked to the sample's first interview (an AudioSource)
  expect(archive.entryNames.filter((n) => /^sources\/[0-9a-f-]+\.wav$/.test(n))).toHaveLength(1);
  if (HAS_REFI) {
    const valid = xmllint(archive.qde, PROJECT_XSD);
    expect(valid.output).not.toMatch(/fails to validate/);
    expect(valid.ok).toBe(true);
  }
  archive.close();

  // Back to the Welcome screen; import the .qdpx as a new project.
  await topMenu(page, 'Project', 'Close project');
  await new WelcomePage(page).expectVisible();
  const dialog = await ImportProjectDialog.open(page);
  const preview = await dialog.choose(qdpx.path);
  await expect(preview).toContainText(`“${SAMPLE}”`);
  await expect(dialog.count('Documents')).toHaveText('3');
  await expect(dialog.count('Codings')).toHaveText('18');
  await expect(preview).toContainText('Nothing will be dropped or repaired.');
  const target = join(app.workDir, 'Imported study.weft');
  // an uploaded file has no folder: the suggestion is the project's name in the home folder
  await expect(dialog.dialog.getByLabel('New project file')).toHaveValue(new RegExp(`[/\\\\]${SAMPLE}\\.weft$`));
  const imported = await dialog.create(target);
  // the new project is named after the file's Project@name, not after the new file
  await imported.expectProject(SAMPLE);

  // The import report is shown; then the same documents and the same highlights.
  const report = page.getByRole('region', { name: `Imported “${SAMPLE}.qdpx” as a new project` });
  await expect(report).toBeVisible();
  await expect(report.getByRole('table', { name: 'What was imported' }).getByRole('row', { name: /^Documents/ })).toContainText('3');
  await expect(report).toContainText('Nothing had to be dropped or repaired.');
  await report.getByRole('button', { name: 'Go to coding' }).click();
  await expect(docNav.locator('button[data-doc-id]')).toHaveCount(3);
  expect((await docNav.locator('button[data-doc-id]').allInnerTexts()).map((t) => t.split('\n')[0]!.trim())).toEqual(docNames);
  for (const name of docNames) {
    await imported.openDocument(name);
    expect(await highlights(imported)).toEqual(before[name]);
  }

  // Importing onto an existing file is refused with a clear message, and the file is kept.
  await ExchangePage.open(page);
  const again = await ImportProjectDialog.open(page);
  await again.choose(qdpx.path);
  await again.dialog.getByLabel('New project file').fill(target);
  await again.dialog.getByRole('button', { name: 'Create project' }).click();
  await expect(again.dialog.getByRole('alert')).toContainText('already exists. Importing never overwrites a file');
  await again.dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(again.dialog).toBeHidden();
});

test('import a codebook CSV with a preview, then see the new codes', async ({ app }) => {
  const page = app.page;
  const ws = await new WelcomePage(page).newProject(join(app.workDir, 'Fresh.weft'));
  await ws.expectProject('Fresh');
  await ExchangePage.open(page);
  const { writeFileSync } = await import('node:fs');
  const file = join(app.workDir, 'leadership.csv');
  writeFileSync(file, 'category,topic,definition\nListening,Reflecting back,"Saying back what was heard, in other words"\nListening,Silence,\nChallenge,Direct feedback,\n');
  await page.getByTestId('codebook-input').setInputFiles(file);
  const preview = page.getByRole('region', { name: 'Codebook import preview' });
  await expect(preview).toContainText('5 new codes will be added; 0 already in the project.');
  await preview.getByText('New codes (5)').click();
  await expect(preview.getByRole('list', { name: 'New codes' }).getByRole('listitem')).toHaveText(['Listening', 'Listening/Reflecting back', 'Listening/Silence', 'Challenge', 'Challenge/Direct feedback']);
  await preview.getByRole('button', { name: 'Import codebook' }).click();
  const result = page.getByRole('region', { name: 'Codebook import result' });
  await expect(result).toContainText('Imported 5 new codes; 0 already in the project.');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Coding' }).click();
  await expect(page.getByRole('complementary', { name: 'Codes' }).locator('li[data-code="Reflecting back"]')).toBeVisible();
});

test('spreadsheet exports protect against formulas unless the researcher turns it off; control characters in an imported name are removed with a warning', async ({ app }) => {
  const page = app.page;
  const ws = await new WelcomePage(page).newProject(join(app.workDir, 'Formulas.weft'));
  await ws.expectProject('Formulas');
  const exchange = await ExchangePage.open(page);
  const { writeFileSync } = await import('node:fs');
  const file = join(app.workDir, 'formulas.csv');
  writeFileSync(file, 'name,definition\n"=HYPERLINK(""http://evil.example"",""x"")",-2 points\n"Tr\u0001ust",plain\n');
  await page.getByTestId('codebook-input').setInputFiles(file);
  const preview = page.getByRole('region', { name: 'Codebook import preview' });
  await expect(preview).toContainText('2 new codes will be added');
  await expect(preview).toContainText('contained invisible control character U+0001; it was removed');
  await preview.getByRole('button', { name: 'Import codebook' }).click();
  await expect(page.getByRole('region', { name: 'Codebook import result' })).toContainText('Imported 2 new codes');

  const protect = page.getByRole('checkbox', { name: 'Protect against spreadsheet formulas' });
  await expect(protect).toBeChecked();
  const on = (await exchange.downloadCodebook('csv', app.workDir)).bytes.toString('utf8').split('\r\n');
  expect(on[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",'-2 points,/);
  expect(on[2]).toMatch(/^Trust,plain,/);

  await protect.uncheck();
  const off = (await exchange.downloadCodebook('csv', app.workDir)).bytes.toString('utf8').split('\r\n');
  expect(off[1]).toMatch(/^"=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",-2 points,/);
});

test('a .qdpx that expands past the document limit is refused, naming the entry and the limit; raised under “Limits”, it is read', async ({ app }) => {
  const page = app.page;
  const { writeFileSync } = await import('node:fs');
  const { qdpxOf, text150Fold } = await import('../../tests/support/zip');
  const guid = '00000000-0000-4000-8000-000000000001';
  const file = join(app.workDir, 'huge.qdpx');
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Huge study"><Sources><TextSource guid="${guid}" name="Long" plainTextPath="internal://${guid}.txt"/></Sources></Project>`;
  writeFileSync(file, qdpxOf(xml, { [`sources/${guid}.txt`]: text150Fold(3 * 1024 * 1024) }));

  await new WelcomePage(page).expectVisible();
  const dialog = await ImportProjectDialog.open(page);
  await dialog.dialog.getByText('Limits', { exact: true }).click();
  const documentLimit = dialog.dialog.getByLabel('Largest document (MB)');
  await expect(documentLimit).toHaveValue('128');
  await documentLimit.fill('0');
  await expect(dialog.dialog.getByText('Largest document must be a whole number of MB from 1 to 1024')).toBeVisible();
  await documentLimit.fill('2');
  await dialog.dialog.getByTestId('qdpx-input').setInputFiles(file);
  await expect(dialog.dialog.getByRole('alert')).toContainText(
    `Refused: “sources/${guid}.txt” is 3.0 MiB uncompressed; the limit for one document is 2.0 MiB (raise it with --max-document-mb, or under “Limits” in the import or merge dialog`,
    { timeout: 60_000 },
  );
  await expect(dialog.dialog.getByRole('region', { name: 'Preview' })).toHaveCount(0);

  await documentLimit.fill('4');
  await dialog.dialog.getByRole('button', { name: 'Read the file again with these limits' }).click();
  const preview = dialog.dialog.getByRole('region', { name: 'Preview' });
  await expect(preview).toBeVisible({ timeout: 60_000 });
  await expect(preview).toContainText('“Huge study”');
  await expect(dialog.count('Documents')).toHaveText('1');
});
