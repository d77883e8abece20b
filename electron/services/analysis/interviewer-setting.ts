/**
 * The project setting "exclude interviewer turns": whether search, auto-code, theme review counts
 * and agreement leave out what the interviewer said (spans lying only in turns of speakers marked
 * as interviewer: shared/analysis/attribution.ts `spokenByInterviewer`). Kept in `project_meta`
 * (key `exclude_interviewer`, "1" or "0") so it travels with the project. Unset: on.
 * A call may override it (`filters.excludeInterviewer`, the CLI's `--include-interviewer`).
 */
import type { DB } from '../../db/connection.js';

const KEY = 'exclude_interviewer';

/** The project's setting (default on). */
export function readExcludeInterviewer(db: DB): boolean {
  const stored = db.prepare('SELECT value FROM project_meta WHERE key = ?').pluck().get(KEY) as string | undefined;
  return stored !== '0';
}

/** Whether the project stores the setting (a .qdpx export carries it only then). */
export function hasExcludeInterviewerSetting(db: DB): boolean {
  return db.prepare('SELECT 1 FROM project_meta WHERE key = ?').get(KEY) !== undefined;
}

/** Sets it; returns the new value. */
export function setExcludeInterviewer(db: DB, exclude: boolean): boolean {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, exclude ? '1' : '0');
  return exclude;
}

/** What a call uses: its own choice when it gives one, else the project's setting. */
export function excludeInterviewer(db: DB, override?: boolean): boolean {
  return override ?? readExcludeInterviewer(db);
}
