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
});
