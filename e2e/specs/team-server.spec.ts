/**
 * Working as a team through a team server (issue 17), end to end: two browser-mode instances (two
 * bridges, each with its own data and configuration folders and project file) and one `weft serve`
 * on a throwaway PostgreSQL. Ana publishes, Ben joins; Ben codes while the server is down,
 * reconnects, and Ana sees the coding as Ben's; both edit one code's definition, the conflict
 * appears in Ana's conflict list, and Restore puts her value back on both.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from '../fixtures/app';
import { Backend } from '../fixtures/backend';
import { CodingPage } from '../pages/coding-page';
import { SyncPage } from '../pages/sync-page';
import { TeamPage } from '../pages/team-page';
import { WelcomePage } from '../pages/welcome-page';
import { HAS_POSTGRES, POSTGRES_SKIPPED_LINE, startPostgres } from '../../tests/support/postgres';
import { spawnServer, type ServerProcess } from '../../tests/support/team-server';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'tests/fixtures/coaching-study/');
const S1 = 'Almost never.';
const S3 = 'For some people it brings back school, and not the happy parts of school.';

function weft(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/weft.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`weft ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** `weft serve` as its own process, stopped and started again on the same port. */
class Serve {
  private running: ServerProcess | null = null;
  port = 0;
  constructor(private readonly database: string) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.running = await spawnServer(this.database, this.port ? ['--port', String(this.port)] : []);
    this.port = Number(new URL(this.running.url).port);
  }

  async stop() {
    await this.running?.stop();
    this.running = null;
  }
}

/** One researcher's machine: a bridge with its own folders, and a page on it. */
async function instance(browser: Browser, root: string): Promise<{ page: Page; backend: Backend; close(): Promise<void> }> {
  const backend = new Backend(join(root, 'data'), { WEFT_CONFIG_DIR: join(root, 'config') });
  const info = await backend.start();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(info.url);
  return {
    page,
    backend,
    async close() {
      await context.close();
      await backend.kill();
    },
  };
}

