/**
 * The first end-to-end slice: create a project, import a plain-text transcript, read it, create
 * a code, select a passage with the mouse, apply the code, see the highlight; then close the app
 * and its backend for real, reopen the project and find everything exactly as it was.
 */
import { documentButtons } from '../pages/workspace-page';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, test } from '../fixtures/app';
import { WelcomePage } from '../pages/welcome-page';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/coaching-study/', import.meta.url));
const PASSAGE = 'I add it to the shared notes so it is there when they want it.';

test('create, import, code, restart, reopen: everything is there exactly', async ({ app }) => {
  const welcome = new WelcomePage(app.page);
  await welcome.expectVisible();
  const projectPath = join(app.workDir, 'Homework study.weft');

  const ws = await welcome.newProject(projectPath);
  await ws.expectProject('Homework study');

  // A Windows-style transcript: UTF-8 with BOM and CRLF line endings.
  const report = await ws.importFiles([join(FIXTURES, 'transcripts/lea-windows.txt')]);
  await expect(report).toContainText('1 imported');
  await expect(report).toContainText('UTF-8 with BOM');
  await ws.closeImportReport();

  await ws.openDocument('lea-windows');
  await expect(ws.documentText).toContainText('Lea: Gently. I might say: here is something you could play with this week');

  await ws.createCode('Soft invitations');
  await ws.select(PASSAGE);
  await ws.applyCode('Soft invitations');
  expect(await ws.highlightedText('Soft invitations')).toBe(PASSAGE);
  await expect(app.page.getByRole('complementary', { name: 'Codes' }).locator('li[data-code="Soft invitations"] .count')).toHaveText('1');

  // The coding is committed to the file with exact UTF-16 offsets into LF-normalised text.
  const db = new Database(projectPath, { readonly: true });
  const row = db.prepare('SELECT d.text, k.start, k.end FROM codings k JOIN documents d ON d.id = k.document_id').get() as {
    text: string;
    start: number;
    end: number;
  };
  db.close();
  expect(row.text.includes('\r')).toBe(false);
  expect(row.text.slice(row.start, row.end)).toBe(PASSAGE);

  // Close the app and its backend for real, start again, reopen the project from the recent list.
  const page = await app.restart();
  const again = new WelcomePage(page);
  await again.expectVisible();
  const reopened = await again.openRecent('Homework study');
  await reopened.expectProject('Homework study');
  await reopened.openDocument('lea-windows');
  expect(await reopened.highlightedText('Soft invitations')).toBe(PASSAGE);
  await expect(page.getByRole('navigation', { name: 'Documents' })).toContainText('1 coding');
});

test('the sample project opens with transcripts, participants, codes and highlights', async ({ app }) => {
  const ws = await new WelcomePage(app.page).openSample();
  await ws.expectProject('Sample study — First year on the ward');
  await expect(documentButtons(app.page)).toHaveCount(3);
  await expect(ws.documentText).toContainText('Amira: Honestly, I felt like I knew nothing.');
  expect(await ws.highlightedText('Feeling unprepared')).toContain('I felt like I knew nothing');
  await expect(app.page.getByRole('complementary', { name: 'Codes' }).locator('li[data-code="Growing confidence"]')).toBeVisible();
});

test('a bad file gets a specific error and the rest of the batch is imported', async ({ app }) => {
  const ws = await new WelcomePage(app.page).newProject(join(app.workDir, 'batch.weft'));
  const report = await ws.importFiles([
    join(FIXTURES, 'edge-cases/empty.txt'),
    join(FIXTURES, 'edge-cases/multilingual.txt'),
  ]);
  await expect(report).toContainText('1 imported');
  await expect(report).toContainText('1 failed');
  await expect(report.getByRole('row', { name: /empty\.txt/ })).toContainText('the file is empty');
});
