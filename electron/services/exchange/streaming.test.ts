/**
 * .qdpx export and import at size: a large project streamed to a file and imported back is the
 * same project; progress and cancellation between documents; an archive whose entry inflates past
 * its cap (also behind a lying size header) is refused by name and cap, leaving nothing behind.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parsePlainText } from '../../../shared/import/plain-text';
import { patchZipEntry } from '../../../tests/support/zip';
import { useTempDir } from '../../../tests/support/temp';
import { createCode } from '../codes';
import { createCoding } from '../codings';
import { insertDocument } from '../documents';
import { ProjectSession } from '../project-session';
import { exportQdpx } from './export';
import { importQdpx } from './files';
import { CancelledError } from './progress';
import { importProjectAsNewFile, renderProjectToFile } from './workflows';

const tempDir = useTempDir();

const WORDS = ['money', 'access', 'family', 'café', 'distance', 'time', 'naïve', 'clinic', '中文', 'far', 'price', 'bus'];

/** A project of `docs` documents and `perDoc` codings each (deterministic), built through the services. */
function bigProject(file: string, docs: number, perDoc: number): ProjectSession {
  const s = ProjectSession.create(file, 'Ana');
  const db = s.db;
  s.transaction(() => {
    const coder = s.coderId();
    const codes = Array.from({ length: 30 }, (_, i) => createCode(db, { name: `Code ${i}`, color: '#336699' }).id);
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let d = 0; d < docs; d++) {
      const lines: string[] = [];
      for (let l = 0; l < 200; l++) lines.push(Array.from({ length: 12 }, () => WORDS[rnd(WORDS.length)]).join(' '));
      const text = lines.join('\n');
      const id = insertDocument(db, parsePlainText(text, 'UTF-8'), { name: `Interview ${d}`, sourceName: null, coderId: coder });
      for (let k = 0; k < perDoc; k++) {
        const start = rnd(text.length - 40);
        createCoding(db, { documentId: id, codeId: codes[rnd(codes.length)]!, coderId: coder, start, end: start + 1 + rnd(39) });
      }
    }
  });
  return s;
}

/** What must survive the round trip: documents with their text, codes, codings with their places. */
function content(s: ProjectSession) {
  const all = (sql: string) => s.db.prepare(sql).all();
  return {
    documents: all('SELECT guid, name, text FROM documents ORDER BY guid'),
    codes: all('SELECT guid, name, color FROM codes ORDER BY guid'),
    codings: all(
      'SELECT k.guid, d.guid AS doc, c.guid AS code, k.start, k."end" FROM codings k JOIN documents d ON d.id = k.document_id JOIN codes c ON c.id = k.code_id ORDER BY k.guid',
    ),
  };
}

describe('a large project through a streamed .qdpx', () => {
  it('exported to a path and imported back is the same project', async () => {
    const dir = tempDir();
    const original = bigProject(join(dir, 'big.weft'), 40, 100);
    try {
      const progress: [number, number][] = [];
      const out = renderProjectToFile(original.db, 'Weft test', join(dir, 'big.qdpx'), {}, { onProgress: (done, total) => progress.push([done, total]) });
      expect(out.items).toBe(40);
      expect(out.size).toBe(readFileSync(out.path).length);
      expect(progress.at(-1)).toEqual([40, 40]);
      expect(progress).toHaveLength(40);

      // the streamed file is the same archive as the one built in memory (but for the clock in modifiedDateTime)
      const inMemory = exportQdpx(original.db, undefined, { origin: 'Weft test' });
      expect(Math.abs(inMemory.size - out.size)).toBeLessThan(64);

      const reading: number[] = [];
      const writing: number[] = [];
      const r = await importProjectAsNewFile(out.path, 'big.qdpx', join(dir, 'copy'), 'Bo', {
        reading: { onProgress: (done) => reading.push(done) },
        writing: { onProgress: (done) => writing.push(done) },
      });
      expect(r.imported.documents).toBe(40);
      expect(r.imported.codings).toBe(4000);
      // read and written in one pass (streamQdpxInto): the documents' progress is the writing's
      expect(reading).toEqual([]);
      expect(writing).toEqual(Array.from({ length: 41 }, (_, k) => k));
      const copy = ProjectSession.open(r.path, 'Bo');
      try {
        expect(content(copy)).toEqual(content(original));
      } finally {
        copy.close();
      }
    } finally {
      original.close();
    }
  }, 120_000);

  it('a cancelled export leaves the existing file as it was and no temporary file', () => {
    const dir = tempDir();
    const s = bigProject(join(dir, 'p.weft'), 12, 10);
    try {
      const target = join(dir, 'out.qdpx');
      writeFileSync(target, 'the previous export');
      let seen = 0;
      expect(() => renderProjectToFile(s.db, 'Weft test', target, { overwrite: true }, { isCancelled: () => ++seen > 5 })).toThrow(CancelledError);
      expect(readFileSync(target, 'utf8')).toBe('the previous export');
      expect(readdirSync(dir).sort()).toEqual(['out.qdpx', 'p.weft', 'p.weft-shm', 'p.weft-wal'].filter((f) => existsSync(join(dir, f))));
    } finally {
      s.close();
    }
  });
});

describe('an archive whose entry inflates past its cap', () => {
  const GUID = 'a1b2c3d4-0000-4000-8000-000000000001';
  const qde = `<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Bomb">
  <Sources>
    <TextSource guid="${GUID}" name="Zeros" plainTextPath="internal://${GUID}.txt"/>
  </Sources>
</Project>
`;
  const entry = `sources/${GUID}.txt`;
  const archive = (text: Uint8Array) => zipSync({ 'project.qde': new TextEncoder().encode(qde), [entry]: text });
  const spaces = (n: number) => new Uint8Array(n).fill(0x20);

  it('is refused by name and per-file cap, and the open project is unchanged', async () => {
    const dir = tempDir();
    const s = ProjectSession.create(join(dir, 'p.weft'), 'Ana');
    try {
      const err = await importQdpx(s, archive(spaces(300_000)), { limits: { maxEntryBytes: 100_000 } }).catch((e: unknown) => e as Error);
      expect((err as Error).message).toMatch(new RegExp(`“${entry}”.*the limit for one document is 98 KiB \\(raise it with --max-document-mb`));
      expect(s.db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
    } finally {
      s.close();
    }
  });

  it('behind a lying size header, inflating stops at the declared size; nothing is left behind', async () => {
    const dir = tempDir();
    const lying = patchZipEntry(archive(spaces(3_000_000)), entry, { uncompressedSize: 1000 });
    const file = join(dir, 'bomb.qdpx');
    writeFileSync(file, lying);
    const err = await importProjectAsNewFile(file, 'bomb.qdpx', join(dir, 'new'), 'Ana').catch((e: unknown) => e as Error);
    expect((err as Error).message).toMatch(new RegExp(`bomb\\.qdpx.*“${entry}” inflates to more than its declared 1000 bytes.*the limit for one document is 128 MiB`));
    expect(readdirSync(dir)).toEqual(['bomb.qdpx']);
  });
});
