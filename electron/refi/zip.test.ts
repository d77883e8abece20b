import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildQdpx, openQdpx } from './qdpx.js';
import { HAS_REFI, SAMPLES } from '../../tests/interop/reference.js';
import { patchZipEntry } from '../../tests/support/zip.js';
import { ArchiveError, bufferSource, crc32, SafeZip, unsafeEntryName } from './zip.js';

const enc = (s: string) => new TextEncoder().encode(s);
const QDE = enc('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>');

function zip(files: Record<string, Uint8Array | [Uint8Array, { os?: number; attrs?: number; level?: 0 | 6 | 9 }]>): Uint8Array {
  return zipSync(files as Zippable, { level: 6 });
}

const refused = (bytes: Uint8Array, pattern: RegExp, limits = {}) => {
  let error: unknown;
  try {
    openQdpx(bytes, limits);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ArchiveError);
  expect((error as Error).message).toMatch(pattern);
};

describe('archive safety', () => {
  it('refuses an entry that climbs out of the folder', () => {
    refused(zip({ 'project.qde': QDE, '../evil.txt': enc('x') }), /climbs out/);
    refused(zip({ 'project.qde': QDE, 'sources/../../evil.txt': enc('x') }), /climbs out/);
  });

  it('refuses absolute paths, drive letters and backslashes', () => {
    refused(zip({ 'project.qde': QDE, '/etc/passwd': enc('x') }), /absolute path/);
    refused(zip({ 'project.qde': QDE, 'C:/Windows/evil.txt': enc('x') }), /drive letter/);
    refused(zip({ 'project.qde': QDE, 'sources\\..\\evil.txt': enc('x') }), /backslash/);
  });

  it('refuses a symbolic link entry (Unix mode in the external attributes)', () => {
    const bytes = zip({ 'project.qde': QDE, 'sources/link.txt': [enc('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] });
    refused(bytes, /symbolic link/);
    // also when only the external attributes were patched (other "made by" hosts)
    refused(patchZipEntry(zip({ 'project.qde': QDE, 'sources/a.txt': enc('x') }), 'sources/a.txt', { externalAttributes: (0o120644 << 16) >>> 0 }), /symbolic link/);
  });

  it('refuses more entries than the limit', () => {
    const files: Record<string, Uint8Array> = { 'project.qde': QDE };
    for (let i = 0; i < 10; i++) files[`sources/${i}.txt`] = enc(String(i));
    refused(zip(files), /11 entries/, { maxEntries: 10 });
    expect(() => openQdpx(zip(files), { maxEntries: 11 }).close()).not.toThrow();
  });

  it('refuses a zip bomb by declared size, before inflating anything', () => {
    const bytes = patchZipEntry(zip({ 'project.qde': QDE, 'sources/big.txt': enc('tiny') }), 'sources/big.txt', { uncompressedSize: 0xfffffff0 });
    refused(bytes, /declares more than 1\.0 GiB/, { maxTotalUncompressed: 1024 ** 3 });
    // with the default total limit (8 GiB), the declared 4 GiB from a few bytes trips the ratio check
    refused(bytes, /expand \d+-fold/);
  });

  it('refuses a zip bomb by compression ratio', () => {
    const zeros = new Uint8Array(24 * 1024 * 1024);
    refused(zip({ 'project.qde': QDE, 'sources/zeros.txt': zeros }), /expand \d+-fold.*ZIP bomb/);
  });

  it('stops inflating an entry that lies about its size', () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    // Declares 100 bytes (so neither the total nor the ratio check fires) but inflates to 4 MiB.
    const bytes = patchZipEntry(zip({ 'project.qde': QDE, 'sources/a.txt': zeros }), 'sources/a.txt', { uncompressedSize: 100 });
    const archive = openQdpx(bytes);
    expect(() => archive.readFile('internal://a.txt')).toThrow(/inflates to more than its declared/);
    archive.close();
  });

  it('enforces the per-file limit and the total extracted limit', () => {
    const text = enc('x'.repeat(5000));
    const bytes = zip({ 'project.qde': QDE, 'sources/a.txt': text, 'sources/b.txt': text });
    const one = openQdpx(bytes, { maxEntryBytes: 4000 });
    expect(() => one.readFile('a.txt')).toThrow(/limit for one document is 3.9 KiB \(raise it with --max-document-mb/);
    one.close();
    const two = openQdpx(bytes, { maxInflatedTotal: 8000 });
    expect(two.readFile('a.txt')!.length).toBe(5000);
    expect(() => two.readFile('b.txt')).toThrow(/past its limit of 7.8 KiB of extracted data \(raise it with --max-archive-mb/);
    two.close();
  });

  it('detects corruption (CRC) and duplicate names', () => {
    const bad = patchZipEntry(zip({ 'project.qde': QDE, 'sources/a.txt': enc('hello') }), 'sources/a.txt', { crc32: 12345 });
    const archive = openQdpx(bad);
    expect(() => archive.readFile('a.txt')).toThrow(/CRC/);
    archive.close();
    refused(zip({ 'project.qde': QDE, 'sources/A.txt': enc('1'), 'Sources/a.txt': enc('2') }), /more than once/);
  });

  it('refuses what is not a zip, and a zip without a .qde', () => {
    refused(enc('just some text that is long enough to not be a zip archive'), /not a ZIP/);
    refused(zip({ 'readme.txt': enc('x') }), /no project\.qde/);
    refused(zip({ 'a.qde': QDE, 'b.qde': QDE }), /several \.qde/);
  });

  it('classifies unsafe names', () => {
    expect(unsafeEntryName('sources/a.txt')).toBeNull();
    expect(unsafeEntryName('a/../b')).toMatch(/climbs/);
    expect(unsafeEntryName('a\u0000b')).toMatch(/control/);
  });

  it('computes CRC-32 like zip tools do', () => {
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
  });
});

describe('qdpx layout tolerance', () => {
  it.skipIf(!HAS_REFI)('opens every sample archive and finds its project.qde [interop]', () => {
    for (const f of [
      'nvivo-win-12.6/oltas.qdpx',
      'nvivo-mac-15.0/nvivo_project.qdpx',
      'maxqda-24.7/2025-06-16_ICLS_Conf_Themes_ALL_just10.qdpx',
      'atlasti-win-23.2/blank-atlas-project.qdpx',
      'atlasti-win-23.2/target-atlas-project.qdpx',
      'qc-1.3.2/demo.qdpx',
    ]) {
      const a = openQdpx(join(SAMPLES, f));
      expect(a.qdeName).toBe('project.qde');
      expect(new TextDecoder().decode(a.qde)).toContain('<Project');
      a.close();
    }
  });

  it.skipIf(!HAS_REFI)('finds sources in Sources/ (NVivo Win), with or without internal://, by base name [interop]', () => {
    const a = openQdpx(readFileSync(join(SAMPLES, 'nvivo-win-12.6/oltas.qdpx')));
    expect(a.readFile('internal://56a79789-d535-4fb8-bedd-a915504c54ba.txt')!.length).toBe(671644);
    expect(a.readFile('internal://56A79789-D535-4FB8-BEDD-A915504C54BA.TXT')).toBeDefined();
    expect(a.readFile('56a79789-d535-4fb8-bedd-a915504c54ba.txt')).toBeDefined();
    expect(a.readFile('absolute:///etc/56a79789-d535-4fb8-bedd-a915504c54ba.txt')).toBeUndefined();
    expect(a.readFile('internal://missing.txt')).toBeUndefined();
    a.close();
    const qc = openQdpx(join(SAMPLES, 'qc-1.3.2/demo.qdpx'));
    expect(new TextDecoder().decode(qc.readFile('board_2017.txt')).startsWith('Speaker 1:')).toBe(true);
    qc.close();
  });

  it('accepts a single <Name>.qde at the root (ATLAS.ti 26) and a .qde one folder down', () => {
    const a = openQdpx(zip({ 'My Study.qde': QDE, 'sources/x.txt': enc('x') }));
    expect(a.qdeName).toBe('My Study.qde');
    a.close();
    const b = openQdpx(zip({ 'export/project.qde': QDE, 'export/sources/x.txt': enc('hello') }));
    expect(b.warnings[0]).toMatch(/folder “export”/);
    expect(new TextDecoder().decode(b.readFile('internal://x.txt'))).toBe('hello');
    b.close();
  });

  it('writes exactly project.qde and sources/', () => {
    const bytes = buildQdpx({ xml: '<Project/>', files: [{ path: 'sources/a.txt', bytes: enc('a') }], warnings: [] });
    const z = SafeZip.open(bufferSource(bytes));
    expect(z.entries.map((e) => e.name).sort()).toEqual(['project.qde', 'sources/a.txt']);
  });
});
