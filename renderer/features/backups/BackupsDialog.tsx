/** Restore a backup…: the project's automatic backups with what each holds, and a confirmed restore. */
import { countOf } from '../../../shared/domain/plural';
import { useEffect, useRef, useState } from 'react';
import type { BackupCounts, BackupInfo, BackupReason } from '../../../shared/types/backups';
import { alsoBeforeText } from '../../../shared/backups/also-before';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';

const REASONS: Record<BackupReason, string> = {
  open: 'when opened',
  periodic: 'while working',
  migration: 'before updating the format',
  import: 'before an import',
  merge: 'before a merge',
  manual: 'backed up by hand',
  'before-restore': 'before a restore',
  close: 'when closed',
};

const KINDS: (keyof BackupCounts)[] = ['documents', 'codes', 'codings', 'themes'];

/** "12 codings (now 11)": what the backup holds, and the number now when it differs. */
function WhatChanged({ counts, now }: { counts: BackupCounts; now: BackupCounts }) {
  return (
    <span className="backup-counts">
      {KINDS.map((k) => (
        <span key={k} className={counts[k] !== now[k] ? 'differs' : undefined}>
          {countOf(counts[k], k.replace(/s$/, ''), k)}
          {counts[k] !== now[k] ? ` (now ${now[k]})` : ''}
        </span>
      ))}
    </span>
  );
}

const when = (b: BackupInfo) => new Date(b.createdAt).toLocaleString();

export function BackupsDialog() {
  const open = useAppStore((s) => s.backupsOpen);
  const list = useAppStore((s) => s.backupList);
  const working = useAppStore((s) => s.backupBusy);
  const close = useAppStore((s) => s.closeBackups);
  const backUpNow = useAppStore((s) => s.backUpNow);
  const restore = useAppStore((s) => s.restoreBackup);
  const [chosen, setChosen] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const firstRef = useRef<HTMLButtonElement>(null);

  // closing forgets the choice, so the dialog opens afresh next time
  const [wasOpen, setWasOpen] = useState(open);
  if (wasOpen !== open) {
    setWasOpen(open);
    if (!open) {
      setChosen(null);
      setConfirming(false);
    }
  }
  const listed = list !== null;
  useEffect(() => {
    if (open) firstRef.current?.focus();
  }, [open, listed]);

  if (!open) return null;
  const picked = list?.backups.find((b) => b.id === chosen) ?? null;
  return (
    <Modal title="Restore a backup" onClose={() => (confirming ? setConfirming(false) : close())} initialFocus={firstRef} className="wide backups-dialog">
        {list ? (
          <>
            <p className="muted">
              Weft backs the project up when you open it, every 10 minutes while you work, and before imports, merges and format updates. Backups are kept in{' '}
              <code>{list.folder}</code>.
            </p>
            <p>
              Now: <WhatChanged counts={list.current} now={list.current} />
            </p>
            {list.backups.length === 0 ? <p>There are no backups of this project yet.</p> : null}
            <div className="backup-list" role="radiogroup" aria-label="Backups">
              {list.backups.map((b, i) => (
                <label key={b.id} className={`backup-row${chosen === b.id ? ' active' : ''}`}>
                  <input type="radio" name="backup" value={b.id} checked={chosen === b.id} onChange={() => { setChosen(b.id); setConfirming(false); }} />
                  <span className="backup-when">{when(b)}</span>
                  <span className="backup-reason">{REASONS[b.reason] ?? b.reason}</span>
                  <WhatChanged counts={b.counts} now={list.current} />
                  {i === 0 ? <span className="muted"> (newest)</span> : null}
                  {alsoBeforeText(b) ? <span className="muted backup-also"> · {alsoBeforeText(b)}</span> : null}
                </label>
              ))}
            </div>
            {confirming && picked ? (
              <div className="backup-confirm" role="alert">
                <p>
                  Replace the project with the backup from <strong>{when(picked)}</strong>? Weft first backs up the project as it is now, so you can undo this by
                  restoring that backup (“before a restore”).
                </p>
              </div>
            ) : null}
          </>
        ) : (
          <p>Loading the backups…</p>
        )}
        <div className="modal-actions">
          <button type="button" className="left" disabled={working || !list} onClick={() => void backUpNow()}>
            Back up now
          </button>
          <button type="button" ref={firstRef} onClick={close}>
            Close
          </button>
          {confirming && picked ? (
            <button type="button" className="primary" disabled={working} onClick={() => void restore(picked.id)}>
              Restore this backup
            </button>
          ) : (
            <button type="button" className="primary" disabled={working || !picked} onClick={() => setConfirming(true)}>
              Restore…
            </button>
          )}
        </div>
    </Modal>
  );
}
