import { describe, expect, it } from 'vitest';
import { parseSseBlock, sseSplitter } from './sse';

describe('Server-Sent Events', () => {
  it('reads a block’s event name and data; a block without data is nothing', () => {
    expect(parseSseBlock('event: job.progress\ndata: {"a":1}')).toEqual({ event: 'job.progress', data: '{"a":1}' });
    expect(parseSseBlock('data: one\ndata: two')).toEqual({ event: 'message', data: 'one\ntwo' });
    expect(parseSseBlock(': keep-alive')).toBeNull();
    expect(parseSseBlock('event: ping')).toBeNull();
  });

  it('answers each message once its blank line has arrived, across chunks cut anywhere', () => {
    const stream = 'event: a\ndata: {"t":"é😀"}\n\n: comment\n\nevent: b\ndata: 2\n\n';
    for (let cut = 0; cut <= stream.length; cut++) {
      const feed = sseSplitter();
      const got = [...feed(stream.slice(0, cut)), ...feed(stream.slice(cut))];
      expect(got, `cut at ${cut}`).toEqual([
        { event: 'a', data: '{"t":"é😀"}' },
        { event: 'b', data: '2' },
      ]);
    }
    const feed = sseSplitter();
    expect(feed('event: a\ndata: 1\n')).toEqual([]);
    expect(feed('\n')).toEqual([{ event: 'a', data: '1' }]);
  });
});
