/**
 * A large answer written in pieces (extracts.list over the loopback bridge) waits for a slow reader:
 * never much more than the stream's buffer is held encoded at once, everything arrives in order, and
 * a reader that goes away stops the writing instead of leaving it waiting.
 */
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { writePieces } from './server';

/** A reader that takes one chunk per millisecond, recording how much was waiting in the buffer. */
function slowReader(highWaterMark: number) {
  const received: string[] = [];
  let mostBuffered = 0;
  const out = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _enc, callback) {
      received.push(chunk);
      setTimeout(callback, 1);
    },
  });
  const measure = () => (mostBuffered = Math.max(mostBuffered, out.writableLength));
  const write = out.write.bind(out);
  out.write = ((chunk: string, ...rest: never[]) => {
    const ok = write(chunk, ...rest);
    measure();
    return ok;
  }) as typeof out.write;
  return { out, received, mostBuffered: () => mostBuffered };
}

describe('writePieces', () => {
  it('holds back the writing while a slow reader catches up, and delivers every piece in order', async () => {
    const piece = 'x'.repeat(1000);
    const pieces = Array.from({ length: 200 }, (_, i) => `${i}:${piece}`);
    const reader = slowReader(4 * 1024);
    await writePieces(reader.out, pieces);
    expect(reader.received.join('')).toBe(pieces.join(''));
    // 200 KB written, never more than the buffer plus a piece waiting
    expect(reader.mostBuffered()).toBeLessThan(4 * 1024 + 2 * 1010);
  });

  it('stops when the reader goes away instead of waiting for ever', async () => {
    const reader = slowReader(1024);
    const writing = writePieces(reader.out, Array.from({ length: 100 }, () => 'y'.repeat(1000)));
    await sleep(5);
    reader.out.destroy();
    await expect(writing).rejects.toThrow('the client went away');
    expect(reader.received.length).toBeLessThan(100);
  });
});
