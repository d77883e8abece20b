/**
 * Team coding end to end: two coders code the same transcript differently (switching who is
 * coding in the top bar between codings), the agreement report shows the kappa worked out by
 * hand, and walking the disagreements produces a consensus set.
 */
import { documentButton } from '../pages/workspace-page';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, test } from '../fixtures/app';
import { TeamPage } from '../pages/team-page';
import { WelcomePage } from '../pages/welcome-page';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/coaching-study/', import.meta.url));

const S1 = 'Almost never.';
const S3 = 'For some people it brings back school, and not the happy parts of school.';
const S2 = 'Something to try.';

/** NVivo's kappa for one code in one document, by hand: K = (agree − ΣEF) / (N − ΣEF). */
function nvivoKappa(n: number, codedA: number, codedB: number, both: number) {
  const agree = n - codedA - codedB + 2 * both;
  const ef = (codedA * codedB) / n + ((n - codedA) * (n - codedB)) / n;
  return (agree - ef) / (n - ef);
}

test('two coders, their agreement, and a consensus set from walking the disagreements', async ({ app }) => {
  const projectPath = join(app.workDir, 'Team study.weft');
  const ws = await new WelcomePage(app.page).newProject(projectPath);
  const team = new TeamPage(app.page);
  const report = await ws.importFiles([join(FIXTURES, 'transcripts/lea-windows.txt')]);
  await expect(report).toContainText('1 imported');
  await ws.closeImportReport();
  await ws.openDocument('lea-windows');

  // Applies a code and waits until the document list counts the new coding.
  const docButton = documentButton(app.page, /lea-windows/);
  let codings = 0;
  const code = async (phrase: string, name: string) => {
    await ws.select(phrase);
    await ws.applyCode(name);
    codings += 1;
    await expect(docButton).toContainText(`${codings} ${codings === 1 ? 'coding' : 'codings'}`);
  };

  // First run: Weft asks who is coding.
  await team.confirmCoder('Ana');
  await ws.createCode('Homework');
  await ws.createCode('Naming');
  await code(S1, 'Homework');
  await code(S2, 'Naming');

  // Ben codes on the same machine: switch who is coding between codings.
  await team.switchCoder('Ben');
  await code(S1, 'Homework');
  await code(S3, 'Homework');

  // Only Ben's codings in the document: Naming (Ana's) is not shown.
  await team.showCodingsOf('Only Ben');
  expect(await ws.highlightedText('Homework')).toBe(`${S1}${S3}`);
  expect(await ws.highlightedText('Naming')).toBe('');
  await team.showCodingsOf('All coders');

  // The expected values, by hand, from the stored text.
  const db = new Database(projectPath, { readonly: true });
  const text = db.prepare('SELECT text FROM documents').pluck().get() as string;
  expect(db.prepare('SELECT c.name FROM codings k JOIN coders c ON c.id = k.coder_id ORDER BY k.id').pluck().all()).toEqual(['Ana', 'Ana', 'Ben', 'Ben']);
  db.close();
  const n = text.length;
  const homework = nvivoKappa(n, S1.length, S1.length + S3.length, S1.length);
  // Naming: A coded S2, B nothing → kappa 0.
  // Pooled over both rows: 2n units, both |S1|, A only |S2|, B only |S3|.
  const pooled = nvivoKappa(2 * n, S1.length + S2.length, S1.length + S3.length, S1.length);

  await team.open('Agreement');
  await team.compare('Ana', 'Ben');
  const rows = team.agreementReport.getByRole('table', { name: 'Agreement by code and document' });
  await expect(rows.locator('tr[data-code="Homework"] [data-testid="row-kappa"]')).toHaveText(homework.toFixed(3));
  await expect(rows.locator('tr[data-code="Naming"] [data-testid="row-kappa"]')).toHaveText('0.000');
  await expect(team.agreementReport.getByTestId('overall-kappa')).toHaveText(pooled.toFixed(3));
  const agreeing = 2 * n - S2.length - S3.length;
  await expect(team.agreementReport.getByTestId('overall-agreement')).toHaveText(`${((agreeing / (2 * n)) * 100).toFixed(2)} %`);
  // The coefficients of the pooled table: Cohen's is the pooled kappa; Brennan–Prediger with two
  // categories (coded / not coded) is 2·po − 1; each name has a plain-language tooltip.
  const coefficients = team.agreementReport.getByRole('table', { name: 'Coefficients on the pooled character table' });
  await expect(coefficients.getByTestId('coef-cohen-identity').getByRole('cell').nth(1)).toHaveText(pooled.toFixed(3));
  await expect(coefficients.getByTestId('coef-brennan-prediger-identity').getByRole('cell').nth(1)).toHaveText((2 * (agreeing / (2 * n)) - 1).toFixed(3));
  await expect(coefficients.getByTestId('coef-gwet-identity').getByRole('cell').first()).toHaveAttribute('title', /rare/);

  // Consensus: the agreement (S1 as Homework) is copied; two disagreements to walk.
  await team.open('Consensus');
  await team.startConsensus('Ana', 'Ben');
  await expect(team.walk).toContainText('Disagreement 1 of 2');
  await expect(team.walk.getByRole('blockquote', { name: 'Extract' })).toHaveText(S3);
  await expect(team.walk.getByRole('group', { name: 'Ben (B)' })).toContainText('Homework');
  await expect(team.walk.getByRole('group', { name: 'Ana (A)' })).toContainText('Did not code this passage.');
  await app.page.keyboard.press('2'); // accept Ben's
  await expect(team.walk).toContainText('Disagreement 2 of 2');
  await expect(team.walk.getByRole('blockquote', { name: 'Extract' })).toHaveText(S2);
  await app.page.keyboard.press('ArrowLeft');
  await expect(team.walk).toContainText('Disagreement 1 of 2');
  await expect(team.walk.getByRole('status', { name: 'Decision' })).toHaveText('Decided: Ben’s codes');
  await app.page.keyboard.press('ArrowRight');
  await app.page.keyboard.press('1'); // accept Ana's
  await expect(team.page.getByTestId('consensus-progress')).toContainText('2 of 2 decided');
  await expect(team.page.getByTestId('consensus-progress')).toContainText('Consensus has 3 codings');

  const check = new Database(projectPath, { readonly: true });
  const consensus = check
    .prepare(
      `SELECT c.name AS code, substr(d.text, k.start + 1, k.end - k.start) AS passage FROM codings k
         JOIN coders r ON r.id = k.coder_id JOIN codes c ON c.id = k.code_id JOIN documents d ON d.id = k.document_id
        WHERE r.is_consensus = 1 ORDER BY k.start`,
    )
    .all();
  check.close();
  expect(consensus).toEqual([
    { code: 'Homework', passage: S1 },
    { code: 'Homework', passage: S3 },
    { code: 'Naming', passage: S2 },
  ]);

  // The consensus set is a coder like any other: show only its codings in the document.
  await team.showCodingsOf('Only Consensus');
  await app.page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Coding' }).click();
  expect(await ws.highlightedText('Naming')).toBe(S2);
});

