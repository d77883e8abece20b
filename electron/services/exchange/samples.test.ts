/** Every real export in the reference samples, imported into a fresh Weft project. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { HAS_REFI, PROJECT_XSD, SAMPLES, xmllint } from '../../../tests/interop/reference.js';
import { openQdpx } from '../../refi/qdpx.js';
import { ProjectSession } from '../project-session.js';
import { exportQdpx } from './export.js';
import { importCodebookFile, importProjectFile } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-refi-samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => ProjectSession.create(join(dir, `p${++n}.weft`), 'Tester');

const count = (s: ProjectSession, table: string) => s.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

function codingTexts(s: ProjectSession) {
  return s.db
    .prepare(
      `SELECT substr(d.text, 1, 0) AS _, d.text AS text, k.start, k.end, c.name AS code, u.name AS coder
         FROM codings k JOIN documents d ON d.id = k.document_id JOIN codes c ON c.id = k.code_id JOIN coders u ON u.id = k.coder_id`,
    )
    .all() as { text: string; start: number; end: number; code: string; coder: string }[];
}

/** Re-exports the imported project and checks the result against the schema. */
function reexportIsValid(s: ProjectSession) {
  const { bytes } = exportQdpx(s.db);
  const a = openQdpx(bytes);
  const v = xmllint(a.qde, PROJECT_XSD);
  a.close();
  expect(v.output).not.toMatch(/fails to validate|error/i);
  expect(v.ok).toBe(true);
}

