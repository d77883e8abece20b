/**
 * Issue 15: the preview of a REFI-QDA project import shows, per document, the speakers the import
 * would create, and lets the researcher turn them off for one document (here: a comments document
 * whose “Name:” lines are not people) or for all; the new project has exactly what was chosen.
 * The .qdpx is made by the test through the real services and exporter. The import of transcripts
 * (txt, Markdown, Word…) has the same preview before anything is written, per file and for the batch.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '../fixtures/app';
import { ImportProjectDialog } from '../pages/exchange-page';
import { WelcomePage } from '../pages/welcome-page';
import { ProjectSession } from '../../electron/services/project-session';
import { insertDocument } from '../../electron/services/documents';
import { exportQdpx } from '../../electron/services/exchange/export';
import { parsePlainText } from '../../shared/import/plain-text';

const INTERVIEW = 'Interviewer: How was the first week?\nAna: Hard, honestly — 中文 forms.\nInterviewer: And now?\nAna: Better. 😀';
const CHAT = 'Moderator: Welcome all.\nBo: Hi.\nModerator: First question?\nBo: Go on.';

test('the .qdpx import preview lists the speakers per document; turning one document off imports it without speakers', async ({ app }) => {
  test.setTimeout(120_000);
  const source = join(app.workDir, 'source.weft');
  const s = ProjectSession.create(source, 'Ana');
  s.transaction(() => {
    insertDocument(s.db, parsePlainText(INTERVIEW, 'UTF-8'), { name: 'Interview Ana', sourceName: null, coderId: s.coderId() });
    insertDocument(s.db, parsePlainText(CHAT, 'UTF-8'), { name: 'Group chat', sourceName: null, coderId: s.coderId() });
  });
  const qdpx = join(app.workDir, 'speakers.qdpx');
  exportQdpx(s.db, qdpx);
  s.close();

  const page = app.page;
  await new WelcomePage(page).expectVisible();
  const dialog = await ImportProjectDialog.open(page);
  const preview = await dialog.choose(qdpx);
  const speakers = preview.getByRole('group', { name: 'Speakers' });
  await expect(speakers).toContainText('Interview Ana: Interviewer, Ana');
  await expect(speakers).toContainText('Group chat: Moderator, Bo');
  const all = speakers.getByRole('checkbox', { name: 'Create speakers in all documents' });
  await expect(all).toBeChecked();
  // off for the whole batch, back on, then off for one document only
  await all.uncheck();
  await expect(speakers.getByRole('checkbox', { name: 'Speakers in Group chat' })).not.toBeChecked();
  await all.check();
  await speakers.getByRole('checkbox', { name: 'Speakers in Group chat' }).uncheck();
  await expect(speakers.getByRole('checkbox', { name: 'Speakers in Interview Ana' })).toBeChecked();
  await expect(all).toBeChecked({ indeterminate: true }); // some documents on, some off

  const target = join(app.workDir, 'Imported.weft');
  const ws = await dialog.create(target);
  await ws.expectProject('source'); // named after the file's Project@name (the exported project's name)
  const db = new Database(target, { readonly: true });
  try {
    const rows = db.prepare('SELECT d.name, count(s.id) AS speakers FROM documents d LEFT JOIN speakers s ON s.document_id = d.id GROUP BY d.id ORDER BY d.name').all();
    expect(rows).toEqual([
      { name: 'Group chat', speakers: 0 },
      { name: 'Interview Ana', speakers: 2 },
    ]);
  } finally {
    db.close();
  }
});

test('the import preview of transcripts lists the files that would get speakers; detection is turned off per file or for the batch', async ({ app }) => {
  test.setTimeout(120_000);
  // comments whose headlines look like labels (no speakers), an interview and a chat (speakers)
  const comments = Array.from({ length: 6 }, (_, i) => `Update: the clinic opens later (${i + 1}) 😀\nFinally!\nWeekends too?`).join('\n\n');
  const files = { comments: join(app.workDir, 'comments.txt'), interview: join(app.workDir, 'interview.txt'), chat: join(app.workDir, 'chat.md') };
  writeFileSync(files.comments, comments);
  writeFileSync(files.interview, INTERVIEW);
  writeFileSync(files.chat, CHAT);
  const page = app.page;
  const project = join(app.workDir, 'Plain.weft');
  const ws = await new WelcomePage(page).newProject(project);

  await page.getByTestId('import-input').setInputFiles([files.comments, files.interview, files.chat]);
  const preview = page.getByRole('dialog', { name: 'Import preview' });
  await expect(preview).toBeVisible();
  await expect(preview).toContainText('2 files of 3 would get speakers');
  const speakers = preview.getByRole('group', { name: 'Speakers' });
  await expect(speakers).toContainText('interview.txt: Interviewer, Ana');
  await expect(speakers).toContainText('chat.md: Moderator, Bo');
  await expect(speakers).not.toContainText('comments.txt');
  const all = speakers.getByRole('checkbox', { name: 'Create speakers in all documents' });
  await speakers.getByRole('checkbox', { name: 'Speakers in chat.md' }).uncheck();
  await expect(all).toBeChecked({ indeterminate: true });
  await preview.getByRole('button', { name: 'Import 3 files' }).click();
  const report = page.getByRole('dialog', { name: 'Import report' });
  await expect(report).toContainText('3 imported');
  await expect(report).toContainText('speaker detection off');
  await ws.closeImportReport();

  const speakersIn = () => {
    const db = new Database(project, { readonly: true });
    try {
      return db.prepare('SELECT d.name, count(s.id) AS speakers FROM documents d LEFT JOIN speakers s ON s.document_id = d.id GROUP BY d.id ORDER BY d.name').all();
    } finally {
      db.close();
    }
  };
  expect(speakersIn()).toEqual([
    { name: 'chat', speakers: 0 },
    { name: 'comments', speakers: 0 },
    { name: 'interview', speakers: 2 },
  ]);

  // for the batch: both files again (new texts), all off
  writeFileSync(files.interview, `${INTERVIEW}\nInterviewer: Thanks.`);
  writeFileSync(files.chat, `${CHAT}\nBo: Bye.`);
  await page.getByTestId('import-input').setInputFiles([files.interview, files.chat]);
  await expect(preview).toBeVisible();
  await all.uncheck();
  await expect(speakers.getByRole('checkbox', { name: 'Speakers in interview.txt' })).not.toBeChecked();
  await preview.getByRole('button', { name: 'Import 2 files' }).click();
  await expect(report).toContainText('2 imported');
  await ws.closeImportReport();
  expect(speakersIn()).toEqual([
    { name: 'chat', speakers: 0 },
    { name: 'chat (2)', speakers: 0 },
    { name: 'comments', speakers: 0 },
    { name: 'interview', speakers: 2 },
    { name: 'interview (2)', speakers: 0 },
  ]);

  // Cancel imports nothing
  writeFileSync(files.chat, `${CHAT}\nBo: Later.`);
  await page.getByTestId('import-input').setInputFiles([files.chat]);
  await expect(preview).toBeVisible();
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(preview).toBeHidden();
  expect(speakersIn()).toHaveLength(5);
});
