/**
 * Events the service pushes to the window (the other direction from the API calls): typed names
 * and payloads. Browser mode receives them as Server-Sent Events from `GET /api/events` (same token
 * checks as the API); the Electron window through the preload's `onEvent`.
 */
import type { ImportJob } from '../types/entities.js';
import type { ProjectExportJob, ProjectImportJob, PseudonymiseJob, ReidentifyJob } from '../types/exchange.js';
import type { SyncReceived, SyncStatus } from '../sync/status.js';

export interface ApiEvents {
  /**
   * Another door (a second window, the `weft` command line, another program) changed the open
   * project: the window reloads what it shows. `undoCleared`: this window's undo history was
   * cleared, because replaying it could revert that change.
   */
  'project.changedElsewhere': { path: string; undoCleared: boolean };
  /**
   * A long job moved on: sent at every progress step and once when it ends (`job.state` is then no
   * longer `running`). `job` is what the job's status call (`imports.status`) returns at that
   * moment (`jobs.status` for the exchange jobs), so a window waits for these instead of polling.
   * `kind` names the job's family: an import batch, a .qdpx imported as a new project, a .qdpx export,
   * a pseudonymised copy, a re-identified copy.
   */
  'job.progress':
    | { kind: 'import'; job: ImportJob }
    | { kind: 'projectImport'; job: ProjectImportJob }
    | { kind: 'projectExport'; job: ProjectExportJob }
    | { kind: 'pseudonymise'; job: PseudonymiseJob }
    | { kind: 'reidentify'; job: ReidentifyJob };
  /**
   * The integrity check that runs in the background after opening a project whose last close was
   * clean found the file damaged: `message` says so and what to do (close it, restore a backup);
   * `problems` are SQLite's findings.
   */
  'project.damaged': { path: string; message: string; problems: string[] };
  /**
   * The open project's team-server status changed (synced, n changes waiting, offline, conflicts to
   * review: shared/sync/status.ts), or a sync brought in the team's changes (`received`, with
   * `applied > 0`: the window reloads what it shows, and says when its undo history was cleared).
   */
  'sync.status': { path: string; status: SyncStatus; received: SyncReceived | null };
}

export type ApiEventName = keyof ApiEvents;

/** One event as it travels: `{ type, payload }`. */
export type ApiEvent = { [K in ApiEventName]: { type: K; payload: ApiEvents[K] } }[ApiEventName];

export const API_EVENT_NAMES: readonly ApiEventName[] = ['project.changedElsewhere', 'job.progress', 'project.damaged', 'sync.status'];

export function isApiEvent(value: unknown): value is ApiEvent {
  return (
    typeof value === 'object' &&
    value !== null &&
    (API_EVENT_NAMES as readonly unknown[]).includes((value as { type?: unknown }).type) &&
    typeof (value as { payload?: unknown }).payload === 'object'
  );
}

/** The text the window shows when the undo history was cleared because of a change made elsewhere. */
export const UNDO_CLEARED_MESSAGE = 'Undo history cleared: the project was changed elsewhere (in another window or by the weft command line).';
