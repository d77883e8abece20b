/**
 * Exactness and scale with the real mouse and keyboard in Chromium: a transcript with emoji
 * (including ZWJ sequences), CJK, combining accents and right-to-left Arabic, opened as the window
 * does (its text and turns framed, not JSON: shared/api/frame.ts), is coded and every
 * highlight covers exactly the selected characters, with stored offsets that slice to the same
 * text; and a 100,000-word transcript with 5,000 codings opens with only a window of its
 * paragraphs in the page, scrolls to its end, and codes exactly there.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, test } from '../fixtures/app';
import { CodingPage, newProjectAt, MOD, openProjectFile, storedCodings } from '../pages/coding-page';
import { phraseBox } from '../pages/text-selection';
import { WelcomePage } from '../pages/welcome-page';
import { FRAME_TYPE } from '../../shared/api/frame';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/coaching-study/', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

test('multilingual transcript: highlights cover exactly the selected characters and stored offsets slice to the same text', async ({ app }) => {
  test.setTimeout(120_000);
  const path = join(app.workDir, 'multi.weft');
  await newProjectAt(app.page, path);
  const ws = new CodingPage(app.page);
  const page = app.page;
  // the window opens a document with documents.open, its text and turns framed (shared/api/frame.ts)
  const opens: string[] = [];
  page.on('response', (r) => void (r.url().endsWith('/api/documents.open') && opens.push(r.headers()['content-type'] ?? '')));
  await ws.importFiles([join(FIXTURES, 'edge-cases/multilingual.txt')]);
  await ws.closeImportReport();
  await ws.openDocument('multilingual');
  await expect.poll(() => opens).toContain(FRAME_TYPE);

  const code = async (phrase: string, name: string) => {
    await ws.select(phrase);
    await ws.codeWithPalette(name);
    await expect.poll(() => ws.highlightedText(name)).toBe(phrase);
  };
  // CJK, an emoji, a ZWJ emoji sequence with a skin tone, a combining accent
  await code('这是把谈话带回工作的一步', 'Bridge (CJK)');
  await code('back into work 🪜', 'Bridge emoji');
  await code('The name changes how it feels 👩🏽\u200d💻', 'Matters');
  await code('pra\u0301ctica. 👍🏾🇵🇹', 'Accent');

  // right-to-left: drag from the right edge of the first Arabic letter to the left edge of the last
  const arabic = 'نسميه «تمرين بين الجلسات»';
  const rtl = await page.evaluate((phrase) => {
    const root = document.querySelector('[data-testid="document-text"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement?.closest('[data-nontext]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf(phrase);
      if (at < 0) continue;
      const rect = (from: number) => {
        const r = document.createRange();
        r.setStart(n!, from);
        r.setEnd(n!, from + 1);
        return r.getBoundingClientRect();
      };
      const first = rect(at);
      const last = rect(at + phrase.length - 1);
      return { x1: first.right - 1, y1: first.top + first.height / 2, x2: last.left + 1, y2: last.top + last.height / 2 };
    }
    return null;
  }, arabic);
  expect(rtl).not.toBeNull();
  await page.mouse.move(rtl!.x1, rtl!.y1);
  await page.mouse.down();
  await page.mouse.move(rtl!.x2, rtl!.y2, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('selection-text')).toHaveText(arabic);
  await ws.codeWithPalette('Naming (Arabic)');
  await expect.poll(() => ws.highlightedText('Naming (Arabic)')).toBe(arabic);

  // a mouse selection that ends inside a letter+combining accent is widened to the whole letter
  await ws.createCode('Partial');
  const box = await phraseBox(page, 'pra');
  await page.mouse.move(box.startX, box.startY);
  await page.mouse.down();
  await page.mouse.move(box.endX, box.endY, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId('selection-text')).toHaveText('pra\u0301');

  // keyboard: put the caret before the last two emoji (a skin-toned thumb and a flag), extend by two characters with Shift+→
  const emoji = await phraseBox(page, '👍🏾🇵🇹');
  await page.mouse.click(emoji.startX - 1, emoji.startY);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('selection-text')).toHaveText('👍🏾🇵🇹');
  await page.keyboard.press(`${MOD}+k`);
  await ws.palette.getByRole('combobox').fill('Partial');
  await page.keyboard.press('Enter');
  await expect.poll(() => ws.highlightedText('Partial')).toBe('👍🏾🇵🇹');

  const stored = storedCodings(path);
  expect(stored.map((k) => [k.code, k.covered])).toEqual([
    ['Bridge (CJK)', '这是把谈话带回工作的一步'],
    ['Bridge emoji', 'back into work 🪜'],
    ['Naming (Arabic)', arabic],
    ['Matters', 'The name changes how it feels 👩🏽\u200d💻'],
    ['Accent', 'pra\u0301ctica. 👍🏾🇵🇹'],
    ['Partial', '👍🏾🇵🇹'],
  ]);

  // after a real restart the same highlights come back exactly
  const page2 = await app.restart();
  const again = await new WelcomePage(page2).openRecent('multi');
  await again.openDocument('multilingual');
  expect(await again.highlightedText('Naming (Arabic)')).toBe(arabic);
  expect(await again.highlightedText('Matters')).toBe('The name changes how it feels 👩🏽\u200d💻');
});

/** A 100,000-word interview (2,000 turns) with 5,000 codings, written through the CLI and SQL. */
function bigProject(dir: string): { path: string; words: number; lastTurn: string } {
  const vocabulary = 'the coach asked what I would try before our next session and I said I would notice when I rush to fix things for my team instead of letting them think'.split(' ');
  const turns: string[] = [];
  let words = 0;
  for (let t = 0; t < 2000; t++) {
    const speaker = t % 2 ? 'Participant' : 'Interviewer';
    const n = 49;
    const body = Array.from({ length: n }, (_, i) => vocabulary[(t * 7 + i) % vocabulary.length]).join(' ');
    turns.push(`${speaker}: turn ${t} ${body}.`);
    words += n + 3;
  }
  const lastTurn = 'Participant: and that is where the whole story ends, with a quiet 🌉 bridge.';
  turns.push(lastTurn);
  const txt = join(dir, 'long-interview.txt');
  writeFileSync(txt, turns.join('\n\n'));
  const path = join(dir, 'big.weft');
  const weft = (args: string[]) => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/weft.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, WEFT_CODER: 'Ana' } });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  weft(['new', path]);
  weft(['import', path, txt]);
  const db = new Database(path);
  db.transaction(() => {
    const now = new Date().toISOString();
    db.prepare("INSERT OR IGNORE INTO coders (guid, name, created_at) VALUES ('c-ana', 'Ana', ?)").run(now);
    const coder = db.prepare("SELECT id FROM coders WHERE name = 'Ana'").pluck().get() as number;
    const codeIds = ['Rushing', 'Noticing', 'Team', 'Next session', 'Letting them think'].map((name, i) =>
      Number(
        db
          .prepare("INSERT INTO codes (guid, name, color, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
          .run(`code-${i}`, name, ['#f2c94c', '#6fcf97', '#56ccf2', '#bb6bd9', '#f2994a'][i], i + 1, now, now).lastInsertRowid,
      ),
    );
    const { id: docId, text } = db.prepare('SELECT id, text FROM documents').get() as { id: number; text: string };
    const insert = db.prepare('INSERT INTO codings (guid, document_id, code_id, coder_id, start, end, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    let n = 0;
    for (let at = text.indexOf('coach'); at >= 0 && n < 5000; at = text.indexOf('coach', at + 1)) {
      // overlapping pairs: "coach asked what" and "asked what I would try"
      insert.run(`k-${n}`, docId, codeIds[n % 5], coder, at, at + 'coach asked what'.length, now, now);
      n++;
      const b = at + 'coach '.length;
      if (text.startsWith('asked what I would try', b) && n < 5000) {
        insert.run(`k-${n}`, docId, codeIds[(n + 2) % 5], coder, b, b + 'asked what I would try'.length, now, now);
        n++;
      }
    }
    if (n !== 5000) throw new Error(`only ${n} codings`);
  })();
  db.close();
  return { path, words, lastTurn };
}

test('a 100,000-word transcript with 5,000 codings opens virtualised, scrolls to the end and codes exactly there', async ({ app }) => {
  test.setTimeout(120_000);
  const big = bigProject(app.workDir);
  expect(big.words).toBeGreaterThanOrEqual(100_000);
  const ws = await openProjectFile(app.page, big.path);
  await ws.openDocument('long-interview');
  await expect(ws.documentText).toContainText('Interviewer: turn 0 ');
  const paragraphs = Number(await ws.documentText.getAttribute('data-paragraphs'));
  expect(paragraphs).toBeGreaterThan(2000); // one paragraph a turn (the blank lines between turns are not paragraphs)
  // only a window of paragraphs is in the page, yet the highlights and stripes there are exact
  const rendered = await ws.documentText.locator('.para').count();
  expect(rendered).toBeLessThan(150);
  await expect(app.page.getByRole('navigation', { name: 'Documents' })).toContainText('5,000 codings');
  const firstHl = ws.documentText.locator('.hl').first();
  await expect(firstHl).toHaveText('coach ');
  await expect(ws.stripes('Rushing').first()).toBeVisible();

  // scroll to the very end: the last turn is rendered, still only a window of paragraphs
  await ws.page.getByTestId('document-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(ws.documentText).toContainText('the whole story ends', { timeout: 15_000 });
  expect(await ws.documentText.locator('.para').count()).toBeLessThan(150);

  const last = ws.documentText.locator('.para', { hasText: 'the whole story ends' });
  await last.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await expect(last).toBeInViewport({ ratio: 1 });
  await ws.select('a quiet 🌉 bridge');
  await ws.codeWithPalette('Endings');
  await expect.poll(() => ws.highlightedText('Endings')).toBe('a quiet 🌉 bridge');
  const endings = storedCodings(big.path).filter((k) => k.code === 'Endings');
  expect(endings.map((k) => k.covered)).toEqual(['a quiet 🌉 bridge']);
  expect(storedCodings(big.path)).toHaveLength(5001);
});
