/**
 * What a foreign REFI-QDA file said, said again on export: a code the file gave no colour is
 * exported without one (it shows a palette colour in Weft), and GUIDs the file wrote in upper case
 * are written as the file wrote them, while matching on re-import ignores case. Files are built in
 * the test (tests/support/zip.ts) and imported into real project files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qdpxOf } from '../../../tests/support/zip.js';
import { CODEBOOK_XSD, HAS_REFI, PROJECT_XSD, xmllint } from '../../../tests/interop/reference.js';
import { openQdpx } from '../../refi/qdpx.js';
import { CODE_PALETTE, createCode, updateCode } from '../codes.js';
import { ProjectSession } from '../project-session.js';
import { readWeftProject } from '../team/incoming.js';
import { mergeIncoming } from '../team/merge.js';
import { exportCodebook, exportQdpx } from './export.js';
import { importCodebook, importQdpx } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-source-spelling-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const session = () => ProjectSession.create(join(dir, `p${++n}.weft`), 'Ana');

/** Upper-case GUIDs, as MAXQDA and ATLAS.ti write them. */
const U = (i: number) => `0A1B2C3D-4E5F-4A6B-8C7D-${String(i).padStart(12, '0')}ABCD`.slice(0, 36);
const USER = U(1);
const RED = U(2); // a code with a colour
const PLAIN = U(3); // a code without one
const CHILD = U(4); // a sub-code without one
const SOURCE = U(5);
const CODING = U(7);
const TEXT = 'Fees were high. The clinic was far.';

const projectXml = (g: (guid: string) => string = (x) => x) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Spelled" origin="OtherTool 24">` +
  `<Users><User guid="${g(USER)}" name="Mia"/></Users>` +
  `<CodeBook><Codes>` +
  `<Code guid="${g(RED)}" name="Cost" isCodable="true" color="#CC0000"/>` +
  `<Code guid="${g(PLAIN)}" name="Access" isCodable="true"><Code guid="${g(CHILD)}" name="Distance" isCodable="true"/></Code>` +
  `</Codes></CodeBook>` +
  `<Sources><TextSource guid="${g(SOURCE)}" name="Interview" plainTextPath="internal://${g(SOURCE)}.txt">` +
  `<PlainTextSelection guid="${g(U(6))}" startPosition="0" endPosition="14"><Coding guid="${g(CODING)}" creatingUser="${g(USER)}"><CodeRef targetGUID="${g(RED)}"/></Coding></PlainTextSelection>` +
  `</TextSource></Sources></Project>`;

const qdpx = (g?: (guid: string) => string) => qdpxOf(projectXml(g), { [`sources/${(g ?? ((x: string) => x))(SOURCE)}.txt`]: TEXT });

const qdeOf = (bytes: Uint8Array): string => {
  const a = openQdpx(bytes);
  try {
    return new TextDecoder().decode(a.qde);
  } finally {
    a.close();
  }
};

/** The attributes of the <Code> element named `name` in a project or codebook XML. */
const codeElement = (xml: string, name: string): string => {
  const m = new RegExp(`<Code [^>]*name="${name}"[^>]*>`).exec(xml);
  if (!m) throw new Error(`no code ${name} in the export`);
  return m[0];
};

