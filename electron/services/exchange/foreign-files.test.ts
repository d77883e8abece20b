/**
 * Foreign .qdpx files built in the test (with Weft's own ZipWriter) that exercise what real
 * producers get wrong or what hostile files try: text encodings, the project's name, duplicate
 * GUIDs, archives that inflate too far. Each imports into a real project file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { patchZipEntry, qdpxOf, text150Fold } from '../../../tests/support/zip.js';
import { openQdpx } from '../../refi/qdpx.js';
import { bufferSource, SafeZip } from '../../refi/zip.js';
import { ProjectSession } from '../project-session.js';
import { readMeta } from '../../db/connection.js';
import { importQdpx, loadQdpx } from './files.js';
import { importProjectAsNewFile } from './workflows.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-foreign-qdpx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const session = () => ProjectSession.create(join(dir, `p${++n}.weft`), 'Ana');

const qdpx = qdpxOf;

const G = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** A project XML: `body` goes inside <Project>. */
const project = (body: string, name = 'Foreign study') =>
  `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="${name}" origin="SomeTool 1.0">${body}</Project>`;

describe('a Windows-1252 source inside a .qdpx', () => {
  // “Price” – 5 € … ‘ok’ in Windows-1252: 0x93 0x94 0x96 0x80 0x85 0x91 0x92 are not C1 controls.
  const text = '\u201cPrice\u201d \u2013 5 \u20ac\u2026 \u2018ok\u2019 caf\u00e9';
  const cp1252 = new Uint8Array([
    0x93, ...new TextEncoder().encode('Price'), 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80, 0x85, 0x20, 0x91, 0x6f, 0x6b, 0x92, 0x20, 0x63, 0x61, 0x66, 0xe9,
  ]);
  const xml = project(
    `<CodeBook><Codes><Code guid="${G(1)}" name="Cost" isCodable="true"/></Codes></CodeBook>` +
      `<Sources><TextSource guid="${G(2)}" name="Shop" plainTextPath="internal://${G(2)}.txt">` +
      // “Price” is code points 0–7; the euro sign is at 12
      `<PlainTextSelection guid="${G(3)}" startPosition="0" endPosition="7"><Coding guid="${G(4)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>` +
      `<PlainTextSelection guid="${G(5)}" startPosition="12" endPosition="13"><Coding guid="${G(6)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>` +
      `</TextSource></Sources>`,
  );

  it('is decoded as Windows-1252 (curly quotes and the euro sign), as `weft import` does, and its selections land on them', async () => {
    const loaded = await loadQdpx(qdpx(xml, { [`sources/${G(2)}.txt`]: cp1252 }));
    const source = loaded.sources[0]!;
    expect(source.text).toBe(text);
    expect(source.text).not.toMatch(/[\u0080-\u009f]/);
    expect(loaded.warnings.some((w) => /read as Windows-1252/.test(w))).toBe(true);
    const s = session();
    try {
      await importQdpx(s, qdpx(xml, { [`sources/${G(2)}.txt`]: cp1252 }));
      expect(s.db.prepare('SELECT text FROM documents').pluck().get()).toBe(text);
      const quotes = s.db.prepare('SELECT substr(d.text, c.start + 1, c.end - c.start) FROM codings c JOIN documents d ON d.id = c.document_id ORDER BY c.start').pluck().all();
      expect(quotes).toEqual(['\u201cPrice\u201d', '\u20ac']);
    } finally {
      s.close();
    }
  });

  it('is skipped with a warning naming its entry when it is binary data; the other sources are imported', async () => {
    const two = xml.replace(
      '</Sources>',
      `<TextSource guid="${G(7)}" name="Other" plainTextPath="internal://${G(7)}.txt"/></Sources>`,
    );
    const s = session();
    try {
      const report = await importQdpx(s, qdpx(two, { [`sources/${G(2)}.txt`]: new Uint8Array([0x50, 0x4b, 0, 0, 1, 2, 3, 0, 0]), [`sources/${G(7)}.txt`]: 'Plain text.' }));
      expect(s.db.prepare('SELECT name FROM documents').pluck().all()).toEqual(['Other']);
      expect(report.warnings).toContain(
        `The text source “Shop” was not imported: its text file internal://${G(2)}.txt contains binary data (a NUL byte at position 2), so it is not a text transcript (2 codings on it were lost).`,
      );
    } finally {
      s.close();
    }
  });
});

