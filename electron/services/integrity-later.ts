/**
 * The integrity check of a project opened without it (its last close was clean: project-session.ts
 * `integrityPending`), run in a worker thread once the window has what it shows first: it starts
 * when calls have paused for QUIET_MS (the cold load's lists, document and codings have been
 * answered), or MAX_WAIT_MS after opening at the latest, so it does not compete with them for the
 * disk. Damage is reported once, through `onDamage` (AppService pushes it to the window as
 * `project.damaged`). Stopping it (the project closes) ends the worker and reports nothing.
 */
import { damagedProject } from '../db/inspect.js';
import { runInWorker } from './jobs/worker-thread.js';

const DAMAGE = /malformed|corrupt|not a database|disk image/i;
export const QUIET_MS = 500;
export const MAX_WAIT_MS = 5000;

export interface IntegrityCheckLater {
  /** A call was answered: the check waits for calls to pause before it starts. */
  nudge(): void;
  stop(): void;
}

export function checkIntegrityLater(projectPath: string, onDamage: (message: string, problems: string[]) => void): IntegrityCheckLater {
  let stopWorker: (() => void) | null = null;
  let stopped = false;
  let started = false;
  const report = (problems: string[]) => {
    if (!stopped && problems.length > 0) onDamage(damagedProject(projectPath, problems, true).message, problems);
  };
  const start = () => {
    if (started || stopped) return;
    started = true;
    clearTimeout(quiet);
    clearTimeout(latest);
    runInWorker({ op: 'integrityCheck', projectPath }, { onStep: () => undefined, onCancel: (fn) => (stopWorker = fn) }).then(
      (end) => {
        if (end?.type === 'checked') report(end.problems);
      },
      (err: unknown) => {
        // SQLite could not even read the file through: that is damage too; anything else is logged
        const message = (err as Error)?.message ?? String(err);
        if (DAMAGE.test(message)) report([message]);
        else if (!stopped) console.error('Weft: the integrity check after opening failed:', message);
      },
    );
  };
  let quiet = setTimeout(start, QUIET_MS);
  const latest = setTimeout(start, MAX_WAIT_MS);
  return {
    nudge() {
      if (started || stopped) return;
      clearTimeout(quiet);
      quiet = setTimeout(start, QUIET_MS);
    },
    stop() {
      stopped = true;
      clearTimeout(quiet);
      clearTimeout(latest);
      stopWorker?.();
    },
  };
}
