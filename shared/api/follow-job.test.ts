import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobFollower, isNewer, type FollowedJob } from './follow-job';

type Job = FollowedJob & { note?: string };
const running = (id: string, done: number): Job => ({ id, state: 'running', done });
const ended = (id: string, done: number, state = 'done'): Job => ({ id, state, done });

const schedule = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('isNewer', () => {
  it('orders steps by done, puts an end after every step, and nothing after an end', () => {
    expect(isNewer(running('a', 2), running('a', 1))).toBe(true);
    expect(isNewer(running('a', 1), running('a', 1))).toBe(false);
    expect(isNewer(running('a', 0), running('a', 1))).toBe(false);
    expect(isNewer(ended('a', 0, 'cancelled'), running('a', 3))).toBe(true);
    expect(isNewer(running('a', 5), ended('a', 1))).toBe(false);
    expect(isNewer(ended('a', 1), ended('a', 1))).toBe(false);
  });
});

describe('JobFollower', () => {
  it('follows pushed steps to the end without polling', async () => {
    const f = new JobFollower<Job>(schedule);
    const poll = vi.fn(async (id: string) => running(id, 0));
    const seen: Job[] = [];
    const result = f.follow(running('a', 0), { poll, onUpdate: (j) => seen.push(j) });
    f.arrived(running('b', 1)); // another job's event
    f.arrived(running('a', 1));
    f.arrived(ended('a', 2));
    await expect(result).resolves.toEqual(ended('a', 2));
    expect(seen).toEqual([running('a', 1), ended('a', 2)]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(poll).not.toHaveBeenCalled();
  });

  it('a job that ended before the wait began (its end arrived before its start call answered) resolves at once', async () => {
    const f = new JobFollower<Job>(schedule);
    f.arrived(running('a', 0));
    f.arrived(ended('a', 1));
    const poll = vi.fn(async (id: string) => running(id, 0));
    await expect(f.follow(running('a', 0), { poll })).resolves.toEqual(ended('a', 1));
    expect(poll).not.toHaveBeenCalled();
  });

  it('when events are lost, polls every fallbackMs (not before) until the job ends', async () => {
    const f = new JobFollower<Job>(schedule);
    const answers = [running('a', 1), ended('a', 2)];
    const poll = vi.fn(async () => answers.shift()!);
    let result: Job | null = null;
    void f.follow(running('a', 0), { poll, fallbackMs: 2000 }).then((j) => (result = j));
    await vi.advanceTimersByTimeAsync(1999);
    expect(poll).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(poll).toHaveBeenCalledTimes(1);
    expect(result).toBeNull();
    await vi.advanceTimersByTimeAsync(2000);
    expect(poll).toHaveBeenCalledTimes(2);
    expect(result).toEqual(ended('a', 2));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(poll).toHaveBeenCalledTimes(2);
  });

  it('a stale poll reply never moves the job backwards, and a late event after the end is ignored', async () => {
    const f = new JobFollower<Job>(schedule);
    const seen: Job[] = [];
    let release: (j: Job) => void = () => undefined;
    const poll = vi.fn(() => new Promise<Job>((r) => (release = r)));
    const result = f.follow(running('a', 0), { poll, onUpdate: (j) => seen.push(j), fallbackMs: 100 });
    await vi.advanceTimersByTimeAsync(100); // a poll is in flight
    f.arrived(running('a', 2));
    release(running('a', 1)); // answered before the step above, arriving after it
    await vi.advanceTimersByTimeAsync(0);
    f.arrived(ended('a', 3));
    f.arrived(running('a', 2));
    await expect(result).resolves.toEqual(ended('a', 3));
    expect(seen).toEqual([running('a', 2), ended('a', 3)]);
  });

  it('rejects when the fallback poll fails', async () => {
    const f = new JobFollower<Job>(schedule);
    const result = f.follow(running('a', 0), { poll: () => Promise.reject(new Error('That import is not known')), fallbackMs: 50 });
    const caught = result.catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(50);
    expect(await caught).toBe('That import is not known');
  });

  it('keeps the newest jobs’ events only (the oldest is forgotten and polled for)', async () => {
    const f = new JobFollower<Job>(schedule);
    for (let i = 0; i < 21; i++) f.arrived(ended(`job${i}`, 1));
    const poll = vi.fn(async (id: string) => ended(id, 1, 'cancelled'));
    const newest = f.follow(running('job20', 0), { poll });
    await expect(newest).resolves.toEqual(ended('job20', 1));
    const oldest = f.follow(running('job0', 0), { poll, fallbackMs: 10 });
    await vi.advanceTimersByTimeAsync(10);
    await expect(oldest).resolves.toEqual(ended('job0', 1, 'cancelled'));
  });
});
