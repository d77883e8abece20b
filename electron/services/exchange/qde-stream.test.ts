/**
 * project.qde is read from the archive piece by piece and parsed as it comes (SafeZip.readChunks
 * → RefiXmlParser): a .qde that is cut short, malformed late in the file, lies about its size or
 * fails its CRC is refused with a validation error naming the file and the problem, and the
 * import writes nothing, though sources before the damage were already read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/api/errors.js';
import { patchZipEntry } from '../../../tests/support/zip.js';
import { ProjectSession } from '../project-session.js';
import { importProjectFile, importQdpx } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'weft-qde-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => ProjectSession.create(join(dir, `p${++n}.weft`), 'Tester');
const enc = (s: string) => new TextEncoder().encode(s);
const G = (k: number) => `aaaaaaaa-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;

/** A project of `docs` text sources with a coding each, large enough to be inflated in several pieces. */
function projectXml(docs: number): { qde: string; files: Record<string, Uint8Array> } {
  const files: Record<string, Uint8Array> = {};
  const sources: string[] = [];
  for (let d = 0; d < docs; d++) {
    const text = `Document ${d}: ${'some words about money and distance. '.repeat(20)}`;
    files[`sources/${G(1000 + d)}.txt`] = enc(text);
    const sels = Array.from(
      { length: 40 },
      (_, k) =>
        `<PlainTextSelection guid="${G(100000 + d * 100 + k)}" startPosition="${k}" endPosition="${k + 10}"><Coding guid="${G(200000 + d * 100 + k)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>`,
    );
    sources.push(`<TextSource guid="${G(1000 + d)}" name="Doc ${d}" plainTextPath="internal://${G(1000 + d)}.txt">${sels.join('\n')}</TextSource>`);
  }
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Stream" origin="Test">
<CodeBook><Codes><Code guid="${G(1)}" name="Cost" isCodable="true"/></Codes></CodeBook>
<Sources>
${sources.join('\n')}
</Sources>
</Project>`;
  return { qde, files };
}

const archive = (qde: string | Uint8Array, files: Record<string, Uint8Array>) => zipSync({ 'project.qde': typeof qde === 'string' ? enc(qde) : qde, ...files });

function written(s: ProjectSession) {
  const count = (t: string) => s.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
  return { documents: count('documents'), codes: count('codes'), codings: count('codings') };
}

describe('project.qde read as a stream', () => {
  const { qde, files } = projectXml(120);

  it('a whole file imports every source and coding', async () => {
    expect(qde.length).toBeGreaterThan(1_000_000);
    const s = fresh();
    const r = await importQdpx(s, archive(qde, files));
    expect(r.imported.documents).toBe(120);
    expect(written(s)).toEqual({ documents: 120, codes: 1, codings: 4800 });
    s.close();
  });

  it('cut short or malformed anywhere (also after many sources were read): refused by name, nothing written', async () => {
    const path = join(dir, 'broken.qdpx');
    const cuts = [0.1, 0.5, 0.9, 0.999].map((f) => Math.floor(qde.length * f));
    const cases: [string, RegExp][] = [
      ...cuts.map((c): [string, RegExp] => [qde.slice(0, c), /^“.*broken\.qdpx” \(project\.qde\): The file is truncated or incomplete: the elements <Project> > /]),
      [qde.replace('</Sources>', '</Source>'), /^“.*broken\.qdpx” \(project\.qde\): The file is not well-formed XML \(line \d+, column 1\): the closing tag <\/Source> does not match the open element <Sources>\.$/],
      [qde.replace(/name="Doc 119"/, 'name="Doc 119" name="again"'), /not well-formed XML \(line \d+, column \d+\): in <TextSource>, the attribute “name” is repeated/],
    ];
    for (const [bad, message] of cases) {
      writeFileSync(path, archive(bad, files));
      const s = fresh();
      const err = await importProjectFile(s, path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('VALIDATION');
      expect((err as DomainError).message).toMatch(message);
      expect(written(s)).toEqual({ documents: 0, codes: 0, codings: 0 });
      s.close();
    }
  });

  it('an entry that lies about its size or fails its CRC is refused while it is read, nothing written', async () => {
    const good = archive(qde, files);
    for (const [bytes, message] of [
      [patchZipEntry(good, 'project.qde', { uncompressedSize: 100_000 }), /^The archive: Refused: “project\.qde” inflates to more than its declared 98 KiB \(a ZIP bomb\?\); reading stopped there/],
      [patchZipEntry(good, 'project.qde', { uncompressedSize: qde.length + 10 }), /“project\.qde” is shorter than declared/],
      [patchZipEntry(good, 'project.qde', { crc32: 12345 }), /“project\.qde” fails its CRC check/],
    ] as const) {
      const s = fresh();
      const err = await importQdpx(s, bytes).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).message).toMatch(message);
      expect(written(s)).toEqual({ documents: 0, codes: 0, codings: 0 });
      s.close();
    }
  });

  it('a .qde larger than the per-document cap is refused before it is read', async () => {
    const s = fresh();
    const err = await importQdpx(s, archive(qde, files), { limits: { maxEntryBytes: 1_000_000 } }).catch((e: unknown) => e);
    expect((err as DomainError).message).toMatch(/^The archive: Refused: “project\.qde” is .* uncompressed; the limit for one document is 977 KiB/);
    expect(written(s)).toEqual({ documents: 0, codes: 0, codings: 0 });
    s.close();
  });
});
