/**
 * Following a long job from the window: the service pushes every step and the end of a job
 * (`job.progress`, shared/api/events.ts); `JobFollower` hands them to whoever waits for that job,
 * and polls the job's status slowly (every `fallbackMs`) only in case an event was lost (the event
 * stream reconnecting, a window opened meanwhile). Events of jobs nobody waits for yet are kept
 * (the newest few jobs), because a short job can end before its start call has even answered.
 * Replies and events that arrive out of order never move a job backwards (`isNewer`).
 */

/** What a followed job must say about itself (an ImportJob does). */
export interface FollowedJob {
  id: string;
  /** `running` until it ends; anything else is its final state. */
  state: string;
  /** Steps finished so far (never decreases while it runs). */
  done: number;
}

export const isFinished = (job: FollowedJob): boolean => job.state !== 'running';

/** True when `next` is a later picture of the job than `prev` (an end beats any step). */
export function isNewer(next: FollowedJob, prev: FollowedJob): boolean {
  if (isFinished(prev)) return false;
  if (isFinished(next)) return true;
  return next.done > prev.done;
}

/** How many jobs' last events are kept for a wait that starts after them. */
const REMEMBERED_JOBS = 20;

export interface FollowOptions<J extends FollowedJob> {
  /** The job's status call (the fallback when an event is lost). */
  poll(id: string): Promise<J>;
  /** Called with every newer picture of the job, the final one included. */
  onUpdate?(job: J): void;
  /** Milliseconds between fallback polls (default 2000). */
  fallbackMs?: number;
}

/** Runs `fn` after `ms` milliseconds; returns the cancel (setTimeout's, given by the caller: shared/ has no timers). */
export type Schedule = (fn: () => void, ms: number) => () => void;

export class JobFollower<J extends FollowedJob> {
  private readonly latest = new Map<string, J>();
  private readonly waiting = new Map<string, Set<(job: J) => void>>();

  constructor(private readonly schedule: Schedule) {}

  /** A pushed event: the newest picture of a job. */
  arrived(job: J): void {
    const known = this.latest.get(job.id);
    if (known && !isNewer(job, known)) return;
    this.latest.delete(job.id);
    this.latest.set(job.id, job);
    while (this.latest.size > REMEMBERED_JOBS) this.latest.delete(this.latest.keys().next().value!);
    for (const notify of [...(this.waiting.get(job.id) ?? [])]) notify(job);
  }

  /**
   * Resolves with the job's final picture (state no longer `running`); `initial` is what its
   * start call returned. Rejects when a fallback poll fails (e.g. the job is no longer known).
   */
  follow(initial: J, options: FollowOptions<J>): Promise<J> {
    const fallbackMs = options.fallbackMs ?? 2000;
    return new Promise<J>((resolve, reject) => {
      let current = initial;
      let cancelTimer: (() => void) | null = null;
      let ended = false;
      const listeners = this.waiting.get(initial.id) ?? new Set<(job: J) => void>();
      const stop = () => {
        ended = true;
        cancelTimer?.();
        listeners.delete(offer);
        if (listeners.size === 0) this.waiting.delete(initial.id);
      };
      function offer(job: J) {
        if (ended || !isNewer(job, current)) return;
        current = job;
        options.onUpdate?.(job);
        if (isFinished(job)) {
          stop();
          resolve(job);
        }
      }
      const pollLater = () => {
        cancelTimer = this.schedule(() => {
          options.poll(initial.id).then(
            (job) => {
              offer(job);
              if (!ended) pollLater();
            },
            (err: unknown) => {
              if (ended) return;
              stop();
              reject(err);
            },
          );
        }, fallbackMs);
      };
      if (isFinished(initial)) {
        ended = true;
        resolve(initial);
        return;
      }
      listeners.add(offer);
      this.waiting.set(initial.id, listeners);
      const already = this.latest.get(initial.id);
      if (already) offer(already);
      if (!ended) pollLater();
    });
  }
}