describe('the project’s name', () => {
  it('is taken from Project@name for the new project, not from the file name', async () => {
    const target = join(dir, 'named-after-the-file.weft');
    await importProjectAsNewFile(qdpx(project('', 'Wellbeing study – wave 2 😀')), 'export.qdpx', target, 'Ana');
    const s = ProjectSession.open(target, 'Ana');
    try {
      expect(readMeta(s.db).name).toBe('Wellbeing study – wave 2 😀');
    } finally {
      s.close();
    }
  });

  it('is the new file’s name when the file gives none; control characters are removed with a warning', async () => {
    const unnamed = join(dir, 'no-name-given.weft');
    const r = await importProjectAsNewFile(qdpx(project('', '')), 'export.qdpx', unnamed, 'Ana');
    expect(r.warnings).toContain('The project has no name.');
    const dirty = join(dir, 'dirty.weft');
    const d = await importProjectAsNewFile(qdpx(project('', 'Study&#x202E; A')), 'export.qdpx', dirty, 'Ana');
    expect(d.warnings.some((w) => /project name .*U\+202E/.test(w))).toBe(true);
    for (const [file, name] of [
      [unnamed, 'no-name-given'],
      [dirty, 'Study A'],
    ] as const) {
      const s = ProjectSession.open(file, 'Ana');
      try {
        expect(readMeta(s.db).name).toBe(name);
      } finally {
        s.close();
      }
    }
  });
});

