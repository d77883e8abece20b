/**
 * Issue 15: the preview of a REFI-QDA project import shows, per document, the speakers the import
 * would create, and lets the researcher turn them off for one document (here: a comments document
 * whose “Name:” lines are not people) or for all; the new project has exactly what was chosen.
 * The .qdpx is made by the test through the real services and exporter.
 */
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