test('two researchers through one team server: publish, join, code offline, reconnect, a definition conflict restored @web-only', async ({ browser }) => {
  test.skip(!HAS_POSTGRES, POSTGRES_SKIPPED_LINE);
  test.setTimeout(240_000);
  const postgres = await startPostgres();
  const root = mkdtempSync(join(tmpdir(), 'weft-e2e-team-'));
  const machines: { close(): Promise<void> }[] = [];
  const database = await postgres.createDatabase('weft_e2e');
  const serve = new Serve(database);
  try {
    weft(['server', 'add-user', 'ana', '--database', database], { WEFT_PASSWORD: 'ana-password-1' });
    weft(['server', 'add-user', 'ben', '--database', database], { WEFT_PASSWORD: 'ben-password-1' });
    await serve.start();
    for (const who of ['ana', 'ben']) mkdirSync(join(root, who, 'work'), { recursive: true });

    // Ana: a project with a transcript and a code, published; Ben added as a coder
    const a = await instance(browser, join(root, 'ana'));
    machines.push(a);
    const anaWs = await new WelcomePage(a.page).newProject(join(root, 'ana', 'work', 'Team study.weft'));
    const ana = new CodingPage(a.page);
    const anaSync = new SyncPage(a.page);
    const report = await anaWs.importFiles([join(FIXTURES, 'transcripts/lea-windows.txt')]);
    await expect(report).toContainText('1 imported');
    await anaWs.closeImportReport();
    await anaWs.openDocument('lea-windows');
    await new TeamPage(a.page).confirmCoder('Ana');
    await ana.createCode('Homework');
    await ana.select(S1);
    await ana.applyCode('Homework');
    await anaSync.openFromWorkspace();
    await anaSync.fillSignIn(serve.url, 'ana', 'ana-password-1');
    await anaSync.publish();
    await anaSync.openFromWorkspace();
    await anaSync.addMember('ben');
    await anaSync.close();

    // Ben: joins from the start screen into a new file of his own
    const b = await instance(browser, join(root, 'ben'));
    machines.push(b);
    const benSync = new SyncPage(b.page);
    await benSync.openFromWelcome();
    await benSync.fillSignIn(serve.url, 'ben', 'ben-password-1');
    await benSync.join('Team study', join(root, 'ben', 'work', 'Joined study.weft'));
    const ben = new CodingPage(b.page);
    await ben.expectProject('Team study');
    await new TeamPage(b.page).confirmCoder('Ben');
    await ben.openDocument('lea-windows');
    expect(await ben.highlightedText('Homework')).toBe(S1);
    await expect(benSync.status).toHaveText('Synced');

    // Ben codes while the server is down: his change waits; back online, Ana sees it as Ben's
    await serve.stop();
    await ben.select(S3);
    await ben.applyCode('Homework');
    await expect(benSync.status).toHaveText(/^Offline — \d+ changes? waiting$/);
    await serve.start();
    await benSync.syncNow();
    await expect(benSync.status).toHaveText('Synced', { timeout: 20_000 });
    // Ana's window follows the server by itself (reconnecting after the restart)
    await expect.poll(() => ana.highlightedText('Homework'), { timeout: 60_000 }).toBe(`${S1}${S3}`);
    await new TeamPage(a.page).showCodingsOf('Only Ben');
    expect(await ana.highlightedText('Homework')).toBe(S3);
    await new TeamPage(a.page).showCodingsOf('All coders');

    // Both change Homework's definition before either has seen the other's: Ben's, the later, is kept
    await serve.stop();
    const define = async (page: Page, ws: CodingPage, text: string) => {
      await ws.codeRow('Homework').getByRole('button', { name: 'Actions for Homework' }).click();
      await page.getByRole('menu', { name: 'Actions for Homework' }).getByRole('menuitem', { name: 'Edit…' }).click();
      const form = page.getByRole('dialog', { name: 'Edit code Homework' });
      await form.getByLabel('Definition').fill(text);
      await form.getByRole('button', { name: 'Save' }).click();
      await expect(form).toBeHidden();
    };
    const homework = (ws: CodingPage) => ws.codeRow('Homework').getByRole('button', { name: 'Homework', exact: true });
    await define(a.page, ana, 'Tasks set between sessions.');
    await define(b.page, ben, 'Practice the client agrees to do.');
    await serve.start();
    await anaSync.syncNow();
    await expect(anaSync.status).toHaveText(/^Synced/, { timeout: 20_000 });
    await benSync.syncNow();
    await expect(benSync.status).toHaveText(/^Synced/, { timeout: 20_000 });
    await anaSync.syncNow();
    await expect(homework(ana)).toHaveAttribute('title', /Practice the client agrees to do\./, { timeout: 20_000 });
    await expect(anaSync.status).toHaveText('Synced — 1 conflict to review', { timeout: 20_000 });

    // The conflict list: what, which field, the lost value with who wrote it, the kept one; Restore
    await anaSync.openConflicts();
    const row = anaSync.conflicts.getByTestId('conflict-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('rowheader')).toContainText('Homework');
    await expect(row).toContainText('definition');
    await expect(row.locator('td').nth(1)).toContainText('Tasks set between sessions.');
    await expect(row.locator('td').nth(1)).toContainText('Ana');
    await expect(row.locator('td').nth(2)).toContainText('Practice the client agrees to do.');
    await expect(row.locator('td').nth(2)).toContainText('Ben');
    // the list and the status line pass axe's WCAG 2.1 A/AA rules (no serious or critical violation)
    const axe = await new AxeBuilder({ page: a.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await row.getByRole('button', { name: /^Restore “Tasks set between sessions\.”/ }).click();
    const confirm = a.page.getByRole('alertdialog', { name: 'Restore the lost value?' });
    await a.page.waitForTimeout(300);
    if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Restore' }).click();
    await expect(anaSync.conflicts.getByText('No conflicts to review.')).toBeVisible();
    await anaSync.conflicts.getByRole('button', { name: 'Close' }).click();
    await expect(homework(ana)).toHaveAttribute('title', /Tasks set between sessions\./);
    // …and on Ben's side, by itself
    await expect(homework(ben)).toHaveAttribute('title', /Tasks set between sessions\./, { timeout: 30_000 });
    await expect(anaSync.status).toHaveText('Synced', { timeout: 20_000 });
  } finally {
    for (const m of machines) await m.close();
    await serve.stop();
    postgres.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
