/**
 * Bringing transcripts in through the UI: a whole folder in every format, speakers and
 * timestamps shown, speakers linked to participants from a CSV, duplicates, bad files, cancel.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, test } from '../fixtures/app';
import { ImportPage } from '../pages/import-page';
import { WelcomePage } from '../pages/welcome-page';
import { acceptImportPreview, documentButton, topMenu } from '../pages/workspace-page';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/coaching-study/', import.meta.url));

test('import the whole fixtures folder, see speakers and timestamps, link speakers to participants from the CSV', async ({ app }) => {
  const ws = await new WelcomePage(app.page).newProject(join(app.workDir, 'coaching.weft'));
  const imp = new ImportPage(app.page);

  const report = await imp.importFolder(join(FIXTURES, 'transcripts'));
  await expect(report).toContainText('6 imported · 0 skipped · 0 failed');
  for (const detected of ['Zoom WebVTT', 'Microsoft Teams WebVTT', 'SubRip', 'Otter.ai', 'Word document', 'UTF-8 with BOM']) {
    await expect(report).toContainText(detected);
  }
  await report.getByRole('button', { name: 'Close' }).click();

  // Speakers and cue timestamps are shown in the document view.
  await ws.openDocument('cat-zoom');
  await expect(ws.documentText).toContainText('Cat: I call them experiments. If something is an experiment it cannot fail');
  await expect(ws.documentText.locator('.turn-time').nth(1)).toHaveText('0:06');
  // the blank lines between turns are not drawn as empty paragraphs: turns follow each other as in the sample
  const paras = ws.documentText.locator('.para');
  await expect(paras.nth(3)).toBeVisible();
  const drawn = await paras.evaluateAll((els) => els.map((el) => ({ text: (el.textContent ?? '').trim(), rect: el.getBoundingClientRect().toJSON() as DOMRect })));
  expect(drawn.filter((p) => p.text === ''), 'no empty paragraph').toEqual([]);
  for (let i = 1; i < Math.min(drawn.length, 6); i++) expect(drawn[i]!.rect.top - drawn[i - 1]!.rect.bottom, `gap before paragraph ${i + 1}`).toBeLessThan(24);

  // Participants from the CSV: types are inferred and shown, then speakers link by name.
  const dialog = await imp.openParticipants();
  await dialog.getByLabel('Participants CSV').setInputFiles(join(FIXTURES, 'participants.csv'));
  const preview = dialog.getByRole('region', { name: 'Participants table preview' });
  await expect(preview).toContainText('16 participants');
  await expect(preview.getByLabel('Type of age')).toHaveValue('number');
  await expect(preview.getByLabel('Type of role')).toHaveValue('category');
  await preview.getByLabel('Type of gender').selectOption('text');
  await preview.getByRole('button', { name: 'Import participants' }).click();
  await expect(app.page.getByRole('status').filter({ hasText: '16 new' })).toBeVisible();

  const sam = dialog.getByLabel('Participant for Samantha in samantha-otter');
  await expect(sam.locator('option:checked')).toHaveText('Samantha (client)');
  await expect(dialog.getByLabel('Participant for Interviewer in samantha-otter').locator('option:checked')).toHaveText(/Interviewer/);
  // Link by hand: Dan's interviewer turns to nobody, and choose a participant explicitly.
  await dialog.getByLabel('Participant for Dan in dan').selectOption({ label: 'Neil (coach)' });
  await expect(dialog.getByLabel('Participant for Dan in dan').locator('option:checked')).toHaveText('Neil (coach)');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const db = new Database(join(app.workDir, 'coaching.weft'), { readonly: true });
  const links = db
    .prepare("SELECT s.label, c.name FROM speakers s JOIN documents d ON d.id = s.document_id LEFT JOIN cases c ON c.id = s.case_id WHERE s.label != 'Interviewer' ORDER BY d.name")
    .all();
  const attrs = db.prepare('SELECT name, kind FROM attributes ORDER BY position').all();
  db.close();
  expect(links).toEqual([
    { label: 'Cat', name: 'Cat' },
    { label: 'Dan', name: 'Neil' },
    { label: 'Fabiana', name: 'Fabiana' },
    { label: 'Lea', name: 'Lea' },
    { label: 'Nethan', name: 'Nethan' },
    { label: 'Samantha', name: 'Samantha' },
  ]);
  expect(attrs).toEqual([
    { name: 'role', kind: 'category' },
    { name: 'age', kind: 'number' },
    { name: 'gender', kind: 'text' },
  ]);
});

test('bad files get specific errors, duplicates are offered, nothing is half-written', async ({ app }) => {
  await new WelcomePage(app.page).newProject(join(app.workDir, 'edge.weft'));
  const imp = new ImportPage(app.page);
  const report = await imp.importFolder(join(FIXTURES, 'edge-cases'));
  await expect(report).toContainText('2 imported · 0 skipped · 3 failed');
  await expect(report.getByRole('row', { name: /empty\.txt/ })).toContainText('the file is empty');
  await expect(report.getByRole('row', { name: /binary-garbage\.txt/ })).toContainText(/binary/);
  await expect(report.getByRole('row', { name: /truncated\.docx/ })).toContainText(/damaged|incomplete/);
  await report.getByRole('button', { name: 'Close' }).click();

  // The same folder again: the two good files are duplicates, and the user is asked.
  const again = await imp.importFolder(join(FIXTURES, 'edge-cases'));
  await expect(again).toContainText('0 imported · 2 skipped · 3 failed');
  await expect(again.getByRole('group', { name: 'Duplicates' })).toContainText('2 files have the same text');
  await again.getByRole('button', { name: 'Import duplicates anyway' }).click();
  await expect(imp.report).toContainText('2 imported · 0 skipped · 0 failed');

  const db = new Database(join(app.workDir, 'edge.weft'), { readonly: true });
  expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(4);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
});

test('an import ends on its pushed event: the window never needs to poll the job', async ({ app }) => {
  const ws = await new WelcomePage(app.page).newProject(join(app.workDir, 'pushed.weft'));
  // A status poll would never be answered: the report can only come from the job's pushed end.
  await app.page.route('**/api/imports.status', () => undefined);
  const report = await ws.importFiles([join(FIXTURES, 'transcripts/dan.srt')]);
  await expect(report).toContainText('1 imported · 0 skipped · 0 failed');
  await expect(documentButton(app.page, /dan/)).toBeVisible();
});