describe.skipIf(!HAS_REFI)('importing real exports [interop]', () => {
  it('NVivo for Windows 12.6: UTF-16 positions over CRLF text land on word/line boundaries', async () => {
    const s = fresh();
    const r = await importProjectFile(s, join(SAMPLES, 'nvivo-win-12.6/oltas.qdpx'));
    expect(r.imported).toMatchObject({ coders: 2, codes: 60, documents: 1, codings: 97, cases: 0, memos: 0 });
    expect(r.warnings).toEqual([]);
    const doc = s.db.prepare('SELECT name, text FROM documents').get() as { name: string; text: string };
    expect(doc.name).toBe('videos_selection');
    expect(doc.text.includes('\r')).toBe(false);
    expect(doc.text.charCodeAt(0)).not.toBe(0xfeff);
    const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}\p{M}]/u.test(c);
    const boundary = (t: string, at: number) => !isWord(t[at - 1]) || !isWord(t[at]);
    const codings = codingTexts(s);
    expect(codings).toHaveLength(97);
    for (const k of codings) {
      expect(boundary(k.text, k.start), JSON.stringify(k.text.slice(k.start - 10, k.start + 10))).toBe(true);
      expect(boundary(k.text, k.end), JSON.stringify(k.text.slice(k.end - 10, k.end + 10))).toBe(true);
    }
    // per-coder attribution comes from the Coding, not the selection
    expect(new Set(codings.map((k) => k.coder))).toEqual(new Set(['floriansipos']));
    const def = s.db.prepare("SELECT definition FROM codes WHERE name LIKE '1. Perceived Susceptibility%'").pluck().get() as string;
    expect(def).toMatch(/^Az emberek akkor hajlandók cselekedni/);
    reexportIsValid(s);
    s.close();
  });

  it('NVivo for Mac 15.0: 262 nested codes; its text sources are empty (text only in .docx)', async () => {
    const s = fresh();
    const r = await importProjectFile(s, join(SAMPLES, 'nvivo-mac-15.0/nvivo_project.qdpx'));
    expect(r.imported).toMatchObject({ coders: 2, codes: 262 });
    const maxDepth = s.db
      .prepare('WITH RECURSIVE t(id, d) AS (SELECT id, 1 FROM codes WHERE parent_id IS NULL UNION ALL SELECT c.id, t.d + 1 FROM codes c JOIN t ON c.parent_id = t.id) SELECT max(d) FROM t')
      .pluck()
      .get();
    expect(maxDepth).toBe(7); // rq2 › curriculum › interdisciplinary_cs › other_subject_areas › humanities › english › writing
    expect(s.db.prepare('SELECT initials FROM coders WHERE name = ?').pluck().get('chrisp')).toBe('CP');
    if (r.imported.documents === 0) {
      expect(r.warnings).toHaveLength(2);
      for (const w of r.warnings) expect(w).toMatch(/^The text source “[0-9-]+” was not imported: its plain-text file is empty and its rich-text file (has no text either|could not be read \(.*\))\.$/);
    } else {
      expect(r.warnings.filter((w) => /taken from the rich-text file/.test(w))).toHaveLength(2);
    }
    reexportIsValid(s);
    s.close();
  });

  it('MAXQDA 24.7: coloured codes with descriptions, ten documents, two document sets', async () => {
    const s = fresh();
    const r = await importProjectFile(s, join(SAMPLES, 'maxqda-24.7/2025-06-16_ICLS_Conf_Themes_ALL_just10.qdpx'));
    expect(r.imported).toMatchObject({ coders: 1, codes: 307, documents: 10, codings: 0, sets: 2 });
    expect(r.warnings).toEqual([]);
    const code = s.db.prepare("SELECT color, definition FROM codes WHERE name = 'THEME - Affordances'").get() as { color: string; definition: string };
    expect(code).toEqual({ color: '#ef8256', definition: 'This code is applied when a paper includes the idea of affordances.' });
    const sets = s.db.prepare('SELECT s.name, count(m.document_id) AS docs FROM sets s JOIN set_members m ON m.set_id = s.id GROUP BY s.id ORDER BY s.name').all();
    expect(sets).toEqual([
      { name: 'ICLS 2024', docs: 5 },
      { name: 'ICLS 2025', docs: 5 },
    ]);
    expect(s.db.prepare("SELECT guid FROM documents WHERE name = 'ICLS 2024 3-10'").pluck().get()).toBe('c5e4c960-5296-4fde-8c63-deaba4e17f92');
    reexportIsValid(s);
    s.close();
  });

  it('ATLAS.ti 23.2 (Windows): an empty project and a small code tree', async () => {
    const blank = fresh();
    const r1 = await importProjectFile(blank, join(SAMPLES, 'atlasti-win-23.2/blank-atlas-project.qdpx'));
    expect(r1.imported).toMatchObject({ coders: 2, codes: 0, documents: 0 });
    expect(r1.warnings).toEqual([]);
    blank.close();
    const target = fresh();
    const r2 = await importProjectFile(target, join(SAMPLES, 'atlasti-win-23.2/target-atlas-project.qdpx'));
    expect(r2.imported).toMatchObject({ coders: 2, codes: 3 });
    expect(target.db.prepare('SELECT count(*) FROM codes WHERE parent_id IS NOT NULL').pluck().get()).toBe(2);
    reexportIsValid(target);
    target.close();
  });

  it('ATLAS.ti 8.4 (bare project.qde, no source files): codes, code groups, notes; everything else reported', async () => {
    const s = fresh();
    const r = await importProjectFile(s, join(SAMPLES, 'atlasti-mac-8.4/project.qde'));
    expect(r.imported).toMatchObject({ coders: 3, codes: 14, documents: 0, codings: 0, memos: 2, sets: 16 });
    const w = r.warnings.join('\n');
    expect(w).toMatch(/1 graph \(network views\) will not be imported/);
    expect(w).toMatch(/The text source “Simon.docx” was not imported: its text file internal:\/\/C1C745F7-8E4D-48B2-9710-655AFE7E54FA.txt is not in the archive \(3 codings on it were lost\)/);
    expect(w).toMatch(/The picture source “cornflakes-n-milk.jpg” was not imported: Weft imports text only \(2 codings on it were lost\)/);
    expect(w).toMatch(/The note “My favorite Coke ad” is attached to the item it is linked to \(link “Memo-Quotation Relation”\), which was not imported/);
    const memo = s.db.prepare("SELECT body, coder_id FROM memos WHERE title = 'Research Plan'").get() as { body: string; coder_id: number };
    expect(memo.body).toBe('day to day log about this amazing project\n\nThis is a great project by a dynamic team of researcher-developers. ');
    const group = s.db.prepare("SELECT count(*) FROM set_members m JOIN sets s ON s.id = m.set_id WHERE s.name = 'negative feelings' AND m.code_id IS NOT NULL").pluck().get();
    expect(group).toBe(4);
    expect(s.db.prepare("SELECT definition FROM codes WHERE name = 'Coke::diet Coke'").pluck().get()).toBe('non sucré');
    reexportIsValid(s);
    s.close();
  });

  it('qc 1.3.2: bare source paths, line-based selections', async () => {
    const s = fresh();
    const r = await importProjectFile(s, join(SAMPLES, 'qc-1.3.2/demo.qdpx'));
    expect(r.imported).toMatchObject({ coders: 1, codes: 262, documents: 2, codings: 205 });
    expect(r.warnings).toEqual([]);
    expect(s.db.prepare('SELECT name FROM documents ORDER BY position').pluck().all()).toEqual(['board_2017', 'admin-1']);
    const codings = codingTexts(s);
    expect(codings.every((k) => k.text[k.end - 1] === '\n' && (k.start === 0 || k.text[k.start - 1] === '\n'))).toBe(true);
    reexportIsValid(s);
    s.close();
  });

  it('Taguette 1.5.2 codebook: flat codes, empty <Sets/> reported', () => {
    const s = fresh();
    const r = importCodebookFile(s, join(SAMPLES, 'taguette-1.5.2/codebook.qdc'));
    expect(r.imported.codes).toBe(3);
    expect(r.warnings).toEqual(['An empty <Sets/> element was ignored (the schema requires at least one <Set>).']);
    expect(s.db.prepare('SELECT name FROM codes ORDER BY position').pluck().all()).toEqual(['interesting', 'people', 'interesting\\places']);
    s.close();
  });

  it('ATLAS.ti 23.4 codebooks: a code group becomes a code set; the truncated file is refused specifically', () => {
    const s = fresh();
    const r = importCodebookFile(s, join(SAMPLES, 'atlasti-win-23.4-qdc/atlasti-23.4.0-edited-by-requal.qdc'));
    expect(r.imported).toMatchObject({ codes: 1, sets: 1, themes: 0 });
    expect(r.warnings).toEqual([]);
    expect(s.db.prepare('SELECT name, color, definition FROM codes').get()).toEqual({ name: 'code1', color: '#46aa00', definition: 'description' });
    expect(s.db.prepare('SELECT s.name, s.description, count(m.code_id) AS codes FROM sets s JOIN set_members m ON m.set_id = s.id').get()).toEqual({
      name: 'code group 1',
      description: 'kategorie 1',
      codes: 1,
    });
    let error: unknown;
    try {
      importCodebookFile(s, join(SAMPLES, 'atlasti-win-23.4-qdc/atlasti-23.4.0-truncated.qdc'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION');
    expect((error as DomainError).message).toBe(
      'The codebook: The file is truncated or incomplete: the elements <CodeBook> > <Codes> > <Code> are never closed.',
    );
    expect(count(s, 'codes')).toBe(1); // nothing from the broken file
    s.close();
  });
});
