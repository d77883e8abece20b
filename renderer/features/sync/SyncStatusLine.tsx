/** The status line of a synced project: synced / n changes waiting / offline / n conflicts to review. */
import { syncStatusLabel } from '../../../shared/sync/status';
import { useAppStore } from '../../store';
import { confirmAction } from '../../components/ConfirmDialog';
import { NOT_UNDOABLE } from '../../../shared/api/not-undoable';

export function SyncStatusLine() {
  const status = useAppStore((s) => s.syncStatus);
  const openConflicts = useAppStore((s) => s.openConflicts);
  const openTeamServer = useAppStore((s) => s.openTeamServer);
  const syncNow = useAppStore((s) => s.syncNow);
  const busy = useAppStore((s) => s.syncBusy);
  // read-only here (open in another window): the status is shown, the window holding the project syncs it
  const readOnly = useAppStore((s) => s.project?.readOnly ?? null);
  if (!status.linked) return null;
  const label = syncStatusLabel(status);
  const state = !status.user || status.online === false || status.problem ? 'problem' : status.conflicts > 0 || status.pending > 0 ? 'waiting' : 'synced';
  const title = [
    `Team server: ${status.serverUrl ?? ''}${status.user ? ` (signed in as ${status.user})` : ''}`,
    status.lastSyncAt ? `Last synced ${new Date(status.lastSyncAt).toLocaleString()}` : null,
    status.problem,
    status.conflicts > 0 ? 'Click to review the conflicts.' : 'Click for the team server’s settings.',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div className={`sync-status sync-${state}`} data-testid="sync-status">
      <button
        type="button"
        className="sync-status-label"
        title={title}
        aria-label={`Sync: ${label}${status.conflicts > 0 ? ' (open the conflict list)' : ' (team server settings)'}`}
        onClick={() => (status.conflicts > 0 ? void openConflicts() : openTeamServer())}
      >
        <span aria-live="polite">{label}</span>
      </button>
      <button
        type="button"
        className="sync-now"
        title={readOnly ? 'Read-only here: the window that has this project open syncs it' : 'Sync now: send your waiting changes and bring in your team’s'}
        aria-label="Sync now"
        disabled={busy || status.syncing || !status.user || readOnly !== null}
        onClick={() => {
          void (async () => {
            if (useAppStore.getState().undoState.canUndo && !(await confirmAction({ title: 'Sync now?', message: NOT_UNDOABLE.syncNow, confirmLabel: 'Sync now' }))) return;
            await syncNow();
          })();
        }}
      >
        ⟳
      </button>
    </div>
  );
}
