import { describe, expect, it } from 'vitest';
import { decodeHlc, encodeHlc, receive, tick } from './hlc';

describe('hybrid logical clock', () => {
  it('encodes so that string order is clock order, and decodes back', () => {
    const a = encodeHlc({ wall: 1_700_000_000_000, counter: 9, clientId: 'zz' });
    const b = encodeHlc({ wall: 1_700_000_000_000, counter: 10, clientId: 'aa' });
    const c = encodeHlc({ wall: 1_700_000_000_001, counter: 0, clientId: 'aa' });
    expect([c, b, a].sort()).toEqual([a, b, c]);
    expect(decodeHlc(b)).toEqual({ wall: 1_700_000_000_000, counter: 10, clientId: 'aa' });
    expect(() => decodeHlc('yesterday')).toThrow(/Not a clock time/);
  });

  it('ticks forward even when the wall clock stands still or goes back', () => {
    const t1 = tick(null, 1000, 'a');
    const t2 = tick(t1, 1000, 'a');
    const t3 = tick(t2, 900, 'a');
    expect([t1, t2, t3].map((t) => [t.wall, t.counter])).toEqual([[1000, 0], [1000, 1], [1000, 2]]);
    expect(tick({ wall: 5, counter: 0xffff }, 5, 'a')).toEqual({ wall: 6, counter: 0, clientId: 'a' });
  });

  it('moves past a clock heard from another replica, so a later local edit comes after it', () => {
    const heard = { wall: 5000, counter: 3, clientId: 'b' };
    const after = receive({ wall: 1000, counter: 0 }, heard, 2000, 'a');
    expect(encodeHlc(tick(after, 2000, 'a')) > encodeHlc(heard)).toBe(true);
  });
});
