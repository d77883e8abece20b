/**
 * The Word report opens in LibreOffice: converted headless to PDF without complaint, and the
 * PDF's text holds the themes and the chosen quotes. Needs `libreoffice` and `pdftotext`
 * (Debian: libreoffice-writer-nogui, poppler-utils); skipped with a message only when LibreOffice is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../tests/support/temp';
import { AppService } from '../app-service';
import { listThemeTree } from '../themes';
import { buildReport, exportReport } from './index';

const tempDir = useTempDir();
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const LIBREOFFICE = has('libreoffice') ? 'libreoffice' : has('soffice') ? 'soffice' : null;
if (!LIBREOFFICE) {
  console.warn('SKIPPED: the DOCX-in-LibreOffice test needs `libreoffice` (apt-get install -y libreoffice-writer-nogui poppler-utils).');
}

/** Whitespace-normalised text, so line wrapping in the PDF does not matter. */
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

function sample() {
  const dir = tempDir();
  const app = new AppService({ host: 'cli', dataDir: dir });
  app.openSample();
  return { app, dir, db: app.current().db };
}

describe('DOCX report', () => {
  it('is a well-formed Word package with the themes, tables and quotes', async () => {
    const { app, db } = sample();
    const { bytes, fileName, mimeType } = await buildReport(db, 'docx');
    expect(fileName).toBe('Sample study First year on the ward.docx');
    expect(mimeType).toMatch(/wordprocessingml/);
    const files = unzipSync(new Uint8Array(bytes));
    const xml = strFromU8(files['word/document.xml']!);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<w:tbl>');
    for (const t of listThemeTree(db).themes) expect(xml).toContain(t.name);
    expect(xml).toContain('“there are no stupid questions on my ward”');
    expect(xml).toContain('— Ruth (mentor)');
    app.shutdown();
  });

  it.skipIf(!LIBREOFFICE)('opens in LibreOffice: converts to PDF whose text has every theme and quote', async () => {
    const { app, db, dir } = sample();
    const out = join(dir, 'report.docx');
    await exportReport(db, 'docx', out);
    const tree = listThemeTree(db);
    app.shutdown();
    const r = spawnSync(
      LIBREOFFICE!,
      [`-env:UserInstallation=${pathToFileURL(join(dir, 'lo-profile')).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, out],
      { encoding: 'utf8', timeout: 120_000 },
    );
    // LibreOffice may mention its optional Java runtime; anything else on stderr is a complaint about the file.
    const complaints = r.stderr.split('\n').filter((l) => l.trim() && !/javaldx|java may not function/i.test(l));
    expect(complaints).toEqual([]);
    expect(r.status).toBe(0);
    const pdf = join(dir, 'report.pdf');
    expect(existsSync(pdf)).toBe(true);
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text.error, 'pdftotext (poppler-utils) is needed to read the PDF').toBeUndefined();
    const body = flat(text.stdout);
    expect(body).toContain('Sample study — First year on the ward');
    expect(body).toContain('Pseudonym');
    const walk = (list: typeof tree.themes) => {
      for (const t of list) {
        expect(body).toContain(flat(t.name));
        expect(body).toContain(flat(t.definition));
        for (const q of t.quotes) {
          expect(body).toContain(flat(q.text));
          expect(body).toContain(q.attribution);
        }
        walk(t.children);
      }
    };
    walk(tree.themes);
    expect(body).toContain('Appendix: codebook');
  });
});
