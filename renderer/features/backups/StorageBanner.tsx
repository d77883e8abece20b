/** A banner when the open project is in a synced or network folder, or is a local working copy. */
import { useAppStore } from '../../store';

export function StorageBanner() {
  const storage = useAppStore((s) => s.storage);
  const working = useAppStore((s) => s.backupBusy);
  const workLocally = useAppStore((s) => s.workLocally);
  const saveCopyBack = useAppStore((s) => s.saveCopyBack);
  if (!storage) return null;
  if (storage.localCopyOf) {
    return (
      <div className="storage-banner local" role="status">
        <span>
          You are working on a local copy of <code>{storage.localCopyOf}</code>, kept at <code>{storage.path}</code>.
        </span>
        <button type="button" disabled={working} onClick={() => void saveCopyBack()}>
          Save a copy back…
        </button>
      </div>
    );
  }
  if (!storage.warning) return null;
  return (
    <div className="storage-banner" role="alert">
      <span>{storage.warning.message}</span>
      <button type="button" disabled={working} onClick={() => void workLocally()}>
        Work on a local copy
      </button>
    </div>
  );
}