describe('duplicate GUIDs in a foreign file', () => {
  const sel = (guid: number, start: number, end: number, code: number, user: number) =>
    `<PlainTextSelection guid="${G(guid)}" startPosition="${start}" endPosition="${end}"><Coding guid="${G(guid + 1)}" creatingUser="${G(user)}"><CodeRef targetGUID="${G(code)}"/></Coding></PlainTextSelection>`;

  async function importDuplicates(body: string, files: Record<string, string> = {}) {
    const s = session();
    const report = await importQdpx(s, qdpx(project(body), files));
    return { s, report };
  }

  it('two different codes sharing a GUID: both kept, the second with a new GUID, and a warning that says so', async () => {
    const { s, report } = await importDuplicates(
      `<CodeBook><Codes><Code guid="${G(1)}" name="Trust" isCodable="true"/><Code guid="${G(1)}" name="Distrust" isCodable="true"><Code guid="${G(9)}" name="Of doctors" isCodable="true"/></Code></Codes></CodeBook>`,
    );
    try {
      const rows = s.db.prepare('SELECT c.name, c.guid, p.name AS parent FROM codes c LEFT JOIN codes p ON p.id = c.parent_id ORDER BY c.id').all() as { name: string; guid: string; parent: string | null }[];
      expect(rows.map((r) => [r.name, r.parent])).toEqual([
        ['Trust', null],
        ['Distrust', null],
        ['Of doctors', 'Distrust'], // the child stays under its own parent, not under the first code of that GUID
      ]);
      expect(rows[0]!.guid).toBe(G(1));
      expect(rows[1]!.guid).not.toBe(G(1));
      expect(report.imported.codes).toBe(3);
      const w = report.warnings.filter((x) => x.includes(G(1)));
      expect(w).toEqual([
        `The file gives the same GUID (${G(1)}) to two different codes, “Trust” and “Distrust”: both were kept, and “Distrust” got a new GUID (${rows[1]!.guid}). Codings, sets and notes that refer to that GUID were given to the first, “Trust”.`,
      ]);
      expect(report.warnings.join('\n')).not.toMatch(/appears twice|already used in this project/);
    } finally {
      s.close();
    }
  });

  it('the same code listed twice (same GUID, name and parent) is one code, said in those words', async () => {
    const { s, report } = await importDuplicates(`<CodeBook><Codes><Code guid="${G(1)}" name="Trust" isCodable="true"/><Code guid="${G(1)}" name="Trust" isCodable="true"/></Codes></CodeBook>`);
    try {
      expect(s.db.prepare('SELECT count(*) FROM codes').pluck().get()).toBe(1);
      expect(report.warnings).toContain(`The code “Trust” is listed twice in the file with the same GUID (${G(1)}) under the same parent; the two were kept as one code.`);
    } finally {
      s.close();
    }
  });

  it('two sibling codes with the same name but different GUIDs stay two codes (the second renamed), not merged', async () => {
    const { s, report } = await importDuplicates(`<CodeBook><Codes><Code guid="${G(1)}" name="Trust" isCodable="true"/><Code guid="${G(2)}" name="Trust" isCodable="true"/></Codes></CodeBook>`);
    try {
      expect(s.db.prepare('SELECT name, guid FROM codes ORDER BY id').raw().all()).toEqual([
        ['Trust', G(1)],
        ['Trust (2)', G(2)],
      ]);
      expect(report.warnings).toContain('Two codes named “Trust” under the same parent have different GUIDs in the file, so they are different codes: the second was imported as “Trust (2)”.');
    } finally {
      s.close();
    }
  });

  it('two users sharing a GUID become two coders, with a warning; codings by that GUID go to the first', async () => {
    const text = 'One two three four.';
    const { s, report } = await importDuplicates(
      `<Users><User guid="${G(7)}" name="Ana"/><User guid="${G(7)}" name="Bo"/></Users>` +
        `<CodeBook><Codes><Code guid="${G(1)}" name="Count" isCodable="true"/></Codes></CodeBook>` +
        `<Sources><TextSource guid="${G(2)}" name="Doc" plainTextPath="internal://${G(2)}.txt">${sel(20, 0, 3, 1, 7)}</TextSource></Sources>`,
      { [`sources/${G(2)}.txt`]: text },
    );
    try {
      const coders = s.db.prepare('SELECT name, guid FROM coders ORDER BY id').all() as { name: string; guid: string }[];
      const ana = coders.find((c) => c.name === 'Ana')!;
      const bo = coders.find((c) => c.name === 'Bo')!;
      expect(ana.guid).toBe(G(7));
      expect(bo.guid).not.toBe(G(7));
      expect(s.db.prepare('SELECT k.name FROM codings c JOIN coders k ON k.id = c.coder_id').pluck().all()).toEqual(['Ana']);
      expect(report.warnings).toContain(
        `The file gives the same GUID (${G(7)}) to two different users, “Ana” and “Bo”: both were kept as coders, and “Bo” got a new GUID (${bo.guid}). Codings and notes by that GUID were attributed to the first, “Ana”.`,
      );
      expect(report.warnings.join('\n')).not.toMatch(/already used in this project/);
    } finally {
      s.close();
    }
  });

  it('two sources sharing a GUID become two documents with their own codings; the second gets a new GUID', async () => {
    const { s, report } = await importDuplicates(
      `<Users><User guid="${G(7)}" name="Ana"/></Users>` +
        `<CodeBook><Codes><Code guid="${G(1)}" name="Count" isCodable="true"/></Codes></CodeBook>` +
        `<Sources><TextSource guid="${G(2)}" name="First" plainTextPath="internal://a.txt">${sel(20, 0, 3, 1, 7)}</TextSource>` +
        `<TextSource guid="${G(2)}" name="Second" plainTextPath="internal://b.txt">${sel(30, 5, 9, 1, 7)}</TextSource></Sources>`,
      { 'sources/a.txt': 'One two three.', 'sources/b.txt': 'Four five six.' },
    );
    try {
      const docs = s.db.prepare('SELECT name, guid, text FROM documents ORDER BY id').all() as { name: string; guid: string; text: string }[];
      expect(docs.map((d) => [d.name, d.text])).toEqual([
        ['First', 'One two three.'],
        ['Second', 'Four five six.'],
      ]);
      expect(docs[0]!.guid).toBe(G(2));
      expect(docs[1]!.guid).not.toBe(G(2));
      const quotes = s.db.prepare('SELECT d.name, substr(d.text, c.start + 1, c.end - c.start) FROM codings c JOIN documents d ON d.id = c.document_id ORDER BY d.id').raw().all();
      expect(quotes).toEqual([
        ['First', 'One'],
        ['Second', 'five'],
      ]);
      expect(report.warnings).toContain(
        `The file gives the same GUID (${G(2)}) to two different sources, “First” and the text source “Second”: both were imported, and the second, “Second”, got a new GUID (${docs[1]!.guid}). Sets, cases and notes that refer to that GUID were given to the first, “First”.`,
      );
      expect(report.warnings.join('\n')).not.toMatch(/already used in this project/);
    } finally {
      s.close();
    }
  });

  it('a GUID the project already has is still reported as such (not as a repeat in the file)', async () => {
    const s = session();
    try {
      const file = qdpx(project(`<Sources><TextSource guid="${G(2)}" name="Doc"><PlainTextContent>Hello.</PlainTextContent></TextSource></Sources>`));
      await importQdpx(s, file);
      const again = await importQdpx(s, file);
      expect(again.warnings).toContain('1 GUID from the file was already used in this project; new ones were assigned.');
      expect(again.warnings.join('\n')).not.toMatch(/same GUID/);
    } finally {
      s.close();
    }
  });
});

