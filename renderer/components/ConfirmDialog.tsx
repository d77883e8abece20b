/**
 * The one confirmation question, in place of `window.confirm`: `await confirmAction({...})` shows a
 * `<Modal>` and resolves true when the person confirms, false on Cancel or Esc. Mount
 * `<ConfirmHost />` once (the app does). The confirming button names the action (“Delete theme”),
 * and a destructive one is shown as such; focus starts on Cancel so Enter never destroys by accident.
 */
import { useRef } from 'react';
import { create } from 'zustand';
import { Modal } from './Modal';

export interface ConfirmRequest {
  title: string;
  /** What happens and what is lost, in a sentence or two. */
  message?: string;
  /** The verb on the confirming button, e.g. “Delete theme”. */
  confirmLabel: string;
  destructive?: boolean;
}

interface Pending extends ConfirmRequest {
  resolve(ok: boolean): void;
}

const useConfirmStore = create<{ pending: Pending | null }>(() => ({ pending: null }));

export function confirmAction(request: ConfirmRequest): Promise<boolean> {
  return new Promise((resolve) => {
    useConfirmStore.getState().pending?.resolve(false); // one question at a time
    useConfirmStore.setState({ pending: { ...request, resolve } });
  });
}

function answer(ok: boolean) {
  const pending = useConfirmStore.getState().pending;
  useConfirmStore.setState({ pending: null });
  pending?.resolve(ok);
}

export function ConfirmHost() {
  const pending = useConfirmStore((s) => s.pending);
  return pending ? <ConfirmDialog key={pending.title + (pending.message ?? '')} {...pending} /> : null;
}

function ConfirmDialog({ title, message, confirmLabel, destructive }: ConfirmRequest) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Modal title={title} role="alertdialog" onClose={() => answer(false)} initialFocus={cancelRef} className="confirm-dialog">
      {message ? <p className="confirm-message">{message}</p> : null}
      <div className="modal-actions">
        <button ref={cancelRef} type="button" onClick={() => answer(false)}>
          Cancel
        </button>
        <button type="button" className={destructive ? 'danger primary' : 'primary'} onClick={() => answer(true)}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
