/**
 * The window's keys, shown in the window: the same one list the README's Keyboard table is
 * (renderer/app/keyboard.ts), so what the dialog says is what the window does. Opened with F1 or
 * Project ▾ › Keyboard shortcuts.
 */
import { KEYBOARD } from '../../app/keyboard';
import { Modal } from '../../components/Modal';

/** The README writes *emphasis* around the names of things; the dialog shows plain text. */
function plain(text: string): string {
  return text.replace(/\*([^*]+)\*/g, '$1');
}

export function KeyboardShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} closeOnBackdrop className="wide keyboard-shortcuts">
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- the list scrolls: focusable so it scrolls by keyboard */}
      <div className="keyboard-shortcuts-list" tabIndex={0} role="region" aria-label="Keyboard shortcuts list">
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {KEYBOARD.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{plain(s.action)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="modal-actions">
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Modal>
  );
}