test('the reliability calculator reproduces Krippendorff’s (2011) example', async ({ app }) => {
  await new WelcomePage(app.page).openSample();
  const team = new TeamPage(app.page);
  await team.open('Reliability calculator');
  await app.page.getByRole('button', { name: 'Use Krippendorff’s (2011) example' }).click();
  await app.page.getByRole('button', { name: 'Calculate' }).click();
  await expect(app.page.getByTestId('calc-alpha')).toHaveText('0.743');

  // The coefficients table: Gwet's AC1 with its interval as Gwet's irrCAC publishes it for these data
  // (AC1 0.77544, SE 0.14295, 95 % interval 0.461 to 1), with a plain-language tooltip.
  const table = app.page.getByRole('table', { name: 'Agreement coefficients' });
  const ac1 = table.getByTestId('coef-gwet-identity');
  await expect(ac1).toContainText("Gwet's AC1");
  await expect(ac1.getByRole('cell').nth(1)).toHaveText('0.775');
  await expect(ac1.getByRole('cell').nth(4)).toHaveText('0.143');
  await expect(ac1.getByRole('cell').nth(5)).toHaveText('0.461 – 1.000');
  await expect(ac1.getByRole('cell').first()).toHaveAttribute('title', /rare/);
  await expect(table.getByTestId('coef-fleiss-identity').getByRole('cell').nth(1)).toHaveText('0.761');

  // Alpha's bootstrapped interval (1000 samples, seed 1 by default) is reproducible: a new seed, then back.
  const alphaCi = table.getByTestId('coef-alpha-ci');
  await expect(alphaCi).toHaveText(/^0\.\d{3} – [01]\.\d{3}$/);
  const first = await alphaCi.textContent();
  await app.page.getByLabel('Seed').fill('2');
  await app.page.getByRole('button', { name: 'Calculate' }).click();
  await expect(app.page.getByTestId('calc-bootstrap')).toContainText('seed 2');
  await app.page.getByLabel('Seed').fill('1');
  await app.page.getByRole('button', { name: 'Calculate' }).click();
  await expect(app.page.getByTestId('calc-bootstrap')).toContainText('seed 1');
  await expect(alphaCi).toHaveText(first!);
});

