/**
 * Foreign .qdpx files built in the test (with Weft's own ZipWriter) that exercise what real
 * producers get wrong or what hostile files try: text encodings, the project's name, duplicate
 * GUIDs, archives that inflate too far. Each imports into a real project file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemorySink, ZipWriter } from '../../refi/zip-write.js';
import { ProjectSession } from '../project-session.js';
import { readMeta } from '../../db/connection.js';
import { importQdpx, loadQdpx } from './files.js';
import { importProjectAsNewFile } from './workflows.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-foreign-qdpx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const session = () => ProjectSession.create(join(dir, `p${++n}.weft`), 'Ana');

/** A .qdpx of `project.qde` and the given entries, written by Weft's own ZIP writer. */
function qdpx(xml: string, files: Record<string, string | Uint8Array> = {}): Uint8Array {
  const sink = new MemorySink();
  const zip = new ZipWriter(sink);
  zip.add('project.qde', xml);
  for (const [name, data] of Object.entries(files)) zip.add(name, data);
  zip.finish();
  return sink.bytes();
}

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

  it('is refused with the entry named when it is binary data, and nothing is written', async () => {
    const s = session();
    try {
      const before = s.db.prepare('SELECT count(*) FROM documents').pluck().get();
      await expect(importQdpx(s, qdpx(xml, { [`sources/${G(2)}.txt`]: new Uint8Array([0x50, 0x4b, 0, 0, 1, 2, 3, 0, 0]) }))).rejects.toThrow(
        /entry “internal:\/\/0+-0000-4000-8000-0+2\.txt” contains binary data/,
      );
      expect(s.db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(before);
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
