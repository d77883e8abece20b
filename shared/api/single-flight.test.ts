import { describe, expect, it } from 'vitest';
import { createSingleFlight, flightKey } from './single-flight';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A clock the test moves by hand. */
function clock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('single flight', () => {
  it('a second call with the same key while the first runs, or just after, joins it: the action runs once', async () => {
    const c = clock();
    const once = createSingleFlight({ graceMs: 700, now: c.now });
    const gate = deferred<number>();
    let runs = 0;
    const action = () => {
      runs++;
      return gate.promise;
    };
    const a = once(flightKey('codes.create', 'Trust 信任', null), action);
    const b = once(flightKey('codes.create', 'Trust 信任', null), action);
    expect(b).toBe(a);
    gate.resolve(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    c.advance(699);
    expect(await once(flightKey('codes.create', 'Trust 信任', null), action)).toBe(7);
    expect(runs).toBe(1);
    c.advance(1);
    expect(await once(flightKey('codes.create', 'Trust 信任', null), () => Promise.resolve(8))).toBe(8);
  });

  it('other keys run on their own, and a failed call is joined too until its moment has passed', async () => {
    const c = clock();
    const once = createSingleFlight({ graceMs: 700, now: c.now });
    let runs = 0;
    const ok = () => Promise.resolve(++runs);
    const [x, y] = await Promise.all([once(flightKey('codes.create', 'A'), ok), once(flightKey('codes.create', 'B'), ok)]);
    expect([x, y].sort()).toEqual([1, 2]);
    const failing = deferred<number>();
    const first = once('k', () => failing.promise);
    const joined = once('k', () => Promise.resolve(0));
    failing.reject(new Error('conflict'));
    await expect(first).rejects.toThrow('conflict');
    await expect(joined).rejects.toThrow('conflict');
    c.advance(700);
    expect(await once('k', () => Promise.resolve(5))).toBe(5);
    expect(await once(flightKey('codes.create', 'A'), ok)).toBe(3);
    // forgetting the finished calls (Undo, closing the project) makes the same action new at once
    once.forgetFinished();
    expect(await once(flightKey('codes.create', 'A'), ok)).toBe(4);
  });
});