test('merging a colleague’s copy: review what will be added, merge, and merging again adds nothing', async ({ app }) => {
  const { execFileSync } = await import('node:child_process');
  const { copyFileSync } = await import('node:fs');
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const mine = join(app.workDir, 'Study.weft');
  const theirs = join(app.workDir, 'Study (Ben).weft');
  execFileSync(process.execPath, [join(repo, 'bin/weft.mjs'), 'sample', mine], { env: { ...process.env, WEFT_DATA_DIR: app.dataDir, WEFT_CODER: 'Ana' } });
  copyFileSync(mine, theirs);
  // Ben codes his copy: one new code and one coding.
  const db = new Database(theirs);
  const doc = db.prepare('SELECT id, text FROM documents ORDER BY id LIMIT 1').get() as { id: number; text: string };
  const now = new Date().toISOString();
  const ben = db.prepare("INSERT INTO coders (guid, name, created_at) VALUES ('b0000000-0000-4000-8000-000000000001', 'Ben', ?)").run(now).lastInsertRowid;
  const code = db
    .prepare("INSERT INTO codes (guid, name, color, position, created_at, updated_at) VALUES ('c0000000-0000-4000-8000-000000000001', 'Peer belonging', '#6fcf97', 99, ?, ?)")
    .run(now, now).lastInsertRowid;
  db.prepare("INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES ('d0000000-0000-4000-8000-000000000001', ?, ?, ?, 0, 11, ?, ?)").run(
    doc.id,
    code,
    ben,
    now,
    now,
  );
  db.close();

  await app.page.getByRole('button', { name: 'Open project…' }).click();
  const open = app.page.getByRole('dialog', { name: 'Open project' });
  await open.getByLabel('Path').fill(mine);
  await open.getByRole('button', { name: 'Open', exact: true }).click();
  const team = new TeamPage(app.page);
  await team.open('Merge');

  const merge = async () => {
    await app.page.getByRole('button', { name: 'Merge a file…' }).click();
    const choose = app.page.getByRole('dialog', { name: 'Merge a project file' });
    await choose.getByLabel('Path').fill(theirs);
    await choose.getByRole('button', { name: 'Review merge' }).click();
    const review = app.page.getByRole('dialog', { name: 'Review merge' });
    await expect(review).toBeVisible();
    return review;
  };
  const review = await merge();
  await expect(review.getByTestId('merge-added')).toHaveText('1 code, 1 coder, 1 coding');
  await review.getByRole('button', { name: 'Merge', exact: true }).click();
  const summary = app.page.getByRole('dialog', { name: 'Merge summary' });
  await expect(summary.getByTestId('merge-added')).toHaveText('1 code, 1 coder, 1 coding');
  await expect(summary).toContainText('Ben: 1');
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(app.page.getByRole('table', { name: 'Merge history' })).toContainText('Study (Ben).weft');

  const again = await merge();
  await expect(again.getByTestId('merge-added')).toHaveText('nothing');
  await again.getByRole('button', { name: 'Cancel' }).click();

  await team.open('Coders');
  await expect(app.page.getByRole('table', { name: 'Coders of this project' }).locator('tr[data-coder="Ben"]')).toContainText('1');
});