describe('codes without a colour in the source', () => {
  it('show a palette colour in Weft and are exported without one; a colour set in Weft is exported', async () => {
    const s = session();
    try {
      await importQdpx(s, qdpx());
      const rows = s.db.prepare('SELECT name, color, color_given FROM codes ORDER BY id').all() as { name: string; color: string; color_given: number }[];
      expect(rows.map((r) => [r.name, r.color_given])).toEqual([
        ['Cost', 1],
        ['Access', 0],
        ['Distance', 0],
      ]);
      expect(rows[0]!.color).toBe('#cc0000');
      for (const r of rows.slice(1)) expect(CODE_PALETTE).toContain(r.color);

      let xml = qdeOf(exportQdpx(s.db, undefined).bytes);
      expect(codeElement(xml, 'Cost')).toContain('color="#cc0000"');
      expect(codeElement(xml, 'Access')).not.toContain('color=');
      expect(codeElement(xml, 'Distance')).not.toContain('color=');
      const qdc = exportCodebook(s.db);
      expect(codeElement(qdc, 'Access')).not.toContain('color=');
      expect(codeElement(qdc, 'Cost')).toContain('color="#cc0000"');
      if (HAS_REFI) {
        expect(xmllint(xml, PROJECT_XSD).ok).toBe(true);
        expect(xmllint(qdc, CODEBOOK_XSD).ok).toBe(true);
      }

      // The user picks a colour: now it is a real one. Renaming alone does not make one up.
      const access = s.db.prepare("SELECT id FROM codes WHERE name = 'Access'").pluck().get() as number;
      const distance = s.db.prepare("SELECT id FROM codes WHERE name = 'Distance'").pluck().get() as number;
      s.transaction(() => {
        updateCode(s.db, access, { color: '#00aa55' });
        updateCode(s.db, distance, { name: 'Far away' });
      });
      xml = qdeOf(exportQdpx(s.db, undefined).bytes);
      expect(codeElement(xml, 'Access')).toContain('color="#00aa55"');
      expect(codeElement(xml, 'Far away')).not.toContain('color=');
      // A code made in Weft has its (palette) colour exported, as before.
      s.transaction(() => createCode(s.db, { name: 'Made here' }));
      expect(codeElement(qdeOf(exportQdpx(s.db, undefined).bytes), 'Made here')).toMatch(/color="#[0-9a-f]{6}"/);
    } finally {
      s.close();
    }
  });

  it('a later file that gives the colour fills it in; a round trip through the export keeps “no colour”', async () => {
    const s = session();
    try {
      await importQdpx(s, qdpx());
      const exported = exportQdpx(s.db, undefined).bytes;
      const colored = projectXml().replace('name="Access" isCodable="true"', 'name="Access" isCodable="true" color="#123456"');
      await importQdpx(s, qdpxOf(colored, { [`sources/${SOURCE}.txt`]: TEXT }));
      expect(s.db.prepare("SELECT color, color_given FROM codes WHERE name = 'Access'").get()).toEqual({ color: '#123456', color_given: 1 });

      const copy = session();
      try {
        await importQdpx(copy, exported);
        expect(copy.db.prepare("SELECT color_given FROM codes WHERE name = 'Distance'").pluck().get()).toBe(0);
        expect(codeElement(qdeOf(exportQdpx(copy.db, undefined).bytes), 'Distance')).not.toContain('color=');
      } finally {
        copy.close();
      }
    } finally {
      s.close();
    }
  });

  it('a .qdc codebook without colours imports and exports the same way', () => {
    const qdc =
      `<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="OtherTool"><Codes>` +
      `<Code guid="${PLAIN}" name="Access" isCodable="true"/><Code guid="${RED}" name="Cost" isCodable="true" color="#CC0000"/></Codes></CodeBook>`;
    const s = session();
    try {
      importCodebook(s, qdc);
      const out = exportCodebook(s.db);
      expect(codeElement(out, 'Access')).toBe(`<Code guid="${PLAIN}" name="Access" isCodable="true">`.replace('>', '/>'));
      expect(codeElement(out, 'Cost')).toBe(`<Code guid="${RED}" name="Cost" isCodable="true" color="#cc0000"/>`);
    } finally {
      s.close();
    }
  });
});