describe('hostile or huge archives: caps on the bytes actually inflated', () => {
  const text150 = text150Fold;
  const source = (i: number) => `<TextSource guid="${G(100 + i)}" name="Doc ${i}" plainTextPath="internal://${G(100 + i)}.txt"/>`;
  const entry = (i: number) => `sources/${G(100 + i)}.txt`;
  /** The central directory's sizes of one entry (what the archive claims). */
  const sizesOf = (zip: Uint8Array, name: string) => {
    const z = SafeZip.open(bufferSource(zip));
    const e = z.entries.find((x) => x.name === name)!;
    return { compressed: e.compressedSize, uncompressed: e.uncompressedSize };
  };

  it('a 150-fold archive (under the ratio check) is refused by the per-document cap, naming the entry and the cap; nothing is written', async () => {
    const big = text150(3 * 1024 * 1024);
    const zip = qdpx(project(`<Sources>${source(1)}</Sources>`), { [entry(1)]: big });
    const { compressed, uncompressed } = sizesOf(zip, entry(1));
    expect(uncompressed / compressed).toBeGreaterThan(140); // the archive really expands ~150-fold
    expect(uncompressed / compressed).toBeLessThan(200); // … and passes the declared-ratio check
    const target = join(dir, 'fold150.weft');
    const err = await importProjectAsNewFile(zip, 'fold150.qdpx', target, 'Ana', { limits: { maxDocumentMb: 2 } }).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe(
      `The archive: Refused: “${entry(1)}” is 3.0 MiB uncompressed; the limit for one document is 2.0 MiB (raise it with --max-document-mb, or under “Limits” in the import or merge dialog, if you trust the file).`,
    );
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('fold150'))).toEqual([]);
    // raised, the same file imports whole
    const r = await importProjectAsNewFile(zip, 'fold150.qdpx', target, 'Ana', { limits: { maxDocumentMb: 4 } });
    expect(r.imported.documents).toBe(1);
  });

  it('a lying ZIP header is refused as soon as the entry inflates past its claim, naming the entry; nothing is written', async () => {
    const zip = patchZipEntry(qdpx(project(`<Sources>${source(1)}</Sources>`), { [entry(1)]: text150(3 * 1024 * 1024) }), entry(1), { uncompressedSize: 1000 });
    const s = session();
    try {
      const err = await importQdpx(s, zip).catch((e: unknown) => e as Error);
      expect((err as Error).message).toBe(
        `The archive: Refused: “${entry(1)}” inflates to more than its declared 1000 bytes (a ZIP bomb?); reading stopped there (the limit for one document is 128 MiB).`,
      );
      expect(s.db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
    } finally {
      s.close();
    }
    // the archive reader itself refuses it on the first read of the entry
    const archive = openQdpx(zip);
    expect(() => archive.readFile(entry(1))).toThrow(/inflates to more than its declared 1000 bytes/);
    archive.close();
  });

  it('the per-archive cap counts every document read; the refusal names the entry and the cap', async () => {
    const zip = qdpx(project(`<Sources>${source(1)}${source(2)}</Sources>`), { [entry(1)]: text150(1536 * 1024), [entry(2)]: text150(1536 * 1024) });
    const target = join(dir, 'archive-cap.weft');
    const err = await importProjectAsNewFile(zip, 'two.qdpx', target, 'Ana', { limits: { maxArchiveMb: 2 } }).catch((e: unknown) => e as Error);
    expect((err as Error).message).toBe(
      `The archive: Refused: reading “${entry(2)}” (1.5 MiB) would take the archive past its limit of 2.0 MiB of extracted data (raise it with --max-archive-mb, or under “Limits” in the import or merge dialog, if you trust the file).`,
    );
    expect(existsSync(target)).toBe(false);
  });
});

describe('minor items', () => {
  it('a foreign variable’s description is kept (as a journal memo: Weft attributes have none)', async () => {
    const s = session();
    try {
      const report = await importQdpx(
        s,
        qdpx(
          project(
            `<Variables><Variable guid="${G(50)}" name="Age" typeOfVariable="Integer"><Description>Age in years at the interview 😀</Description></Variable>` +
              `<Variable guid="${G(51)}" name="Ward" typeOfVariable="Text"/></Variables>` +
              `<Cases><Case guid="${G(60)}" name="P01"><VariableValue><VariableRef targetGUID="${G(50)}"/><IntegerValue>34</IntegerValue></VariableValue></Case></Cases>`,
          ),
        ),
      );
      expect(s.db.prepare('SELECT name FROM attributes ORDER BY id').pluck().all()).toContain('Age');
      expect(s.db.prepare('SELECT title, body FROM memos WHERE document_id IS NULL AND code_id IS NULL AND theme_id IS NULL AND coding_id IS NULL AND case_id IS NULL').raw().all()).toEqual([
        ['Description of the variable “Age”', 'Age in years at the interview 😀'],
      ]);
      expect(report.imported.memos).toBe(1);
    } finally {
      s.close();
    }
  });
});
