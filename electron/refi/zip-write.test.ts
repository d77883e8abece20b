import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bufferSource, SafeZip } from './zip.js';
import { MemorySink, ZipWriter } from './zip-write.js';

describe('ZipWriter', () => {
  it('writes entries in pieces (several deflate flushes) and whole, readable by another ZIP reader and by ours', () => {
    const sink = new MemorySink();
    const zip = new ZipWriter(sink);
    const parts: string[] = [];
    const piece = zip.begin('project.qde');
    for (let i = 0; i < 20_000; i++) {
      const line = `<Line n="${i}">naïve café ${i % 97} 中文 😀</Line>\n`;
      parts.push(line);
      piece.write(line);
    }
    piece.end();
    zip.begin('empty.txt').end();
    zip.add('sources/a.txt', 'hello\nworld');
    zip.finish();
    const bytes = sink.bytes();

    const text = parts.join('');
    expect(new TextEncoder().encode(text).length).toBeGreaterThan(3 * 256 * 1024); // more than one piece
    const other = unzipSync(bytes);
    expect(new TextDecoder().decode(other['project.qde'])).toBe(text);
    expect(other['empty.txt']).toHaveLength(0);
    expect(new TextDecoder().decode(other['sources/a.txt'])).toBe('hello\nworld');

    const ours = SafeZip.open(bufferSource(bytes));
    expect(ours.entries.map((e) => e.name)).toEqual(['project.qde', 'empty.txt', 'sources/a.txt']);
    expect(new TextDecoder().decode(ours.read(ours.entries[0]!))).toBe(text); // CRC and sizes checked by the reader
  });

  it('keeps pieces larger than its buffer whole (split between code units, never inside a surrogate pair), byte pieces, and each string entry its own', () => {
    const sink = new MemorySink();
    const zip = new ZipWriter(sink);
    // One string piece of 1.8 million UTF-16 units, more than the buffer holds at 3 bytes each: after a
    // 12-byte first piece, the first part of it ends after an odd number of units, in the middle of an emoji
    // (the splitting must keep the pair together); then a byte piece.
    const big = '😀'.repeat(400_000) + Array.from({ length: 200_000 }, (_, i) => `a${i % 10}é`).join('');
    const bytesPiece = new TextEncoder().encode('<tail>ünïcode</tail>\n');
    const piece = zip.begin('project.qde');
    piece.write('<starting/>\n');
    piece.write(big);
    piece.write(bytesPiece);
    piece.end();
    // Several string entries in a row: each is deflated before the next one reuses the encoding buffer.
    const texts = ['first text 😀', 'second, longer text '.repeat(5000), 'third ü'];
    texts.forEach((t, i) => zip.add(`sources/${i}.txt`, t));
    zip.add('stored.txt', 'kept as it is', { store: true });
    zip.add('after-stored.txt', 'x'.repeat(100));
    zip.finish();

    const ours = SafeZip.open(bufferSource(sink.bytes()), { maxRatio: 10_000 });
    const read = (name: string) => new TextDecoder('utf-8', { fatal: true }).decode(ours.read(ours.entries.find((e) => e.name === name)!));
    expect(read('project.qde')).toBe(`<starting/>\n${big}<tail>ünïcode</tail>\n`);
    texts.forEach((t, i) => expect(read(`sources/${i}.txt`)).toBe(t));
    expect(read('stored.txt')).toBe('kept as it is');
    expect(read('after-stored.txt')).toBe('x'.repeat(100));
  });
});