describe('GUIDs in the case the source used', () => {
  it('are stored in lower case (for matching) and exported as the source spelled them', async () => {
    const s = session();
    try {
      await importQdpx(s, qdpx());
      expect(s.db.prepare('SELECT guid FROM codes ORDER BY id').pluck().all()).toEqual([RED, PLAIN, CHILD].map((g) => g.toLowerCase()));
      expect(s.db.prepare('SELECT guid FROM documents').pluck().get()).toBe(SOURCE.toLowerCase());
      s.transaction(() => createCode(s.db, { name: 'Made here' }));
      const made = s.db.prepare("SELECT guid FROM codes WHERE name = 'Made here'").pluck().get() as string;

      const bytes = exportQdpx(s.db, undefined).bytes;
      const xml = qdeOf(bytes);
      for (const g of [USER, RED, PLAIN, CHILD, SOURCE, CODING]) {
        expect(xml).toContain(`"${g}"`);
        expect(xml).not.toContain(`"${g.toLowerCase()}"`);
      }
      expect(xml).toContain(`<CodeRef targetGUID="${RED}"/>`);
      expect(xml).toContain(`creatingUser="${USER}"`);
      expect(xml).toContain(`plainTextPath="internal://${SOURCE}.txt"`);
      expect(openQdpx(bytes).entryNames).toContain(`sources/${SOURCE}.txt`);
      // GUIDs Weft made stay lower case.
      expect(made).toBe(made.toLowerCase());
      expect(xml).toContain(`guid="${made}"`);
      expect(exportCodebook(s.db)).toContain(`guid="${PLAIN}"`);
      if (HAS_REFI) expect(xmllint(xml, PROJECT_XSD).ok).toBe(true);

      // Exported, imported into a new project, exported again: still the source's spelling.
      const copy = session();
      try {
        await importQdpx(copy, bytes);
        const again = qdeOf(exportQdpx(copy.db, undefined).bytes);
        for (const g of [USER, RED, PLAIN, CHILD, SOURCE, CODING]) expect(again).toContain(`"${g}"`);
      } finally {
        copy.close();
      }
    } finally {
      s.close();
    }
  });

  it('re-importing the file in either case matches the same codes and coder, and reports the same', async () => {
    const reports: string[][] = [];
    for (const spelling of [(g: string) => g, (g: string) => g.toLowerCase(), (g: string) => `{${g.toLowerCase()}}`]) {
      const s = session();
      try {
        await importQdpx(s, qdpx());
        const again = await importQdpx(s, qdpx(spelling));
        expect(again.imported.codes).toBe(0);
        expect(again.matched.codes).toBe(3);
        reports.push(again.warnings);
        expect(s.db.prepare('SELECT count(*) FROM codes').pluck().get()).toBe(3);
        expect(s.db.prepare('SELECT count(*) FROM coders WHERE name = ?').pluck().get('Mia')).toBe(1);
        // The spelling first given is kept.
        expect(qdeOf(exportQdpx(s.db, undefined).bytes)).toContain(`guid="${RED}"`);
      } finally {
        s.close();
      }
    }
    // (A text source is imported again as a second document, with new GUIDs, in every case alike.)
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[2]).toEqual(reports[0]);
  });

  it('a lower-case project that imports an upper-case file adopts no spelling for its own rows', async () => {
    const s = session();
    try {
      await importQdpx(s, qdpx((g) => g.toLowerCase()));
      await importQdpx(s, qdpx());
      const xml = qdeOf(exportQdpx(s.db, undefined).bytes);
      expect(xml).toContain(`guid="${RED.toLowerCase()}"`);
      expect(xml).not.toContain(RED);
    } finally {
      s.close();
    }
  });
});

describe('a team merge of a project imported from such a file', () => {
  it('brings the missing colours and the source spellings along', async () => {
    const a = session();
    const b = session();
    try {
      await importQdpx(a, qdpx());
      const aPath = a.path;
      a.close();
      mergeIncoming(b.db, readWeftProject(aPath, 'a.weft'), { mergedBy: 'Ana' });
      expect(b.db.prepare("SELECT color_given FROM codes WHERE name = 'Access'").pluck().get()).toBe(0);
      const xml = qdeOf(exportQdpx(b.db, undefined).bytes);
      expect(codeElement(xml, 'Access')).toBe(`<Code guid="${PLAIN}" name="Access" isCodable="true">`);
      expect(codeElement(xml, 'Cost')).toContain(`guid="${RED}"`);
      expect(xml).toContain(`guid="${SOURCE}"`);
    } finally {
      if (a.db.open) a.close();
      b.close();
    }
  });
});