test('a .qdpx merge refused by a cap names the cap; raised under “Limits” in the merge dialog, it is read and merged', async ({ app }) => {
  const { execFileSync } = await import('node:child_process');
  const { writeFileSync } = await import('node:fs');
  const { qdpxOf, text150Fold } = await import('../../tests/support/zip');
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const mine = join(app.workDir, 'Study.weft');
  execFileSync(process.execPath, [join(repo, 'bin/weft.mjs'), 'sample', mine], { env: { ...process.env, WEFT_DATA_DIR: app.dataDir, WEFT_CODER: 'Ana' } });
  const guid = '00000000-0000-4000-8000-000000000001';
  const theirs = join(app.workDir, 'Huge.qdpx');
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Huge study"><Sources><TextSource guid="${guid}" name="Long interview" plainTextPath="internal://${guid}.txt"/></Sources></Project>`;
  writeFileSync(theirs, qdpxOf(xml, { [`sources/${guid}.txt`]: text150Fold(3 * 1024 * 1024) }));

  await new WelcomePage(app.page).openProject(mine);
  const team = new TeamPage(app.page);
  await team.open('Merge');

  // the caps are set where the file is chosen …
  await app.page.getByRole('button', { name: 'Merge a file…' }).click();
  const choose = app.page.getByRole('dialog', { name: 'Merge a project file' });
  await choose.getByText('Limits', { exact: true }).click();
  const chooseLimit = choose.getByLabel('Largest document (MB)');
  await expect(chooseLimit).toHaveValue('128');
  await chooseLimit.fill('2');
  await choose.getByLabel('Path').fill(theirs);
  await choose.getByRole('button', { name: 'Review merge' }).click();

  // … a refusal names the entry and the cap, in the merge dialog, which offers the same Limits
  const review = app.page.getByRole('dialog', { name: 'Review merge' });
  await expect(review.getByRole('alert')).toContainText(
    `Refused: “sources/${guid}.txt” is 3.0 MiB uncompressed; the limit for one document is 2.0 MiB (raise it with --max-document-mb, or under “Limits” in the import or merge dialog`,
    { timeout: 60_000 },
  );
  await expect(review.getByRole('button', { name: 'Merge', exact: true })).toBeDisabled();
  await review.getByText('Limits', { exact: true }).click();
  const limit = review.getByLabel('Largest document (MB)');
  await expect(limit).toHaveValue('2');
  await limit.fill('0');
  await expect(review.getByText('Largest document must be a whole number of MB from 1 to 1024')).toBeVisible();
  await expect(review.getByRole('button', { name: 'Read the file again with these limits' })).toBeDisabled();
  await limit.fill('4');
  await review.getByRole('button', { name: 'Read the file again with these limits' }).click();
  await expect(review.getByTestId('merge-added')).toContainText('1 document', { timeout: 60_000 });
  await expect(review.getByRole('alert')).toHaveCount(0);

  await review.getByRole('button', { name: 'Merge', exact: true }).click();
  const summary = app.page.getByRole('dialog', { name: 'Merge summary' });
  await expect(summary.getByTestId('merge-added')).toContainText('1 document', { timeout: 60_000 });
  await expect(summary).toContainText('Long interview');
  await summary.getByRole('button', { name: 'Close' }).click();
  await expect(app.page.getByRole('table', { name: 'Merge history' })).toContainText('Huge.qdpx');
});