test('a long batch shows progress and can be cancelled, keeping only whole files', async ({ app }) => {
  const folder = join(app.workDir, 'many');
  mkdirSync(folder);
  const body = readFileSync(join(FIXTURES, 'transcripts/samantha-otter.txt'), 'utf8');
  const texts = new Map<string, string>();
  for (let i = 0; i < 400; i++) {
    const name = `interview-${String(i).padStart(3, '0')}`;
    const text = `Interviewer: Interview number ${i}.\n${body.repeat(20)}`;
    texts.set(name, text);
    writeFileSync(join(folder, `${name}.txt`), text);
  }
  await new WelcomePage(app.page).newProject(join(app.workDir, 'many.weft'));
  await topMenu(app.page, 'Import', 'Import from folder…');
  const picker = app.page.getByRole('dialog', { name: 'Import transcripts' });
  await picker.getByLabel('Path').fill(folder);
  await picker.getByRole('button', { name: 'Import', exact: true }).click();
  await acceptImportPreview(app.page, 60_000);

  const progress = app.page.getByRole('dialog', { name: 'Importing' });
  await expect(progress.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(progress).toContainText('of 400 files');
  await progress.getByRole('button', { name: 'Cancel import' }).click();

  const report = app.page.getByRole('dialog', { name: 'Import report' });
  await expect(report.getByRole('heading', { name: 'Import cancelled' })).toBeVisible({ timeout: 30_000 });
  const summary = await report.locator('p').first().textContent();
  const imported = Number(/(\d+) imported/.exec(summary ?? '')![1]);
  expect(imported).toBeLessThan(400);

  const db = new Database(join(app.workDir, 'many.weft'), { readonly: true });
  const docs = db.prepare('SELECT name, text FROM documents').all() as { name: string; text: string }[];
  db.close();
  expect(docs).toHaveLength(imported);
  for (const d of docs) expect(d.text).toBe(texts.get(d.name)!.replace(/\r\n?/g, '\n'));
});
