/** The conflict list: values a newer write overwrote (last writer wins per field), to review and restore. */
import { useRef } from 'react';
import { conflictValueText, type SyncConflict } from '../../../shared/sync/status';
import { NOT_UNDOABLE } from '../../../shared/api/not-undoable';
import { Modal } from '../../components/Modal';
import { confirmAction } from '../../components/ConfirmDialog';
import { useAppStore } from '../../store';

const KINDS: Record<string, string> = { code: 'Code', theme: 'Theme', memo: 'Memo', document: 'Document', case: 'Case', attribute: 'Attribute', coder: 'Coder', coding: 'Coding', set: 'Set', speaker: 'Speaker', turn: 'Turn' };
const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
};

function Row({ c, restore, busy }: { c: SyncConflict; restore(id: number): void; busy: boolean }) {
  return (
    <tr data-testid="conflict-row">
      <th scope="row">
        <span className="muted small">{KINDS[c.kind] ?? c.kind}</span> {c.entityName}
      </th>
      <td>{c.field}</td>
      <td className="conflict-value">
        <span className="conflict-text">{conflictValueText(c.lostValue)}</span>
        <span className="muted small">
          {c.lostBy}, {when(c.lostAt)}
        </span>
      </td>
      <td className="conflict-value">
        <span className="conflict-text">{conflictValueText(c.keptValue)}</span>
        <span className="muted small">
          {c.keptBy}, {when(c.keptAt)}
        </span>
      </td>
      <td>
        {c.restored ? (
          <span className="muted">Restored</span>
        ) : (
          <button type="button" disabled={busy} aria-label={`Restore “${conflictValueText(c.lostValue)}” as the ${c.field} of ${c.entityName}`} onClick={() => restore(c.id)}>
            Restore
          </button>
        )}
      </td>
    </tr>
  );
}

export function ConflictsDialog() {
  const open = useAppStore((s) => s.conflictsOpen);
  const conflicts = useAppStore((s) => s.syncConflicts);
  const busy = useAppStore((s) => s.syncBusy);
  const close = useAppStore((s) => s.closeConflicts);
  const restoreConflict = useAppStore((s) => s.restoreConflict);
  const closeRef = useRef<HTMLButtonElement>(null);
  if (!open) return null;
  const restore = (id: number) => {
    void (async () => {
      if (useAppStore.getState().undoState.canUndo && !(await confirmAction({ title: 'Restore the lost value?', message: NOT_UNDOABLE.syncRestore, confirmLabel: 'Restore' }))) return;
      await restoreConflict(id);
    })();
  };
  return (
    <Modal title="Conflicts to review" onClose={close} className="wide conflicts-dialog" busy={busy} initialFocus={closeRef}>
      <p className="muted">
        When two people changed the same name, definition, colour or memo, the later change was kept. The other value is listed here; Restore puts it back for everyone.
      </p>
      {conflicts === null ? (
        <p>Loading…</p>
      ) : conflicts.length === 0 ? (
        <p>No conflicts to review.</p>
      ) : (
        <table className="conflicts-table">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Field</th>
              <th scope="col">Lost value (who, when)</th>
              <th scope="col">Kept value (who, when)</th>
              <th scope="col">
                <span className="sync-sr">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((c) => (
              <Row key={c.id} c={c} restore={restore} busy={busy} />
            ))}
          </tbody>
        </table>
      )}
      <div className="modal-actions">
        <button ref={closeRef} type="button" onClick={close}>
          Close
        </button>
      </div>
    </Modal>
  );
}
