/**
 * The integrity check of a project opened without it (its last close was clean: project-session.ts
 * `integrityPending`), run in a worker thread after opening so the window has the transcript
 * meanwhile. Damage is reported once, through the caller's `onDamage` (AppService pushes it to the
 * window as `project.damaged`). Stopping it (the project closes) ends the worker and reports nothing.
 */
import { damagedProject } from '../db/inspect.js';
import { runInWorker } from './jobs/worker-thread.js';

const DAMAGE = /malformed|corrupt|not a database|disk image/i;

export function checkIntegrityLater(projectPath: string, onDamage: (message: string, problems: string[]) => void): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  const report = (problems: string[]) => {
    if (!stopped && problems.length > 0) onDamage(damagedProject(projectPath, problems, true).message, problems);
  };
  runInWorker({ op: 'integrityCheck', projectPath }, { onStep: () => undefined, onCancel: (fn) => (stop = fn) }).then(
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
  return () => {
    stopped = true;
    stop?.();
  };
}
